// One scan on the tablet: the ids big, the verdict, the image with the
// analyst's regions (read-only) and the physical inspection — its form, the
// record waiting to be sent, or the record the centre has.

import { useEffect, useState } from 'preact/hooks';
import { DeclarationPanel } from '../../components/declaration/DeclarationPanel';
import { LazyViewer } from '../../components/LazyViewer';
import { formatDateTime } from '../../format';
import { t } from '../../i18n';
import { Link } from '../../router';
import { conveyanceIds } from '../../scans';
import { finalRegions } from '../../workflow';
import type { SiteScan } from '../../workflow';
import { InspectionForm } from './InspectionForm';
import { InspectionResult } from './InspectionResult';
import { PendingRecord } from './Pending';
import { statusText } from './labels';
import { siteStatus } from './status';
import type { SiteStatus } from './status';
import type { SiteScans } from './useSiteScans';

function hint(st: SiteStatus, s: SiteScan): string {
  switch (st) {
    case 'to_inspect':
      return t('officer:detail.hintInspect');
    case 'clear':
      return t('officer:detail.hintRelease');
    case 'inspected':
      return t('officer:detail.hintInspected');
    case 'failed':
      return s.failure_reason || t('officer:detail.hintFailed');
    case 'processing':
      return t('officer:detail.hintProcessing');
    default:
      return t('officer:detail.hintWaiting');
  }
}

function VerdictBanner({ s, hasForm }: { s: SiteScan; hasForm: boolean }) {
  const st = siteStatus(s);
  return (
    <div class={`verdict-banner verdict-banner--${st}`} data-testid="verdict-banner">
      <span class="verdict-banner__word">{statusText(st)}</span>
      <span class="verdict-banner__hint">{hint(st, s)}</span>
      {s.verdict?.revised && <span class="verdict-banner__revised">{t('officer:detail.revised')}</span>}
      {hasForm && (
        <a class="button verdict-banner__jump" href="#inspection">
          {t('officer:detail.jump')}
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
      {t('officer:detail.back')}
    </Link>
  );
  if (!s) {
    return (
      <>
        {back}
        {site.scans === null ? (
          <p class="muted" role="status">
            {t('officer:list.loading')}
          </p>
        ) : (
          <p class="message message--warning">{t('officer:detail.notInList')}</p>
        )}
      </>
    );
  }
  const zone = site.site?.timezone ?? null;
  const st = siteStatus(s);
  const ids = s.conveyance?.container_ids ?? [];
  const pending = site.pending.find((p) => p.scanId === s.id) ?? null;
  const showForm = !s.inspection && !pending && (st === 'to_inspect' || inspectClear);
  return (
    <article class="site-detail" aria-labelledby="detail-ids">
      {back}
      <h2 id="detail-ids" class="site-detail__ids" translate={false}>
        {ids.map((c) => (
          <span key={c}>{c}</span>
        ))}
        {s.conveyance?.plate && <span class="site-detail__plate">{s.conveyance.plate}</span>}
        {!ids.length && !s.conveyance?.plate && <span>{s.scan_uid}</span>}
      </h2>
      <p class="muted">
        <span translate={false}>{s.scanner?.name}</span> ·{' '}
        {t('officer:detail.scanned', { at: formatDateTime(s.scanned_at, { zone, showZone: true }) })} ·{' '}
        <span translate={false}>{s.scan_uid}</span>
      </p>
      <VerdictBanner s={s} hasForm={showForm} />
      {s.status === 'ready' && (
        <div class="site-detail__viewer">
          <LazyViewer
            scan={s}
            regions={false}
            markedRegions={finalRegions(s.verdict)}
            markedTitle={t('officer:detail.marked')}
          />
        </div>
      )}
      <div class="site-detail__declaration">
        <DeclarationPanel scanId={s.id} canLink={false} />
      </div>
      {s.inspection && <InspectionResult inspection={s.inspection} zone={zone} />}
      {!s.inspection && pending && <PendingRecord p={pending} zone={zone} />}
      {showForm && <InspectionForm scanId={s.id} label={conveyanceIds(s) || s.scan_uid} />}
      {!showForm && !s.inspection && !pending && st === 'clear' && (
        <p>
          {t('officer:detail.noInspection')}{' '}
          <button type="button" class="button" onClick={() => setInspectClear(true)}>
            {t('officer:detail.inspectAnyway')}
          </button>
        </p>
      )}
    </article>
  );
}
