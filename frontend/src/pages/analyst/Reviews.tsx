// The expert's reviews: verdicts picked for a second look.

import { useEffect, useState } from 'preact/hooks';
import { Link, navigate } from '../../router';
import { conveyanceIds, formatScanTime } from '../../scans';
import { errorText, fetchReviews } from '../../workflow';
import type { Review } from '../../workflow';
import { RetryError } from '../../components/RetryError';
import { t } from '../../i18n';

export function reviewStateLabel(state: Review['state']): string {
  return t(`analyst:reviewState.${state}`);
}

export function Reviews({ version }: { version: number }) {
  const [reviews, setReviews] = useState<Review[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      setReviews(await fetchReviews());
      setError(null);
    } catch (err) {
      setError(errorText(err, t('analyst:reviews.loadFailed')));
    }
  };
  useEffect(() => {
    void load();
  }, [version]);
  useEffect(() => {
    document.title = `${t('analyst:reviews.title')} · ${t('common:page.analyst')} · CIPS`;
  }, []);

  const href = (r: Review) => `/analyst/reviews/${r.review_id}`;
  return (
    <section class="ws-page" aria-labelledby="reviews-title">
      <h2 id="reviews-title">{t('analyst:reviews.title')}</h2>
      <p class="muted">{t('analyst:reviews.intro')}</p>
      {error && <RetryError message={error} onRetry={() => void load()} />}
      {reviews === null && !error && (
        <p class="muted" role="status">
          {t('analyst:reviews.loading')}
        </p>
      )}
      {reviews?.length === 0 && <p class="panel">{t('analyst:reviews.none')}</p>}
      {reviews && reviews.length > 0 && (
        <table class="scan-table" data-testid="review-table">
          <thead>
            <tr>
              <th scope="col">{t('analyst:col.scan')}</th>
              <th scope="col">{t('analyst:col.site')}</th>
              <th scope="col">{t('analyst:col.conveyance')}</th>
              <th scope="col">{t('analyst:col.scanned')}</th>
              <th scope="col">{t('analyst:col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {reviews.map((r) => (
              <tr key={r.review_id} onClick={(e) => !(e.target as Element).closest('a') && navigate(href(r))}>
                <td>
                  <Link href={href(r)} translate={false}>
                    {r.scan.scan_uid}
                  </Link>
                </td>
                <td translate={false}>{r.scan.scanner?.site?.code ?? '—'}</td>
                <td translate={false}>{conveyanceIds(r.scan)}</td>
                <td>{formatScanTime(r.scan.scanned_at)}</td>
                <td>
                  <span class={`badge review-state review-state--${r.state}`}>{reviewStateLabel(r.state)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
