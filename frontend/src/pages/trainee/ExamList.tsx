// The exams a candidate may sit: start one (after a confirmation: the clock
// is the server's and starts at once), resume the open attempt, see the
// attempts so far and the best score.

import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { navigate } from '../../router';
import { formatLimit, formatPercent, openAttemptId, startAttempt } from '../../training';
import type { Exam } from '../../training';
import { errorText } from '../../workflow';

const attemptHref = (attemptId: number) => `/trainee/attempts/${attemptId}`;

function Status({ exam }: { exam: Exam }) {
  const m = exam.mine;
  if (!m || m.attempts === 0) return <span class="muted">Not taken</span>;
  return (
    <span>
      {m.passed ? <span class="result-word result-word--pass">Passed</span> : <span class="muted">Not passed yet</span>}
      <span class="muted small">
        {' '}
        · {m.attempts} {m.attempts === 1 ? 'attempt' : 'attempts'}, best {formatPercent(m.best_percent)}
      </span>
    </span>
  );
}

export function ExamList({ exams }: { exams: Exam[] }) {
  const [starting, setStarting] = useState<Exam | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = async () => {
    if (!starting) return;
    setBusy(true);
    setError(null);
    try {
      const attempt = await startAttempt(starting.id);
      navigate(attemptHref(attempt.id));
    } catch (err) {
      const open = openAttemptId(err);
      if (open !== null) return navigate(attemptHref(open));
      setError(errorText(err, 'The exam could not be started. Try again.'));
      setBusy(false);
    }
  };

  return (
    <>
      <div class="table-wrap">
        <table class="data-table" data-testid="exam-list">
          <caption>Exams</caption>
          <thead>
            <tr>
              <th scope="col">Exam</th>
              <th scope="col" class="num">
                Questions
              </th>
              <th scope="col" class="num">
                Time
              </th>
              <th scope="col" class="num">
                Pass mark
              </th>
              <th scope="col">Your results</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {exams.length === 0 && (
              <tr>
                <td colSpan={6} class="muted">
                  No exams are open at the moment.
                </td>
              </tr>
            )}
            {exams.map((exam) => {
              const open = exam.mine?.open_attempt_id ?? null;
              return (
                <tr key={exam.id} data-testid={`exam-${exam.id}`}>
                  <td>
                    <b>{exam.name}</b>
                    {exam.description && <div class="muted small">{exam.description}</div>}
                  </td>
                  <td class="num">{exam.question_count}</td>
                  <td class="num">{formatLimit(exam.time_limit_s)}</td>
                  <td class="num">{formatPercent(exam.pass_percent)}</td>
                  <td>
                    <Status exam={exam} />
                  </td>
                  <td>
                    {open !== null ? (
                      <button
                        type="button"
                        class="button button--primary"
                        aria-label={`Resume ${exam.name}`}
                        onClick={() => navigate(attemptHref(open))}
                      >
                        Resume
                      </button>
                    ) : (
                      <button
                        type="button"
                        class="button"
                        aria-label={`Start ${exam.name}`}
                        onClick={() => {
                          setError(null);
                          setStarting(exam);
                        }}
                      >
                        {exam.mine?.attempts ? 'Start again' : 'Start'}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {starting && (
        <ConfirmDialog
          title={`Start “${starting.name}”?`}
          confirmLabel="Start the exam"
          busy={busy}
          error={error}
          onConfirm={() => void start()}
          onCancel={() => {
            setStarting(null);
            setBusy(false);
          }}
        >
          <p>
            {starting.question_count} {starting.question_count === 1 ? 'question' : 'questions'} in{' '}
            {formatLimit(starting.time_limit_s)}; the pass mark is {formatPercent(starting.pass_percent)}.
          </p>
          <p>
            The clock starts now and keeps running if you close or reload the page. When the time is up, your answers
            are submitted as they stand.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
