// The analyst's workstation state: ready or paused, the open assignments and
// the session counter, kept current over Socket.IO (`assignment.new`,
// `assignment.revoked`, `review.new`). Lives above every analyst view, so an
// assignment that arrives while the analyst browses is not missed.

import { useEffect, useRef, useState } from 'preact/hooks';
import { emitWithAck, useLiveEvents } from '../../live';
import type { LiveStatus } from '../../live';
import { DECISION_LABELS, errorText, fetchReviews, fetchWorkstation, postReady } from '../../workflow';
import type { Assignment, AssignmentEvent, Decision } from '../../workflow';
import { t } from '../../i18n';

/** The server's reasons for taking a scan back (app/blueprints/assignments), in the language in use;
 * a supervisor's own words stay as written. */
function revokeReason(reason: string): string {
  const disconnected = /^the workstation was disconnected for more than (\d+(?:\.\d+)?) s$/.exec(reason);
  if (disconnected) return t('analyst:ws.reason.disconnected', { seconds: disconnected[1] });
  if (reason === 'not decided before the deadline') return t('analyst:ws.reason.deadline');
  const reassigned = /^reassigned by a supervisor: (.*)$/s.exec(reason);
  if (reassigned) return t('analyst:ws.reason.reassigned', { why: reassigned[1] });
  return reason;
}

export type WorkState = 'loading' | 'paused' | 'waiting' | 'working';

export interface Notice {
  kind: 'info' | 'warning' | 'error';
  text: string;
}

export interface Workstation {
  state: WorkState;
  ready: boolean;
  switching: boolean;
  live: LiveStatus;
  /** Open assignments, oldest first; the first is the one to work on. */
  assignments: Assignment[];
  current: Assignment | null;
  /** Server's session figures and when they were read (ms), to tick the clock locally. */
  session: { decided: number; seconds: number; at: number };
  notice: Notice | null;
  loadError: string | null;
  /** Experts: reviews not yet concluded (null for analysts or until known). */
  reviewsPending: number | null;
  /** Changes whenever a review arrives (lists refetch). */
  reviewsVersion: number;
  setReady(ready: boolean): void;
  verdictGiven(assignmentId: number, decision: Decision, scanUid: string): void;
  refresh(): void;
  dismissNotice(): void;
}

const byAssigned = (a: Assignment, b: Assignment) => Date.parse(a.assigned_at) - Date.parse(b.assigned_at);

export function useWorkstation(expert: boolean): Workstation {
  const [loaded, setLoaded] = useState(false);
  const [ready, setReadyState] = useState(false);
  const [switching, setSwitching] = useState(false);
  const [assignments, setAssignments] = useState<Assignment[]>([]);
  const [session, setSession] = useState({ decided: 0, seconds: 0, at: Date.now() });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reviewsPending, setReviewsPending] = useState<number | null>(null);
  const [reviewsVersion, setReviewsVersion] = useState(0);
  const wantReady = useRef(false);
  const loadedRef = useRef(false);
  const seq = useRef(0);

  const refresh = async () => {
    const mine = ++seq.current;
    try {
      const ws = await fetchWorkstation();
      if (mine !== seq.current) return; // a later refresh is on its way
      setReadyState(ws.ready);
      if (!loadedRef.current) wantReady.current = ws.ready;
      loadedRef.current = true;
      setAssignments((ws.assignments ?? []).filter((a) => a.state === 'open').sort(byAssigned));
      setSession({ decided: ws.session?.decided ?? 0, seconds: ws.session?.seconds ?? 0, at: Date.now() });
      setLoadError(null);
      setLoaded(true);
    } catch (err) {
      if (mine === seq.current) setLoadError(errorText(err, t('analyst:ws.loadFailed')));
    }
  };

  const countReviews = async () => {
    if (!expert) return;
    try {
      setReviewsPending((await fetchReviews()).filter((r) => r.state !== 'done').length);
    } catch {
      // the Reviews view shows its own error
    }
  };

  const say = async (want: boolean): Promise<boolean> => {
    const event = want ? 'workstation.ready' : 'workstation.pause';
    try {
      return !!(await emitWithAck<{ ready: boolean }>(event)).ready;
    } catch {
      return !!(await postReady(want)).ready; // socket down or no answer: HTTP
    }
  };

  const setReady = async (want: boolean) => {
    wantReady.current = want;
    setSwitching(true);
    try {
      const now = await say(want);
      setReadyState(now);
      if (want && !now) {
        setNotice({
          kind: 'warning',
          text: t('analyst:ws.notConnected'),
        });
      } else setNotice(null);
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err, t('analyst:ws.switchFailed')) });
    } finally {
      setSwitching(false);
      void refresh();
    }
  };

  const live = useLiveEvents(
    {
      connect: () => {
        // A new connection is a new workstation for the server: say ready again.
        if (wantReady.current)
          void say(true)
            .catch(() => undefined)
            .then(() => refresh());
      },
      'assignment.new': (_e: AssignmentEvent) => void refresh(),
      'assignment.revoked': (e: { assignment_id: number; reason?: string }) => {
        setAssignments((list) => {
          const gone = list.find((a) => a.assignment_id === e.assignment_id);
          if (gone) {
            const uid = gone.scan.scan_uid;
            const text = e.reason
              ? t('analyst:ws.takenBackWhy', { uid, reason: revokeReason(e.reason) })
              : t('analyst:ws.takenBack', { uid });
            setNotice({ kind: 'warning', text });
          }
          return list.filter((a) => a.assignment_id !== e.assignment_id);
        });
        void refresh();
      },
      'review.new': () => {
        setReviewsVersion((v) => v + 1);
        void countReviews();
      },
    },
    () => {
      void refresh();
      void countReviews();
    },
  );

  useEffect(() => {
    void refresh();
    void countReviews();
  }, []);

  const verdictGiven = (assignmentId: number, decision: Decision, scanUid: string) => {
    setAssignments((list) => list.filter((a) => a.assignment_id !== assignmentId));
    setSession((s) => ({ ...s, decided: s.decided + 1 }));
    setNotice({
      kind: 'info',
      text: t('analyst:ws.verdictSent', { decision: DECISION_LABELS[decision], uid: scanUid }),
    });
    void refresh();
  };

  const current = assignments[0] ?? null;
  const state: WorkState = !loaded ? 'loading' : current ? 'working' : ready ? 'waiting' : 'paused';
  return {
    state,
    ready,
    switching,
    live,
    assignments,
    current,
    session,
    notice,
    loadError,
    reviewsPending,
    reviewsVersion,
    setReady: (r) => void setReady(r),
    verdictGiven,
    refresh: () => void refresh(),
    dismissNotice: () => setNotice(null),
  };
}
