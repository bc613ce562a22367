// The wall's headline figures: queue and oldest wait, analysts, today's
// scans, decision times, suspect and hit rates, open alerts.

import { formatDuration, formatRate, formatSpan } from '../../clock';
import { formatNumber } from '../../equipment';
import type { WallInfo } from '../../equipment';

interface Kpi {
  key: string;
  label: string;
  value: string;
  sub?: string;
  alert?: boolean;
}

export function WallKpis({ data, fetchedAt, now }: { data: WallInfo; fetchedAt: number; now: number }) {
  const { queue, analysts, today } = data;
  const oldest =
    queue.waiting > 0 && queue.oldest_waiting_seconds !== null
      ? queue.oldest_waiting_seconds + Math.max(0, (now - fetchedAt) / 1000)
      : null;
  const open = data.alerts.length;
  const kpis: Kpi[] = [
    { key: 'waiting', label: 'Waiting', value: formatNumber(queue.waiting), alert: queue.waiting > 10 },
    {
      key: 'oldest',
      label: 'Oldest wait',
      value: oldest !== null ? formatDuration(oldest) : '—',
      alert: (oldest ?? 0) > 300,
    },
    {
      key: 'analysts',
      label: 'Analysts busy / online',
      value: `${analysts.busy} / ${analysts.online}`,
      alert: analysts.online === 0 && queue.waiting > 0,
    },
    {
      key: 'scans',
      label: 'Scans today',
      value: formatNumber(today.scans),
      sub: `${formatNumber(today.decided)} decided`,
    },
    {
      key: 'p50',
      label: 'Decision p50',
      value: formatSpan(today.decision_seconds_p50),
      sub: `p95 ${formatSpan(today.decision_seconds_p95)}`,
    },
    { key: 'suspect', label: 'Suspect rate', value: formatRate(today.suspect_rate) },
    { key: 'hit', label: 'Hit rate', value: formatRate(today.hit_rate), sub: 'of inspected suspects' },
    { key: 'alerts', label: 'Open alerts', value: String(open), alert: open > 0 },
  ];
  return (
    <dl class="wall-kpis" data-testid="wall-kpis">
      {kpis.map((k) => (
        <div key={k.key} class={`wall-kpi${k.alert ? ' wall-kpi--alert' : ''}`} data-testid={`kpi-${k.key}`}>
          <dt>{k.label}</dt>
          <dd>
            <span class="wall-kpi__value">{k.value}</span>
            {k.sub && <span class="wall-kpi__sub">{k.sub}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
