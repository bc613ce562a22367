// The wall's headline figures: queue and oldest wait (red when an alarm sounds),
// analysts, today's scans (the wall's day), decision times, suspect and hit rates,
// open alerts.

import { formatDuration } from '../../clock';
import { formatNumber } from '../../equipment';
import type { WallInfo } from '../../equipment';
import { formatPercent, formatSpan } from '../../format';
import { t } from '../../i18n';

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
  const sounding = (kind: string) => (data.queue_alarms ?? []).some((a) => a.kind === kind && !a.cleared_at);
  const open = data.alerts.length + (data.queue_alarms ?? []).length;
  const kpis: Kpi[] = [
    {
      key: 'waiting',
      label: t('wall:kpi.waiting'),
      value: formatNumber(queue.waiting),
      alert: sounding('length'),
    },
    {
      key: 'oldest',
      label: t('wall:kpi.oldest'),
      value: oldest !== null ? formatDuration(oldest) : '—',
      alert: sounding('wait'),
    },
    {
      key: 'analysts',
      label: t('wall:kpi.analysts'),
      value: `${analysts.busy} / ${analysts.online}`,
      alert: analysts.online === 0 && queue.waiting > 0,
    },
    {
      key: 'scans',
      label: t('wall:kpi.scans'),
      value: formatNumber(today.scans),
      sub: t('wall:kpi.decided', { count: today.decided }),
    },
    {
      key: 'p50',
      label: t('wall:kpi.p50'),
      value: formatSpan(today.decision_seconds_p50),
      sub: t('wall:kpi.p95', { time: formatSpan(today.decision_seconds_p95) }),
    },
    { key: 'suspect', label: t('wall:kpi.suspectRate'), value: formatPercent(today.suspect_rate) },
    {
      key: 'hit',
      label: t('wall:kpi.hitRate'),
      value: formatPercent(today.hit_rate),
      sub: t('wall:kpi.hitRateSub'),
    },
    { key: 'alerts', label: t('wall:kpi.alerts'), value: formatNumber(open), alert: open > 0 },
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
