// The officer's worklist: suspects awaiting inspection first (oldest first),
// then scans on hold, then the rest newest first (status.ts). Counters are
// filters (tap "3 to inspect" to see those three), a search finds a container
// number or plate, and every status word is explained in the legend.

import { useState } from 'preact/hooks';
import { formatTime, zoneName } from '../../format';
import { t } from '../../i18n';
import { Link } from '../../router';
import { conveyanceIds } from '../../scans';
import type { SiteScan } from '../../workflow';
import { StatusLegend, StatusWord, nextStepText, outcomeText } from './labels';
import { FILTERS, counts, inFilter, matchesSearch, siteStatus, worklistOrder } from './status';
import type { Filter } from './status';
import type { SiteScans } from './useSiteScans';

const filterLabel = (f: Filter, n: number) =>
  f === 'to_inspect'
    ? t('officer:filter.toInspect', { count: n })
    : f === 'waiting'
      ? t('officer:filter.waiting', { count: n })
      : f === 'released'
        ? t('officer:filter.released', { count: n })
        : t('officer:filter.all', { count: n });

function Counters({ scans, filter, onFilter }: { scans: SiteScan[]; filter: Filter; onFilter(f: Filter): void }) {
  const c = counts(scans);
  return (
    <div class="site-filters" role="group" aria-label={t('officer:filter.label')}>
      {FILTERS.map((f) => (
        <button
          key={f}
          type="button"
          class={`site-filter site-filter--${f}${f === 'to_inspect' && c.to_inspect ? ' site-filter--urgent' : ''}`}
          aria-pressed={filter === f}
          data-testid={`filter-${f}`}
          onClick={() => onFilter(f)}
        >
          {filterLabel(f, c[f])}
        </button>
      ))}
    </div>
  );
}

function Row({
  s,
  fresh,
  zone,
  pending,
  onOpen,
}: {
  s: SiteScan;
  fresh?: string;
  zone: string | null;
  pending: boolean;
  onOpen(): void;
}) {
  const st = siteStatus(s);
  const step = s.inspection ? outcomeText(s.inspection.outcome) : nextStepText(st);
  return (
    <li data-testid={`site-scan-${s.id}`} class={`site-row site-row--${st}${fresh ? ' site-row--fresh' : ''}`}>
      <Link href={`/officer/scans/${s.id}`} class="site-row__link" onClick={onOpen}>
        <span class="site-row__time">{formatTime(s.scanned_at, { zone })}</span>
        <span class="site-row__ids" translate={false}>
          {conveyanceIds(s)}
        </span>
        <StatusWord status={st} />
        <span class="site-row__step">{step}</span>
        <span class="site-row__badges">
          {pending && <span class="badge badge--pending">{t('officer:outbox.badge')}</span>}
          {s.verdict?.revised && <span class="badge badge--revised">{t('officer:badge.revised')}</span>}
          {fresh && (
            <span class="badge badge--new">
              {fresh === 'revised' ? t('officer:badge.changed') : t('officer:badge.new')}
            </span>
          )}
          {s.radiation?.alarm && <span class="badge badge--alarm">{t('officer:badge.radiation')}</span>}
        </span>
      </Link>
    </li>
  );
}

export function SiteScanList({ site }: { site: SiteScans }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const { scans } = site;
  if (scans === null) {
    return site.error ? null : (
      <p class="muted" role="status">
        {t('officer:list.loading')}
      </p>
    );
  }
  const zone = site.site?.timezone ?? null;
  const pendingIds = new Set(site.pending.map((p) => p.scanId));
  const shown = worklistOrder(scans).filter((s) => inFilter(s, filter) && matchesSearch(s, query));
  return (
    <>
      <Counters scans={scans} filter={filter} onFilter={setFilter} />
      <div class="site-tools">
        <label class="site-search">
          <span>{t('officer:search.label')}</span>
          <input
            type="search"
            inputMode="search"
            autoComplete="off"
            value={query}
            placeholder={t('officer:search.placeholder')}
            data-testid="site-search"
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </label>
        {zone && (
          <p class="site-zone muted" data-testid="site-zone">
            <span translate={false}>{site.site?.name ?? ''}</span>
            {' · '}
            {t('officer:list.zone', { zone: zoneName(zone) })}
          </p>
        )}
      </div>
      <StatusLegend />
      {scans.length === 0 && <p class="panel">{t('officer:list.empty')}</p>}
      {scans.length > 0 && shown.length === 0 && <p class="panel">{t('officer:list.noneMatch')}</p>}
      <ul class="site-list" data-testid="site-scan-list" aria-label={t('officer:list.label')}>
        {shown.map((s) => (
          <Row
            key={s.id}
            s={s}
            zone={zone}
            pending={pendingIds.has(s.id)}
            fresh={site.fresh.get(s.id)}
            onOpen={() => site.seen(s.id)}
          />
        ))}
      </ul>
    </>
  );
}
