// Inspection records (the site officer's physical inspection) as the API gives
// them, for the officer's tablet and for whoever else may read them (the
// analyst who judged the scan, supervisors): GET /scans/<id>/inspection.

import { ApiError, api } from './api';
import type { Schemas } from './api';

export type Outcome = Schemas['InspectionIn']['outcome'];
export const OUTCOMES: Outcome[] = ['seizure', 'discrepancy', 'no_finding'];

/** app/models/workflow.py FINDING_UNITS (tests/officer/test_units.py keeps them equal). */
export const FINDING_UNITS = ['pieces', 'packages', 'cartons', 'kg', 'g', 'litres', 'sticks'] as const;
export type FindingUnit = (typeof FINDING_UNITS)[number];

// The shapes are the server's own models (app/blueprints/assignments/answers.py), via docs/openapi.json.
export type Finding = Schemas['FindingOut'];
export type InspectionPhoto = Schemas['PhotoOut'];
export type Inspection = Schemas['InspectionOut'];

/** What the tablet sends (the `record` part; photos travel as `photos` parts): always with
 * its key, under which the outbox files the record. */
export type InspectionRecord = Schemas['InspectionIn'] & { client_key: string };

/** The scan's inspection, or null when none is recorded (or the reader may not see it). */
export async function fetchInspection(scanId: number): Promise<Inspection | null> {
  try {
    return await api.get<Inspection>(`/scans/${encodeURIComponent(String(scanId))}/inspection`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export function postInspection(scanId: number, record: InspectionRecord, photos: { name: string; blob: Blob }[]) {
  const form = new FormData();
  form.append('record', JSON.stringify(record));
  for (const p of photos) form.append('photos', p.blob, p.name);
  // Photos on a slow port Wi-Fi: give the upload time.
  return api.post<Inspection>(`/scans/${encodeURIComponent(String(scanId))}/inspection`, form, {
    timeoutMs: 180_000,
  });
}
