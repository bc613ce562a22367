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

function ScanFacts({ scan }: { scan: Scan }) {
  const spacing = scan.scanner?.pixel_spacing_mm;
  const rows: [string, string][] = [
    ['Scanner', `${scan.scanner?.name ?? '—'}${scan.scanner?.dual_energy ? ' (dual-energy)' : ''}`],
    ['Site', scan.scanner?.site ? `${scan.scanner.site.name} (${scan.scanner.site.code})` : '—'],
    ['Scanned at', formatDateTime(scan.scanned_at)],
    ['Containers', scan.conveyance?.container_ids?.join(', ') || '—'],
    ['Plate', scan.conveyance?.plate ?? '—'],
    ['Weight', formatWeight(scan.weight_kg)],
    ['Radiation', formatRadiation(scan)],
    ['Image', scan.width && scan.height ? `${scan.width} × ${scan.height} px` : '—'],
    ['Pixel size', spacing ? `${spacing.x} × ${spacing.y} mm` : '—'],
  ];
  return (
    <section class="side-section" aria-labelledby="facts-title">
      <h2 id="facts-title" class="side-title">
        Scan
      </h2>
      <dl class="facts--compact">
        {rows.map(([k, v]) => (
          <Fragment key={k}>
            <dt class="muted">{k}</dt>
            <dd class={k === 'Radiation' && scan.radiation?.alarm ? 'radiation-alarm' : undefined}>{v}</dd>
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
        <Link href="/analyst/scans">Back to the scan list</Link>
      </p>
    </div>
  );
}

export function ScanPage({ id, search }: { id: string; search: string }) {
  const [scan, setScan] = useState<Scan | null>(null);
  const [goods, setGoods] = useState<GoodsLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      const s = await fetchScan(id);
      setScan((prev) => (prev && prev.id === s.id && prev.status === 'ready' && s.status === 'ready' ? prev : s));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The scan could not be loaded.');
    }
  };

  useEffect(() => {
    setScan(null);
    setError(null);
    void load();
  }, [id]);

  const onEvent = (e: ScanEvent) => {
    if (String(e.id) === id && scan?.status !== 'ready') void load();
  };
  useLiveEvents({ 'scan.ready': onEvent, 'scan.failed': onEvent }, () => scan?.status !== 'ready' && void load());

  const uid = scan?.scan_uid ?? id;
  useEffect(() => {
    document.title = `Scan ${uid} · CIPS`;
  }, [uid]);

  if (error) {
    return (
      <State title={`Scan ${uid}`}>
        <p class="message message--error" role="alert">
          {error}
        </p>
      </State>
    );
  }
  if (!scan) {
    return (
      <div class="scan-page__state muted" role="status">
        Loading scan…
      </div>
    );
  }
  if (scan.status === 'failed') {
    return (
      <State title={`Scan ${uid}`}>
        <p class="message message--error" role="alert">
          This scan could not be processed: {scan.failure_reason || 'no reason was given.'}
        </p>
      </State>
    );
  }
  if (scan.status !== 'ready') {
    return (
      <State title={`Scan ${uid}`}>
        <p class="message message--info" role="status">
          This scan is still processing. It opens here by itself when it is ready.
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
        <Link href="/analyst/scans">← Scans</Link>
        <h1>Scan {scan.scan_uid}</h1>
        <span class="muted small">
          {scan.scanner?.site?.code} · {conveyanceIds(scan)}
        </span>
        {scan.radiation?.alarm && <span class="badge badge--alarm">Radiation alarm</span>}
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
