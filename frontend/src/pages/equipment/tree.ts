// The equipment tree: which level a path shows, where a unit sits (for the
// breadcrumbs) and a live status change applied in place.

import type { CentreNode, HqNode, Overview, Rollup, ScannerStatus, SiteNode } from '../../equipment';

export type Level = 'top' | 'centre' | 'site' | 'scanner';
export interface Route {
  level: Level;
  id: number | null;
}

export function parseRoute(path: string): Route | null {
  if (path === '/equipment') return { level: 'top', id: null };
  const m = /^\/equipment\/(centre|site|scanner)\/(\d+)$/.exec(path);
  return m ? { level: m[1] as Level, id: Number(m[2]) } : null;
}

export const hrefOf = (level: 'centre' | 'site' | 'scanner', id: number) => `/equipment/${level}/${id}`;

export interface Found {
  hq?: HqNode;
  centre?: CentreNode;
  site?: SiteNode;
  scanner?: ScannerStatus;
}

/** The unit a route names and its ancestors, or {} when not visible. */
export function locate(ov: Overview, route: Route): Found {
  for (const hq of ov.headquarters) {
    for (const centre of hq.centres) {
      if (route.level === 'centre' && centre.id === route.id) return { hq, centre };
      for (const site of centre.sites) {
        if (route.level === 'site' && site.id === route.id) return { hq, centre, site };
        const scanner = site.scanners.find((s) => route.level === 'scanner' && s.id === route.id);
        if (scanner) return { hq, centre, site, scanner };
      }
    }
  }
  return {};
}

/** The level the user's scope starts at (a site officer never sees "Headquarters"). */
export function topOf(ov: Overview): Found {
  const hq = ov.headquarters[0];
  if (ov.scope === 'headquarters' || !hq) return { hq };
  const centre = hq.centres[0];
  if (ov.scope === 'centre' || !centre) return { hq, centre };
  return { hq, centre, site: centre.sites[0] };
}

export interface Crumb {
  label: string;
  href: string | null;
}

export function crumbs(ov: Overview, f: Found): Crumb[] {
  const out: Crumb[] = [];
  const scope = ov.scope;
  if (scope === 'headquarters' && f.hq) out.push({ label: f.hq.name, href: '/equipment' });
  if (f.centre && scope !== 'site')
    out.push({ label: f.centre.name, href: scope === 'centre' ? '/equipment' : hrefOf('centre', f.centre.id) });
  if (f.site) out.push({ label: f.site.name, href: scope === 'site' ? '/equipment' : hrefOf('site', f.site.id) });
  if (f.scanner) out.push({ label: f.scanner.name, href: hrefOf('scanner', f.scanner.id) });
  if (out.length) out[out.length - 1].href = null;
  return out;
}

function shift(r: Rollup, from: string, to: string): Rollup {
  if (from === to) return r;
  const by = { ...r.by_status } as Record<string, number>;
  by[from] = Math.max(0, (by[from] ?? 0) - 1);
  by[to] = (by[to] ?? 0) + 1;
  return { ...r, by_status: by };
}

/** The tree with one scanner replaced; status counts above it follow. */
export function applyStatus(ov: Overview, s: ScannerStatus): Overview {
  let hit = false;
  const headquarters = ov.headquarters.map((hq) => {
    let hqOld: string | null = null;
    const centres = hq.centres.map((c) => {
      let cOld: string | null = null;
      const sites = c.sites.map((site) => {
        const i = site.scanners.findIndex((x) => x.id === s.id);
        if (i < 0) return site;
        hit = true;
        const old = site.scanners[i].status;
        cOld = old;
        const scanners = site.scanners.slice();
        scanners[i] = s;
        return { ...site, scanners, rollup: shift(site.rollup, old, s.status) };
      });
      if (cOld === null) return c;
      hqOld = cOld;
      return { ...c, sites, rollup: shift(c.rollup, cOld, s.status) };
    });
    return hqOld === null ? hq : { ...hq, centres, rollup: shift(hq.rollup, hqOld, s.status) };
  });
  return hit ? { ...ov, headquarters } : ov;
}
