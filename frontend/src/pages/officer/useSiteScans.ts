// Today's scans of the officer's site, kept current: verdicts arrive over
// Socket.IO (`verdict.issued` / `verdict.revised`) with a highlight (the sound
// and the banner are OfficerAlerts', on every page); the list is refetched on
// reconnect, when the network comes back, when the tablet wakes up and every
// half minute (for scans still waiting). Inspections sent from the outbox
// (perhaps by another tab) mark their scan at once.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api';
import { t } from '../../i18n';
import type { Inspection } from '../../inspections';
import { useLiveEvents } from '../../live';
import type { LiveStatus } from '../../live';
import { errorText } from '../../workflow';
import type { Region, SiteScan, VerdictEvent } from '../../workflow';
import { listPending, subscribe } from './outbox';
import type { Pending } from './outbox';

const REFRESH_MS = 30_000;

export type Fresh = 'issued' | 'revised';

export interface SiteInfo {
  code: string;
  name: string;
  /** IANA zone: every time on the tablet is shown in it. */
  timezone: string;
}

interface Worklist {
  scans: SiteScan[];
  site: SiteInfo;
}

export interface SiteScans {
  scans: SiteScan[] | null;
  site: SiteInfo | null;
  /** Inspection records on this tablet not yet at the centre. */
  pending: Pending[];
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
  const [site, setSite] = useState<SiteInfo | null>(null);
  const [pending, setPending] = useState<Pending[]>([]);
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
      const list = await api.get<Worklist>('/site/scans');
      setScans(list.scans ?? []);
      setSite(list.site ?? null);
      setError(null);
      setUpdatedAt(Date.now());
    } catch (err) {
      setError(errorText(err, t('officer:list.loadFailed')));
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
                  ...s.verdict,
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
    const refreshPending = () =>
      void listPending()
        .then(setPending)
        .catch(() => undefined);
    refreshPending();
    const stop = subscribe((n) => {
      if (n.kind === 'sent') inspected(n.inspection);
      refreshPending();
    });
    return () => {
      stop();
      window.clearInterval(timer);
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      document.removeEventListener('visibilitychange', wake);
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

  return {
    scans,
    site,
    pending,
    error,
    live,
    online,
    updatedAt,
    fresh,
    reload: () => void reload(),
    seen,
    inspected,
  };
}
