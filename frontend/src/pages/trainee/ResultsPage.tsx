// /trainee/attempts/<id>/review: the score, passed or failed, the grade and
// the certificate; then each question in the viewer with the ground truth
// drawn (pink), the candidate's own regions (yellow), right or wrong, whether
// a region hit, and the explanation. Keys: J / K (Page Down / Up) between questions.

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { formatSpan } from '../../clock';
import { LazyViewer } from '../../components/LazyViewer';
import { Link, useLocation } from '../../router';
import { fetchReview, formatPercent, gradeLabel, imageAsScan } from '../../training';
import type { AttemptReview, ReviewedQuestion } from '../../training';
import { isTypingTarget, pageKeys } from '../../viewer/keyboard';
import type { PageShortcut } from '../../viewer/keyboard';
import { DECISION_LABELS, errorText } from '../../workflow';
import '../../components/certificates.css';
import '../analyst/analyst.css';
import './trainee.css';

const REVIEW_KEYS: PageShortcut[] = pageKeys(
  ['nextQuestion', 'Show the next question'],
  ['previousQuestion', 'Show the previous question'],
);

const decisionText = (d: string | null | undefined) => (d ? (DECISION_LABELS[d as 'clear'] ?? d) : 'No answer');

function Summary({ review }: { review: AttemptReview }) {
  const a = review.attempt;
  const r = a.result;
  if (!r) return <span class="muted">Being marked…</span>;
  const cert = r.certificate;
  return (
    <>
      <span class="result-head__figure">
        Score <b data-testid="result-score">{formatPercent(r.score_percent)}</b>{' '}
        <span class="muted">
          ({r.correct} of {r.total} right)
        </span>
      </span>
      <span class={`result-word result-word--${r.passed ? 'pass' : 'fail'}`} data-testid="result-outcome">
        {r.passed ? 'Passed' : 'Failed'}
      </span>
      <span class="result-head__figure">
        Grade <b data-testid="result-grade">{gradeLabel(r.grade)}</b>
      </span>
      {a.submitted_by === 'timeout' && <span class="muted small">Submitted when the time ran out.</span>}
      {cert && (
        <span class="cert-links" data-testid="result-certificate">
          Certificate {cert.code}:{' '}
          <a href={cert.links.pdf} download>
            Download PDF
          </a>{' '}
          <a href={cert.links.verify} target="_blank" rel="noopener">
            Verification page
          </a>
        </span>
      )}
      {!cert && r.passed && <span class="muted small">No certificate was issued for this attempt.</span>}
    </>
  );
}

function ReviewPanel({ q, i, n }: { q: ReviewedQuestion; i: number; n: number }) {
  const suspect = q.expected.decision === 'suspect';
  return (
    <section class="review-panel" aria-labelledby="review-q-title" data-testid="review-panel">
      <h2 id="review-q-title" class="side-title">
        Question {i + 1} of {n}:{' '}
        <span class={`result-word result-word--${q.correct ? 'pass' : 'fail'}`}>{q.correct ? 'Right' : 'Wrong'}</span>
      </h2>
      <p>
        Expected{' '}
        <span class={`verdict-word verdict-word--${q.expected.decision}`}>{decisionText(q.expected.decision)}</span> ·
        you answered{' '}
        {q.answer?.decision ? (
          <span class={`verdict-word verdict-word--${q.answer.decision}`}>{decisionText(q.answer.decision)}</span>
        ) : (
          <b>nothing</b>
        )}
      </p>
      {suspect && (
        <p>
          Region:{' '}
          {q.region_hit === null
            ? '—'
            : q.region_hit
              ? 'your region hit the ground truth'
              : 'no region of yours hit the ground truth'}
        </p>
      )}
      {q.time_spent_s !== null && q.time_spent_s !== undefined && (
        <p class="muted small">Time on this question: {formatSpan(q.time_spent_s)}</p>
      )}
      {q.explanation && (
        <div>
          <h3 class="side-title">Explanation</h3>
          <p class="review-panel__explanation">{q.explanation}</p>
        </div>
      )}
      <div class="review-legend">
        <span>
          <span class="swatch swatch--truth" aria-hidden="true" />
          Ground truth ({q.expected.regions.length})
        </span>
        <span>
          <span class="swatch swatch--mine" aria-hidden="true" />
          Your regions ({q.answer?.regions?.length ?? 0}) – changes here are not saved
        </span>
      </div>
    </section>
  );
}

