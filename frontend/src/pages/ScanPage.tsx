// One scan: the viewer full-height with the scan's facts in the side panel.
// Render settings are mirrored in the page URL, so a reload keeps them.

import { Fragment } from 'preact';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { DeclarationPanel } from '../components/declaration/DeclarationPanel';
import { InspectionPanel } from '../components/InspectionPanel';
import type { GoodsLine } from '../declarations';
import { pageKeys } from '../viewer/keyboard';
import { useLiveEvents } from '../live';
import { Link } from '../router';
import { conveyanceIds, fetchScan, formatDateTime, formatRadiation, formatWeight } from '../scans';
import type { Scan, ScanEvent } from '../scans';
import { fromQuery, toQuery } from '../viewer/renderParams';
import type { RenderParams } from '../viewer/renderParams';
import { Viewer } from '../viewer/Viewer';
import { t } from '../i18n';
import { useCoalesced } from '../useCoalesced';

function ScanFacts({ scan }: { scan: Scan }) {
  const spacing = scan.scanner?.pixel_spacing_mm;
  const name = scan.scanner?.name ?? '—';
  // [label, value, is the value data (left untranslated), is it the radiation row]
  const rows: [string, ComponentChildren, boolean, boolean?][] = [
    [
      t('analyst:fact.scanner'),
      <>
        <span translate={false}>{name}</span>
        {scan.scanner?.dual_energy ? ` ${t('analyst:fact.dualEnergy')}` : ''}
      </>,
      false,
    ],
    [t('analyst:fact.site'), scan.scanner?.site ? `${scan.scanner.site.name} (${scan.scanner.site.code})` : '—', true],
    [t('analyst:fact.scannedAt'), formatDateTime(scan.scanned_at), false],
    [t('analyst:fact.containers'), scan.conveyance?.container_ids?.join(', ') || '—', true],
    [t('analyst:fact.plate'), scan.conveyance?.plate ?? '—', true],
    [t('analyst:fact.weight'), formatWeight(scan.weight_kg), false],
    [t('analyst:fact.radiation'), formatRadiation(scan), false, true],
    [t('analyst:fact.image'), scan.width && scan.height ? `${scan.width} × ${scan.height} px` : '—', false],
    [t('analyst:fact.pixelSize'), spacing ? `${spacing.x} × ${spacing.y} mm` : '—', false],
  ];
  return (
    <section class="side-section" aria-labelledby="facts-title">
      <h2 id="facts-title" class="side-title">
        {t('analyst:col.scan')}
      </h2>
      <dl class="facts--compact">
        {rows.map(([k, v, data, radiation]) => (
          <Fragment key={k}>
            <dt class="muted">{k}</dt>
            <dd
              class={radiation && scan.radiation?.alarm ? 'radiation-alarm' : undefined}
              translate={data ? false : undefined}
            >
              {v}
            </dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

function State({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="scan-page__state">
      <h1>{title}</h1>
      {children}
      <p>
        <Link href="/analyst/scans">{t('analyst:scan.backToList')}</Link>
      </p>
    </div>
  );
}

export function ScanPage({ id, search }: { id: string; search: string }) {
  const [scan, setScan] = useState<Scan | null>(null);
  const [goods, setGoods] = useState<GoodsLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCoalesced(async () => {
    try {
      const s = await fetchScan(id);
      setScan((prev) => (prev && prev.id === s.id && prev.status === 'ready' && s.status === 'ready' ? prev : s));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('analyst:scan.loadFailed'));
    }
  });

  useEffect(() => {
    setScan(null);
    setError(null);
    load();
  }, [id, load]);

  const onEvent = (e: ScanEvent) => {
    if (String(e.id) === id && scan?.status !== 'ready') void load();
  };
  useLiveEvents({ 'scan.ready': onEvent, 'scan.failed': onEvent }, () => scan?.status !== 'ready' && void load());

  const uid = scan?.scan_uid ?? id;
  useEffect(() => {
    document.title = `${t('analyst:scanTitle', { uid })} · CIPS`;
  }, [uid]);

  if (error) {
    return (
      <State title={t('analyst:scanTitle', { uid })}>
        <p class="message message--error" role="alert">
          {error}
        </p>
      </State>
    );
  }
  if (!scan) {
    return (
      <div class="scan-page__state muted" role="status">
        {t('analyst:scan.loading')}
      </div>
    );
  }
  if (scan.status === 'failed') {
    return (
      <State title={t('analyst:scanTitle', { uid })}>
        <p class="message message--error" role="alert">
          {t('analyst:scan.failed', { reason: scan.failure_reason || t('analyst:scan.noReason') })}
        </p>
      </State>
    );
  }
  if (scan.status !== 'ready') {
    return (
      <State title={t('analyst:scanTitle', { uid })}>
        <p class="message message--info" role="status">
          {t('analyst:scan.processing')}
        </p>
      </State>
    );
  }

  const caps = { dualEnergy: !!scan.scanner?.dual_energy };
  const onParamsChange = (p: RenderParams) => {
    const url = `${window.location.pathname}${toQuery(p)}`;
    window.history.replaceState(window.history.state, '', url);
  };

  return (
    <>
      <div class="scan-page__head">
        <Link href="/analyst/scans">← {t('analyst:scan.scans')}</Link>
        <h1>{t('analyst:scanTitle', { uid: scan.scan_uid })}</h1>
        <span class="muted small" translate={false}>
          {scan.scanner?.site?.code} · {conveyanceIds(scan)}
        </span>
        {scan.radiation?.alarm && <span class="badge badge--alarm">{t('analyst:radiationAlarm')}</span>}
      </div>
      <Viewer
        key={scan.id}
        scan={scan}
        initialParams={fromQuery(search, caps)}
        onParamsChange={onParamsChange}
        pageShortcuts={pageKeys('readyPause', 'library')}
        goods={goods}
        aside={
          <>
            <ScanFacts scan={scan} />
            <DeclarationPanel scanId={scan.id} onGoods={setGoods} />
            <InspectionPanel scanId={scan.id} />
          </>
        }
      />
    </>
  );
}
