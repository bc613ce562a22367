// The analyst workstation: the queue at /analyst, one scan at /analyst/scans/<id>.

import { useEffect, useState } from 'preact/hooks';
import { useLocation } from '../router';
import { loadScanPage } from './scanPageChunk';
import type { ScanPageComponent } from './scanPageChunk';
import { ScanQueue } from './ScanQueue';

function LazyScanPage({ id, search }: { id: string; search: string }) {
  const [Page, setPage] = useState<ScanPageComponent | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadScanPage().then(
      (c) => live && setPage(() => c),
      () => live && setError('The image viewer could not be loaded. Check the network connection and reload the page.'),
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
        Opening the viewer…
      </div>
    );
  }
  return <Page id={id} search={search} />;
}

export function AnalystPage() {
  const { path, search } = useLocation();
  const match = /^\/analyst\/scans\/([^/]+)$/.exec(path);
  if (match) return <LazyScanPage id={decodeURIComponent(match[1])} search={search} />;
  return <ScanQueue />;
}