export function ResultsPage({ id }: { id: string }) {
  const { search } = useLocation();
  const [review, setReview] = useState<AttemptReview | null>(null);
  const [error, setError] = useState<{ text: string; open: boolean } | null>(null);
  const q0 = Number(new URLSearchParams(search).get('q'));
  const [index, setIndex] = useState(Number.isInteger(q0) && q0 > 0 ? q0 - 1 : 0);
  const tries = useRef(0);

  const load = async () => {
    try {
      const r = await fetchReview(id);
      r.questions.sort((x, y) => x.position - y.position);
      setReview(r);
      setError(null);
    } catch (err) {
      const open = err instanceof ApiError && err.code === 'not_submitted';
      // Just timed out: the server may take a moment to submit it.
      if (open && tries.current++ < 8) {
        window.setTimeout(() => void load(), 1500);
        return;
      }
      setError({ text: errorText(err, 'The results could not be loaded.'), open });
    }
  };
  useEffect(() => {
    tries.current = 0;
    void load();
  }, [id]);

  const n = review?.questions.length ?? 0;
  const go = (i: number) => n && setIndex(Math.min(Math.max(i, 0), n - 1));
  const goRef = useRef(go);
  goRef.current = go;
  const indexRef = useRef(index);
  indexRef.current = index;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.metaKey || e.ctrlKey || isTypingTarget(e.target)) return;
      if (document.querySelector('.help-backdrop')) return;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (key === 'j' || key === 'PageDown') goRef.current(indexRef.current + 1);
      else if (key === 'k' || key === 'PageUp') goRef.current(indexRef.current - 1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  useEffect(() => {
    document.title = `Results${review ? ` · ${review.attempt.exam.name}` : ''} · Training · CIPS`;
  }, [review?.attempt.exam.name]);
  useEffect(() => {
    if (review) window.history.replaceState(window.history.state, '', `${window.location.pathname}?q=${index + 1}`);
  }, [index, review]);

  if (!review) {
    return (
      <div class="scan-page__state">
        <h1>Results</h1>
        {error ? (
          <p class="message message--error" role="alert">
            {error.text}
            {error.open && (
              <>
                {' '}
                <Link href={`/trainee/attempts/${id}`}>Back to the exam</Link>
              </>
            )}
          </p>
        ) : (
          <p class="muted" role="status">
            Loading your results…
          </p>
        )}
        <p>
          <Link href="/trainee">← Training</Link>
        </p>
      </div>
    );
  }

  const i = Math.min(index, Math.max(n - 1, 0));
  const q = review.questions[i];
  return (
    <>
      <div class="result-head" data-testid="result-summary">
        <Link href="/trainee">← Training</Link>
        <h1>Results: {review.attempt.exam.name}</h1>
        <Summary review={review} />
        <nav class="question-grid" aria-label="Questions">
          {review.questions.map((x, k) => (
            <button
              key={x.position}
              type="button"
              class={`question-grid__btn question-grid__btn--${x.correct ? 'right' : 'wrong'}`}
              aria-current={k === i ? 'step' : undefined}
              aria-label={`Question ${k + 1}, ${x.correct ? 'right' : 'wrong'}`}
              onClick={() => setIndex(k)}
            >
              {k + 1}
              <span aria-hidden="true">{x.correct ? '✓' : '✗'}</span>
            </button>
          ))}
        </nav>
      </div>
      {q && (
        <LazyViewer
          key={q.position}
          scan={imageAsScan(q.image)}
          markedRegions={q.expected.regions ?? []}
          markedTitle="Ground truth"
          initialRegions={q.answer?.regions ?? []}
          regions={(q.answer?.regions?.length ?? 0) > 0 /* the candidate's own (yellow) need the drawing layer */}
          pageShortcuts={REVIEW_KEYS}
          aside={<ReviewPanel q={q} i={i} n={n} />}
        />
      )}
    </>
  );
}
