// The administration API (docs/admin-api.md): people, the organisation, scanners
// and their tokens, integration tokens, runtime settings.

import { ApiError, api } from './api';
import type { Affiliation, Role } from './api';
import { t } from './i18n';
import { formatDateTime } from './format';

export const ALL_ROLES: Role[] = [
  'analyst',
  'expert',
  'site_officer',
  'trainee',
  'instructor',
  'supervisor',
  'admin',
  'auditor',
  'integration',
];

export interface Person {
  id: number;
  username: string;
  display_name: string;
  roles: Role[];
  affiliation: Affiliation | null;
  home: string;
  active: boolean;
  created_at: string;
  last_login_at: string | null;
}

/** Where a person belongs, as the API takes it: a kind and an organisation code. */
export interface AffiliationRef {
  kind: Affiliation['kind'];
  code: string;
}

export interface PersonIn {
  username: string;
  display_name: string;
  roles: Role[];
  affiliation?: AffiliationRef;
  password: string;
}

export interface PersonChange {
  display_name?: string;
  roles?: Role[];
  affiliation?: AffiliationRef;
  clear_affiliation?: boolean;
  active?: boolean;
}

export interface OrgScanner {
  id: number;
  name: string;
  site_id: number;
  vendor: string | null;
  manufacturer: string | null;
  model: string | null;
  kind: string;
  source: string;
  energy_high_kev: number | null;
  energy_low_kev: number | null;
  dual_energy: boolean;
  active: boolean;
}

export interface OrgSite {
  id: number;
  code: string;
  name: string;
  timezone: string;
  people: number;
  scanners: OrgScanner[];
}

export interface OrgCentre {
  id: number;
  code: string;
  name: string;
  timezone: string;
  exclude_own_site: boolean;
  review_share: number;
  people: number;
  sites: OrgSite[];
}

export interface OrgHeadquarters {
  id: number;
  code: string;
  name: string;
  people: number;
  centres: OrgCentre[];
}

export interface CentreIn {
  code: string;
  name: string;
  headquarters: string;
  timezone: string;
  exclude_own_site: boolean;
  review_share: number;
}

export interface SiteIn {
  code: string;
  name: string;
  centre: string;
  timezone: string;
}

export interface Token {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  scanner_id: number | null;
  user: string | null;
}

export interface Scanner extends OrgScanner {
  site: string;
  tokens: Token[];
}

export interface ScannerIn {
  site: string;
  name: string;
  vendor?: string;
  kind: string;
  source: string;
  energy_high_kev?: number;
  energy_low_kev?: number;
  manufacturer?: string;
  model?: string;
}

export interface VendorFormat {
  key: string;
  name: string | null;
  enabled: boolean;
  source: string;
  error?: string;
}

export interface Setting {
  key: string;
  value: number;
  default: number;
  type: 'int';
  min: number | null;
  max: number | null;
  description: string;
}

/** A table of labels whose values are read in the language in use each time (enumerable getters). */
function labels(prefix: string, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) Object.defineProperty(out, k, { enumerable: true, get: () => t(`${prefix}.${k}`) });
  return out;
}

export const SCANNER_KIND_LABELS = labels('admin:scannerKind', [
  'fixed',
  'relocatable',
  'mobile',
  'drive_through',
  'rail',
  'passenger_car',
]);

export const SOURCE_LABELS = labels('admin:source', ['linac', 'betatron', 'isotope', 'xray_tube']);

const A = '/admin';
const id = (n: number) => encodeURIComponent(String(n));

export async function fetchPeople(q: { q?: string; role?: string } = {}): Promise<Person[]> {
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  if (q.role) params.set('role', q.role);
  const qs = params.toString();
  return (await api.get<{ people: Person[] }>(`${A}/people${qs ? `?${qs}` : ''}`)).people;
}

export const createPerson = (body: PersonIn) => api.post<Person>(`${A}/people`, body);
export const updatePerson = (personId: number, body: PersonChange) =>
  api.patch<Person>(`${A}/people/${id(personId)}`, body);
export const resetPassword = (personId: number, password: string) =>
  api.post<{ ok: boolean }>(`${A}/people/${id(personId)}/password`, { password });
export const endSessions = (personId: number) => api.post<{ ok: boolean }>(`${A}/people/${id(personId)}/sessions/end`);

export async function fetchOrganisation(): Promise<OrgHeadquarters[]> {
  return (await api.get<{ headquarters: OrgHeadquarters[] }>(`${A}/organisation`)).headquarters;
}

export const createCentre = (body: CentreIn) => api.post<OrgCentre>(`${A}/centres`, body);
export const updateCentre = (centreId: number, body: Partial<Omit<CentreIn, 'code' | 'headquarters'>>) =>
  api.patch<OrgCentre>(`${A}/centres/${id(centreId)}`, body);
export const createSite = (body: SiteIn) => api.post<OrgSite>(`${A}/sites`, body);
export const updateSite = (siteId: number, body: Partial<Omit<SiteIn, 'code'>>) =>
  api.patch<OrgSite>(`${A}/sites/${id(siteId)}`, body);

export async function fetchScanners(): Promise<Scanner[]> {
  return (await api.get<{ scanners: Scanner[] }>(`${A}/scanners`)).scanners;
}

export const createScanner = (body: ScannerIn) => api.post<{ scanner: Scanner; token: string }>(`${A}/scanners`, body);
/** A change of a scanner; `vendor: null` goes back to recognising the format from the files. */
export type ScannerChange = Partial<Omit<ScannerIn, 'site' | 'vendor' | 'energy_high_kev' | 'energy_low_kev'>> & {
  vendor?: string | null;
  active?: boolean;
};

export const updateScanner = (scannerId: number, body: ScannerChange) =>
  api.patch<Scanner>(`${A}/scanners/${id(scannerId)}`, body);
export const rotateScannerToken = (scannerId: number) =>
  api.post<{ token: string }>(`${A}/scanners/${id(scannerId)}/token`);

export async function fetchVendorFormats(): Promise<VendorFormat[]> {
  return (await api.get<{ formats: VendorFormat[] }>(`${A}/vendor-formats`)).formats;
}

export async function fetchTokens(): Promise<Token[]> {
  return (await api.get<{ tokens: Token[] }>(`${A}/tokens`)).tokens;
}

export const createToken = (user: string, name: string) =>
  api.post<{ token: string; info: Token }>(`${A}/tokens`, { user, name });
export const revokeToken = (tokenId: number) => api.post<Token>(`${A}/tokens/${id(tokenId)}/revoke`);

/** The runtime settings, or null when this server has no settings API (404). */
export async function fetchSettings(): Promise<Setting[] | null> {
  try {
    return (await api.get<{ settings: Setting[] }>(`${A}/settings`)).settings;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export const saveSetting = (key: string, value: number) =>
  api.put<Setting>(`${A}/settings/${encodeURIComponent(key)}`, { value });

/** The field a server error names (`field`, e.g. "roles.0" -> "roles"), if any. */
export function errorField(err: unknown): string | null {
  if (!(err instanceof ApiError)) return null;
  const body = err.body as { field?: unknown } | null;
  if (body && typeof body.field === 'string' && body.field) return body.field.split('.')[0];
  if (err.code === 'weak_password') return 'password';
  return null;
}

export function formatWhen(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatDateTime(d);
}
