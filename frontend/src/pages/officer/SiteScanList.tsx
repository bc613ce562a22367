// The officer's list: today's scans of the site, newest first, each a big
// row to tap, with its verdict and the next step.

import { Link } from '../../router';
import { conveyanceIds } from '../../scans';
import { OUTCOME_LABELS } from '../../workflow';
import type { SiteScan } from '../../workflow';
import { STATUS_LABELS, nextStep, siteStatus } from './status';
import type { SiteScans } from './useSiteScans';

const hhmm = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const clock = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : hhmm.format(new Date(iso)));

function Summary({ scans }: { scans: SiteScan[] }) {
  const count = (f: (s: SiteScan) => boolean) => scans.filter(f).length;
  const toInspect = count((s) => siteStatus(s) === 'suspect' && !s.inspection);
  const waiting = count((s) => ['waiting', 'processing'].includes(siteStatus(s)));
  return (
    <p class="site-summary">
      <span class={toInspect ? 'site-summary__urgent' : undefined}>
        <b>{toInspect}</b> to inspect
      </span>
      <span>
        <b>{count((s) => siteStatus(s) === 'clear')}</b> clear
      </span>
      <span>
        <b>{waiting}</b> waiting
      </span>
      <span>
        <b>{scans.length}</b> today
      </span>
    </p>
  );
}

function Row({ s, fresh, onOpen }: { s: SiteScan; fresh?: string; onOpen(): void }) {
  const st = siteStatus(s);
  const step = s.inspection
    ? `Inspected: ${OUTCOME_LABELS[s.inspection.outcome] ?? s.inspection.outcome}`
    : nextStep(s);
  return (
    <li data-testid={`site-scan-${s.id}`} class={`site-row site-row--${st}${fresh ? ' site-row--fresh' : ''}`}>
      <Link href={`/officer/scans/${s.id}`} class="site-row__link" onClick={onOpen}>
        <span class="site-row__time">{clock(s.scanned_at)}</span>
        <span class="site-row__ids">{conveyanceIds(s)}</span>
        <span class={`status status--${st}`}>{STATUS_LABELS[st]}</span>
        <span class="site-row__step">{step}</span>
        <span class="site-row__badges">
          {s.verdict?.revised && <span class="badge badge--revised">Revised</span>}
          {fresh && <span class="badge badge--new">{fresh === 'revised' ? 'Changed' : 'New'}</span>}
          {s.radiation?.alarm && <span class="badge badge--alarm">Radiation</span>}
        </span>
      </Link>
    </li>
  );
}

export function SiteScanList({ site }: { site: SiteScans }) {
  const { scans } = site;
  if (scans === null) {
    return site.error ? null : (
      <p class="muted" role="status">
        Loading today's scans…
      </p>
    );
  }
  return (
    <>
      <Summary scans={scans} />
      {scans.length === 0 && (
        <p class="panel">No scans at your site today yet. They appear here as they are scanned.</p>
      )}
      <ul class="site-list" data-testid="site-scan-list" aria-label="Today's scans">
        {scans.map((s) => (
          <Row key={s.id} s={s} fresh={site.fresh.get(s.id)} onOpen={() => site.seen(s.id)} />
        ))}
      </ul>
    </>
  );
}
