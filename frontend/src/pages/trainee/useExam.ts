// One attempt while it is taken: the questions, the candidate's answers as
// they change, saving them (PUT .../answer) and the server's clock.
//
// Saving: a new decision is sent at once, drawn regions shortly after the
// last change, and anything unsent when the candidate moves to another
// question or submits. Each question remembers which of its edits the server
// has confirmed, so the page can say "saved" or "not saved" truthfully.
//
// The clock: the server's `remaining_s` (re-read on every load and with every
// saved answer) counts down locally. At zero, or when the server answers
// `409 time_up`, the attempt is over: the page says so and opens the results
// once the server has submitted it.

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { navigate } from '../../router';
import { fetchAttempt, saveAnswer, submitAttempt } from '../../training';
import type { Attempt, AttemptQuestion } from '../../training';
import { labelOf, withLabel } from '../../viewer/regionModel';
import { errorText } from '../../workflow';
import type { Decision, Region } from '../../workflow';
import { t } from '../../i18n';

export interface Slot {
  decision: Decision | null;
  regions: Region[];
  /** Local edits so far, and the last one the server has confirmed. */
  rev: number;
  savedRev: number;
  saving: boolean;
  error: string | null;
}

export type SaveState = 'empty' | 'saved' | 'saving' | 'unsaved' | 'incomplete' | 'error';

/** Why an answer cannot be sent as it is, or null. */
export function answerProblem(s: Slot): string | null {
  if (!s.decision) return t('training:attempt.problemUnanswered');
  if (s.decision === 'suspect' && s.regions.length === 0) {
    return t('training:attempt.problemNoRegion');
  }
  return null;
}

export function saveState(s: Slot): SaveState {
  if (s.saving) return 'saving';
  if (s.rev === s.savedRev) return s.decision ? 'saved' : 'empty';
  if (s.error) return 'error';
  return answerProblem(s) ? 'incomplete' : 'unsaved';
}

/** Regions need a label on the server; in an exam the label is optional (stored data, not shown text). */
const DEFAULT_LABEL = 'Suspect area';
const labelled = (regions: Region[]) => regions.map((r) => (labelOf(r) ? r : withLabel(r, DEFAULT_LABEL)));

export type Ending = 'time_up' | 'submitted';

const REGION_SAVE_DELAY_MS = 700;
const reviewHref = (attemptId: number | string) => `/trainee/attempts/${attemptId}/review`;

