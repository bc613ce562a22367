// Threat image projection (docs/tip.md): the reveal after a decision on a projected scan,
// the analyst's break, scores, and the library of fictional threat images.

import { api } from './api';
import type { Schemas } from './api';
import type { Region } from './workflow';

/** What the verdict route answers (200) instead of a verdict when the scan carried a projected threat. */
export type TipReveal = Schemas['TipReveal'];
/** The projected threat's box, in image pixels. */
export type TipBox = TipReveal['tip']['region'];

export function isReveal(body: unknown): body is TipReveal {
  return !!body && typeof body === 'object' && 'tip' in body && !!(body as TipReveal).tip;
}

/** The FTI's box as a region the viewer can show (MarkedOverlay). */
export function revealRegion(box: TipBox, label: string): Region {
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'Annotation',
    id: 'tip-reveal',
    body: [{ type: 'TextualBody', purpose: 'tagging', value: label }],
    target: {
      selector: {
        type: 'FragmentSelector',
        conformsTo: 'http://www.w3.org/TR/media-frags/',
        value: `xywh=pixel:${box.x},${box.y},${box.w},${box.h}`,
      },
    },
  } as unknown as Region;
}

// The shapes are the server's own models (app/blueprints/tip/schemas.py), via docs/openapi.json.
/** `username` and `display_name` in a supervisor's list of the centre's analysts. */
export type BreakState = Schemas['BreakState'] & Partial<Pick<Schemas['AnalystBreak'], 'username' | 'display_name'>>;

export const fetchMyBreak = async () => (await api.get<Schemas['MyBreak']>('/tip/me')).break;
export const fetchBreaks = async () => (await api.get<Schemas['CentreBreaks']>('/tip/breaks')).analysts;
export const overrideBreak = (userId: number, reason: string) =>
  api.post<BreakState>(`/tip/breaks/${userId}/override`, { reason });

export type Trend = Schemas['Trend'];
export type AnalystScore = Schemas['AnalystScore'];
export type Scores = Schemas['Scores'];

export const fetchScores = (from?: string, to?: string) => {
  const q = new URLSearchParams();
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  const s = q.toString();
  return api.get<Scores>(`/tip/scores${s ? `?${s}` : ''}`);
};

export type Threat = Schemas['ThreatOut'];

export const fetchThreats = async () => (await api.get<Schemas['Threats']>('/tip/threats')).threats;
export const generateThreat = (category: string) => api.post<Threat>('/tip/threats/synthetic', { category });
export const setThreatActive = (id: number, active: boolean) => api.patch<Threat>(`/tip/threats/${id}`, { active });
