// The scan's signed tile links, renewed from the door that handed them out when they have
// expired (a viewer left open longer than a link lives).

import { useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { Schemas } from '../api';
import { apiPath } from '../scans';
import type { Scan } from '../scans';

/** The links in use (the wire's are Schemas['TileLinks']): a scan answered without `data` has none. */
export interface TileLinks {
  dzi: string;
  data: string | null;
}

export function useTileLinks(scan: Scan) {
  const [links, setLinks] = useState<TileLinks>({ dzi: scan.links.dzi, data: scan.links.data ?? null });
  const renewing = useRef<Promise<boolean> | null>(null);
  /** Ask for fresh links; true when they changed (so the image must be opened again). */
  const renew = (): Promise<boolean> => {
    if (!scan.links.renew) return Promise.resolve(false);
    renewing.current ??= api
      .get<Partial<Schemas['TileLinks']>>(apiPath(scan.links.renew))
      .then((fresh) => {
        if (!fresh.dzi || (fresh.dzi === links.dzi && (fresh.data ?? null) === links.data)) return false;
        setLinks({ dzi: fresh.dzi, data: fresh.data ?? null });
        return true;
      })
      .catch(() => false)
      .finally(() => {
        renewing.current = null;
      });
    return renewing.current;
  };
  return { links, renew };
}
