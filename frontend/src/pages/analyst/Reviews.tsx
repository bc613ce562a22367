// The expert's reviews: verdicts picked for a second look.

import { useEffect, useState } from 'preact/hooks';
import { Link, navigate } from '../../router';
import { conveyanceIds, formatScanTime } from '../../scans';
import { errorText, fetchReviews } from '../../workflow';
import type { Review } from '../../workflow';
import { RetryError } from '../../components/RetryError';

export const REVIEW_STATES: Record<Review['state'], string> = {
  blind: 'Your look first',
  open: 'Conclude',
  done: 'Done',
};

export function Reviews({ version }: { version: number }) {
  const [reviews, setReviews] = useState<Review[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      setReviews(await fetchReviews());
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The reviews could not be loaded.'));
    }
  };
  useEffect(() => {
    void load();
  }, [version]);
  useEffect(() => {
    document.title = 'Reviews · Analyst workstation · CIPS';
  }, []);

  const href = (r: Review) => `/analyst/reviews/${r.review_id}`;
  return (
    <section class="ws-page" aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews</h2>
      <p class="muted">
        Verdicts picked for an expert's second look. You judge each scan first without seeing the analyst's verdict;
        then it is shown and you agree or correct it.
      </p>
      {error && <RetryError message={error} onRetry={() => void load()} />}
      {reviews === null && !error && (
        <p class="muted" role="status">
          Loading reviews…
        </p>
      )}
      {reviews?.length === 0 && <p class="panel">No reviews for you. New ones appear here as they arrive.</p>}
      {reviews && reviews.length > 0 && (
        <table class="scan-table" data-testid="review-table">
          <thead>
            <tr>
              <th scope="col">Scan</th>
              <th scope="col">Site</th>
              <th scope="col">Containers / plate</th>
              <th scope="col">Scanned</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {reviews.map((r) => (
              <tr key={r.review_id} onClick={(e) => !(e.target as Element).closest('a') && navigate(href(r))}>
                <td>
                  <Link href={href(r)}>{r.scan.scan_uid}</Link>
                </td>
                <td>{r.scan.scanner?.site?.code ?? '—'}</td>
                <td>{conveyanceIds(r.scan)}</td>
                <td>{formatScanTime(r.scan.scanned_at)}</td>
                <td>
                  <span class={`badge review-state review-state--${r.state}`}>{REVIEW_STATES[r.state]}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
