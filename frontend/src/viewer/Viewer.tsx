// The scan viewer: OpenSeadragon with the render tools, keyboard, contrast
// (drag and histogram), pixel readout, measure, loupe, regions and their statistics.
// Reused by the analyst workstation, expert review, library, exams and the officer tablet.
//
// Two render modes (renderMode.ts): in the browser, from lossless 16-bit tiles drawn by a
// WebGL2 drawer (gpu/), where a tool change is a redraw without any request; or on the
// server, JPEG tiles re-opened for each parameter set (layers.ts), with a CSS preview.

import type { ComponentChildren } from 'preact';
import type OpenSeadragon from 'openseadragon';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { GoodsLine } from '../declarations';
import type { Scan } from '../scans';
import { GpuRenderState } from './gpu/renderState';
import { warmUpDecoders } from './gpu/tileLoader';
import { makeXrayDrawer } from './gpu/XrayDrawer';
import { HelpOverlay } from './HelpOverlay';
import { HistogramControl } from './HistogramControl';
import type { PageShortcut } from './keyboard';
import { Loupe, nextLoupe } from './Loupe';
import type { LoupeZoom } from './Loupe';
import { MarkedOverlay, MarkedRegionList } from './MarkedRegions';
import { useHistogram } from './histogram';
import { MeasureOverlay, distanceMetres, formatMetres, useMeasure } from './Measure';
import { createOsd } from './osdSetup';
import { PixelReadout } from './PixelReadout';
import { Preview } from './preview';
import { RegionList } from './RegionList';
import { RegionStats } from './RegionStats';
import { CHOICES_SHOWN, choiceLabel, modeLabel, resolveMode, savedChoice, useRenderMode } from './renderMode';
import type { ModeChoice } from './renderMode';
import { DEFAULT_PARAMS, normalize, toQuery } from './renderParams';
import type { RenderParams } from './renderParams';
import { withCategory, withGoodsLine } from './regionModel';
import type { W3CImageAnnotation } from './regionModel';
import { useTestHook } from './testHook';
import { Toolbar } from './Toolbar';
import { useGpuImage } from './useGpuImage';
import { useRegions } from './useRegions';
import { useRenderedImage } from './useRenderedImage';
import { useTileLinks } from './useTileLinks';
import { useViewerControls } from './useViewerControls';
import { effectiveWL, previewMap } from './windowLevel';
import type { WL } from './windowLevel';
import './viewer.css';
import { t } from '../i18n';

// This module is loaded ahead of the first scan (LazyViewer's preload, while the analyst waits):
// check WebGL2 and start the tile decoders now, so their set-up and first compilation are not
// on the first image's clock.
if (resolveMode(savedChoice(), true).mode === 'gpu') warmUpDecoders();

export interface ViewerProps {
  scan: Scan;
  initialParams?: RenderParams;
  onParamsChange?(params: RenderParams): void;
  initialRegions?: W3CImageAnnotation[];
  /** The current regions as W3C Web Annotations, after every change. */
  onRegionsChange?(annotations: W3CImageAnnotation[]): void;
  /** Allow drawing regions (default true). */
  regions?: boolean;
  /** Read-only regions someone else marked (e.g. the analyst's), drawn over the image and listed. */
  markedRegions?: W3CImageAnnotation[];
  /** Heading of the list of marked regions. */
  markedTitle?: string;
  /** The page's own keys (from keyboard.ts PAGE_KEYS), listed in the help sheet. */
  pageShortcuts?: PageShortcut[];
  /** The declaration's goods lines: a region may point at the one it contradicts. */
  goods?: GoodsLine[] | null;
  /** Shown at the top of the side panel (e.g. the scan's facts). */
  aside?: ComponentChildren;
  /** Shown beside the image, on its left (the workstation's priors: PriorsPane). */
  beside?: ComponentChildren;
  /** A second viewer beside a main one (priors): the image and its status bar are shown
   * (viewer.css hides the rest). The keys, the tools and the test hook stay with the main
   * viewer, whose render parameters it shows. */
  secondary?: boolean;
  /** Render parameters to show, for a secondary viewer (its window and level stay automatic:
   * another scanner's values mean other densities). */
  followParams?: RenderParams;
  /** The OpenSeadragon viewer once built (again after a render mode switch), null when gone. */
  onOsd?(osd: OpenSeadragon.Viewer | null): void;
}

