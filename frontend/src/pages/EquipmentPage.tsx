// Equipment: headquarters -> centre -> site -> scanner, each level with its
// day's rollup and the units below, down to one scanner's timeline. The URL
// names the level (/equipment, /equipment/centre/1, /equipment/site/2,
// /equipment/scanner/3); the top is the highest level the user may see.

import { Page } from '../components/Page';
import { liveText } from '../equipment';
import type { ScannerStatus } from '../equipment';
import { formatTime } from '../format';
import { t } from '../i18n';
import { Link, useLocation } from '../router';
import { Alerts } from './equipment/Alerts';
import { ScannerDay } from './equipment/ScannerDay';
import { CentreView, HqView, SiteView } from './equipment/TierView';
import { crumbs, locate, parseRoute, topOf } from './equipment/tree';
import type { Crumb, Found } from './equipment/tree';
import { useOverview } from './equipment/useOverview';
import './equipment/equipment.css';

function Breadcrumbs({ items }: { items: Crumb[] }) {
  if (items.length < 2) return null;
  return (
    <nav aria-label={t('equipment:breadcrumb')} class="crumbs">
      <ol>
        {items.map((c, i) => (
          <li key={i} translate={false}>
            {c.href ? <Link href={c.href}>{c.label}</Link> : <span aria-current="page">{c.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function scannersOf(f: Found): ScannerStatus[] {
  if (f.scanner) return [f.scanner];
  if (f.site) return f.site.scanners;
  if (f.centre) return f.centre.sites.flatMap((s) => s.scanners);
  return [];
}

export function EquipmentPage() {
  const { path, search } = useLocation();
  const route = parseRoute(path);
  const eq = useOverview();
  const ov = eq.overview;

  let found: Found = {};
  if (ov && route) found = route.level === 'top' ? topOf(ov) : locate(ov, route);
  const atTop = route?.level === 'top';
  const hqTop = atTop && ov?.scope === 'headquarters';
  const ids = !ov || hqTop ? undefined : new Set(scannersOf(found).map((s) => s.id));
  const missing = ov && route && !hqTop && !found.centre && route.level !== 'scanner';

  return (
    <Page title={t('common:page.equipment')}>
      <p class="wall-status" role="status">
        <span class={`live live--${eq.live}`}>{liveText(eq.live)}</span>
        {eq.updatedAt && (
          <span class="muted">
            {' '}
            · {t('equipment:updated', { time: formatTime(eq.updatedAt, { seconds: true, showZone: true }) })}
          </span>
        )}
      </p>
      {ov && <Breadcrumbs items={crumbs(ov, found)} />}
      {eq.error && (
        <p class="message message--error" role="alert">
          {eq.error}
        </p>
      )}
      {!route && (
        <p class="message message--warning">
          {t('equipment:noSuchLevel')} <Link href="/equipment">{t('equipment:backToOverview')}</Link>
        </p>
      )}
      {!ov && !eq.error && route?.level !== 'scanner' && (
        <p class="muted" role="status">
          {t('equipment:loadingOverview')}
        </p>
      )}
      {missing && (
        <p class="message message--warning" role="status">
          {t('equipment:notVisible')} <Link href="/equipment">{t('equipment:backToOverview')}</Link>
        </p>
      )}
      {hqTop && ov.headquarters.length === 0 && <p class="muted">{t('equipment:noHeadquarters')}</p>}
      {hqTop && ov.headquarters.map((hq) => <HqView key={hq.id} hq={hq} />)}
      {!hqTop && route?.level !== 'scanner' && found.site && <SiteView site={found.site} />}
      {!hqTop && route?.level !== 'scanner' && !found.site && found.centre && <CentreView centre={found.centre} />}
      {route?.level === 'scanner' && route.id !== null && <ScannerDay id={route.id} search={search} />}
      <Alerts scannerIds={route?.level === 'scanner' && route.id !== null ? new Set([route.id]) : ids} />
    </Page>
  );
}