export function useExam(attemptId: string, initialIndex: number) {
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [index, setIndexState] = useState(0);
  const [deadline, setDeadline] = useState<number | null>(null);
  const [ending, setEnding] = useState<Ending | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const slots = useRef<Slot[]>([]);
  const questions = useRef<AttemptQuestion[]>([]);
  const inflight = useRef<(Promise<void> | null)[]>([]);
  const timers = useRef<number[]>([]);
  const endingRef = useRef<Ending | null>(null);
  const indexRef = useRef(0);
  indexRef.current = index;
  const attemptRef = useRef<Attempt | null>(null);
  attemptRef.current = attempt;

  const update = (i: number, patch: Partial<Slot>) => {
    slots.current[i] = { ...slots.current[i], ...patch };
    setTick((t) => t + 1);
  };

  const load = async () => {
    try {
      const a = await fetchAttempt(attemptId);
      if (a.state === 'submitted') return navigate(reviewHref(a.id), { replace: true });
      const qs = [...(a.questions ?? [])].sort((x, y) => x.position - y.position);
      questions.current = qs;
      slots.current = qs.map((q) => ({
        decision: q.answer?.decision ?? null,
        regions: q.answer?.regions ?? [],
        rev: 0,
        savedRev: 0,
        saving: false,
        error: null,
      }));
      inflight.current = qs.map(() => null);
      setIndexState(Math.min(Math.max(initialIndex, 0), Math.max(qs.length - 1, 0)));
      setDeadline(Date.now() + Math.max(0, a.remaining_s) * 1000);
      attemptRef.current = a;
      setAttempt(a);
      setLoadError(null);
    } catch (err) {
      setLoadError(errorText(err, t('training:attempt.loadFailed')));
    }
  };

  useEffect(() => {
    void load();
    // Leaving the exam page (the clock runs on): send what is still waiting.
    return () => {
      timers.current.forEach((t) => window.clearTimeout(t));
      if (!endingRef.current) slots.current.forEach((_, i) => void flush(i));
    };
  }, [attemptId]);

  /** The attempt is over: say so, and open the results once the server has submitted it. */
  const end = async (why: Ending) => {
    if (endingRef.current) return;
    endingRef.current = why;
    setEnding(why);
    timers.current.forEach((t) => window.clearTimeout(t));
    const id = attemptRef.current?.id ?? attemptId;
    for (let i = 0; i < 10; i++) {
      try {
        if ((await fetchAttempt(id)).state === 'submitted') break;
      } catch {
        // keep trying: the results page retries too
      }
      if (i === 4) await submitAttempt(Number(id)).catch(() => undefined);
      await new Promise((r) => window.setTimeout(r, 1000));
    }
    navigate(reviewHref(id), { replace: true });
  };

  const onRefused = (err: unknown) => {
    if (!(err instanceof ApiError)) return;
    if (err.code === 'time_up') void end('time_up');
    else if (err.code === 'submitted') void end('submitted');
  };

  /** Send question i's answer if it has unsent edits; resolves true when the server has it. */
  const flush = async (i: number): Promise<boolean> => {
    window.clearTimeout(timers.current[i]);
    for (;;) {
      const running = inflight.current[i];
      if (running) {
        await running;
        continue;
      }
      const s = slots.current[i];
      const q = questions.current[i];
      const a = attemptRef.current;
      if (!s || !q || !a) return false;
      if (s.rev === s.savedRev) return true;
      if (answerProblem(s) || endingRef.current) return false;
      const rev = s.rev;
      let ok = true;
      const p = (async () => {
        update(i, { saving: true, error: null });
        try {
          const res = await saveAnswer(a.id, q.position, { decision: s.decision!, regions: labelled(s.regions) });
          update(i, { saving: false, savedRev: Math.max(slots.current[i].savedRev, rev) });
          if (typeof res.remaining_s === 'number') setDeadline(Date.now() + Math.max(0, res.remaining_s) * 1000);
        } catch (err) {
          ok = false;
          update(i, { saving: false, error: errorText(err, t('training:attempt.saveFailed')) });
          onRefused(err);
        }
      })();
      inflight.current[i] = p;
      await p;
      inflight.current[i] = null;
      if (!ok) return false;
    }
  };

  const edit = (i: number, patch: Partial<Slot>, delay: number) => {
    if (endingRef.current || !slots.current[i]) return;
    update(i, { ...patch, rev: slots.current[i].rev + 1, error: null });
    window.clearTimeout(timers.current[i]);
    if (delay <= 0) void flush(i);
    else timers.current[i] = window.setTimeout(() => void flush(i), delay);
  };

  const setIndex = (next: number) => {
    const n = questions.current.length;
    if (!n) return;
    const to = Math.min(Math.max(next, 0), n - 1);
    if (to === indexRef.current) return;
    void flush(indexRef.current);
    setIndexState(to);
  };

  /** After a failed save, a second press submits what the server has. */
  const forceNext = useRef(false);
  const submit = async (): Promise<void> => {
    if (!attempt || submitting) return;
    setSubmitting(true);
    setSubmitError(null);
    try {
      await Promise.all(slots.current.map((_, i) => flush(i)));
      if (endingRef.current) return;
      const failed = slots.current.filter((s) => s.error && s.rev !== s.savedRev).length;
      if (failed && !forceNext.current) {
        forceNext.current = true;
        setSubmitError(t('training:attempt.submitUnsaved', { count: failed }));
        setSubmitting(false);
        return;
      }
      await submitAttempt(attempt.id);
      endingRef.current = 'submitted';
      navigate(reviewHref(attempt.id), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'time_up' || err.code === 'submitted')) {
        onRefused(err);
        return;
      }
      setSubmitError(errorText(err, t('training:attempt.submitFailed')));
      setSubmitting(false);
    }
  };

  // The clock: end at zero.
  useEffect(() => {
    if (deadline === null || endingRef.current) return;
    const t = window.setTimeout(() => void end('time_up'), Math.max(0, deadline - Date.now()));
    return () => window.clearTimeout(t);
  }, [deadline]);

  // Leaving the tab or the page: send what is waiting.
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') slots.current.forEach((_, i) => void flush(i));
    };
    document.addEventListener('visibilitychange', onHide);
    return () => document.removeEventListener('visibilitychange', onHide);
  });

  return {
    attempt,
    loadError,
    reload: load,
    questions: questions.current,
    slots: slots.current,
    index,
    setIndex,
    deadline,
    ending,
    submitting,
    submitError,
    clearSubmitError: () => {
      forceNext.current = false;
      setSubmitError(null);
    },
    setDecision: (i: number, decision: Decision) => {
      if (slots.current[i]?.decision !== decision) edit(i, { decision }, 0);
    },
    setRegions: (i: number, regions: Region[]) => edit(i, { regions }, REGION_SAVE_DELAY_MS),
    retry: (i: number) => void flush(i),
    submit,
  };
}

export type ExamState = ReturnType<typeof useExam>;
