// The candidate's attempts, newest first: open ones to resume, submitted ones
// with their score and a link to the results.

import { Link } from '../../router';
import { formatScanTime } from '../../scans';
import { formatPercent, gradeLabel } from '../../training';
import type { Attempt } from '../../training';
import { t } from '../../i18n';

function Outcome({ a }: { a: Attempt }) {
  if (a.state === 'open') return <span class="muted">{t('training:history.inProgress')}</span>;
  if (!a.result) return <span class="muted">{t('training:history.beingMarked')}</span>;
  return a.result.passed ? (
    <span class="result-word result-word--pass">{t('training:history.passed')}</span>
  ) : (
    <span class="result-word result-word--fail">{t('training:history.failed')}</span>
  );
}

export function AttemptHistory({ attempts }: { attempts: Attempt[] }) {
  return (
    <div class="table-wrap">
      <table class="data-table" data-testid="attempt-history">
        <caption>{t('training:history.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('training:history.exam')}</th>
            <th scope="col">{t('training:history.started')}</th>
            <th scope="col">{t('training:history.submitted')}</th>
            <th scope="col" class="num">
              {t('training:history.score')}
            </th>
            <th scope="col">{t('training:history.result')}</th>
            <th scope="col">{t('training:history.grade')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('training:history.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {attempts.length === 0 && (
            <tr>
              <td colSpan={7} class="muted">
                {t('training:history.none')}
              </td>
            </tr>
          )}
          {attempts.map((a) => (
            <tr key={a.id} data-testid={`attempt-${a.id}`}>
              <td>
                <span translate={false}>{a.exam.name}</span>
                <span class="muted small"> · {t('training:history.attemptNumber', { number: a.number })}</span>
              </td>
              <td>{formatScanTime(a.started_at)}</td>
              <td>
                {a.submitted_at ? formatScanTime(a.submitted_at) : '—'}
                {a.submitted_by === 'timeout' && <span class="muted small"> {t('training:history.timeRanOut')}</span>}
              </td>
              <td class="num">
                {a.result
                  ? t('training:history.scoreValue', {
                      percent: formatPercent(a.result.score_percent),
                      correct: a.result.correct,
                      total: a.result.total,
                    })
                  : '—'}
              </td>
              <td>
                <Outcome a={a} />
              </td>
              <td>{gradeLabel(a.result?.grade)}</td>
              <td>
                {a.state === 'open' ? (
                  <Link href={`/trainee/attempts/${a.id}`}>{t('training:history.resume')}</Link>
                ) : (
                  <Link
                    href={`/trainee/attempts/${a.id}/review`}
                    aria-label={t('training:history.resultsLabel', {
                      name: a.exam.name,
                      time: formatScanTime(a.started_at),
                    })}
                  >
                    {t('training:history.results')}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
