// The administration API (docs/admin-api.md): people, the organisation, scanners
// and their tokens, integration tokens, runtime settings.

import { ApiError, api } from './api';
import type { Role, Schemas } from './api';
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

// The shapes are the server's own models (app/blueprints/admin/schemas.py), via docs/openapi.json.
export type Person = Schemas['PersonOut'];

/** Where a person belongs, as the API takes it: a kind and an organisation code. */
export type AffiliationRef = Schemas['Affiliation'];

/** `affiliation` left out: none. */
export type PersonIn = Omit<Schemas['PersonIn'], 'affiliation'> & { affiliation?: AffiliationRef };

export type PersonChange = Partial<Schemas['PersonChange']>;

export type OrgScanner = Schemas['OrgScanner'];

export type OrgSite = Schemas['OrgSite'];

export type OrgCentre = Schemas['OrgCentre'];

export type OrgHeadquarters = Schemas['OrgHeadquarters'];

export type CentreIn = Schemas['CentreIn'];

export type SiteIn = Schemas['SiteIn'];

export type Token = Schemas['TokenOut'];

export type Scanner = Schemas['ScannerOut'];

export type ScannerKind = Schemas['ScannerIn']['kind'];
export type SourceKind = Schemas['ScannerIn']['source'];
/** A new scanner: its site and name, the rest optional (the server's defaults). */
export type ScannerIn = Pick<Schemas['ScannerIn'], 'site' | 'name'> &
  Partial<Omit<Schemas['ScannerIn'], 'site' | 'name'>>;

export type VendorFormat = Schemas['VendorFormat'];

export type Setting = Schemas['SettingOut'];

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
  return (await api.get<Schemas['People']>(`${A}/people${qs ? `?${qs}` : ''}`)).people;
}

export const createPerson = (body: PersonIn) => api.post<Person>(`${A}/people`, body);
export const updatePerson = (personId: number, body: PersonChange) =>
  api.patch<Person>(`${A}/people/${id(personId)}`, body);
export const resetPassword = (personId: number, password: string) =>
  api.post<Schemas['Ok']>(`${A}/people/${id(personId)}/password`, { password });
export const endSessions = (personId: number) => api.post<Schemas['Ok']>(`${A}/people/${id(personId)}/sessions/end`);

export async function fetchOrganisation(): Promise<OrgHeadquarters[]> {
  return (await api.get<Schemas['Organisation']>(`${A}/organisation`)).headquarters;
}

export const createCentre = (body: CentreIn) => api.post<Schemas['CentreOut']>(`${A}/centres`, body);
export const updateCentre = (centreId: number, body: Partial<Omit<CentreIn, 'code' | 'headquarters'>>) =>
  api.patch<Schemas['CentreOut']>(`${A}/centres/${id(centreId)}`, body);
export const createSite = (body: SiteIn) => api.post<Schemas['SiteOut']>(`${A}/sites`, body);
export const updateSite = (siteId: number, body: Partial<Omit<SiteIn, 'code'>>) =>
  api.patch<Schemas['SiteOut']>(`${A}/sites/${id(siteId)}`, body);

export async function fetchScanners(): Promise<Scanner[]> {
  return (await api.get<Schemas['Scanners']>(`${A}/scanners`)).scanners;
}

export const createScanner = (body: ScannerIn) => api.post<Schemas['ScannerAdded']>(`${A}/scanners`, body);
/** A change of a scanner; `vendor: null` goes back to recognising the format from the files. */
export type ScannerChange = Partial<Schemas['ScannerChange']>;

export const updateScanner = (scannerId: number, body: ScannerChange) =>
  api.patch<Scanner>(`${A}/scanners/${id(scannerId)}`, body);
export const rotateScannerToken = (scannerId: number) =>
  api.post<Schemas['NewToken']>(`${A}/scanners/${id(scannerId)}/token`);

export async function fetchVendorFormats(): Promise<VendorFormat[]> {
  return (await api.get<Schemas['VendorFormats']>(`${A}/vendor-formats`)).formats;
}

export async function fetchTokens(): Promise<Token[]> {
  return (await api.get<Schemas['Tokens']>(`${A}/tokens`)).tokens;
}

export const createToken = (user: string, name: string) =>
  api.post<Schemas['TokenAdded']>(`${A}/tokens`, { user, name });
export const revokeToken = (tokenId: number) => api.post<Token>(`${A}/tokens/${id(tokenId)}/revoke`);

/** The runtime settings, or null when this server has no settings API (404). */
export async function fetchSettings(): Promise<Setting[] | null> {
  try {
    return (await api.get<Schemas['Settings']>(`${A}/settings`)).settings;
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
