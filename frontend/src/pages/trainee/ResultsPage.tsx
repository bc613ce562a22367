// /trainee/attempts/<id>/review: the score, passed or failed, the grade and
// the certificate; then each question in the viewer with the ground truth
// drawn (pink), the candidate's own regions (yellow), right or wrong, whether
// a region hit, and the explanation. Keys: J / K (Page Down / Up) between questions.

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { formatSpan } from '../../clock';
import { LazyViewer } from '../../components/LazyViewer';
import { Link, useLocation } from '../../router';
import { decisionLabel, fetchReview, formatPercent, gradeLabel, imageAsScan } from '../../training';
import type { AttemptReview, ReviewedQuestion } from '../../training';
import { isTypingTarget, pageKeys } from '../../viewer/keyboard';
import type { PageShortcut } from '../../viewer/keyboard';
import { errorText } from '../../workflow';
import { formatDateTime } from '../../format';
import { t, useLanguage } from '../../i18n';
import { useCoalesced } from '../../useCoalesced';
import '../../components/certificates.css';
import '../analyst/analyst.css';
import './trainee.css';

const reviewKeys = (): PageShortcut[] =>
  pageKeys(['nextQuestion', t('training:results.keyNext')], ['previousQuestion', t('training:results.keyPrevious')]);

const decisionText = (d: string | null | undefined) => (d ? decisionLabel(d) : t('training:results.noAnswer'));

/** When the next attempt may start: said instead of offering "Start again" at once. */
function NextAttempt({ at }: { at: string }) {
  const later = new Date(at).getTime() > Date.now();
  return (
    <span class="muted small" data-testid="result-retake">
      {later ? (
        t('training:results.retakeFrom', { time: formatDateTime(at, { showZone: true }) })
      ) : (
        <Link href="/trainee">{t('training:results.retakeNow')}</Link>
      )}
    </span>
  );
}

function Summary({ review }: { review: AttemptReview }) {
  const a = review.attempt;
  const r = a.result;
  if (!r) return <span class="muted">{t('training:results.beingMarked')}</span>;
  const cert = r.certificate;
  return (
    <>
      <span class="result-head__figure">
        {t('training:results.score')} <b data-testid="result-score">{formatPercent(r.score_percent)}</b>{' '}
        <span class="muted">{t('training:results.right', { correct: r.correct, total: r.total })}</span>
      </span>
      <span class={`result-word result-word--${r.passed ? 'pass' : 'fail'}`} data-testid="result-outcome">
        {r.passed ? t('training:history.passed') : t('training:history.failed')}
      </span>
      <span class="result-head__figure">
        {t('training:results.grade')} <b data-testid="result-grade">{gradeLabel(r.grade)}</b>
      </span>
      <span class="muted small">{t('training:history.attemptNumber', { number: a.number })}</span>
      {a.submitted_by === 'timeout' && <span class="muted small">{t('training:results.timedOut')}</span>}
      {cert && (
        <span class="cert-links" data-testid="result-certificate">
          {t('training:results.certificate')} <span translate={false}>{cert.code}</span>:{' '}
          <a href={cert.links.pdf} download>
            {t('certificates:table.downloadPdf')}
          </a>{' '}
          <a href={cert.links.verify} target="_blank" rel="noopener">
            {t('certificates:table.verifyPage')}
          </a>
        </span>
      )}
      {!cert && r.passed && <span class="muted small">{t('training:results.noCertificate')}</span>}
      {r.retake_at && <NextAttempt at={r.retake_at} />}
    </>
  );
}

