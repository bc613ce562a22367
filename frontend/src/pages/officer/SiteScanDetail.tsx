// One scan on the tablet: the ids big, the verdict, the image with the
// analyst's regions (read-only) and the physical inspection.

import { useEffect, useState } from 'preact/hooks';
import { DeclarationPanel } from '../../components/declaration/DeclarationPanel';
import { LazyViewer } from '../../components/LazyViewer';
import { Link } from '../../router';
import { formatDateTime } from '../../scans';
import { finalRegions } from '../../workflow';
import type { SiteScan } from '../../workflow';
import { InspectionForm, InspectionResult } from './InspectionForm';
import { siteStatus } from './status';
import type { SiteScans } from './useSiteScans';

function VerdictBanner({ s }: { s: SiteScan }) {
  const st = siteStatus(s);
  const text: Record<string, [string, string]> = {
    suspect: ['Suspect', 'Inspect the marked regions.'],
    clear: ['Clear', 'Release.'],
    waiting: ['Waiting', 'The verdict appears here by itself.'],
    processing: ['Processing', 'The image is still being processed.'],
    failed: ['Scan failed', s.failure_reason || 'Scan the vehicle again.'],
  };
  const [word, hint] = text[st];
  return (
    <div class={`verdict-banner verdict-banner--${st}`} data-testid="verdict-banner">
      <span class="verdict-banner__word">{word}</span>
      <span class="verdict-banner__hint">{hint}</span>
      {s.verdict?.revised && <span class="verdict-banner__revised">Revised after expert review</span>}
      {st === 'suspect' && !s.inspection && (
        <a class="button verdict-banner__jump" href="#inspection">
          Go to the inspection form
        </a>
      )}
    </div>
  );
}

export function SiteScanDetail({ id, site }: { id: string; site: SiteScans }) {
  const s = site.scans?.find((x) => String(x.id) === id) ?? null;
  const [inspectClear, setInspectClear] = useState(false);
  useEffect(() => {
    if (s) site.seen(s.id);
  }, [s?.id, s?.verdict?.decision, s?.verdict?.revised]);

  const back = (
    <Link href="/officer" class="button back-button">
      ← All scans
    </Link>
  );
  if (!s) {
    return (
      <>
        {back}
        {site.scans === null ? (
          <p class="muted" role="status">
            Loading…
          </p>
        ) : (
          <p class="message message--warning">This scan is not in today's list for your site.</p>
        )}
      </>
    );
  }
  const st = siteStatus(s);
  const ids = s.conveyance?.container_ids ?? [];
  const showForm = !s.inspection && (st === 'suspect' || inspectClear);
  return (
    <article class="site-detail" aria-labelledby="detail-ids">
      {back}
      <h2 id="detail-ids" class="site-detail__ids">
        {ids.map((c) => (
          <span key={c}>{c}</span>
        ))}
        {s.conveyance?.plate && <span class="site-detail__plate">Plate {s.conveyance.plate}</span>}
        {!ids.length && !s.conveyance?.plate && <span>Scan {s.scan_uid}</span>}
      </h2>
      <p class="muted">
        {s.scanner?.name} · scanned {formatDateTime(s.scanned_at)} · {s.scan_uid}
      </p>
      <VerdictBanner s={s} />
      {s.status === 'ready' && (
        <div class="site-detail__viewer">
          <LazyViewer
            scan={s}
            regions={false}
            markedRegions={finalRegions(s.verdict)}
            markedTitle="Marked by the analyst"
          />
        </div>
      )}
      <div class="site-detail__declaration">
        <DeclarationPanel scanId={s.id} canLink={false} />
      </div>
      {s.inspection && <InspectionResult inspection={s.inspection} />}
      {showForm && <InspectionForm scanId={s.id} onRecorded={site.inspected} onStale={site.reload} />}
      {!showForm && !s.inspection && st === 'clear' && (
        <p>
          No inspection needed.{' '}
          <button type="button" class="button" onClick={() => setInspectClear(true)}>
            Inspect anyway
          </button>
        </p>
      )}
    </article>
  );
}
