// The exams a candidate may sit: start one (after a confirmation: the clock
// is the server's and starts at once), resume the open attempt, see the
// attempts so far and the best score.

import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { navigate } from '../../router';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { formatLimit, formatPercent, openAttemptId, retakeAt, startAttempt } from '../../training';
import type { Exam } from '../../training';
import { errorText } from '../../workflow';

const attemptHref = (attemptId: number) => `/trainee/attempts/${attemptId}`;

function Status({ exam }: { exam: Exam }) {
  const m = exam.mine;
  if (!m || m.attempts === 0) return <span class="muted">{t('training:exams.notTaken')}</span>;
  return (
    <span>
      {m.passed ? (
        <span class="result-word result-word--pass">{t('training:exams.passed')}</span>
      ) : (
        <span class="muted">{t('training:exams.notPassedYet')}</span>
      )}
      <span class="muted small">
        {' · '}
        {t('training:exams.attemptsBest', { count: m.attempts, best: formatPercent(m.best_percent) })}
      </span>
    </span>
  );
}

/** The retake rule, said where "Start again" would be: no button until the wait is over. */
function RetakeWait({ at }: { at: string }) {
  return (
    <span class="muted small" data-testid="retake-at">
      {t('training:exams.retakeFrom', { time: formatDateTime(at, { showZone: true }) })}
    </span>
  );
}

export function ExamList({ exams }: { exams: Exam[] }) {
  const [starting, setStarting] = useState<Exam | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A refusal for waiting (another tab, a clock that moved): shown on the row from then on.
  const [waits, setWaits] = useState<Record<number, string>>({});

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
      const at = retakeAt(err);
      if (at !== null) {
        setWaits((w) => ({ ...w, [starting.id]: at }));
        setStarting(null);
        setBusy(false);
        return;
      }
      setError(errorText(err, t('training:exams.startFailed')));
      setBusy(false);
    }
  };

  return (
    <>
      <div class="table-wrap">
        <table class="data-table" data-testid="exam-list">
          <caption>{t('training:exams.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('training:exams.exam')}</th>
              <th scope="col" class="num">
                {t('training:exams.questions')}
              </th>
              <th scope="col" class="num">
                {t('training:exams.time')}
              </th>
              <th scope="col" class="num">
                {t('training:exams.passMark')}
              </th>
              <th scope="col">{t('training:exams.yourResults')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('training:exams.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {exams.length === 0 && (
              <tr>
                <td colSpan={6} class="muted">
                  {t('training:exams.none')}
                </td>
              </tr>
            )}
            {exams.map((exam) => {
              const open = exam.mine?.open_attempt_id ?? null;
              const wait = waits[exam.id] ?? exam.mine?.retake_at ?? null;
              return (
                <tr key={exam.id} data-testid={`exam-${exam.id}`}>
                  <td>
                    <b translate={false}>{exam.name}</b>
                    {exam.description && (
                      <div class="muted small" translate={false}>
                        {exam.description}
                      </div>
                    )}
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
                        aria-label={t('training:exams.resumeLabel', { name: exam.name })}
                        onClick={() => navigate(attemptHref(open))}
                      >
                        {t('training:exams.resume')}
                      </button>
                    ) : wait !== null && new Date(wait).getTime() > Date.now() ? (
                      <RetakeWait at={wait} />
                    ) : (
                      <button
                        type="button"
                        class="button"
                        aria-label={t('training:exams.startLabel', { name: exam.name })}
                        onClick={() => {
                          setError(null);
                          setStarting(exam);
                        }}
                      >
                        {exam.mine?.attempts ? t('training:exams.startAgain') : t('training:exams.start')}
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
          title={t('training:exams.confirmTitle', { name: starting.name })}
          confirmLabel={t('training:exams.confirm')}
          busy={busy}
          error={error}
          onConfirm={() => void start()}
          onCancel={() => {
            setStarting(null);
            setBusy(false);
          }}
        >
          <p>
            {t('training:exams.confirmSummary', {
              count: starting.question_count,
              limit: formatLimit(starting.time_limit_s),
              pass: formatPercent(starting.pass_percent),
            })}
          </p>
          <p>{t('training:exams.confirmClock')}</p>
          {!!starting.mine?.retake_wait_hours && (
            <p>{t('training:exams.confirmRetake', { hours: starting.mine.retake_wait_hours })}</p>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}
