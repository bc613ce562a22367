// The equipment tree, live: `equipment.status` replaces the scanner in place
// (status counts follow); the whole tree is refetched after a reconnection
// and every minute (running time, scans and rates move on their own).

import { useEffect, useState } from 'preact/hooks';
import { fetchOverview } from '../../equipment';
import type { Overview, ScannerStatus } from '../../equipment';
import { useLiveEvents } from '../../live';
import type { LiveStatus } from '../../live';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { applyStatus } from './tree';
import { t } from '../../i18n';

const REFRESH_MS = 60_000;

export interface OverviewState {
  overview: Overview | null;
  error: string | null;
  live: LiveStatus;
  updatedAt: number | null;
  reload(): void;
}

export function useOverview(): OverviewState {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);

  const reload = useCoalesced(async () => {
    try {
      setOverview(await fetchOverview());
      setError(null);
      setUpdatedAt(Date.now());
    } catch (err) {
      setError(errorText(err, t('equipment:loadFailed')));
    }
  });

  const live = useLiveEvents(
    {
      'equipment.status': (s: ScannerStatus) => {
        if (!s || typeof s.id !== 'number') return;
        setOverview((ov) => (ov ? applyStatus(ov, s) : ov));
        setUpdatedAt(Date.now());
      },
    },
    () => reload(),
  );

  useEffect(() => {
    reload();
    const tick = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(tick);
  }, [reload]);

  return { overview, error, live, updatedAt, reload };
}
