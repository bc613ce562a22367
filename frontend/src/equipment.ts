// Equipment monitoring (docs/workflow-api.md, "Equipment monitoring"): scanner
// status, the headquarters -> centre -> site -> scanner tree, a scanner's day,
// alerts, the wall's figures; labels and display helpers.

import { api } from './api';
import type { Schemas } from './api';
import { formatNumber as formatNumberIntl, formatTime as formatTimeIntl } from './format';
import { t } from './i18n';

// The shapes are the server's own models (app/blueprints/equipment/schemas.py), via docs/openapi.json.
export type ScannerState = Schemas['ScannerStatus']['status'];
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

export type DayFigures = Schemas['DayFigures'];

export type Unit = Schemas['Unit'];

export type ScannerStatus = Schemas['ScannerStatus'];

export type Rollup = Schemas['Rollup'];

export type SiteNode = Schemas['SiteNode'];
export type CentreNode = Schemas['CentreNode'];
export type HqNode = Schemas['HqNode'];
export type Scope = Schemas['Overview']['scope'];
export type Overview = Schemas['Overview'];

export type Span = Schemas['Span'];
export type Timeline = Schemas['Timeline'];

export type Alert = Schemas['AlertOut'];

export type AnalystRow = Schemas['AnalystState'];
export type AnalystState = AnalystRow['state'];
export type QueueAlarm = Schemas['QueueAlarmOut'];
export type AlarmThresholds = Schemas['AlarmThresholdsOut'];
export type WallInfo = Schemas['Wall'];

export const fetchOverview = () => api.get<Overview>('/equipment/overview');
/** Without a date: the scanner's today (in its site's time zone). */
export const fetchTimeline = (id: number, date?: string) =>
  api.get<Timeline>(`/equipment/scanners/${id}/timeline${date ? `?date=${encodeURIComponent(date)}` : ''}`);
export const fetchAlerts = (state: 'open' | 'all') =>
  api.get<Schemas['Alerts']>(`/equipment/alerts?state=${state}`).then((d) => d.alerts);
export const ackAlert = (id: number) => api.post<Alert>(`/equipment/alerts/${id}/ack`);
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
