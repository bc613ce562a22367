// Storage planning: the API's shapes, generated from its models (app/blueprints/storage/schemas.py).

import { api } from '../../api';
import type { Schemas } from '../../api';

export type StorageReport = Schemas['StorageReport'];
export type StoragePlan = Schemas['StoragePlan'];
export type RetentionRule = Schemas['RetentionRuleOut'];

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
