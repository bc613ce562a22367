// Scanners' material calibration: the shapes of /api/v1/scanners/<id>/calibration.

import { api } from './api';
import type { Schemas } from './api';

/** One point of a material's curve: fitted, or a wedge step measured. */
export type CurvePoint = Schemas['CurvePoint'];
/** One wedge material: its fitted curve, the measured points and what cannot be classified. */
export type MaterialReport = Schemas['MaterialReport'];
export type CalibrationReport = Schemas['CalibrationReport'];
/** The answer of GET/POST/DELETE /scanners/<id>/calibration. */
export type ScannerCalibration = Schemas['ScannerCalibration'];

export interface ScannerRef {
  id: number;
  name: string;
  site: string;
}

export async function fetchDualEnergyScanners(): Promise<ScannerRef[]> {
  const org = await api.get<Schemas['Organisation']>('/admin/organisation');
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
