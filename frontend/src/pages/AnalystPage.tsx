// The analyst workstation: the worklist at /analyst, expert reviews at
// /analyst/reviews[/<id>], the scan list at /analyst/scans and one scan at
// /analyst/scans/<id>. The workstation state lives here, above all of them.

import { useEffect, useRef, useState } from 'preact/hooks';
import { useUser } from '../auth';
import { isLibraryKey, openLibrary } from '../libraryWindow';
import { useLocation } from '../router';
import { isPageKey, isTypingTarget } from '../viewer/keyboard';
import { BreakPanel } from './analyst/BreakPanel';
import { CertificateBanner } from './analyst/CertificateBanner';
import { ReviewPage } from './analyst/ReviewPage';
import { Reviews } from './analyst/Reviews';
import { useWorkstation } from './analyst/useWorkstation';
import { Worklist } from './analyst/Worklist';
import { WorkstationBar } from './analyst/WorkstationBar';
import { loadScanPage } from './scanPageChunk';
import type { ScanPageComponent } from './scanPageChunk';
import { ScanQueue } from './ScanQueue';
import './analyst/analyst.css';
import { t } from '../i18n';

function LazyScanPage({ id, search }: { id: string; search: string }) {
  const [Page, setPage] = useState<ScanPageComponent | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadScanPage().then(
      (c) => live && setPage(() => c),
      () => live && setError(t('viewer:loadFailed')),
    );
    return () => {
      live = false;
    };
  }, []);
  if (error) {
    return (
      <div class="scan-page__state">
        <p class="message message--error" role="alert">
          {error}
        </p>
      </div>
    );
  }
  if (!Page) {
    return (
      <div class="scan-page__state muted" role="status">
        {t('viewer:opening')}
      </div>
    );
  }
  return <Page id={id} search={search} />;
}

export function AnalystPage() {
  const { path, search } = useLocation();
  const user = useUser();
  const expert = user.roles.includes('expert');
  const ws = useWorkstation(expert);
  const [reviewTick, setReviewTick] = useState(0);

  // F (or the bar's Library button) opens the image library beside the scan, on every analyst view;
  // Q says ready or pauses, as the bar's Ready / Pause buttons do.
  const [libraryBlocked, setLibraryBlocked] = useState(false);
  const library = () => setLibraryBlocked(!openLibrary());
  const wsRef = useRef(ws);
  wsRef.current = ws;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isLibraryKey(e)) {
        e.preventDefault();
        library();
        return;
      }
      if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (!isPageKey(e, 'readyPause') || document.querySelector('[data-modal], .help-backdrop')) return;
      const w = wsRef.current;
      if (w.switching || w.state === 'loading') return;
      e.preventDefault();
      w.setReady(!w.ready);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const scan = /^\/analyst\/scans\/([^/]+)$/.exec(path);
  const review = /^\/analyst\/reviews\/([^/]+)$/.exec(path);
  let view;
  if (scan) view = <LazyScanPage id={decodeURIComponent(scan[1])} search={search} />;
  else if (path === '/analyst/scans') view = <ScanQueue />;
  else if (!expert && path.startsWith('/analyst/reviews')) {
    view = (
      <p class="message message--warning ws-page" role="status">
        {t('analyst:reviewsForExperts')} <a href="/analyst">{t('analyst:backToWorklist')}</a>
      </p>
    );
  } else if (review)
    view = <ReviewPage id={decodeURIComponent(review[1])} onChanged={() => setReviewTick((n) => n + 1)} />;
  else if (path === '/analyst/reviews') view = <Reviews version={ws.reviewsVersion + reviewTick} />;
  else view = <Worklist ws={ws} />;

  return (
    <>
      <WorkstationBar ws={ws} path={path} expert={expert} heading={!scan} onLibrary={library} />
      {libraryBlocked && (
        <p class="message message--warning ws-message" role="alert">
          {t('analyst:libraryBlocked')}{' '}
          <button type="button" class="chip" onClick={() => setLibraryBlocked(false)}>
            {t('analyst:dismiss')}
          </button>
        </p>
      )}
      <CertificateBanner />
      <BreakPanel ws={ws} />
      {view}
    </>
  );
}
