// Statistics for instructors: how each question performs (too easy, too
// hard) and how each candidate progresses over their attempts.

import { useEffect, useState } from 'preact/hooks';
import { formatSpan } from '../../clock';
import { Link } from '../../router';
import { fetchCandidateStats, fetchQuestionStats, formatDate, formatPercent, gradeLabel } from '../../training';
import type { CandidateStat, QuestionStat } from '../../training';
import { errorText } from '../../workflow';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { ProgressChart } from './ProgressChart';

const flagLabel = (flag: 'too_easy' | 'too_hard') =>
  flag === 'too_easy' ? t('academy:stats.tooEasy') : t('academy:stats.tooHard');

type AttemptStat = CandidateStat['attempts'][number];

function attemptOutcome(a: AttemptStat): string {
  if (a.state === 'open') return t('academy:stats.inProgress');
  return a.passed ? t('academy:stats.passedGrade', { grade: gradeLabel(a.grade) }) : t('academy:stats.failed');
}

/** Each attempt of one candidate: number, when, score, the questions drawn (right or wrong), the certificate. */
function AttemptList({ c }: { c: CandidateStat }) {
  return (
    <details class="attempt-list" data-testid={`candidate-attempts-${c.user.username}`}>
      <summary>{t('academy:stats.showAttempts', { count: c.attempts.length })}</summary>
      <ol class="small">
        {c.attempts.map((a) => (
          <li key={a.id} data-testid={`candidate-attempt-${a.id}`}>
            <b>{t('academy:stats.attemptNumber', { number: a.number })}</b>
            {' · '}
            <span translate={false}>{typeof a.exam === 'string' ? a.exam : a.exam.name}</span>
            {' · '}
            {formatDateTime(a.submitted_at ?? a.started_at)}
            {' · '}
            {a.state === 'submitted' ? formatPercent(a.score_percent) : '—'} · {attemptOutcome(a)}
            {a.submitted_by === 'timeout' && <> · {t('academy:stats.timedOut')}</>}
            {a.certificate_code && (
              <>
                {' · '}
                {t('academy:stats.certificate')} <span translate={false}>{a.certificate_code}</span>
              </>
            )}
            <div class="muted">
              {t('academy:stats.questionsDrawn')}{' '}
              {a.questions.map((q, k) => (
                <span key={q.position}>
                  {k > 0 && ', '}
                  <Link href={`/academy/questions/${q.question_id}`}>#{q.question_id}</Link>
                  {q.correct === true && <span aria-label={t('academy:stats.right')}> ✓</span>}
                  {q.correct === false && <span aria-label={t('academy:stats.wrong')}> ✗</span>}
                </span>
              ))}
            </div>
          </li>
        ))}
      </ol>
    </details>
  );
}

