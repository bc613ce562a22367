// Threat image projection (docs/tip.md): the reveal after a decision on a projected scan,
// the analyst's break, scores, and the library of fictional threat images.

import { api } from './api';
import type { Region } from './workflow';

export interface TipBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What the verdict route answers (200) instead of a verdict when the scan carried a projected threat. */
export interface TipReveal {
  tip: { outcome: 'hit' | 'miss'; category: string | null; region: TipBox; message: string };
  assignment_id: number;
  scan_id: number;
  links: { dzi: string; data: string };
  deadline: string;
}

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

export interface BreakState {
  user_id: number;
  on_task_since: string | null;
  minutes_on_task: number;
  break_after_minutes: number;
  break_minutes: number;
  on_break: boolean;
  break_until: string | null;
  username?: string;
  display_name?: string;
}

export const fetchMyBreak = async () => (await api.get<{ break: BreakState }>('/tip/me')).break;
export const fetchBreaks = async () => (await api.get<{ analysts: BreakState[] }>('/tip/breaks')).analysts;
export const overrideBreak = (userId: number, reason: string) =>
  api.post<BreakState>(`/tip/breaks/${userId}/override`, { reason });

export interface Trend {
  projections: number;
  hits: number;
  hit_rate: number | null;
  mean_decision_s: number | null;
}

export interface AnalystScore {
  analyst: { id: number; username: string | null; display_name: string | null };
  projections: number;
  hits: number;
  misses: number;
  hit_rate: number | null;
  real_decisions: number;
  false_alarms: number;
  false_alarm_rate: number | null;
  d_prime: number | null;
  refresher: { flagged: boolean; link: string | null };
}

export interface Scores {
  from: string;
  to: string;
  analysts: AnalystScore[];
  total: Trend;
  by_hour: (Trend & { hour: number })[];
  by_minutes_on_task: (Trend & { minutes: string })[];
}

export const fetchScores = (from?: string, to?: string) => {
  const q = new URLSearchParams();
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  const s = q.toString();
  return api.get<Scores>(`/tip/scores${s ? `?${s}` : ''}`);
};

export interface Threat {
  id: number;
  name: string;
  category: string;
  source: 'synthetic' | 'upload';
  width: number;
  height: number;
  active: boolean;
  preview: string;
}

export const fetchThreats = async () => (await api.get<{ threats: Threat[] }>('/tip/threats')).threats;
export const generateThreat = (category: string) => api.post<Threat>('/tip/threats/synthetic', { category });
export const setThreatActive = (id: number, active: boolean) => api.patch<Threat>(`/tip/threats/${id}`, { active });
