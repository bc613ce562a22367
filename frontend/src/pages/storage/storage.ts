// Storage planning: the API's shapes (app/blueprints/storage/report.py, docs/storage.md).

import { api } from '../../api';

export interface StorageReport {
  store: string;
  kind: 'local' | 's3';
  total_bytes: number;
  objects: number;
  scans: number;
  bytes_per_scan: number;
  bytes_per_scan_by_kind: Record<string, number>;
  by_site: Record<string, number>;
  by_scanner: Record<string, number>;
  by_kind: Record<string, number>;
  by_month: Record<string, number>;
  growth_days: number;
  growth_bytes_per_day: number;
  capacity_bytes: number | null;
  days_until_full: number | null;
}

export interface StoragePlan {
  scanners: number;
  scans_per_day: number;
  bytes_per_scan: number;
  retention_days: number;
  bytes_per_day: number;
  bytes_needed: number;
}

export interface RetentionRule {
  kind: string;
  keep_days: number | null;
  pyramid_days: number | null;
  updated_at: string | null;
}

export const fetchStorageReport = () => api.get<StorageReport>('/storage/report');
export const fetchRetentionRules = () => api.get<RetentionRule[]>('/storage/retention');
export const saveRetentionRule = (kind: string, keep_days: number | null, pyramid_days: number | null) =>
  api.put<RetentionRule>(`/storage/retention/${encodeURIComponent(kind)}`, { keep_days, pyramid_days });
export const fetchPlan = (scanners: number, scansPerDay: number, bytesPerScan: number, retentionDays: number) =>
  api.get<StoragePlan>(
    `/storage/plan?scanners=${scanners}&scans_per_day=${scansPerDay}&bytes_per_scan=${bytesPerScan}&retention_days=${retentionDays}`,
  );

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