function ReviewPanel({ q, i, n }: { q: ReviewedQuestion; i: number; n: number }) {
  const suspect = q.expected.decision === 'suspect';
  return (
    <section class="review-panel" aria-labelledby="review-q-title" data-testid="review-panel">
      <h2 id="review-q-title" class="side-title">
        {t('training:attempt.position', { number: i + 1, total: n })}:{' '}
        <span class={`result-word result-word--${q.correct ? 'pass' : 'fail'}`}>
          {q.correct ? t('training:results.rightWord') : t('training:results.wrongWord')}
        </span>
      </h2>
      <p>
        {t('training:results.expected')}{' '}
        <span class={`verdict-word verdict-word--${q.expected.decision}`}>{decisionText(q.expected.decision)}</span> ·{' '}
        {t('training:results.youAnswered')}{' '}
        {q.answer?.decision ? (
          <span class={`verdict-word verdict-word--${q.answer.decision}`}>{decisionText(q.answer.decision)}</span>
        ) : (
          <b>{t('training:results.nothing')}</b>
        )}
      </p>
      {suspect && (
        <p>
          {t('training:results.region')}{' '}
          {q.region_hit === null
            ? '—'
            : q.region_hit
              ? t('training:results.regionHit')
              : t('training:results.regionMissed')}
        </p>
      )}
      {q.time_spent_s !== null && q.time_spent_s !== undefined && (
        <p class="muted small">{t('training:results.timeSpent', { time: formatSpan(q.time_spent_s) })}</p>
      )}
      {q.explanation && (
        <div>
          <h3 class="side-title">{t('training:results.explanation')}</h3>
          <p class="review-panel__explanation" translate={false}>
            {q.explanation}
          </p>
        </div>
      )}
      <div class="review-legend">
        <span>
          <span class="swatch swatch--truth" aria-hidden="true" />
          {t('training:results.groundTruthCount', { count: q.expected.regions.length })}
        </span>
        <span>
          <span class="swatch swatch--mine" aria-hidden="true" />
          {t('training:results.yourRegions', { count: q.answer?.regions?.length ?? 0 })}
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
  const lang = useLanguage();

  const load = useCoalesced(async () => {
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
      setError({ text: errorText(err, t('training:results.loadFailed')), open });
    }
  });
  useEffect(() => {
    tries.current = 0;
    load();
  }, [id, load]);

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
    document.title = review
      ? t('training:results.docTitleExam', { name: review.attempt.exam.name })
      : t('training:results.docTitle');
  }, [review?.attempt.exam.name, lang]);
  useEffect(() => {
    if (review) window.history.replaceState(window.history.state, '', `${window.location.pathname}?q=${index + 1}`);
  }, [index, review]);

  if (!review) {
    return (
      <div class="scan-page__state">
        <h1>{t('training:results.title')}</h1>
        {error ? (
          <p class="message message--error" role="alert">
            {error.text}
            {error.open && (
              <>
                {' '}
                <Link href={`/trainee/attempts/${id}`}>{t('training:results.backToExam')}</Link>
              </>
            )}
          </p>
        ) : (
          <p class="muted" role="status">
            {t('training:results.loading')}
          </p>
        )}
        <p>
          <Link href="/trainee">{t('training:attempt.back')}</Link>
        </p>
      </div>
    );
  }

  const i = Math.min(index, Math.max(n - 1, 0));
  const q = review.questions[i];
  return (
    <>
      <div class="result-head" data-testid="result-summary">
        <Link href="/trainee">{t('training:attempt.back')}</Link>
        <h1>
          {t('training:results.titleExam')} <span translate={false}>{review.attempt.exam.name}</span>
        </h1>
        <Summary review={review} />
        <nav class="question-grid" aria-label={t('training:attempt.questions')}>
          {review.questions.map((x, k) => (
            <button
              key={x.position}
              type="button"
              class={`question-grid__btn question-grid__btn--${x.correct ? 'right' : 'wrong'}`}
              aria-current={k === i ? 'step' : undefined}
              aria-label={t('training:attempt.gridLabel', {
                number: k + 1,
                what: x.correct ? t('training:results.right_') : t('training:results.wrong_'),
              })}
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
          markedTitle={t('training:results.groundTruth')}
          initialRegions={q.answer?.regions ?? []}
          regions={(q.answer?.regions?.length ?? 0) > 0 /* the candidate's own (yellow) need the drawing layer */}
          pageShortcuts={reviewKeys()}
          aside={<ReviewPanel q={q} i={i} n={n} />}
        />
      )}
    </>
  );
}
