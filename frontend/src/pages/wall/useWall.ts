// The wall's data: the queue (refetched on `queue.changed`, `scan.ready`,
// `scan.failed` and every 15 s), the statistics (on `inspection.recorded`
// and every minute) and a short feed of what just happened.

import { useEffect, useState } from 'preact/hooks';
import { useLiveEvents } from '../../live';
import { useCoalesced } from '../../useCoalesced';
import type { LiveStatus } from '../../live';
import type { ScanEvent } from '../../scans';
import { errorText, fetchQueue, fetchStats } from '../../workflow';
import type { Outcome, QueueInfo, StatsInfo } from '../../workflow';
import { t } from '../../i18n';

export interface FeedItem {
  id: number;
  at: number;
  kind: 'info' | 'warning' | 'seizure';
  text: string;
}

export interface Wall {
  queue: QueueInfo | null;
  stats: StatsInfo | null;
  queueError: string | null;
  statsError: string | null;
  live: LiveStatus;
  updatedAt: number | null;
  feed: FeedItem[];
  reloadQueue(): void;
  reloadStats(): void;
}

let feedId = 0;

export function useWall(): Wall {
  const [queue, setQueue] = useState<QueueInfo | null>(null);
  const [stats, setStats] = useState<StatsInfo | null>(null);
  const [queueError, setQueueError] = useState<string | null>(null);
  const [statsError, setStatsError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [feed, setFeed] = useState<FeedItem[]>([]);

  const reloadQueue = useCoalesced(async () => {
    try {
      setQueue(await fetchQueue());
      setQueueError(null);
      setUpdatedAt(Date.now());
    } catch (err) {
      setQueueError(errorText(err, t('queue:loadFailed')));
    }
  });
  const reloadStats = useCoalesced(async () => {
    try {
      setStats(await fetchStats());
      setStatsError(null);
    } catch (err) {
      setStatsError(errorText(err, t('queue:stats.loadFailed')));
    }
  });
  const note = (kind: FeedItem['kind'], text: string) =>
    setFeed((f) => [{ id: ++feedId, at: Date.now(), kind, text }, ...f].slice(0, 12));

  const live = useLiveEvents(
    {
      'queue.changed': () => reloadQueue(),
      'scan.ready': (e: ScanEvent) => {
        note('info', t('queue:feed.ready', { scan: e.scan_uid, site: e.site ?? '—' }));
        reloadQueue();
      },
      'scan.failed': (e: ScanEvent) => {
        note('warning', t('queue:feed.failed', { scan: e.scan_uid, site: e.site ?? '—' }));
        reloadQueue();
      },
      'inspection.recorded': (e: { scan_id: number; outcome: Outcome; site: string }) => {
        note(
          e.outcome === 'seizure' ? 'seizure' : 'info',
          t('queue:feed.inspection', { site: e.site, outcome: e.outcome, scan: e.scan_id }),
        );
        reloadStats();
      },
    },
    () => {
      reloadQueue();
      reloadStats();
    },
  );

  useEffect(() => {
    reloadQueue();
    reloadStats();
    const q = window.setInterval(reloadQueue, 15_000);
    const s = window.setInterval(reloadStats, 60_000);
    return () => {
      window.clearInterval(q);
      window.clearInterval(s);
    };
  }, [reloadQueue, reloadStats]);

  return { queue, stats, queueError, statsError, live, updatedAt, feed, reloadQueue, reloadStats };
}
