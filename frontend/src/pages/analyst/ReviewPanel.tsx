// The review beside the image: first the expert's own decision (blind), then
// the analyst's verdict, then Agree / Disagree with the final decision. Keys as on the
// worklist (keyboard.ts PAGE_KEYS): C clear, S suspect, Enter records / submits.

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { formatSpan } from '../../clock';
import { Link } from '../../router';
import { DECISION_LABELS, blindLook, concludeReview, errorText } from '../../workflow';
import type { Decision, Region, Review, Verdict } from '../../workflow';
import { isPageKey, isTypingTarget } from '../../viewer/keyboard';
import { verdictProblem } from './AssignmentPanel';
import { DecisionButtons } from './DecisionButtons';
import { t } from '../../i18n';

interface Props {
  review: Review;
  verdict: Verdict | null;
  /** The regions the expert drew. */
  mine: Region[];
  onRevealed(v: Verdict, decision: Decision): void;
  onConcluded(): void;
  onStale(): void;
}

function AnalystVerdict({ v, first }: { v: Verdict; first?: Decision | null }) {
  return (
    <div class="review-verdict" data-testid="analyst-verdict">
      <p>
        {t('analyst:review.analystVerdict')}{' '}
        <span class={`verdict-word verdict-word--${v.decision}`}>{DECISION_LABELS[v.decision]}</span>
      </p>
      <p class="muted small">
        <span translate={false}>{v.analyst_ref}</span> ·{' '}
        {t('analyst:review.regions', { count: v.regions?.length ?? 0 })}
        {v.time_spent_s !== undefined && ` · ${formatSpan(v.time_spent_s)}`}
      </p>
      {v.note && <p class="review-verdict__note">“{v.note}”</p>}
      {first && <p class="small">{t('analyst:review.firstLook', { decision: DECISION_LABELS[first] })}</p>}
    </div>
  );
}

export function ReviewPanel({ review, verdict, mine, onRevealed, onConcluded, onStale }: Props) {
  const [blind, setBlind] = useState<Decision | null>(review.blind_decision ?? null);
  const [agree, setAgree] = useState<boolean | null>(null);
  const [final, setFinal] = useState<Decision | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // C / S choose the decision of the current step, Enter takes the step.
  const keys = useRef<{ choose(d: Decision): void; go(): void } | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || e.altKey || e.metaKey || e.ctrlKey || !keys.current) return;
      const el = e.target instanceof HTMLElement ? e.target : null;
      if (isTypingTarget(el) || document.querySelector('.help-backdrop, [data-modal]')) return;
      if (isPageKey(e, 'clear')) keys.current.choose('clear');
      else if (isPageKey(e, 'suspect')) keys.current.choose('suspect');
      else if (isPageKey(e, 'submit') && !el?.closest('button, a, select, [data-own-keys]')) keys.current.go();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const run = async (fn: () => Promise<void>, fallback: string) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorText(err, fallback));
      if (err instanceof ApiError && err.status === 409) onStale();
    } finally {
      setBusy(false);
    }
  };

  keys.current = null;
  if (review.state === 'done') {
    return (
      <section class="assignment" aria-labelledby="review-title">
        <h2 id="review-title" class="side-title">
          {t('analyst:review.recorded')}
        </h2>
        {verdict && <AnalystVerdict v={verdict} first={review.blind_decision} />}
        <p>
          <Link href="/analyst/reviews">{t('analyst:review.back')}</Link>
        </p>
      </section>
    );
  }

  if (review.state === 'blind' || !verdict) {
    const reveal = () =>
      run(async () => {
        const answer = await blindLook(review.review_id, blind!);
        onRevealed(answer.verdict, blind!);
      }, t('analyst:review.recordFailed'));
    keys.current = { choose: setBlind, go: () => blind && !busy && void reveal() };
    return (
      <section class="assignment" aria-labelledby="review-title">
        <h2 id="review-title" class="side-title">
          {t('analyst:reviewState.blind')}
        </h2>
        <p class="small">{t('analyst:review.hiddenUntil')}</p>
        <DecisionButtons
          value={blind}
          onChange={setBlind}
          keys
          disabled={busy}
          label={t('analyst:review.yourDecision')}
        />
        {error && (
          <p class="message message--error" role="alert">
            {error}
          </p>
        )}
        <button
          type="button"
          class="button button--primary button--wide"
          disabled={!blind || busy}
          onClick={() => void reveal()}
        >
          {t('analyst:review.reveal')}
        </button>
      </section>
    );
  }

  const decision: Decision | null = agree ? verdict.decision : final;
  const regions = agree ? (verdict.regions ?? []) : mine;
  const conclude = () => {
    if (agree === null) return setError(t('analyst:review.chooseAgree'));
    const problem = agree ? null : verdictProblem(decision, regions, true);
    if (problem) return setError(problem);
    void run(async () => {
      await concludeReview(review.review_id, { agree, decision: decision!, regions, note: note.trim() });
      onConcluded();
    }, t('analyst:review.sendFailed'));
  };
  // Choosing a decision here means disagreeing with the analyst's, unless it is the same.
  keys.current = {
    choose: (d) => {
      if (d === verdict.decision && agree !== false) setAgree(true);
      else {
        setAgree(false);
        setFinal(d);
      }
      setError(null);
    },
    go: () => !busy && conclude(),
  };

  return (
    <section class="assignment" aria-labelledby="review-title">
      <h2 id="review-title" class="side-title">
        {t('analyst:review.conclusion')}
      </h2>
      <AnalystVerdict v={verdict} first={review.blind_decision ?? blind} />
      <div class="decision" role="group" aria-label={t('analyst:review.conclusionLabel')}>
        <button
          type="button"
          class="decision__btn"
          aria-pressed={agree === true}
          onClick={() => (setAgree(true), setError(null))}
        >
          {t('analyst:review.agree')}
        </button>
        <button
          type="button"
          class="decision__btn"
          aria-pressed={agree === false}
          onClick={() => (setAgree(false), setError(null))}
        >
          {t('analyst:review.disagree')}
        </button>
      </div>
      {agree === false && (
        <>
          <DecisionButtons
            value={final}
            onChange={setFinal}
            keys
            disabled={busy}
            label={t('analyst:review.finalDecision')}
          />
          <p class="muted small">{t('analyst:review.finalRegions', { count: mine.length })}</p>
        </>
      )}
      {agree === true && <p class="muted small">{t('analyst:review.stands')}</p>}
      <label class="assignment__note">
        <span>{t('analyst:review.note')}</span>
        <textarea rows={2} value={note} maxLength={5000} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      <button type="button" class="button button--primary button--wide" disabled={busy} onClick={conclude}>
        {t('analyst:review.submit')}
      </button>
    </section>
  );
}
