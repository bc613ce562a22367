// Small shared parts: a scanner's status badge, status counts and the day's
// figures of a unit (a rollup or one scanner).

import { STATES, formatHours, formatNumber, stateLabel, stateOf } from '../../equipment';
import type { DayFigures, Rollup } from '../../equipment';
import { formatPercent } from '../../format';
import { t } from '../../i18n';

export function StatusBadge({ status }: { status: string }) {
  const st = stateOf(status);
  return <span class={`eq-status eq-status--${st}`}>{stateLabel(st)}</span>;
}

export function StatusCounts({ rollup }: { rollup: Rollup }) {
  const shown = STATES.filter((s) => (rollup.by_status[s] ?? 0) > 0);
  return (
    <span class="eq-status-counts" aria-label={t('equipment:scanners', { count: rollup.scanners })}>
      {shown.length === 0 && <span class="muted">{t('equipment:noScanners')}</span>}
      {shown.map((s) => (
        <span key={s} class={`eq-status eq-status--${s}`}>
          {rollup.by_status[s]} {stateLabel(s)}
        </span>
      ))}
    </span>
  );
}

/** Column heads of the day's figures (read while rendering). */
export function figureHeads(): string[] {
  return [
    t('equipment:figures.on'),
    t('equipment:figures.scanning'),
    t('equipment:figures.scans'),
    t('equipment:figures.perHour'),
    t('equipment:figures.utilisation'),
    t('equipment:figures.anomalies'),
    t('equipment:figures.alarms'),
  ];
}

export function figureCells(d: DayFigures) {
  return [
    formatHours(d.running_seconds),
    formatHours(d.scanning_seconds ?? null),
    formatNumber(d.scans),
    formatNumber(d.scans_per_hour, 1),
    formatPercent(d.utilisation),
    formatNumber(d.anomalies),
    formatNumber(d.radiation_alarms),
  ];
}

/** The day's figures as a row of tiles. */
export function Figures({ today, label }: { today: DayFigures; label: string }) {
  const cells = figureCells(today);
  return (
    <dl class="eq-figures" aria-label={label}>
      {figureHeads().map((h, i) => (
        <div key={h} class={`eq-figure${i === 6 && today.radiation_alarms > 0 ? ' eq-figure--alarm' : ''}`}>
          <dt>{h}</dt>
          <dd>{cells[i]}</dd>
        </div>
      ))}
    </dl>
  );
}
