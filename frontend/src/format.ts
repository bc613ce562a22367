// Times, numbers and durations as the chosen language writes them (Intl), each time in a
// stated zone: a site's pages in the site's zone, centre and wall pages in the centre's.

import { language, t } from './i18n';

const pad2 = (n: number) => String(n).padStart(2, '0');

type Input = string | number | Date | null | undefined;

function toDate(value: Input): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = language() + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language(), options);
    cache.set(key, f);
  }
  return f;
}

export interface ZoneOptions {
  /** IANA zone, e.g. "Asia/Shanghai"; the browser's zone when absent. */
  zone?: string | null;
  /** Add the zone's short name ("GMT+8", "CET") where the reader could doubt it. */
  showZone?: boolean;
}

function zoneOpts({ zone, showZone }: ZoneOptions): Intl.DateTimeFormatOptions {
  return { ...(zone ? { timeZone: zone } : {}), ...(showZone ? { timeZoneName: 'short' } : {}) };
}

/** "14:05" (24-hour in every language). */
export function formatTime(value: Input, opts: ZoneOptions & { seconds?: boolean } = {}): string {
  const d = toDate(value);
  if (!d) return '—';
  return dtf({
    hour: '2-digit',
    minute: '2-digit',
    ...(opts.seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    ...zoneOpts(opts),
  }).format(d);
}

/** "2026-12-01" style date in the language's order ("2026/12/1" in zh-CN, "1 Dec 2026" in en). */
export function formatDate(value: Input, opts: ZoneOptions = {}): string {
  const d = toDate(value);
  if (!d) return '—';
  return dtf({ year: 'numeric', month: 'short', day: 'numeric', ...zoneOpts(opts) }).format(d);
}

/** Date and time: "1 Dec 2026, 14:05". */
export function formatDateTime(value: Input, opts: ZoneOptions & { seconds?: boolean } = {}): string {
  const d = toDate(value);
  if (!d) return '—';
  return dtf({
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(opts.seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    ...zoneOpts(opts),
  }).format(d);
}

/** The zone's short name now, e.g. "GMT+8", for a heading like "Times in GMT+8". */
export function zoneName(zone: string | null | undefined, at: Input = Date.now()): string {
  const d = toDate(at) ?? new Date();
  const part = dtf({ timeZoneName: 'short', ...(zone ? { timeZone: zone } : {}) })
    .formatToParts(d)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone ?? '';
}

/** Calendar date (YYYY-MM-DD) of an instant in a zone: what "today" means there. */
export function dayInZone(value: Input, zone: string | null | undefined): string {
  const d = toDate(value) ?? new Date();
  const f = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(zone ? { timeZone: zone } : {}),
  });
  return f.format(d);
}

/** Hour of day (0-23) of an instant in a zone. */
export function hourInZone(value: Input, zone: string | null | undefined): number {
  const d = toDate(value) ?? new Date();
  const f = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    hourCycle: 'h23',
    ...(zone ? { timeZone: zone } : {}),
  });
  return Number(f.format(d)) % 24;
}

export function formatNumber(value: number | null | undefined, options: Intl.NumberFormatOptions = {}): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(language(), options).format(value);
}

/** A rate 0..1 as a percentage ("12.5%", "12.5%" in zh-CN too, "12,5 %" where written so). */
export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return formatNumber(rate, { style: 'percent', maximumFractionDigits: rate * 100 >= 10 || rate === 0 ? 0 : digits });
}

/** A weight in kg with the language's grouping: "12,500 kg". */
export function formatWeight(kg: number | null | undefined): string {
  if (kg === null || kg === undefined || Number.isNaN(kg)) return '—';
  return formatNumber(kg, { style: 'unit', unit: 'kilogram', maximumFractionDigits: 1 });
}

/** A span for medians and waits: "12 s", "4 min 5 s", "1 h 2 min" ("1小时2分钟" in zh-CN). */
export function formatSpan(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('common:span.seconds', { s });
  if (s < 3600) return t('common:span.minutes', { m: Math.floor(s / 60), s: pad2(s % 60) });
  return t('common:span.hours', { h: Math.floor(s / 3600), m: pad2(Math.floor((s % 3600) / 60)) });
}
