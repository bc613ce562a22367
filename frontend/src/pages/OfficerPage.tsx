// The officer tablet: today's scans of the site with live verdicts at
// /officer, one scan with the inspection form at /officer/scans/<id>.

import { Page } from '../components/Page';
import { LIVE_LABELS } from '../live';
import { useLocation } from '../router';
import { SiteScanDetail } from './officer/SiteScanDetail';
import { SiteScanList } from './officer/SiteScanList';
import { useSiteScans } from './officer/useSiteScans';
import type { SiteScans } from './officer/useSiteScans';
import './officer/officer.css';

function Connection({ site }: { site: SiteScans }) {
  const offline = !site.online || site.live === 'offline';
  const state = offline ? 'offline' : site.live;
  const text = offline
    ? 'Offline – reconnecting. New verdicts appear when the connection is back.'
    : LIVE_LABELS[site.live];
  return (
    <div class={`conn conn--${state}`} role="status" data-testid="connection-state">
      <span class="conn__text">{text}</span>
      {site.updatedAt && <span class="conn__time">Updated {new Date(site.updatedAt).toLocaleTimeString()}</span>}
      <button type="button" class="button" onClick={site.reload}>
        Refresh
      </button>
    </div>
  );
}

export function OfficerPage() {
  const { path } = useLocation();
  const site = useSiteScans();
  const match = /^\/officer\/scans\/([^/]+)$/.exec(path);
  return (
    <Page title="Officer tablet">
      <Connection site={site} />
      {site.error && (
        <p class="message message--error" role="alert">
          {site.error}
        </p>
      )}
      {match ? <SiteScanDetail id={decodeURIComponent(match[1])} site={site} /> : <SiteScanList site={site} />}
    </Page>
  );
}
