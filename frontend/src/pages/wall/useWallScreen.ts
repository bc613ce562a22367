// The wall screen's data: GET /api/v1/wall, refetched (at most once a second)
// on the events that change it, after a reconnection and every 30 s. A
// scanner's status and a new alert show at once, before the refetch.

import { useEffect, useRef, useState } from 'preact/hooks';
import { alertOf, fetchWall, upsert } from '../../equipment';
import type { ScannerStatus, WallInfo } from '../../equipment';
import { useLiveEvents } from '../../live';
import type { LiveStatus } from '../../live';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';

const REFRESH_MS = 30_000;
const SETTLE_MS = 1_000;

export interface WallScreen {
  data: WallInfo | null;
  error: string | null;
  live: LiveStatus;
  /** When `data` arrived (ms), for ticking waits and the "updated" time. */
  fetchedAt: number | null;
}

export function useWallScreen(): WallScreen {
  const [data, setData] = useState<WallInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fetchedAt, setFetchedAt] = useState<number | null>(null);
  const timer = useRef<number | null>(null);

  const reload = useCoalesced(async () => {
    try {
      const next = await fetchWall();
      setData(next);
      setFetchedAt(Date.now());
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The wall figures could not be loaded.'));
    }
  });
  /** Bursts of events cost one fetch. */
  const soon = () => {
    if (timer.current === null) {
      timer.current = window.setTimeout(() => {
        timer.current = null;
        reload();
      }, SETTLE_MS);
    }
  };

  const live = useLiveEvents(
    {
      'equipment.status': (s: ScannerStatus) => {
        if (s && typeof s.id === 'number') setData((d) => (d ? { ...d, scanners: upsert(d.scanners, s) } : d));
        soon();
      },
      'equipment.alert': (payload: unknown) => {
        const a = alertOf(payload);
        if (a) setData((d) => (d ? { ...d, alerts: upsert(d.alerts, a, true) } : d));
        soon();
      },
      'queue.changed': soon,
      'scan.ready': soon,
      'scan.failed': soon,
      'inspection.recorded': soon,
    },
    () => reload(),
  );

  useEffect(() => {
    reload();
    const t = window.setInterval(reload, REFRESH_MS);
    return () => {
      window.clearInterval(t);
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, []);

  return { data, error, live, fetchedAt };
}
