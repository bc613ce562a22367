// The interpretation loop (docs/workflow-api.md): types, API calls and labels
// for the analyst worklist, expert reviews, the officer tablet and the wall.

import { ApiError, api } from './api';
import type { Inspection } from './inspections';
import type { Scan } from './scans';
import type { W3CImageAnnotation } from './viewer/regionModel';
import type { LiveEvents } from './generated/events';

export type Decision = 'clear' | 'suspect';
export type Outcome = 'seizure' | 'discrepancy' | 'no_finding';
export type Region = W3CImageAnnotation;

export interface Person {
  id: number;
  display_name: string;
}

export interface Verdict {
  scan_id: number;
  decision: Decision;
  regions: Region[];
  note?: string;
  analyst_ref: string;
  issued_at: string;
  revised: boolean;
  final_decision?: Decision | null;
  final_regions?: Region[] | null;
  time_spent_s?: number;
}

// The full record (findings by category, seals, photos): inspections.ts.
export type { Inspection } from './inspections';

export interface Assignment {
  assignment_id: number;
  scan_id: number;
  state: 'open' | 'decided' | 'revoked';
  assigned_at: string;
  deadline: string;
  dzi: string;
  scan: Scan;
  declaration?: unknown;
  analyst?: Person;
}

export interface WorkstationInfo {
  ready: boolean;
  connected: boolean;
  assignments: Assignment[];
  session: { decided: number; seconds: number };
}

/** `assignment.new` */
export interface AssignmentEvent {
  assignment_id: number;
  scan_id: number;
  dzi: string;
  deadline: string;
  declaration?: unknown;
}

export interface Review {
  review_id: number;
  scan: Scan & { verdict?: Verdict | null };
  state: 'blind' | 'open' | 'done';
  verdict?: Verdict | null;
  blind_decision?: Decision | null;
}

/** A scan of the officer's site with what the site may see of its verdict. */
export interface SiteScan extends Scan {
  /** app/blueprints/assignments/site.py worklist_group: 0 inspect, 1 hold, 2 done. */
  worklist_group?: 0 | 1 | 2;
  verdict: (Partial<Verdict> & { decision: Decision }) | null;
  inspection: Inspection | null;
}

/** `verdict.issued` / `verdict.revised` */
/** verdict.issued / verdict.revised, as the realtime contract states them. */
export type VerdictEvent = LiveEvents['verdict.issued'];

export interface QueueInfo {
  waiting: { scan: Scan; priority: number; waiting_since: string }[];
  assignments: (Assignment & { analyst: Person })[];
  workstations: { user: Person; connected: boolean; ready: boolean; open: number }[];
  stalled: Stalled[];
}

/** A scan that failed, or has been processing too long: nobody can judge it yet. */
export interface Stalled {
  scan_id: number;
  scan_uid: string;
  status: 'failed' | 'processing';
  site: string;
  scanner: string;
  received_at: string;
  failure_reason: string | null;
  attempts: number;
}

export interface Figures {
  decided: number;
  median_seconds: number | null;
  suspect_rate: number | null;
  overturn_rate: number | null;
  hit_rate: number | null;
}

export interface StatsInfo {
  analysts: (Figures & { user: Person })[];
  centres: (Figures & { centre: { id: number; code?: string; name: string } })[];
}

const id = (n: number) => encodeURIComponent(String(n));

export const fetchWorkstation = () => api.get<WorkstationInfo>('/workstation');
export const postReady = (ready: boolean) => api.post<{ ready: boolean }>(`/workstation/${ready ? 'ready' : 'pause'}`);
export const submitVerdict = (assignmentId: number, body: { decision: Decision; regions: Region[]; note: string }) =>
  api.post<Verdict>(`/assignments/${id(assignmentId)}/verdict`, body);

export const fetchReviews = async () => (await api.get<{ reviews: Review[] }>('/reviews')).reviews ?? [];
export const blindLook = (reviewId: number, decision: Decision) =>
  api.post<{ review_id: number; verdict: Verdict }>(`/reviews/${id(reviewId)}/blind`, { decision });
export const concludeReview = (
  reviewId: number,
  body: { agree: boolean; decision: Decision; regions: Region[]; note: string },
) => api.post<unknown>(`/reviews/${id(reviewId)}`, body);

export const fetchSiteScans = async () => (await api.get<{ scans: SiteScan[] }>('/site/scans')).scans ?? [];
export const recordInspection = (scanId: number, body: { outcome: Outcome; findings: string }) =>
  api.post<Inspection>(`/scans/${id(scanId)}/inspection`, body);

export const fetchQueue = () => api.get<QueueInfo>('/queue');
export const fetchStats = () => api.get<StatsInfo>('/stats');
export const setPriority = (scanId: number, priority: number, reason: string) =>
  api.post<unknown>(`/queue/${id(scanId)}/priority`, { priority, reason });
export const retryProcessing = (scanId: number) => api.post<unknown>(`/queue/${id(scanId)}/retry`, {});
export const reassign = (assignmentId: number, analystId: number | null, reason: string) =>
  api.post<unknown>(`/assignments/${id(assignmentId)}/reassign`, { analyst_id: analystId, reason });

// --- Display ----------------------------------------------------------------

export const DECISION_LABELS: Record<Decision, string> = { clear: 'Clear', suspect: 'Suspect' };
export const OUTCOME_LABELS: Record<Outcome, string> = {
  seizure: 'Seizure',
  discrepancy: 'Discrepancy',
  no_finding: 'No finding',
};

/** The decision in force: after an expert review, the reviewed one. */
export function finalDecision(v: Partial<Verdict> & { decision: Decision }): Decision {
  return v.final_decision ?? v.decision;
}

export function finalRegions(v: Partial<Verdict> | null | undefined): Region[] {
  return (v?.final_regions ?? v?.regions ?? []) as Region[];
}

export function personName(p: string | Person | null | undefined): string {
  if (!p) return '—';
  return typeof p === 'string' ? p : p.display_name;
}

export function errorText(err: unknown, fallback: string): string {
  return err instanceof ApiError ? err.message : fallback;
}
