// The wall's other panels: who is working, what just happened, statistics.

import { formatRate, formatSpan } from '../../clock';
import type { Figures, QueueInfo, StatsInfo } from '../../workflow';
import type { FeedItem } from './useWall';

type Station = QueueInfo['workstations'][number];

function stationState(w: Station): [string, string] {
  if (!w.connected) return ['offline', 'Offline'];
  if (w.open > 0) return ['working', `Working (${w.open})`];
  return w.ready ? ['ready', 'Ready'] : ['paused', 'Paused'];
}

export function Workstations({ list }: { list: Station[] }) {
  const order = { working: 0, ready: 1, paused: 2, offline: 3 } as Record<string, number>;
  const sorted = [...list].sort((a, b) => order[stationState(a)[0]] - order[stationState(b)[0]]);
  return (
    <section class="wall-panel" aria-labelledby="ws-title">
      <h2 id="ws-title">Workstations</h2>
      {sorted.length === 0 && <p class="muted">No analysts in this centre.</p>}
      <ul class="stations" data-testid="workstations">
        {sorted.map((w) => {
          const [cls, label] = stationState(w);
          return (
            <li key={w.user.id} class={`station station--${cls}`}>
              <span class="station__name">{w.user.display_name}</span>
              <span class="station__state">{label}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function Feed({ items }: { items: FeedItem[] }) {
  return (
    <section class="wall-panel" aria-labelledby="feed-title">
      <h2 id="feed-title">Just now</h2>
      {items.length === 0 && <p class="muted">Events appear here as they happen.</p>}
      <ol class="feed" aria-live="polite">
        {items.map((f) => (
          <li key={f.id} class={`feed__item feed__item--${f.kind}`}>
            <time class="feed__time">{new Date(f.at).toLocaleTimeString()}</time> {f.text}
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
      <td class="num">{formatRate(f.suspect_rate)}</td>
      <td class="num">{formatRate(f.overturn_rate)}</td>
      <td class="num">{formatRate(f.hit_rate)}</td>
    </>
  );
}

const HEAD = ['Decided', 'Median time', 'Suspect rate', 'Overturn rate', 'Hit rate'];

export function StatsTable({ stats }: { stats: StatsInfo }) {
  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {HEAD.map((h) => (
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
        <caption>Centres</caption>
        {head('Centre')}
        <tbody>
          {stats.centres.map((c) => (
            <tr key={c.centre.id}>
              <th scope="row">{c.centre.name}</th>
              {cells(c)}
            </tr>
          ))}
        </tbody>
      </table>
      <table class="wall-table">
        <caption>Analysts</caption>
        {head('Analyst')}
        <tbody>
          {stats.analysts.length === 0 && (
            <tr>
              <td colSpan={6} class="muted">
                No verdicts yet.
              </td>
            </tr>
          )}
          {stats.analysts.map((a) => (
            <tr key={a.user.id}>
              <th scope="row">{a.user.display_name}</th>
              {cells(a)}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">
        Overturn rate: share of reviewed verdicts an expert changed. Hit rate: share of inspected suspects where
        something was found.
      </p>
    </div>
  );
}
