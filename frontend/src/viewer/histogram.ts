// The scan's histogram per channel (fetched once, cached for the session).

import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Schemas } from '../api';
import { apiPath } from '../scans';
import type { Channel } from './renderParams';
import { t } from '../i18n';

/** One channel's histogram: its bins, data range, percentiles and default window. */
export type Histogram = Schemas['ImageHistogram'];

const cache = new Map<string, Promise<Histogram>>();

/** Histograms that arrived another way (the data tiles' description): no request needed. */
export function seedHistograms(link: string, channels: Record<string, Histogram>): void {
  const base = apiPath(link);
  for (const [channel, h] of Object.entries(channels)) cache.set(`${base}|${channel}`, Promise.resolve(h));
}

function load(link: string, channel: Channel): Promise<Histogram> {
  const base = apiPath(link);
  const key = `${base}|${channel}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = api.get<Histogram>(`${base}${base.includes('?') ? '&' : '?'}channel=${channel}`);
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
  }
  return hit;
}

export function useHistogram(link: string, channel: Channel): { histogram: Histogram | null; error: string | null } {
  const [state, setState] = useState<{ key: string; histogram: Histogram | null; error: string | null }>({
    key: '',
    histogram: null,
    error: null,
  });
  const key = `${link}|${channel}`;
  useEffect(() => {
    let live = true;
    load(link, channel).then(
      (histogram) => live && setState({ key, histogram, error: null }),
      (err: unknown) =>
        live &&
        setState({ key, histogram: null, error: err instanceof Error ? err.message : t('viewer:errors.histogram') }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state.key === key ? state : { histogram: null, error: null };
}
