// One expert review: the image first, blind; the analyst's verdict (decision
// and regions, drawn read-only) only after the expert's own decision.

import { useEffect, useState } from 'preact/hooks';
import { LazyViewer } from '../../components/LazyViewer';
import { pageKeys } from '../../viewer/keyboard';
import { Link } from '../../router';
import { conveyanceIds } from '../../scans';
import { errorText, fetchReviews } from '../../workflow';
import type { Region, Review, Verdict } from '../../workflow';
import { ReviewPanel } from './ReviewPanel';
import { t } from '../../i18n';
import { useCoalesced } from '../../useCoalesced';

export function ReviewPage({ id, onChanged }: { id: string; onChanged(): void }) {
  const [review, setReview] = useState<Review | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mine, setMine] = useState<Region[]>([]);

  const load = useCoalesced(async () => {
    try {
      const r = (await fetchReviews()).find((x) => String(x.review_id) === id);
      if (!r) return setError(t('analyst:review.notYours'));
      setReview(r);
      if (r.state !== 'blind') setVerdict(r.verdict ?? null);
      setError(null);
    } catch (err) {
      setError(errorText(err, t('analyst:review.loadFailed')));
    }
  });
  useEffect(() => {
    setReview(null);
    setVerdict(null);
    load();
  }, [id, load]);
  useEffect(() => {
    document.title = `${t('analyst:review.docTitle', { uid: review?.scan.scan_uid ?? id })} · CIPS`;
  }, [review?.scan.scan_uid, id]);

  const head = (
    <div class="scan-page__head">
      <Link href="/analyst/reviews">← {t('analyst:reviews.title')}</Link>
      <h2>{t('analyst:review.heading', { uid: review?.scan.scan_uid ?? id })}</h2>
      {review && (
        <span class="muted small" translate={false}>
          {review.scan.scanner?.site?.code} · {conveyanceIds(review.scan)}
        </span>
      )}
    </div>
  );
  if (error || !review) {
    return (
      <>
        {head}
        <div class="scan-page__state">
          {error ? (
            <p class="message message--error" role="alert">
              {error}
            </p>
          ) : (
            <p class="muted" role="status">
              {t('analyst:review.loading')}
            </p>
          )}
        </div>
      </>
    );
  }
  const revealed = review.state !== 'blind' && !!verdict;
  return (
    <>
      {head}
      <LazyViewer
        key={review.review_id}
        scan={review.scan}
        onRegionsChange={setMine}
        pageShortcuts={pageKeys(
          ['clear', () => t('analyst:review.keys.clear')],
          ['suspect', () => t('analyst:review.keys.suspect')],
          ['submit', () => t('analyst:review.keys.submit')],
          'readyPause',
          'library',
        )}
        markedRegions={revealed ? (verdict!.regions ?? []) : undefined}
        markedTitle={t('analyst:review.markedByAnalyst')}
        aside={
          <ReviewPanel
            review={review}
            verdict={verdict}
            mine={mine}
            onRevealed={(v, decision) => {
              setVerdict(v);
              setReview({ ...review, state: 'open', blind_decision: decision });
              onChanged();
            }}
            onConcluded={() => {
              setReview({ ...review, state: 'done' });
              onChanged();
            }}
            onStale={() => void load()}
          />
        }
      />
    </>
  );
}
