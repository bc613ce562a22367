// Small shared parts: a scanner's status badge, status counts and the day's
// figures of a unit (a rollup or one scanner).

import { formatRate } from '../../clock';
import { STATES, STATE_LABELS, formatHours, formatNumber, stateOf } from '../../equipment';
import type { DayFigures, Rollup } from '../../equipment';

export function StatusBadge({ status }: { status: string }) {
  const st = stateOf(status);
  return <span class={`eq-status eq-status--${st}`}>{STATE_LABELS[st]}</span>;
}

export function StatusCounts({ rollup }: { rollup: Rollup }) {
  const shown = STATES.filter((s) => (rollup.by_status[s] ?? 0) > 0);
  return (
    <span class="eq-status-counts" aria-label={`${rollup.scanners} scanners`}>
      {shown.length === 0 && <span class="muted">No scanners</span>}
      {shown.map((s) => (
        <span key={s} class={`eq-status eq-status--${s}`}>
          {rollup.by_status[s]} {STATE_LABELS[s].toLowerCase()}
        </span>
      ))}
    </span>
  );
}

export const FIGURE_HEADS = ['Running today', 'Scans', 'Scans / h', 'Utilisation', 'Anomalies', 'Radiation alarms'];

export function figureCells(t: DayFigures) {
  return [
    formatHours(t.running_seconds),
    formatNumber(t.scans),
    formatNumber(t.scans_per_hour, 1),
    formatRate(t.utilisation),
    formatNumber(t.anomalies),
    formatNumber(t.radiation_alarms),
  ];
}

/** The day's figures as a row of tiles. */
export function Figures({ today, label }: { today: DayFigures; label: string }) {
  const cells = figureCells(today);
  return (
    <dl class="eq-figures" aria-label={label}>
      {FIGURE_HEADS.map((h, i) => (
        <div key={h} class={`eq-figure${i === 5 && today.radiation_alarms > 0 ? ' eq-figure--alarm' : ''}`}>
          <dt>{h}</dt>
          <dd>{cells[i]}</dd>
        </div>
      ))}
    </dl>
  );
}
