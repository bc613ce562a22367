// The supervisor's queue tools (beside the wall screen, which never
// scrolls): the centre's queue with priority and reassignment, who works on
// what, the workstations, the queue alarm thresholds, unmatched scans and the
// statistics, live. Times are in the centre's zone.

import { useState } from 'preact/hooks';
import { formatDuration, secondsSince, useNow } from '../clock';
import { Page } from '../components/Page';
import { liveText } from '../equipment';
import type { AlarmThresholds } from '../equipment';
import { formatTime, zoneName } from '../format';
import { t } from '../i18n';
import { Link } from '../router';
import type { QueueInfo } from '../workflow';
import { ExpiringCertificates } from './wall/ExpiringCertificates';
import { AssignmentTable, StalledTable, WaitingTable } from './wall/QueueTables';
import { Thresholds } from './wall/Thresholds';
import { UnmatchedScans } from './wall/UnmatchedScans';
import { useWall } from './wall/useWall';
import { Feed, StatsTable, Workstations } from './wall/WallPanels';
import './wall/wall.css';

function Tiles({ queue, limits }: { queue: QueueInfo; limits: AlarmThresholds | null }) {
  const now = useNow(1000);
  const oldest = Math.max(0, ...queue.waiting.map((w) => secondsSince(w.waiting_since, now) ?? 0));
  const ready = queue.workstations.filter((w) => w.connected && w.ready).length;
  const connected = queue.workstations.filter((w) => w.connected).length;
  const overCount = limits?.waiting != null && queue.waiting.length >= limits.waiting;
  const overWait = limits?.wait_seconds != null && queue.waiting.length > 0 && oldest >= limits.wait_seconds;
  const tiles: [string, string, string, string?][] = [
    ['waiting', t('queue:tiles.waiting'), String(queue.waiting.length), overCount ? 'alert' : undefined],
    [
      'oldest',
      t('queue:tiles.oldest'),
      queue.waiting.length ? formatDuration(oldest) : '—',
      overWait ? 'alert' : undefined,
    ],
    ['reading', t('queue:tiles.reading'), String(queue.assignments.length)],
    ['ready', t('queue:tiles.ready'), `${ready} / ${connected}`, connected > 0 && ready === 0 ? 'alert' : undefined],
  ];
  return (
    <dl class="tiles">
      {tiles.map(([key, k, v, tone]) => (
        <div key={key} class={`tile${tone ? ` tile--${tone}` : ''}`}>
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
  const [limits, setLimits] = useState<AlarmThresholds | null>(null);
  const zone = limits?.timezone;
  return (
    <Page title={t('common:page.queue')}>
      <p class="wall-status" role="status">
        <span class={`live live--${wall.live}`}>{liveText(wall.live)}</span>
        {wall.updatedAt && (
          <span class="muted">
            {' · '}
            {t('queue:updated', { time: formatTime(wall.updatedAt, { zone, seconds: true }) })}
          </span>
        )}
        {zone && <span class="muted"> · {t('queue:timesIn', { zone: zoneName(zone) })}</span>}
        <span class="muted"> · </span>
        <Link href="/wall">{t('queue:backToWall')}</Link>
      </p>
      {wall.queueError && (
        <p class="message message--error" role="alert">
          {wall.queueError}
        </p>
      )}
      {!queue && !wall.queueError && (
        <p class="muted" role="status">
          {t('queue:loadingQueue')}
        </p>
      )}
      {queue && (
        <>
          <Tiles queue={queue} limits={limits} />
          <div class="wall-grid">
            <div class="wall-main">
              <StalledTable queue={queue} onChanged={wall.reloadQueue} />
              <WaitingTable queue={queue} onChanged={wall.reloadQueue} />
              <AssignmentTable queue={queue} onChanged={wall.reloadQueue} zone={zone} />
            </div>
            <div class="wall-side">
              <Workstations list={queue.workstations} />
              <Thresholds onLoaded={setLimits} />
              <ExpiringCertificates />
              <Feed items={wall.feed} zone={zone} />
            </div>
          </div>
        </>
      )}
      <div class="wall-unmatched">
        <UnmatchedScans zone={zone} />
      </div>
      <section class="wall-panel wall-stats" aria-labelledby="stats-title">
        <h2 id="stats-title">{t('queue:stats.title')}</h2>
        {wall.statsError && (
          <p class="message message--error" role="alert">
            {wall.statsError}
          </p>
        )}
        {stats ? <StatsTable stats={stats} /> : !wall.statsError && <p class="muted">{t('queue:loading')}</p>}
      </section>
    </Page>
  );
}
