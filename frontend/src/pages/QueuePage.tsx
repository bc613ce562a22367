// The supervisor's queue tools (beside the wall screen, which never
// scrolls): the centre's queue with priority and reassignment, who works on
// what, the workstations, unmatched scans and the statistics, live.

import { formatDuration, secondsSince, useNow } from '../clock';
import { Page } from '../components/Page';
import { LIVE_LABELS } from '../live';
import { Link } from '../router';
import type { QueueInfo } from '../workflow';
import { ExpiringCertificates } from './wall/ExpiringCertificates';
import { AssignmentTable, StalledTable, WaitingTable } from './wall/QueueTables';
import { UnmatchedScans } from './wall/UnmatchedScans';
import { useWall } from './wall/useWall';
import { Feed, StatsTable, Workstations } from './wall/WallPanels';
import './wall/wall.css';

function Tiles({ queue }: { queue: QueueInfo }) {
  const now = useNow(1000);
  const oldest = Math.max(0, ...queue.waiting.map((w) => secondsSince(w.waiting_since, now) ?? 0));
  const ready = queue.workstations.filter((w) => w.connected && w.ready).length;
  const connected = queue.workstations.filter((w) => w.connected).length;
  const tiles: [string, string, string?][] = [
    ['Waiting', String(queue.waiting.length), queue.waiting.length > 10 ? 'alert' : undefined],
    ['Oldest wait', queue.waiting.length ? formatDuration(oldest) : '—', oldest > 300 ? 'alert' : undefined],
    ['Being read', String(queue.assignments.length)],
    ['Analysts ready', `${ready} / ${connected}`, connected > 0 && ready === 0 ? 'alert' : undefined],
  ];
  return (
    <dl class="tiles">
      {tiles.map(([k, v, tone]) => (
        <div key={k} class={`tile${tone ? ` tile--${tone}` : ''}`}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function QueuePage() {
  const wall = useWall();
  const { queue, stats } = wall;
  return (
    <Page title="Queue">
      <p class="wall-status" role="status">
        <span class={`live live--${wall.live}`}>{LIVE_LABELS[wall.live]}</span>
        {wall.updatedAt && <span class="muted"> · updated {new Date(wall.updatedAt).toLocaleTimeString()}</span>}
        <span class="muted"> · </span>
        <Link href="/wall">Back to the wall screen</Link>
      </p>
      {wall.queueError && (
        <p class="message message--error" role="alert">
          {wall.queueError}
        </p>
      )}
      {!queue && !wall.queueError && (
        <p class="muted" role="status">
          Loading the queue…
        </p>
      )}
      {queue && (
        <>
          <Tiles queue={queue} />
          <div class="wall-grid">
            <div class="wall-main">
              <StalledTable queue={queue} onChanged={wall.reloadQueue} />
              <WaitingTable queue={queue} onChanged={wall.reloadQueue} />
              <AssignmentTable queue={queue} onChanged={wall.reloadQueue} />
            </div>
            <div class="wall-side">
              <Workstations list={queue.workstations} />
              <ExpiringCertificates />
              <Feed items={wall.feed} />
            </div>
          </div>
        </>
      )}
      <div class="wall-unmatched">
        <UnmatchedScans />
      </div>
      <section class="wall-panel wall-stats" aria-labelledby="stats-title">
        <h2 id="stats-title">Statistics</h2>
        {wall.statsError && (
          <p class="message message--error" role="alert">
            {wall.statsError}
          </p>
        )}
        {stats ? <StatsTable stats={stats} /> : !wall.statsError && <p class="muted">Loading…</p>}
      </section>
    </Page>
  );
}
