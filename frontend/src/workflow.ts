// The interpretation loop (docs/workflow-api.md): types, API calls and labels
// for the analyst worklist, expert reviews, the officer tablet and the wall.

import { ApiError, api } from './api';
import type { Schemas } from './api';
import type { Inspection } from './inspections';
import type { W3CImageAnnotation } from './viewer/regionModel';
import type { LiveEvents } from './generated/events';
import { t } from './i18n';

// The shapes are the server's own models (app/blueprints/assignments/answers.py), via
// docs/openapi.json. A region is a W3C Web Annotation the server checks by hand
// (app/regions.py) and describes as an object: here it keeps the viewer's precise type.
export type Region = W3CImageAnnotation;
type WithRegions<T> = Omit<T, 'regions' | 'final_regions'> & { regions: Region[]; final_regions: Region[] };

export type Decision = Schemas['VerdictOut']['decision'];
export type Outcome = Schemas['InspectionIn']['outcome'];
export type Person = Schemas['Person'];
export type Verdict = WithRegions<Schemas['VerdictOut']>;

// The full record (findings by category, seals, photos): inspections.ts.
export type { Inspection } from './inspections';

export type Assignment = Schemas['AssignmentOut'];
export type WorkstationInfo = Schemas['WorkstationOut'];

/** `assignment.new` (the realtime contract). */
export type AssignmentEvent = LiveEvents['assignment.new'];

/** An expert's review: the analyst's verdict and the conclusion once the blind look is recorded. */
export type Review = Schemas['ReviewOut'] &
  Partial<Pick<Schemas['RevealedReview'], 'agree' | 'decision'>> & { verdict?: Verdict };
/** A review once the blind look is recorded (the answer to it and to the conclusion). */
export type RevealedReview = Review & { verdict: Verdict };

/** A scan of the officer's site with what the site may see of its verdict (worklist_group:
 * 0 inspect, 1 hold, 2 done). */
export type SiteScan = Omit<Schemas['SiteScanOut'], 'verdict'> & {
  verdict: (Omit<Schemas['SiteVerdict'], 'regions'> & { regions: Region[] }) | null;
};

/** verdict.issued / verdict.revised, as the realtime contract states them. */
export type VerdictEvent = LiveEvents['verdict.issued'];

export type QueueInfo = Schemas['QueueOut'];
/** A scan that failed, or has been processing too long: nobody can judge it yet. */
export type Stalled = Schemas['StalledScan'];
export type Figures = Omit<Schemas['AnalystFigures'], 'user'>;
export type StatsInfo = Schemas['StatsOut'];

const id = (n: number) => encodeURIComponent(String(n));

export const fetchWorkstation = () => api.get<WorkstationInfo>('/workstation');
export const postReady = (ready: boolean) =>
  api.post<Schemas['PresenceOut']>(`/workstation/${ready ? 'ready' : 'pause'}`);
export const submitVerdict = (assignmentId: number, body: { decision: Decision; regions: Region[]; note: string }) =>
  api.post<Verdict>(`/assignments/${id(assignmentId)}/verdict`, body);

export const fetchReviews = async () => (await api.get<{ reviews: Review[] }>('/reviews')).reviews ?? [];
export const blindLook = (reviewId: number, decision: Decision) =>
  api.post<RevealedReview>(`/reviews/${id(reviewId)}/blind`, { decision });
export const concludeReview = (
  reviewId: number,
  body: { agree: boolean; decision: Decision; regions: Region[]; note: string },
) => api.post<RevealedReview>(`/reviews/${id(reviewId)}`, body);

export const fetchSiteScans = async () => (await api.get<{ scans: SiteScan[] }>('/site/scans')).scans ?? [];
export const recordInspection = (scanId: number, body: { outcome: Outcome; findings: string }) =>
  api.post<Inspection>(`/scans/${id(scanId)}/inspection`, body);

export const fetchQueue = () => api.get<QueueInfo>('/queue');
export const fetchStats = () => api.get<StatsInfo>('/stats');
export const setPriority = (scanId: number, priority: number, reason: string) =>
  api.post<Schemas['PriorityOut']>(`/queue/${id(scanId)}/priority`, { priority, reason });
export const retryProcessing = (scanId: number) => api.post<Schemas['RetryOut']>(`/queue/${id(scanId)}/retry`, {});
export const reassign = (assignmentId: number, analystId: number | null, reason: string) =>
  api.post<Schemas['Done']>(`/assignments/${id(assignmentId)}/reassign`, { analyst_id: analystId, reason });

// --- Display ----------------------------------------------------------------

// Labels read in the language in use each time they are shown (getters, not strings fixed at load).
export const DECISION_LABELS: Record<Decision, string> = {
  get clear() {
    return t('analyst:decision.clear');
  },
  get suspect() {
    return t('analyst:decision.suspect');
  },
};
export const OUTCOME_LABELS: Record<Outcome, string> = {
  get seizure() {
    return t('analyst:outcome.seizure');
  },
  get discrepancy() {
    return t('analyst:outcome.discrepancy');
  },
  get no_finding() {
    return t('analyst:outcome.no_finding');
  },
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
