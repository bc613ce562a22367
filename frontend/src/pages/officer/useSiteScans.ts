// Today's scans of the officer's site, kept current: verdicts arrive over
// Socket.IO (`verdict.issued` / `verdict.revised`) with a highlight and a
// beep; the list is refetched on reconnect, when the network comes back,
// when the tablet wakes up and every half minute (for scans still waiting).

import { useEffect, useRef, useState } from 'preact/hooks';
import { beep, unlockAudio } from '../../beep';
import { useLiveEvents } from '../../live';
import type { LiveStatus } from '../../live';
import { errorText, fetchSiteScans } from '../../workflow';
import type { Inspection, Region, SiteScan, VerdictEvent } from '../../workflow';

const REFRESH_MS = 30_000;

export type Fresh = 'issued' | 'revised';

export interface SiteScans {
  scans: SiteScan[] | null;
  error: string | null;
  live: LiveStatus;
  online: boolean;
  updatedAt: number | null;
  /** Scans whose verdict arrived live and has not been looked at yet. */
  fresh: Map<number, Fresh>;
  reload(): void;
  seen(id: number): void;
  inspected(inspection: Inspection): void;
}

export function useSiteScans(): SiteScans {
  const [scans, setScansState] = useState<SiteScan[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [fresh, setFresh] = useState<Map<number, Fresh>>(new Map());
  const [online, setOnline] = useState(() => navigator.onLine);
  const scansRef = useRef<SiteScan[] | null>(null);
  const setScans = (list: SiteScan[]) => {
    scansRef.current = list;
    setScansState(list);
  };

  const reload = async () => {
    try {
      setScans(await fetchSiteScans());
      setError(null);
      setUpdatedAt(Date.now());
    } catch (err) {
      setError(errorText(err, 'The scans could not be loaded.'));
    }
  };

  const onVerdict = (kind: Fresh) => (e: VerdictEvent) => {
    const list = scansRef.current;
    const known = list?.some((s) => s.id === e.scan_id);
    if (list && known) {
      setScans(
        list.map((s) =>
          s.id !== e.scan_id
            ? s
            : {
                ...s,
                verdict: {
                  ...(s.verdict ?? {}),
                  decision: e.decision,
                  // Annotations the verdict route checked (app.regions: a target selector and a
                  // category or label); the viewer reads them as its own W3C shape.
                  regions: e.regions as unknown as Region[],
                  final_decision: e.decision,
                  final_regions: e.regions as unknown as Region[],
                  analyst_ref: e.analyst_ref,
                  issued_at: e.issued_at,
                  revised: kind === 'revised' || !!s.verdict?.revised,
                },
              },
        ),
      );
    } else void reload();
    setFresh((m) => new Map(m).set(e.scan_id, kind));
    beep(e.decision === 'suspect' ? 'suspect' : 'clear');
  };

  const live = useLiveEvents(
    {
      'verdict.issued': onVerdict('issued'),
      'verdict.revised': onVerdict('revised'),
      // A new scan of this site (it waits for its verdict): show it at once.
      'scan.ready': () => void reload(),
      'scan.failed': () => void reload(),
    },
    () => void reload(),
  );

  useEffect(() => {
    void reload();
    const timer = window.setInterval(() => void reload(), REFRESH_MS);
    const up = () => {
      setOnline(true);
      void reload();
    };
    const down = () => setOnline(false);
    const wake = () => document.visibilityState === 'visible' && void reload();
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    document.addEventListener('visibilitychange', wake);
    // Browsers allow sound only after a touch: unlock it on the first one.
    window.addEventListener('pointerdown', unlockAudio, { once: true });
    window.addEventListener('keydown', unlockAudio, { once: true });
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      document.removeEventListener('visibilitychange', wake);
      window.removeEventListener('pointerdown', unlockAudio);
      window.removeEventListener('keydown', unlockAudio);
    };
  }, []);

  const seen = (id: number) =>
    setFresh((m) => {
      if (!m.has(id)) return m;
      const next = new Map(m);
      next.delete(id);
      return next;
    });

  const inspected = (inspection: Inspection) => {
    const list = scansRef.current;
    if (list) setScans(list.map((s) => (s.id === inspection.scan_id ? { ...s, inspection } : s)));
  };

  return { scans, error, live, online, updatedAt, fresh, reload: () => void reload(), seen, inspected };
}
