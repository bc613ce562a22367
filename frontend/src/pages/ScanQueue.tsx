// Browse scans: the ready scans, newest first, live over Socket.IO (the
// worklist is the analyst's main view; this is for looking something up).
// Keys: j / ↓ next, k / ↑ previous, Enter opens.

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { liveText } from '../equipment';
import { t } from '../i18n';
import { useLiveEvents } from '../live';
import { Link, navigate } from '../router';
import { conveyanceIds, fetchScan, fetchScans, formatScanTime, formatWeight, upsertScan } from '../scans';
import type { Scan, ScanEvent } from '../scans';
import { isTypingTarget } from '../viewer/keyboard';
import { loadScanPage } from './scanPageChunk';
import { RetryError } from '../components/RetryError';

const scanHref = (scan: Scan) => `/analyst/scans/${scan.id}`;

export function ScanQueue() {
  const [scans, setScans] = useState<Scan[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [fresh, setFresh] = useState<Set<number>>(new Set());
  const tableRef = useRef<HTMLTableSectionElement>(null);

  const load = async () => {
    try {
      setScans(await fetchScans());
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('queue:browse.loadFailed'));
    }
  };

  const arrived = async (event: ScanEvent) => {
    try {
      const scan = await fetchScan(event.id);
      setScans((list) => upsertScan(list ?? [], scan));
      setFresh((f) => new Set(f).add(scan.id));
    } catch {
      void load();
    }
  };

  const live = useLiveEvents({ 'scan.ready': arrived, 'scan.failed': arrived }, () => void load());

  useEffect(() => {
    void load();
    // Fetch the viewer while the analyst reads the list.
    const idle = window.setTimeout(() => void loadScanPage().catch(() => undefined), 300);
    return () => window.clearTimeout(idle);
  }, []);

  const focusRow = (i: number) => {
    const links = tableRef.current?.querySelectorAll<HTMLAnchorElement>('a[data-row]');
    if (!links?.length) return;
    const n = Math.min(Math.max(i, 0), links.length - 1);
    setActive(n);
    links[n].focus();
    links[n].scrollIntoView({ block: 'nearest' });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target) || !scans?.length)
        return;
      const inTable = tableRef.current?.contains(document.activeElement) ?? false;
      if (e.key === 'j' || e.key === 'ArrowDown') focusRow(inTable ? active + 1 : active);
      else if (e.key === 'k' || e.key === 'ArrowUp') focusRow(inTable ? active - 1 : active);
      else if (e.key === 'Enter' && !inTable && document.activeElement === document.body)
        navigate(scanHref(scans[active]));
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [scans, active]);

  const title = t('queue:browse.title');
  const page = t('common:page.analyst');
  useEffect(() => {
    document.title = `${title} · ${page} · CIPS`;
  }, [title, page]);

  return (
    <section class="ws-page" aria-labelledby="browse-title">
      <div class="queue-head">
        <h2 id="browse-title">{title}</h2>
        <span class={`live live--${live}`} role="status">
          {liveText(live)}
        </span>
      </div>
      <p class="muted small">
        <kbd>j</kbd>/<kbd>k</kbd> {t('queue:browse.keysMove')} <kbd>Enter</kbd> {t('queue:browse.keysOpen')}
      </p>
      {error && <RetryError message={error} onRetry={() => void load()} />}
      {scans === null && !error && (
        <p class="muted" role="status">
          {t('queue:browse.loading')}
        </p>
      )}
      {scans?.length === 0 && <p class="panel">{t('queue:browse.none')}</p>}
      {scans && scans.length > 0 && (
        <table class="scan-table">
          <thead>
            <tr>
              <th scope="col">{t('queue:col.time')}</th>
              <th scope="col" class="col-thumb">
                <span class="visually-hidden">{t('queue:col.preview')}</span>
              </th>
              <th scope="col">{t('queue:col.site')}</th>
              <th scope="col" class="col-scanner">
                {t('queue:col.scanner')}
              </th>
              <th scope="col">{t('queue:col.containers')}</th>
              <th scope="col">{t('queue:radiation')}</th>
              <th scope="col" class="num">
                {t('queue:col.weight')}
              </th>
            </tr>
          </thead>
          <tbody ref={tableRef}>
            {scans.map((scan, i) => (
              <tr key={scan.id} onClick={(e) => !(e.target as Element).closest('a') && navigate(scanHref(scan))}>
                <td>
                  <Link
                    href={scanHref(scan)}
                    data-row={i}
                    tabIndex={i === active ? 0 : -1}
                    onFocus={() => setActive(i)}
                  >
                    {formatScanTime(scan.scanned_at)}
                  </Link>{' '}
                  {fresh.has(scan.id) && scan.status === 'ready' && (
                    <span class="badge badge--new">{t('queue:browse.new')}</span>
                  )}
                </td>
                <td class="col-thumb">
                  {scan.status === 'ready' && <img class="thumb" src={scan.links.thumbnail} alt="" loading="lazy" />}
                </td>
                <td title={scan.scanner?.site?.name} translate={false}>
                  {scan.scanner?.site?.code ?? '—'}
                </td>
                <td class="col-scanner" translate={false}>
                  {scan.scanner?.name ?? '—'}
                </td>
                <td>
                  <span translate={false}>{conveyanceIds(scan)}</span>
                  {scan.status === 'failed' && (
                    <>
                      {' '}
                      <span class="badge badge--failed" title={scan.failure_reason ?? undefined}>
                        {t('queue:browse.failed')}
                      </span>
                    </>
                  )}
                </td>
                <td>
                  {scan.radiation?.alarm ? (
                    <span class="badge badge--alarm">{t('queue:browse.alarm')}</span>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
                <td class="num">{formatWeight(scan.weight_kg)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
