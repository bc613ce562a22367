// Reports that run a centre (docs/reports.md): for a day, an ISO week or a month in
// each centre's zone, per centre and analyst (decisions, times, rates), per site (scans
// and what became of them) and per scanner, site and centre (equipment); JSON or CSV.

import { api } from './api';
import type { Schemas } from './api';

// The shapes are the server's own models (app/blueprints/equipment/schemas.py), via docs/openapi.json.
export type Period = Schemas['Report']['period'];
export type Section = 'centres' | 'analysts' | 'sites' | 'equipment';
export type ReportLevel = Schemas['EquipmentRow']['level'];
export type WorkFigures = Omit<Schemas['AnalystRow'], 'analyst' | 'centre'>;
export type CentreRow = Schemas['CentreRow'];
export type AnalystRow = Schemas['AnalystRow'];
export type SiteRow = Schemas['SiteRow'];
export type EquipmentRow = Schemas['EquipmentRow'];
export type Report = Schemas['Report'];

export function reportUrl(period: Period, date: string, section?: Section): string {
  const base = `/reports?period=${period}&date=${encodeURIComponent(date)}`;
  return section ? `${base}&format=csv&section=${section}` : base;
}

export const fetchReport = (period: Period, date: string) => api.get<Report>(reportUrl(period, date));
