// Scanners' material calibration: the shapes of /api/v1/scanners/<id>/calibration.

import { api } from './api';

export interface CurvePoint {
  area_density: number;
  a_high: number;
  r: number | null;
}

export interface MaterialReport {
  material: string;
  z_eff: number;
  class: string;
  curve: CurvePoint[];
  points: CurvePoint[];
  undetermined: [number, number][];
}

export interface CalibrationReport {
  model: string;
  label: string;
  source: 'nominal' | 'wedge';
  noise: number;
  block: number;
  rms: { high: number; low: number } | null;
  fitted_at: string | null;
  materials: MaterialReport[];
}

export interface ScannerCalibration {
  scanner: { id: number; name: string; site: string; energy_high_kev: number | null; energy_low_kev: number | null };
  material_source: string;
  model: string | null;
  report: CalibrationReport | null;
  models: Record<string, string>;
}

export interface ScannerRef {
  id: number;
  name: string;
  site: string;
}

interface Org {
  headquarters: {
    centres: { sites: { code: string; scanners: { id: number; name: string; dual_energy: boolean }[] }[] }[];
  }[];
}

export async function fetchDualEnergyScanners(): Promise<ScannerRef[]> {
  const org = await api.get<Org>('/admin/organisation');
  const out: ScannerRef[] = [];
  for (const hq of org.headquarters)
    for (const c of hq.centres)
      for (const s of c.sites)
        for (const sc of s.scanners) if (sc.dual_energy) out.push({ id: sc.id, name: sc.name, site: s.code });
  return out;
}

export const fetchCalibration = (scannerId: number) =>
  api.get<ScannerCalibration>(`/scanners/${scannerId}/calibration`);

/** files: the wedge scan in any vendor format (two files named high/low, or one two-page file). */
export function postCalibration(scannerId: number, files: File[], wedge: File, model: string) {
  const form = new FormData();
  const roleOf = (f: File) =>
    /high/i.test(f.name) ? 'high' : /low/i.test(f.name) ? 'low' : /\.json$/i.test(f.name) ? 'sidecar' : 'single';
  for (const f of files) form.append(roleOf(f), f, f.name);
  form.append('wedge', wedge, wedge.name);
  if (model) form.append('model', model);
  return api.post<ScannerCalibration>(`/scanners/${scannerId}/calibration`, form, { timeoutMs: 120_000 });
}