function QuestionTable({ rows }: { rows: QuestionStat[] }) {
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const shown = flaggedOnly ? rows.filter((r) => r.flag) : rows;
  const flagged = rows.filter((r) => r.flag).length;
  return (
    <>
      <div class="table-wrap">
        <table class="data-table" data-testid="question-stats">
          <caption>{t('academy:stats.questions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('academy:stats.question')}</th>
              <th scope="col" class="num">
                {t('academy:stats.difficulty')}
              </th>
              <th scope="col">{t('academy:stats.tags')}</th>
              <th scope="col" class="num">
                {t('academy:stats.answered')}
              </th>
              <th scope="col" class="num">
                {t('academy:stats.rightCol')}
              </th>
              <th scope="col" class="num">
                {t('academy:stats.medianTime')}
              </th>
              <th scope="col">{t('academy:stats.flag')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td colSpan={7} class="muted">
                  {flaggedOnly ? t('academy:stats.noneFlagged') : t('academy:stats.noQuestions')}
                </td>
              </tr>
            )}
            {shown.map((r) => (
              <tr key={r.id} data-testid={`question-stat-${r.id}`}>
                <td>
                  <Link href={`/academy/questions/${r.id}`}>#{r.id}</Link>
                </td>
                <td class="num">{r.difficulty}</td>
                <td translate={false}>{r.tags.join(', ') || '—'}</td>
                <td class="num">{r.answered}</td>
                <td class="num">{formatPercent(r.right_percent)}</td>
                <td class="num">{formatSpan(r.median_time_s)}</td>
                <td>
                  {r.flag ? (
                    <span class={`badge flag flag--${r.flag}`}>{flagLabel(r.flag)}</span>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <label class="form-check">
        <input type="checkbox" checked={flaggedOnly} onChange={(e) => setFlaggedOnly(e.currentTarget.checked)} />
        {t('academy:stats.onlyFlagged', { count: flagged })}
      </label>
      <p class="muted small">{t('academy:stats.flagsHint')}</p>
    </>
  );
}

function CandidateTable({ rows }: { rows: CandidateStat[] }) {
  return (
    <div class="table-wrap">
      <table class="data-table" data-testid="candidate-stats">
        <caption>{t('academy:stats.candidates')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('academy:stats.candidate')}</th>
            <th scope="col" class="num">
              {t('academy:stats.attempts')}
            </th>
            <th scope="col">{t('academy:stats.progress')}</th>
            <th scope="col">{t('academy:stats.latest')}</th>
            <th scope="col" class="num">
              {t('academy:stats.best')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={5} class="muted">
                {t('academy:stats.nobody')}
              </td>
            </tr>
          )}
          {rows.map((c) => {
            const done = c.attempts.filter((a) => a.state !== 'open');
            const latest = done[done.length - 1];
            const best = Math.max(...c.attempts.map((a) => a.score_percent ?? 0));
            const examName = latest && (typeof latest.exam === 'string' ? latest.exam : latest.exam?.name);
            return (
              <tr key={c.user.id} data-testid={`candidate-${c.user.username}`}>
                <td>
                  <span translate={false}>
                    {c.user.display_name} <span class="muted small">({c.user.username})</span>
                  </span>
                  <AttemptList c={c} />
                </td>
                <td class="num">{c.attempts.length}</td>
                <td>
                  <ProgressChart
                    name={c.user.display_name}
                    points={c.attempts.map((a) => ({ score: a.score_percent, passed: a.passed }))}
                  />
                </td>
                <td class="small">
                  {latest ? (
                    <>
                      {formatPercent(latest.score_percent)} · {attemptOutcome(latest)}
                      <div class="muted">
                        <span translate={false}>{examName}</span> · {formatDate(latest.submitted_at)}
                      </div>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td class="num">{c.attempts.length ? formatPercent(best) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function Stats() {
  const [questions, setQuestions] = useState<QuestionStat[] | null>(null);
  const [candidates, setCandidates] = useState<CandidateStat[] | null>(null);
  const [errors, setErrors] = useState<{ questions?: string; candidates?: string }>({});
  useEffect(() => {
    // Each table on its own: one failing does not hide the other.
    fetchQuestionStats().then(setQuestions, (err: unknown) =>
      setErrors((e) => ({ ...e, questions: errorText(err, t('academy:stats.questionsFailed')) })),
    );
    fetchCandidateStats().then(setCandidates, (err: unknown) =>
      setErrors((e) => ({ ...e, candidates: errorText(err, t('academy:stats.candidatesFailed')) })),
    );
  }, []);
  const failed = (text?: string) =>
    text && (
      <p class="message message--error" role="alert">
        {text}
      </p>
    );
  return (
    <section aria-labelledby="stats-title">
      <h2 id="stats-title">{t('academy:stats.title')}</h2>
      {failed(errors.questions)}
      {!errors.questions && !questions && <p class="muted">{t('academy:loading')}</p>}
      {questions && <QuestionTable rows={questions} />}
      {failed(errors.candidates)}
      {candidates && <CandidateTable rows={candidates} />}
    </section>
  );
}
