// Reports that run a centre (docs/reports.md): for a day, an ISO week or a month in
// each centre's zone, per centre and analyst (decisions, times, rates), per site (scans
// and what became of them) and per scanner, site and centre (equipment); JSON or CSV.

import { api } from './api';

export type Period = 'day' | 'week' | 'month';
export type Section = 'centres' | 'analysts' | 'sites' | 'equipment';
export type ReportLevel = 'centre' | 'site' | 'scanner';

export interface WorkFigures {
  decided: number;
  suspects: number;
  suspect_rate: number | null;
  inspected_suspects: number;
  hits: number;
  hit_rate: number | null;
  reviewed: number;
  agreed: number;
  agreement_rate: number | null;
  overturns: number;
  decision_seconds_p50: number | null;
  decision_seconds_p95: number | null;
  scan_to_verdict_seconds_p50: number | null;
  verdict_to_inspection_seconds_p50: number | null;
  released: number;
  scan_to_release_seconds_p50: number | null;
}

interface Ref {
  id: number;
  code: string;
  name: string;
}

export interface CentreRow extends WorkFigures {
  centre: Ref;
  timezone: string;
  start: string;
  end: string;
}

export interface AnalystRow extends WorkFigures {
  analyst: { id: number; display_name: string };
  centre: string;
}

export interface SiteRow {
  site: Ref;
  centre: string;
  scans: number;
  radiation_alarms: number;
  suspects: number;
  inspected: number;
  findings: number;
}

export interface EquipmentRow {
  level: ReportLevel;
  unit: string;
  running_seconds: number;
  scanning_seconds: number;
  scans: number;
  scans_per_hour: number;
  utilisation: number | null;
  anomalies: number;
  radiation_alarms: number;
  faults: number;
}

export interface Report {
  period: Period;
  date: string;
  centres: CentreRow[];
  analysts: AnalystRow[];
  sites: SiteRow[];
  equipment: EquipmentRow[];
}

export function reportUrl(period: Period, date: string, section?: Section): string {
  const base = `/reports?period=${period}&date=${encodeURIComponent(date)}`;
  return section ? `${base}&format=csv&section=${section}` : base;
}

export const fetchReport = (period: Period, date: string) => api.get<Report>(reportUrl(period, date));
