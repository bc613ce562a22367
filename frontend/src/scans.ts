// Scans: API types, calls and display helpers shared by the queue and the viewer.

import { API_BASE, api } from './api';
import type { RequestOptions, Schemas } from './api';
import type { LiveEvents } from './generated/events';
import {
  formatDate,
  formatDateTime as fmtDateTime,
  formatNumber,
  formatTime,
  formatWeight as fmtWeight,
} from './format';
import { t } from './i18n';

// The shapes are the server's own models (app/blueprints/scans/schemas.py), via docs/openapi.json.
export type Scan = Schemas['ScanOut'];
export type Scanner = Schemas['ScanScanner'];
export type ScanStatus = Scan['status'];

/** Payload of the `scan.ready` / `scan.failed` Socket.IO events (the realtime contract). */
export type ScanEvent = LiveEvents['scan.ready'];

/** A link from the API as a path for `api.get` (which adds /api/v1 itself). */
export function apiPath(link: string): string {
  const url = new URL(link, window.location.origin);
  const path = url.pathname + url.search;
  return path.startsWith(`${API_BASE}/`) ? path.slice(API_BASE.length) : path;
}

export async function fetchScans(opts?: RequestOptions): Promise<Scan[]> {
  const data = await api.get<Schemas['ScanList']>('/scans?status=ready,failed&limit=50', opts);
  return sortNewestFirst(data.scans ?? []);
}

export function fetchScan(id: number | string, opts?: RequestOptions): Promise<Scan> {
  return api.get<Scan>(`/scans/${encodeURIComponent(String(id))}`, opts);
}

export function sortNewestFirst(scans: Scan[]): Scan[] {
  return [...scans].sort((a, b) => Date.parse(b.scanned_at) - Date.parse(a.scanned_at));
}

/** Insert or replace a scan, keeping newest first. */
export function upsertScan(scans: Scan[], scan: Scan): Scan[] {
  return sortNewestFirst([scan, ...scans.filter((s) => s.id !== scan.id)]);
}

// --- Display ----------------------------------------------------------------

// In the language in use (format.ts), read when rendering: a language switch re-renders.

/** Time only for today's scans, date and time otherwise. */
export function formatScanTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const today = new Date();
  return d.toDateString() === today.toDateString()
    ? formatTime(d, { seconds: true })
    : formatDate(d) + ' ' + formatTime(d);
}

/** Date and time to the second, with the zone (the scan's time could be doubted). */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : fmtDateTime(d, { seconds: true, showZone: true });
}

export function formatWeight(kg: number | null): string {
  if (kg === null || kg === undefined) return '—';
  return fmtWeight(Math.round(kg));
}

/** Container numbers, else the plate, else "—". */
export function conveyanceIds(scan: Scan): string {
  const ids = [...(scan.conveyance?.container_ids ?? [])];
  if (scan.conveyance?.plate) ids.push(scan.conveyance.plate);
  return ids.length ? ids.join(', ') : '—';
}

export function formatRadiation(scan: Scan): string {
  const cps = scan.radiation?.cps;
  const state = scan.radiation?.alarm ? t('analyst:radiation.alarm') : t('analyst:radiation.none');
  return cps === null || cps === undefined ? state : t('analyst:radiation.withRate', { state, cps: formatNumber(cps) });
}
