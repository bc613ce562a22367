// The candidate's attempts, newest first: open ones to resume, submitted ones
// with their score and a link to the results.

import { Link } from '../../router';
import { formatScanTime } from '../../scans';
import { formatPercent, gradeLabel } from '../../training';
import type { Attempt } from '../../training';

function Outcome({ a }: { a: Attempt }) {
  if (a.state === 'open') return <span class="muted">In progress</span>;
  if (!a.result) return <span class="muted">Being marked</span>;
  return a.result.passed ? (
    <span class="result-word result-word--pass">Passed</span>
  ) : (
    <span class="result-word result-word--fail">Failed</span>
  );
}

export function AttemptHistory({ attempts }: { attempts: Attempt[] }) {
  return (
    <div class="table-wrap">
      <table class="data-table" data-testid="attempt-history">
        <caption>Past attempts</caption>
        <thead>
          <tr>
            <th scope="col">Exam</th>
            <th scope="col">Started</th>
            <th scope="col">Submitted</th>
            <th scope="col" class="num">
              Score
            </th>
            <th scope="col">Result</th>
            <th scope="col">Grade</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {attempts.length === 0 && (
            <tr>
              <td colSpan={7} class="muted">
                You have not taken an exam yet.
              </td>
            </tr>
          )}
          {attempts.map((a) => (
            <tr key={a.id} data-testid={`attempt-${a.id}`}>
              <td>{a.exam.name}</td>
              <td>{formatScanTime(a.started_at)}</td>
              <td>
                {a.submitted_at ? formatScanTime(a.submitted_at) : '—'}
                {a.submitted_by === 'timeout' && <span class="muted small"> (time ran out)</span>}
              </td>
              <td class="num">
                {a.result ? `${formatPercent(a.result.score_percent)} (${a.result.correct}/${a.result.total})` : '—'}
              </td>
              <td>
                <Outcome a={a} />
              </td>
              <td>{gradeLabel(a.result?.grade)}</td>
              <td>
                {a.state === 'open' ? (
                  <Link href={`/trainee/attempts/${a.id}`}>Resume</Link>
                ) : (
                  <Link
                    href={`/trainee/attempts/${a.id}/review`}
                    aria-label={`Results of ${a.exam.name}, ${formatScanTime(a.started_at)}`}
                  >
                    Results
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
