// Equipment monitoring (docs/workflow-api.md, "Equipment monitoring"): scanner
// status, the headquarters -> centre -> site -> scanner tree, a scanner's day,
// alerts, the wall's figures; labels and display helpers.

import { api } from './api';

export type ScannerState = 'running' | 'idle' | 'stopped' | 'fault' | 'offline';
export const STATES: ScannerState[] = ['running', 'idle', 'stopped', 'fault', 'offline'];
export const STATE_LABELS: Record<ScannerState, string> = {
  running: 'Running',
  idle: 'Idle',
  stopped: 'Stopped',
  fault: 'Fault',
  offline: 'Offline',
};
/** Most urgent first (fault, offline, …) for sorting and truncation. */
export const STATE_URGENCY: Record<ScannerState, number> = { fault: 0, offline: 1, stopped: 2, idle: 3, running: 4 };

export interface DayFigures {
  running_seconds: number;
  scans: number;
  anomalies: number;
  radiation_alarms: number;
  scans_per_hour: number | null;
  utilisation: number | null;
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  /** IANA time zone (sites), when the server sends it. */
  timezone?: string;
}

export interface ScannerStatus {
  id: number;
  name: string;
  site: Unit;
  kind?: string;
  vendor?: string | null;
  status: ScannerState;
  status_since: string | null;
  last_heartbeat: string | null;
  today: DayFigures;
  fault: { code: string; text: string; at: string } | null;
  skewed?: boolean;
}

export interface Rollup {
  scanners: number;
  by_status: Partial<Record<ScannerState, number>>;
  today: DayFigures;
}

export interface SiteNode extends Unit {
  rollup: Rollup;
  scanners: ScannerStatus[];
}
export interface CentreNode extends Unit {
  rollup: Rollup;
  sites: SiteNode[];
}
export interface HqNode extends Unit {
  rollup: Rollup;
  centres: CentreNode[];
}
export type Scope = 'headquarters' | 'centre' | 'site';
export interface Overview {
  scope: Scope;
  headquarters: HqNode[];
}

export interface Span {
  start: string;
  end: string | null;
}
export interface Timeline {
  scanner: ScannerStatus;
  date: string;
  runs: Span[];
  faults: (Span & { code?: string; text?: string })[];
  scans_per_hour: number[];
  events: { type?: string; at?: string; data?: Record<string, unknown>; skewed?: boolean }[];
  /** The day's figures (also for past days). */
  figures?: DayFigures & { faults?: number };
  /** The day's bounds in the site's time zone, or the zone, when the server sends them. */
  day_start?: string;
  day_end?: string;
  timezone?: string;
}

export interface Alert {
  id: number;
  /** `site` is the site's code (or a Unit). */
  scanner: { id: number; name?: string; site?: string | Unit };
  kind: 'offline' | 'fault' | string;
  detail: string | null;
  raised_at: string;
  cleared_at: string | null;
  /** A user id, a name or a person. */
  acknowledged_by: number | string | { id: number; display_name: string } | null;
  acknowledged_at: string | null;
}

export interface WallInfo {
  generated_at: string;
  scanners: ScannerStatus[];
  queue: { waiting: number; oldest_waiting_seconds: number | null };
  analysts: { online: number; busy: number };
  today: {
    scans: number;
    decided: number;
    decision_seconds_p50: number | null;
    decision_seconds_p95: number | null;
    suspect_rate: number | null;
    hit_rate: number | null;
  };
  scans_per_hour_by_site: { site: { code: string; name: string }; hours: number[] }[];
  alerts: Alert[];
}

export const fetchOverview = () => api.get<Overview>('/equipment/overview');
/** Without a date: the scanner's today (in its site's time zone). */
export const fetchTimeline = (id: number, date?: string) =>
  api.get<Timeline>(`/equipment/scanners/${id}/timeline${date ? `?date=${encodeURIComponent(date)}` : ''}`);
export const fetchAlerts = (state: 'open' | 'all') =>
  api.get<{ alerts: Alert[] }>(`/equipment/alerts?state=${state}`).then((d) => d.alerts);
export const ackAlert = (id: number) => api.post<unknown>(`/equipment/alerts/${id}/ack`);
export const fetchWall = () => api.get<WallInfo>('/wall');

/** `equipment.alert` carries `{alert}`; accept the bare alert too. */
export function alertOf(payload: unknown): Alert | null {
  const p = payload as { alert?: Alert } & Partial<Alert>;
  const a = p && typeof p === 'object' ? (p.alert ?? p) : null;
  return a && typeof (a as Alert).id === 'number' ? (a as Alert) : null;
}

/** Replace (or add) an item by id, keeping the order. */
export function upsert<T extends { id: number }>(list: T[], item: T, atStart = false): T[] {
  const i = list.findIndex((x) => x.id === item.id);
  if (i < 0) return atStart ? [item, ...list] : [...list, item];
  const next = list.slice();
  next[i] = item;
  return next;
}

export function stateOf(s: string | undefined): ScannerState {
  return (STATES as string[]).includes(s ?? '') ? (s as ScannerState) : 'offline';
}

export const ALERT_KINDS: Record<string, string> = { offline: 'Offline', fault: 'Fault' };

export function siteCode(site: string | Unit | undefined | null): string {
  return typeof site === 'string' ? site : (site?.code ?? '');
}

export function alertText(a: Alert): string {
  const where = [a.scanner?.name, siteCode(a.scanner?.site)].filter(Boolean).join(' · ');
  const kind = ALERT_KINDS[a.kind] ?? a.kind;
  return `${where || `Scanner ${a.scanner?.id ?? '?'}`}: ${kind}${a.detail ? ` – ${a.detail}` : ''}`;
}

/** "acknowledged by Ana 10:42", "acknowledged 10:42", or null. */
export function ackedText(a: Alert): string | null {
  const by = a.acknowledged_by;
  if (by === null && !a.acknowledged_at) return null;
  const name = typeof by === 'string' ? by : typeof by === 'object' && by ? by.display_name : '';
  return `acknowledged${name ? ` by ${name}` : ''} ${formatTime(a.acknowledged_at)}`.trim();
}

/** 5400 -> "1 h 30 min"; 0 -> "0 min". */
export function formatHours(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  const m = Math.round(seconds / 60);
  return m >= 60 ? `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min` : `${m} min`;
}

export function formatNumber(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return n.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? '—' : t.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Today as YYYY-MM-DD in local time. */
export function localDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** YYYY-MM-DD plus `days`. */
export function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return localDate(new Date(y, m - 1, d + days));
}