export function Viewer(props: ViewerProps) {
  const { scan } = props;
  const caps = { dualEnergy: !!scan.scanner?.dual_energy };
  const { links, renew } = useTileLinks(scan);
  const render = useRenderMode(!!links.data);
  const gpu = render.mode === 'gpu';
  const gpuState = useMemo(() => new GpuRenderState(), []);
  const osdRef = useRef<HTMLDivElement>(null);
  const [stage, setStage] = useState<HTMLDivElement | null>(null);
  // The viewer with the mode it was built for: for one render, after a switch, the old one
  // (already destroyed) is still in state and must not reach the hooks below.
  const [built, setBuilt] = useState<{ viewer: OpenSeadragon.Viewer; gpu: boolean } | null>(null);
  const [params, setParamsState] = useState<RenderParams>(() => normalize(props.initialParams ?? DEFAULT_PARAMS, caps));
  const [draft, setDraftState] = useState<WL | null>(null);
  const [loupe, setLoupe] = useState<LoupeZoom>(0);
  const [statsId, setStatsId] = useState<string | null>(null);
  const preview = useRef<Preview | null>(null);
  const gpuImageRef = useRef<ReturnType<typeof useGpuImage> | null>(null);

  // One OpenSeadragon per render mode: switching modes builds the viewer again.
  useEffect(() => {
    const viewer = createOsd(osdRef.current!, gpu ? makeXrayDrawer(gpuState) : 'canvas');
    if (!gpu) preview.current = new Preview(viewer);
    setBuilt({ viewer, gpu });
    return () => {
      preview.current?.destroy();
      preview.current = null;
      viewer.destroy();
      setBuilt(null);
    };
  }, [gpu]);
  const osd = built && built.gpu === gpu ? built.viewer : null;
  const onOsd = useRef(props.onOsd);
  onOsd.current = props.onOsd;
  useEffect(() => {
    onOsd.current?.(osd);
    return () => onOsd.current?.(null);
  }, [osd]);

  // The server's message for refused parameters, until dismissed or the next change.
  const [renderError, setRenderError] = useState<string | null>(null);
  const setParams = (next: RenderParams, keepError = false) => {
    if (!keepError) setRenderError(null);
    const p = normalize(next, caps);
    if (gpu) gpuImageRef.current?.show(p); // drawn within the key press, before the page re-renders
    setParamsState(p);
    props.onParamsChange?.(p);
  };
  const paramsRef = useRef(params);
  paramsRef.current = params;
  const setDraft = (wl: WL | null) => {
    if (gpu) gpuImageRef.current?.show(wl ? { ...paramsRef.current, ...wl } : paramsRef.current);
    setDraftState(wl);
  };

  const { histogram, error: histogramError } = useHistogram(scan.links.histogram, params.channel);
  const auto = histogram?.default ?? null;
  const target: RenderParams = draft ? { ...params, ...draft } : params;
  const targetRef = useRef(target);
  targetRef.current = target;
  const autoRef = useRef(auto);
  autoRef.current = auto;

  const gpuImage = useGpuImage(
    gpu ? osd : null,
    links.data,
    scan.links.histogram,
    gpuState,
    target,
    () => void renew(),
  );
  gpuImageRef.current = gpuImage;
  const image = useRenderedImage(gpu ? null : osd, links.dzi, params, (shown) => {
    preview.current?.apply(previewMap(shown, targetRef.current, autoRef.current));
  });
  useEffect(() => {
    if (!gpu) preview.current?.apply(previewMap(image.shown, target, auto));
  });
  // Refused parameters: keep what is on screen (or fall back to the
  // defaults when nothing is yet) and say why.
  useEffect(() => {
    if (!image.error) return;
    if (image.error.message && /expired/i.test(image.error.message)) {
      void renew();
      return;
    }
    setRenderError(image.error.message);
    if (image.shown) setParams(image.shown, true);
    else if (toQuery(image.error.params) !== '') setParams(DEFAULT_PARAMS, true);
  }, [image.error]);
  useEffect(() => {
    if (gpuImage.error) setRenderError(gpuImage.error);
  }, [gpuImage.error]);

  useEffect(() => {
    if (!osd) return;
    const onTileFailed = () => {
      // An expired link: fresh links re-open the image; otherwise say so.
      void renew().then((renewed) => {
        if (!renewed) setRenderError(t('viewer:tilesFailed'));
      });
    };
    osd.addHandler('tile-load-failed', onTileFailed);
    return () => osd.removeHandler('tile-load-failed', onTileFailed);
  }, [osd]);

  useEffect(() => {
    if (props.followParams) setParams({ ...props.followParams, window: null, level: null });
  }, [props.followParams]);

  const drawing = props.regions !== false && !props.secondary;
  const reserved = new Set((props.pageShortcuts ?? []).map((s) => s.key.toLowerCase()));
  // The drawing code (Annotorious, with a WebGL renderer of its own) starts once the first
  // view is drawn: on a thin client it would otherwise hold back the first image.
  const [regionsReady, setRegionsReady] = useState(false);
  useEffect(() => {
    if (!gpu || gpuImage.drawn) setRegionsReady(true);
    const t = window.setTimeout(() => setRegionsReady(true), 4000);
    return () => window.clearTimeout(t);
  }, [gpu, gpuImage.drawn]);
  const regions = useRegions(
    drawing && regionsReady ? osd : null,
    scan.links.self,
    props.initialRegions,
    props.onRegionsChange,
  );
  const statsTarget = () => {
    const list = regions.annotations;
    return list.find((a) => a.id === statsId)?.id ?? regions.focusId ?? list[list.length - 1]?.id ?? null;
  };
  const controls = useViewerControls({
    osd,
    stage,
    params,
    caps,
    setParams,
    wl: draft ?? effectiveWL(params, auto),
    setDraft,
    regions,
    regionsEnabled: drawing,
    reserved,
    keys: !props.secondary,
    range: histogram,
    handlers: {
      loupe: () => setLoupe((z) => nextLoupe(z)),
      regionStats: () => setStatsId((id) => (id ? null : statsTarget())),
    },
  });
  const measure = useMeasure(osd, stage, controls.tool === 'measure');
  controls.onEscapeRef.current = () => {
    measure.clear();
    setLoupe(0);
  };

  useTestHook(props.secondary ? null : osd, params, regions.tools, gpu ? gpuState : null, render.mode, links.data);

  const spacing = scan.scanner?.pixel_spacing_mm ?? { x: 1, y: 1 };
  const distance = measure.line ? formatMetres(distanceMetres(measure.line, spacing)) : null;
  const wl = draft ?? effectiveWL(params, auto);
  const loading = gpu ? !gpuImage.drawn : image.loading;
  const statsIndex = regions.annotations.findIndex((a) => a.id === statsId);

  return (
    <div class={props.secondary ? 'viewer viewer--secondary' : 'viewer'} data-render-mode={render.mode}>
      <Toolbar
        params={params}
        tool={controls.tool}
        dualEnergy={caps.dualEnergy}
        regions={drawing}
        onAction={controls.run}
        reserved={reserved}
        loupe={loupe}
      />
      <div class="viewer__body">
        {props.beside}
        <div class="viewer__main">
          <div
            class="viewer__stage"
            ref={setStage}
            data-testid="scan-viewer"
            data-tool={controls.tool}
            data-loading={loading}
          >
            <div class="viewer__osd" ref={osdRef} />
            <MarkedOverlay osd={osd} regions={props.markedRegions ?? []} />
            <MeasureOverlay osd={osd} line={measure.line} label={distance ?? ''} />
            <Loupe osd={osd} stage={stage} zoom={loupe} />
            {renderError && (
              <div class="viewer__notice message message--error" role="alert">
                {renderError}
                <button type="button" class="chip" onClick={() => setRenderError(null)}>
                  {t('viewer:dismiss')}
                </button>
              </div>
            )}
            {controls.notice && (
              <div class="viewer__notice message message--info" role="status">
                {controls.notice}
              </div>
            )}
          </div>
          <div class="statusbar">
            <PixelReadout
              osd={osd}
              stage={stage}
              pixelLink={scan.links.pixel}
              width={scan.width ?? Infinity}
              height={scan.height ?? Infinity}
            />
            <span class="statusbar__item" title={t('viewer:distance.title')}>
              {t('viewer:distance.label')} <b data-testid="measure-result">{distance ?? '—'}</b>
            </span>
            <span class="statusbar__item">{controls.zoom !== null ? `${controls.zoom} %` : ''}</span>
            <span class="statusbar__item statusbar__busy" aria-live="polite">
              {loading && osd && !renderError ? t('viewer:rendering') : ''}
            </span>
            <label class="statusbar__item statusbar__mode" title={render.why}>
              <span>
                {t('viewer:rendered')} <b data-testid="render-mode">{modeLabel(render.mode)}</b>
              </span>
              <select
                aria-label={t('viewer:renderWhere')}
                value={render.choice}
                onChange={(e) => render.setChoice(e.currentTarget.value as ModeChoice)}
              >
                {CHOICES_SHOWN.map((c) => (
                  <option key={c} value={c}>
                    {choiceLabel(c)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </div>
        <aside class="viewer__side" aria-label={t('viewer:side')}>
          {props.aside}
          <HistogramControl
            histogram={histogram}
            error={histogramError}
            wl={wl}
            auto={params.window === null}
            disabledReason={params.equalize ? t('viewer:equalizeOn') : null}
            onDraft={controls.draftWL}
            onCommit={controls.commitWL}
            onAuto={() => setParams({ ...params, window: null, level: null })}
          />
          {props.markedRegions && (
            <MarkedRegionList
              osd={osd}
              regions={props.markedRegions}
              title={props.markedTitle ?? t('viewer:markedRegions')}
            />
          )}
          {drawing && (
            <RegionList
              annotations={regions.annotations}
              focusId={regions.focusId}
              goods={props.goods}
              onLabel={(id, label) => regions.tools?.setLabel(id, label)}
              onCategory={(id, category) => regions.tools?.update(id, (a) => withCategory(a, category))}
              onGoodsLine={(id, line) => regions.tools?.update(id, (a) => withGoodsLine(a, line))}
              onDelete={(id) => regions.tools?.remove(id)}
              onShow={(id) => regions.tools?.focus(id)}
              onStats={(id) => setStatsId(id)}
              error={regions.error}
            />
          )}
          {statsIndex >= 0 && (
            <RegionStats
              link={scan.links.region}
              region={regions.annotations[statsIndex]}
              number={statsIndex + 1}
              onClose={() => setStatsId(null)}
            />
          )}
        </aside>
      </div>
      {controls.helpOpen && <HelpOverlay onClose={() => controls.setHelpOpen(false)} extra={props.pageShortcuts} />}
    </div>
  );
}
