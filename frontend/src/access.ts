// Which pages exist and which roles may see them. Navigation, route guards
// and the post-login redirect all read this one table.

import type { Affiliation, Role, User } from './api';
import { t } from './i18n';
import { normalizePath } from './router';

export type PageKey =
  | 'analyst'
  | 'officer'
  | 'trainee'
  | 'academy'
  | 'library'
  | 'wall'
  | 'queue'
  | 'equipment'
  | 'reports'
  | 'storage'
  | 'tip'
  | 'admin';

export interface PageInfo {
  key: PageKey;
  path: string;
  /** Exact <h1> text and navigation label, in the language in use (read it while rendering). */
  readonly title: string;
  roles: Role[];
  /** The officer tablet uses a bright high-contrast theme for daylight. */
  theme?: 'daylight';
  /** Deeper paths shown by the same page (e.g. one scan). */
  subpaths?: RegExp;
  /** Paths shown as full-bleed work views (default: the sub-paths). */
  fullBleed?: RegExp;
  /** Use the whole width (wall screens). */
  wide?: boolean;
  /** Exactly one screen high, never scrolling (the wall screen). */
  screen?: boolean;
  /** A further condition on who may see it, beyond the role (the API's scope). */
  scope?: (user: User) => boolean;
}

export const PAGES: PageInfo[] = [
  {
    key: 'analyst',
    path: '/analyst',
    get title() {
      return t('common:page.analyst');
    },
    roles: ['analyst', 'expert'],
    // The worklist, the scan list, one scan, expert reviews and one review.
    subpaths: /^\/analyst\/(scans|reviews)(\/[^/]+)?$/,
    fullBleed: /^\/analyst(\/scans\/[^/]+|\/reviews\/[^/]+)?$/,
  },
  {
    key: 'officer',
    path: '/officer',
    get title() {
      return t('common:page.officer');
    },
    roles: ['site_officer'],
    theme: 'daylight',
    subpaths: /^\/officer\/scans\/[^/]+$/,
    fullBleed: /^$/,
  },
  {
    key: 'trainee',
    path: '/trainee',
    get title() {
      return t('common:page.trainee');
    },
    // Candidates: anyone who sits exams (analysts and experts keep their certificates current).
    roles: ['trainee', 'analyst', 'expert'],
    // One attempt (the exam in the viewer) and its results.
    subpaths: /^\/trainee\/attempts\/\d+(\/review)?$/,
  },
  {
    key: 'wall',
    path: '/wall',
    get title() {
      return t('common:page.wall');
    },
    roles: ['supervisor'],
    wide: true,
    screen: true,
  },
  // The wall's interactive tools: queue (priority, reassign), unmatched scans, statistics.
  {
    key: 'queue',
    path: '/wall/queue',
    get title() {
      return t('common:page.queue');
    },
    roles: ['supervisor'],
    wide: true,
  },
  {
    key: 'equipment',
    path: '/equipment',
    get title() {
      return t('common:page.equipment');
    },
    roles: ['supervisor', 'admin', 'site_officer', 'analyst', 'expert'],
    // A centre, a site, one scanner's day.
    subpaths: /^\/equipment\/(centre|site|scanner)\/\d+$/,
    fullBleed: /^$/,
    wide: true,
  },
  {
    key: 'reports',
    path: '/reports',
    get title() {
      return t('common:page.reports');
    },
    roles: ['supervisor', 'admin'],
    wide: true,
  },
  {
    key: 'academy',
    path: '/academy',
    get title() {
      return t('common:page.academy');
    },
    roles: ['instructor', 'supervisor', 'admin'],
    // Tabs: question bank, exams, statistics, library, cases, certificates; one question in the viewer.
    subpaths: /^\/academy\/(questions|exams|stats|library|cases|certificates)(\/[^/]+)?$/,
    fullBleed: /^\/academy\/questions\/[^/]+$/,
  },
  {
    key: 'library',
    path: '/library',
    get title() {
      return t('common:page.library');
    },
    roles: ['trainee', 'analyst', 'expert', 'instructor', 'supervisor', 'admin'],
    // One library item in the viewer.
    subpaths: /^\/library\/\d+$/,
  },
  {
    key: 'admin',
    path: '/admin',
    get title() {
      return t('common:page.admin');
    },
    // Supervisors: the people of their centre (to end a session left open), nothing else.
    roles: ['admin', 'supervisor'],
    subpaths: /^\/admin\/(people|organisation|scanners|tokens|settings|deliveries|calibration)$/,
    fullBleed: /^$/,
  },
  // Threat image projection: scores (analysts their own), breaks, the threat image library.
  {
    key: 'tip',
    path: '/tip',
    get title() {
      return t('tip:page.title');
    },
    roles: ['supervisor', 'instructor', 'admin', 'analyst', 'expert'],
  },
  // Storage planning: admins and headquarters supervisors (the API refuses a centre's supervisor).
  {
    key: 'storage',
    path: '/storage',
    get title() {
      return t('common:page.storage');
    },
    roles: ['admin', 'supervisor'],
    wide: true,
    scope: (u) => u.roles.includes('admin') || u.affiliation?.kind === 'headquarters',
  },
];

/** A role's name in the language in use. */
export function roleLabel(role: Role): string {
  return t(`common:role.${role}`, { defaultValue: role });
}

export function findPage(path: string): PageInfo | undefined {
  const p = normalizePath(path);
  return PAGES.find((page) => page.path === p || !!page.subpaths?.test(p));
}

export function canSee(user: User, page: PageInfo): boolean {
  return page.roles.some((role) => user.roles.includes(role)) && (!page.scope || page.scope(user));
}

export function allowedPages(user: User): PageInfo[] {
  return PAGES.filter((page) => canSee(user, page));
}

/**
 * Where a signed-in user lands: the server's `home` when it is a page the
 * user may see, else their first allowed page, else "/" (which shows the
 * machine-client notice for accounts without any web page).
 */
export function landingPath(user: User): string {
  const home = findPage(user.home ?? '');
  if (home && canSee(user, home)) return home.path;
  return allowedPages(user)[0]?.path ?? '/';
}

export function formatAffiliation(aff: Affiliation | null): string {
  if (!aff) return t('common:affiliation.none');
  return `${aff.name} (${aff.code}) · ${t(`common:affiliation.${aff.kind}`)}`;
}

export function formatRoles(user: User): string {
  return user.roles.map(roleLabel).join(t('common:listSeparator')) || t('common:none');
}
