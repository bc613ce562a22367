// Statistics for instructors: how each question performs (too easy, too
// hard) and how each candidate progresses over their attempts.

import { useEffect, useState } from 'preact/hooks';
import { formatSpan } from '../../clock';
import { Link } from '../../router';
import { fetchCandidateStats, fetchQuestionStats, formatDate, formatPercent, gradeLabel } from '../../training';
import type { CandidateStat, QuestionStat } from '../../training';
import { errorText } from '../../workflow';
import { ProgressChart } from './ProgressChart';

const FLAG_LABELS = { too_easy: 'Too easy', too_hard: 'Too hard' };

function QuestionTable({ rows }: { rows: QuestionStat[] }) {
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const shown = flaggedOnly ? rows.filter((r) => r.flag) : rows;
  const flagged = rows.filter((r) => r.flag).length;
  return (
    <>
      <div class="table-wrap">
        <table class="data-table" data-testid="question-stats">
          <caption>Questions</caption>
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col" class="num">
                Difficulty
              </th>
              <th scope="col">Tags</th>
              <th scope="col" class="num">
                Answered
              </th>
              <th scope="col" class="num">
                Right
              </th>
              <th scope="col" class="num">
                Median time
              </th>
              <th scope="col">Flag</th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td colSpan={7} class="muted">
                  {flaggedOnly ? 'No question is flagged.' : 'No questions yet.'}
                </td>
              </tr>
            )}
            {shown.map((r) => (
              <tr key={r.id} data-testid={`question-stat-${r.id}`}>
                <td>
                  <Link href={`/academy/questions/${r.id}`}>#{r.id}</Link>
                </td>
                <td class="num">{r.difficulty}</td>
                <td>{r.tags.join(', ') || '—'}</td>
                <td class="num">{r.answered}</td>
                <td class="num">{formatPercent(r.right_percent)}</td>
                <td class="num">{formatSpan(r.median_time_s)}</td>
                <td>
                  {r.flag ? (
                    <span class={`badge flag flag--${r.flag}`}>{FLAG_LABELS[r.flag]}</span>
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
        Only flagged questions ({flagged})
      </label>
      <p class="muted small">
        Flags need at least five answers: “too easy” when nearly everyone is right, “too hard” when most are wrong
        (often an ambiguous image or ground truth).
      </p>
    </>
  );
}

function CandidateTable({ rows }: { rows: CandidateStat[] }) {
  return (
    <div class="table-wrap">
      <table class="data-table" data-testid="candidate-stats">
        <caption>Candidates</caption>
        <thead>
          <tr>
            <th scope="col">Candidate</th>
            <th scope="col" class="num">
              Attempts
            </th>
            <th scope="col">Progress (oldest to newest)</th>
            <th scope="col">Latest</th>
            <th scope="col" class="num">
              Best
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={5} class="muted">
                Nobody has submitted an exam yet.
              </td>
            </tr>
          )}
          {rows.map((c) => {
            const latest = c.attempts[c.attempts.length - 1];
            const best = Math.max(...c.attempts.map((a) => a.score_percent ?? 0));
            const examName = latest && (typeof latest.exam === 'string' ? latest.exam : latest.exam?.name);
            return (
              <tr key={c.user.id} data-testid={`candidate-${c.user.username}`}>
                <td>
                  {c.user.display_name} <span class="muted small">({c.user.username})</span>
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
                      {formatPercent(latest.score_percent)} ·{' '}
                      {latest.passed ? `passed, ${gradeLabel(latest.grade)}` : 'failed'}
                      <div class="muted">
                        {examName} · {formatDate(latest.submitted_at)}
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
      setErrors((e) => ({ ...e, questions: errorText(err, 'The question statistics could not be loaded.') })),
    );
    fetchCandidateStats().then(setCandidates, (err: unknown) =>
      setErrors((e) => ({ ...e, candidates: errorText(err, 'The candidate statistics could not be loaded.') })),
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
      <h2 id="stats-title">Statistics</h2>
      {failed(errors.questions)}
      {!errors.questions && !questions && <p class="muted">Loading…</p>}
      {questions && <QuestionTable rows={questions} />}
      {failed(errors.candidates)}
      {candidates && <CandidateTable rows={candidates} />}
    </section>
  );
}
