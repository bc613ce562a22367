/* eslint-disable @typescript-eslint/no-explicit-any -- the report JSON comes in several shapes (rows, or centres / sites / scanners) and is read loosely until it has a generated type */
// Equipment reports (docs/workflow-api.md, "Equipment monitoring"): a day's or
// a month's figures per centre, site and scanner, as JSON rows or CSV.

import { api } from './api';

export type Period = 'day' | 'month';
export type ReportLevel = 'centre' | 'site' | 'scanner';

export interface ReportRow {
  level: ReportLevel;
  unit: string;
  running_seconds: number | null;
  scans: number | null;
  scans_per_hour: number | null;
  utilisation: number | null;
  anomalies: number | null;
  radiation_alarms: number | null;
  faults: number | null;
}

export function reportUrl(period: Period, date: string, format: 'json' | 'csv'): string {
  return `/reports?period=${period}&date=${encodeURIComponent(date)}&format=${format}`;
}

const num = (v: unknown): number | null => (typeof v === 'number' && !Number.isNaN(v) ? v : null);

function toRow(level: ReportLevel, r: Record<string, any>): ReportRow {
  const named = r.unit ?? r.name ?? r[level]?.name ?? r.code ?? '';
  const unit = typeof named === 'object' && named ? (named.name ?? named.code ?? '') : String(named);
  const hours = num(r.running_hours);
  return {
    level,
    unit,
    running_seconds: num(r.running_seconds) ?? (hours !== null ? hours * 3600 : null),
    scans: num(r.scans),
    scans_per_hour: num(r.scans_per_hour),
    utilisation: num(r.utilisation),
    anomalies: num(r.anomalies),
    radiation_alarms: num(r.radiation_alarms),
    faults: num(r.faults),
  };
}

/** `{"rows": [{level, unit, …}]}` (or `centres` / `sites` / `scanners` lists). */
export async function fetchReport(period: Period, date: string): Promise<ReportRow[]> {
  const data = await api.get<Record<string, any>>(reportUrl(period, date, 'json'));
  if (Array.isArray(data?.rows)) {
    return data.rows.map((r: Record<string, any>) => toRow((r.level ?? r.kind ?? 'scanner') as ReportLevel, r));
  }
  const levels: [ReportLevel, string][] = [
    ['centre', 'centres'],
    ['site', 'sites'],
    ['scanner', 'scanners'],
  ];
  return levels.flatMap(([level, key]) =>
    Array.isArray(data?.[key]) ? data[key].map((r: Record<string, any>) => toRow(level, r)) : [],
  );
}
