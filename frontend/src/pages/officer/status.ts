// What a scan means for the officer at the gate, and the worklist's order:
// suspects awaiting inspection first (oldest first), then holds (no verdict
// yet, or a scan to repeat; oldest first), then the rest newest first — the
// server orders the same way (app/blueprints/assignments/site.py).

import { finalDecision } from '../../workflow';
import type { SiteScan } from '../../workflow';

/** One word each, explained in the legend (StatusLegend). */
export type SiteStatus = 'to_inspect' | 'inspected' | 'waiting' | 'processing' | 'failed' | 'clear';

export const SITE_STATUSES: SiteStatus[] = ['to_inspect', 'waiting', 'processing', 'failed', 'clear', 'inspected'];

export function siteStatus(s: SiteScan): SiteStatus {
  if (s.inspection) return 'inspected';
  if (s.status === 'failed') return 'failed';
  if (s.verdict) return finalDecision(s.verdict) === 'suspect' ? 'to_inspect' : 'clear';
  return s.status === 'ready' ? 'waiting' : 'processing';
}

/** 0: inspect now; 1: hold (do not release yet); 2: done (may leave). */
export function worklistGroup(s: SiteScan): 0 | 1 | 2 {
  const st = siteStatus(s);
  if (st === 'to_inspect') return 0;
  if (st === 'waiting' || st === 'processing' || st === 'failed') return 1;
  return 2;
}

const time = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

export function worklistOrder(scans: SiteScan[]): SiteScan[] {
  return [...scans].sort((a, b) => {
    const ga = worklistGroup(a);
    const gb = worklistGroup(b);
    if (ga !== gb) return ga - gb;
    const dt = time(a.scanned_at) - time(b.scanned_at) || a.id - b.id;
    return ga < 2 ? dt : -dt;
  });
}

export type Filter = 'to_inspect' | 'waiting' | 'released' | 'all';
export const FILTERS: Filter[] = ['to_inspect', 'waiting', 'released', 'all'];

export function inFilter(s: SiteScan, f: Filter): boolean {
  if (f === 'all') return true;
  const g = worklistGroup(s);
  return f === 'to_inspect' ? g === 0 : f === 'waiting' ? g === 1 : g === 2;
}

/** Container number or plate, ignoring case, spaces and dashes (a plate is written many ways). */
export function matchesSearch(s: SiteScan, query: string): boolean {
  const norm = (x: string) => x.toUpperCase().replace(/[\s\-_.]/g, '');
  const q = norm(query);
  if (!q) return true;
  const ids = [...(s.conveyance?.container_ids ?? []), s.conveyance?.plate ?? '', s.scan_uid];
  return ids.some((id) => norm(id).includes(q));
}

export function counts(scans: SiteScan[]): Record<Filter, number> {
  const c: Record<Filter, number> = { to_inspect: 0, waiting: 0, released: 0, all: scans.length };
  for (const s of scans) {
    const g = worklistGroup(s);
    if (g === 0) c.to_inspect += 1;
    else if (g === 1) c.waiting += 1;
    else c.released += 1;
  }
  return c;
}
