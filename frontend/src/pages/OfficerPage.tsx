// The officer tablet: the site's worklist with live verdicts at /officer, one
// scan with the inspection form at /officer/scans/<id>. Records waiting in the
// tablet's outbox are listed on top (sent by OfficerAlerts, on every page).

import { Page } from '../components/Page';
import { formatTime } from '../format';
import { t } from '../i18n';
import { useLocation } from '../router';
import { PendingList } from './officer/Pending';
import { SiteScanDetail } from './officer/SiteScanDetail';
import { SiteScanList } from './officer/SiteScanList';
import { useSiteScans } from './officer/useSiteScans';
import type { SiteScans } from './officer/useSiteScans';
import './officer/officer.css';
import './officer/inspection.css';

function Connection({ site }: { site: SiteScans }) {
  const offline = !site.online || site.live === 'offline';
  const state = offline ? 'offline' : site.live;
  const text = offline
    ? t('officer:conn.offline')
    : site.live === 'live'
      ? t('officer:conn.live')
      : t('officer:conn.connecting');
  return (
    <div class={`conn conn--${state}`} role="status" data-testid="connection-state">
      <span class="conn__text">{text}</span>
      {site.updatedAt && (
        <span class="conn__time">
          {t('officer:conn.updated', {
            at: formatTime(site.updatedAt, { zone: site.site?.timezone, seconds: true, showZone: true }),
          })}
        </span>
      )}
      <button type="button" class="button" onClick={site.reload}>
        {t('officer:conn.refresh')}
      </button>
    </div>
  );
}

export function OfficerPage() {
  const { path } = useLocation();
  const site = useSiteScans();
  const match = /^\/officer\/scans\/([^/]+)$/.exec(path);
  return (
    <Page title={t('common:page.officer')}>
      <Connection site={site} />
      {site.error && (
        <p class="message message--error" role="alert">
          {site.error}
        </p>
      )}
      {!match && <PendingList pending={site.pending} />}
      {match ? <SiteScanDetail id={decodeURIComponent(match[1])} site={site} /> : <SiteScanList site={site} />}
    </Page>
  );
}
