// Equipment monitoring (docs/workflow-api.md, "Equipment monitoring"): scanner
// status, the headquarters -> centre -> site -> scanner tree, a scanner's day,
// alerts, the wall's figures; labels and display helpers.

import { api } from './api';
import { formatNumber as formatNumberIntl, formatTime as formatTimeIntl } from './format';
import { t } from './i18n';

export type ScannerState = 'running' | 'idle' | 'stopped' | 'fault' | 'offline';
export const STATES: ScannerState[] = ['running', 'idle', 'stopped', 'fault', 'offline'];
/** "Running", "运行中"… (read while rendering: the language may change). */
export function stateLabel(st: ScannerState): string {
  switch (st) {
    case 'running':
      return t('equipment:state.running');
    case 'idle':
      return t('equipment:state.idle');
    case 'stopped':
      return t('equipment:state.stopped');
    case 'fault':
      return t('equipment:state.fault');
    default:
      return t('equipment:state.offline');
  }
}
/** Most urgent first (fault, offline, …) for sorting and truncation. */
export const STATE_URGENCY: Record<ScannerState, number> = { fault: 0, offline: 1, stopped: 2, idle: 3, running: 4 };

export interface DayFigures {
  /** Powered on (start-up to shut-down). */
  running_seconds: number;
  /** Busy scanning (each scan received keeps it busy a few minutes). */
  scanning_seconds?: number;
  scans: number;
  anomalies: number;
  radiation_alarms: number;
  scans_per_hour: number | null;
  /** Scanning time over powered-on time; null when never powered on. */
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
  last_scan_at?: string | null;
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

export type AnalystState = 'working' | 'ready' | 'paused' | 'offline';
export interface AnalystRow {
  id: number;
  display_name: string;
  centre: string;
  state: AnalystState;
  scan_id: number | null;
  scan_uid: string | null;
  since: string | null;
  decided_today: number;
}

export interface QueueAlarm {
  id: number;
  kind: 'length' | 'wait';
  detail: string;
  value: number;
  threshold: number;
  centre: { id: number; code: string; name: string };
  raised_at: string;
  cleared_at: string | null;
  acknowledged_by: { id: number; display_name: string } | null;
  acknowledged_at: string | null;
}

export interface AlarmThresholds {
  centre: { id: number; code: string; name: string };
  timezone: string;
  waiting: number | null;
  wait_seconds: number | null;
}

export interface WallInfo {
  generated_at: string;
  /** The zone every time on the wall is in (the centre's). */
  timezone: string;
  day_start: string;
  scanners: ScannerStatus[];
  /** Scans received today (the wall's day) per scanner id. */
  scans_today_by_scanner: Record<string, number>;
  queue: { waiting: number; oldest_waiting_seconds: number | null; thresholds: AlarmThresholds[] };
  analysts: { online: number; busy: number };
  analyst_list: AnalystRow[];
  queue_alarms: QueueAlarm[];
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
export const ackQueueAlarm = (id: number) => api.post<QueueAlarm>(`/queue/alarms/${id}/ack`);
export const fetchThresholds = (centreId?: number) =>
  api.get<AlarmThresholds>(`/queue/alarm-thresholds${centreId ? `?centre_id=${centreId}` : ''}`);
export const saveThresholds = (body: { waiting: number | null; wait_seconds: number | null }, centreId?: number) =>
  api.put<AlarmThresholds>(`/queue/alarm-thresholds${centreId ? `?centre_id=${centreId}` : ''}`, body);

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

/** The live connection's state in words (wall tools, equipment). */
export function liveText(status: 'connecting' | 'live' | 'offline'): string {
  if (status === 'live') return t('equipment:live.live');
  if (status === 'connecting') return t('equipment:live.connecting');
  return t('equipment:live.offline');
}

export function stateOf(s: string | undefined): ScannerState {
  return (STATES as string[]).includes(s ?? '') ? (s as ScannerState) : 'offline';
}

export function alertKindLabel(kind: string): string {
  if (kind === 'offline') return t('equipment:alert.offline');
  if (kind === 'fault') return t('equipment:alert.fault');
  return kind;
}

export function siteCode(site: string | Unit | undefined | null): string {
  return typeof site === 'string' ? site : (site?.code ?? '');
}

export function alertText(a: Alert): string {
  const where = [a.scanner?.name, siteCode(a.scanner?.site)].filter(Boolean).join(' · ');
  const kind = alertKindLabel(a.kind);
  return `${where || t('equipment:scannerNumber', { id: a.scanner?.id ?? '?' })}: ${kind}${a.detail ? ` – ${a.detail}` : ''}`;
}

/** "acknowledged by Ana 10:42", "acknowledged 10:42", or null (times in `zone`). */
export function ackedText(
  a: { acknowledged_by: Alert['acknowledged_by']; acknowledged_at: string | null },
  zone?: string | null,
): string | null {
  const by = a.acknowledged_by;
  if (by === null && !a.acknowledged_at) return null;
  const name = typeof by === 'string' ? by : typeof by === 'object' && by ? by.display_name : '';
  const time = formatTime(a.acknowledged_at, zone);
  return name ? t('equipment:ackedBy', { name, time }) : t('equipment:acked', { time });
}

/** 5400 -> "1 h 30 min"; 0 -> "0 min". */
export function formatHours(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  const m = Math.round(seconds / 60);
  return m >= 60
    ? t('equipment:hoursMinutes', { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') })
    : t('equipment:minutes', { m });
}

export function formatNumber(n: number | null | undefined, digits = 0): string {
  return formatNumberIntl(n, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** "14:05" in `zone` (a site's or a centre's; the browser's when absent). */
export function formatTime(iso: string | null | undefined, zone?: string | null, seconds = false): string {
  return formatTimeIntl(iso, { zone, seconds });
}

/** Today as YYYY-MM-DD, in `zone` when given (else the browser's). */
export function localDate(d = new Date(), zone?: string | null): string {
  if (zone)
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(d);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** YYYY-MM-DD plus `days` (calendar arithmetic, no zone involved). */
export function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
