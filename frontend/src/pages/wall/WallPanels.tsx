// The queue page's other panels: who is working, what just happened, statistics.

import { formatPercent, formatSpan, formatTime } from '../../format';
import { t } from '../../i18n';
import type { Figures, QueueInfo, StatsInfo } from '../../workflow';
import type { FeedItem } from './useWall';

type Station = QueueInfo['workstations'][number];

function stationState(w: Station): [string, string] {
  if (!w.connected) return ['offline', t('queue:station.offlineLabel')];
  if (w.open > 0) return ['working', t('queue:station.working', { open: w.open })];
  return w.ready ? ['ready', t('queue:station.ready')] : ['paused', t('queue:station.pausedLabel')];
}

export function Workstations({ list }: { list: Station[] }) {
  const order = { working: 0, ready: 1, paused: 2, offline: 3 } as Record<string, number>;
  const sorted = [...list].sort((a, b) => order[stationState(a)[0]] - order[stationState(b)[0]]);
  return (
    <section class="wall-panel" aria-labelledby="ws-title">
      <h2 id="ws-title">{t('queue:stations.title')}</h2>
      {sorted.length === 0 && <p class="muted">{t('queue:stations.none')}</p>}
      <ul class="stations" data-testid="workstations">
        {sorted.map((w) => {
          const [cls, label] = stationState(w);
          return (
            <li key={w.user.id} class={`station station--${cls}`}>
              <span class="station__name" translate={false}>
                {w.user.display_name}
              </span>
              <span class="station__state">{label}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function Feed({ items, zone }: { items: FeedItem[]; zone?: string }) {
  return (
    <section class="wall-panel" aria-labelledby="feed-title">
      <h2 id="feed-title">{t('queue:feed.title')}</h2>
      {items.length === 0 && <p class="muted">{t('queue:feed.none')}</p>}
      <ol class="feed" aria-live="polite">
        {items.map((f) => (
          <li key={f.id} class={`feed__item feed__item--${f.kind}`}>
            <time class="feed__time">{formatTime(f.at, { zone, seconds: true })}</time> {f.text}
          </li>
        ))}
      </ol>
    </section>
  );
}

function cells(f: Figures) {
  return (
    <>
      <td class="num">{f.decided}</td>
      <td class="num">{formatSpan(f.median_seconds)}</td>
      <td class="num">{formatPercent(f.suspect_rate)}</td>
      <td class="num">{formatPercent(f.overturn_rate)}</td>
      <td class="num">{formatPercent(f.hit_rate)}</td>
    </>
  );
}

export function StatsTable({ stats }: { stats: StatsInfo }) {
  const heads = [
    t('queue:stats.decided'),
    t('queue:stats.median'),
    t('queue:stats.suspectRate'),
    t('queue:stats.overturnRate'),
    t('queue:stats.hitRate'),
  ];
  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {heads.map((h) => (
          <th scope="col" class="num" key={h}>
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
  return (
    <div class="stats" data-testid="stats-table">
      <table class="wall-table">
        <caption>{t('queue:stats.centres')}</caption>
        {head(t('queue:stats.centre'))}
        <tbody>
          {stats.centres.map((c) => (
            <tr key={c.centre.id}>
              <th scope="row" translate={false}>
                {c.centre.name}
              </th>
              {cells(c)}
            </tr>
          ))}
        </tbody>
      </table>
      <table class="wall-table">
        <caption>{t('queue:stats.analysts')}</caption>
        {head(t('queue:col.analyst'))}
        <tbody>
          {stats.analysts.length === 0 && (
            <tr>
              <td colSpan={6} class="muted">
                {t('queue:stats.none')}
              </td>
            </tr>
          )}
          {stats.analysts.map((a) => (
            <tr key={a.user.id}>
              <th scope="row" translate={false}>
                {a.user.display_name}
              </th>
              {cells(a)}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">{t('queue:stats.note')}</p>
    </div>
  );
}
