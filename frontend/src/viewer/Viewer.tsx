// The scan viewer: OpenSeadragon with the render tools, keyboard, contrast
// (drag and histogram), pixel readout, measure and regions. Reused by the
// analyst workstation, trainee exams and the officer tablet.

import type { ComponentChildren } from 'preact';
import type OpenSeadragon from 'openseadragon';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Scan } from '../scans';
import { HelpOverlay } from './HelpOverlay';
import { HistogramControl } from './HistogramControl';
import type { PageShortcut } from './keyboard';
import { MarkedOverlay, MarkedRegionList } from './MarkedRegions';
import { useHistogram } from './histogram';
import { MeasureOverlay, distanceMetres, formatMetres, useMeasure } from './Measure';
import { createOsd } from './osdSetup';
import type { Drawer } from './osdSetup';
import { PixelReadout } from './PixelReadout';
import { Preview } from './preview';
import { RegionList } from './RegionList';
import { DEFAULT_PARAMS, normalize, toQuery } from './renderParams';
import type { RenderParams } from './renderParams';
import type { W3CImageAnnotation } from './regionModel';
import { useTestHook } from './testHook';
import { Toolbar } from './Toolbar';
import { useRegions } from './useRegions';
import { useRenderedImage } from './useRenderedImage';
import { useViewerControls } from './useViewerControls';
import { effectiveWL, previewMap } from './windowLevel';
import type { WL } from './windowLevel';
import './viewer.css';

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
  /** Keys the page uses itself: the viewer leaves them alone and lists them in its help. */
  pageShortcuts?: PageShortcut[];
  /** Shown at the top of the side panel (e.g. the scan's facts). */
  aside?: ComponentChildren;
  drawer?: Drawer;
}

export function Viewer(props: ViewerProps) {
  const { scan } = props;
  const caps = { dualEnergy: !!scan.scanner?.dual_energy };
  const osdRef = useRef<HTMLDivElement>(null);
  const [stage, setStage] = useState<HTMLDivElement | null>(null);
  const [osd, setOsd] = useState<OpenSeadragon.Viewer | null>(null);
  const [params, setParamsState] = useState<RenderParams>(() => normalize(props.initialParams ?? DEFAULT_PARAMS, caps));
  const [draft, setDraft] = useState<WL | null>(null);
  const preview = useRef<Preview | null>(null);

  useEffect(() => {
    const viewer = createOsd(osdRef.current!, props.drawer);
    preview.current = new Preview(viewer);
    setOsd(viewer);
    return () => {
      preview.current?.destroy();
      preview.current = null;
      viewer.destroy();
      setOsd(null);
    };
  }, []);

  // The server's message for refused parameters, until dismissed or the next change.
  const [renderError, setRenderError] = useState<string | null>(null);
  const setParams = (next: RenderParams, keepError = false) => {
    if (!keepError) setRenderError(null);
    const p = normalize(next, caps);
    setParamsState(p);
    props.onParamsChange?.(p);
  };

  const { histogram, error: histogramError } = useHistogram(scan.links.histogram, params.channel);
  const auto = histogram?.default ?? null;
  const target: RenderParams = draft ? { ...params, ...draft } : params;
  const targetRef = useRef(target);
  targetRef.current = target;
  const autoRef = useRef(auto);
  autoRef.current = auto;

  const image = useRenderedImage(osd, scan.links.dzi, params, (shown) => {
    preview.current?.apply(previewMap(shown, targetRef.current, autoRef.current));
  });
  useEffect(() => {
    preview.current?.apply(previewMap(image.shown, target, auto));
  });
  // Refused parameters: keep what is on screen (or fall back to the
  // defaults when nothing is yet) and say why.
  useEffect(() => {
    if (!image.error) return;
    setRenderError(image.error.message);
    if (image.shown) setParams(image.shown, true);
    else if (toQuery(image.error.params) !== '') setParams(DEFAULT_PARAMS, true);
  }, [image.error]);

  useEffect(() => {
    if (!osd) return;
    const onTileFailed = () =>
      setRenderError('Some image tiles could not be loaded. Check the network; panning or zooming tries again.');
    osd.addHandler('tile-load-failed', onTileFailed);
    return () => osd.removeHandler('tile-load-failed', onTileFailed);
  }, [osd]);

  const drawing = props.regions !== false;
  const reserved = new Set((props.pageShortcuts ?? []).map((s) => s.key.toLowerCase()));
  const regions = useRegions(drawing ? osd : null, scan.links.self, props.initialRegions, props.onRegionsChange);
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
  });
  const measure = useMeasure(osd, stage, controls.tool === 'measure');
  controls.onEscapeRef.current = () => measure.clear();

  useTestHook(osd, params, regions.tools);

  const spacing = scan.scanner?.pixel_spacing_mm ?? { x: 1, y: 1 };
  const distance = measure.line ? formatMetres(distanceMetres(measure.line, spacing)) : null;
  const wl = draft ?? effectiveWL(params, auto);

  return (
    <div class="viewer">
      <Toolbar
        params={params}
        tool={controls.tool}
        dualEnergy={caps.dualEnergy}
        regions={drawing}
        onAction={controls.run}
        reserved={reserved}
      />
      <div class="viewer__body">
        <div class="viewer__main">
          <div class="viewer__stage" ref={setStage} data-testid="scan-viewer" data-tool={controls.tool} data-loading={image.loading}>
            <div class="viewer__osd" ref={osdRef} />
            <MarkedOverlay osd={osd} regions={props.markedRegions ?? []} />
            <MeasureOverlay osd={osd} line={measure.line} label={distance ?? ''} />
            {renderError && (
              <div class="viewer__notice message message--error" role="alert">
                {renderError}
                <button type="button" class="chip" onClick={() => setRenderError(null)}>
                  Dismiss
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
            <PixelReadout osd={osd} stage={stage} pixelLink={scan.links.pixel} width={scan.width ?? Infinity} height={scan.height ?? Infinity} />
            <span class="statusbar__item" title="Distance (measure with d)">
              Distance <b data-testid="measure-result">{distance ?? '—'}</b>
            </span>
            <span class="statusbar__item">{controls.zoom !== null ? `${controls.zoom} %` : ''}</span>
            <span class="statusbar__item statusbar__busy" aria-live="polite">
              {image.loading && osd && !renderError ? 'Rendering…' : ''}
            </span>
          </div>
        </div>
        <aside class="viewer__side" aria-label="Scan details and tools">
          {props.aside}
          <HistogramControl
            histogram={histogram}
            error={histogramError}
            wl={wl}
            auto={params.window === null}
            disabledReason={params.equalize ? 'Equalisation is on: the window does not apply.' : null}
            onDraft={controls.draftWL}
            onCommit={controls.commitWL}
            onAuto={() => setParams({ ...params, window: null, level: null })}
          />
          {props.markedRegions && (
            <MarkedRegionList osd={osd} regions={props.markedRegions} title={props.markedTitle ?? 'Marked regions'} />
          )}
          {drawing && (
            <RegionList
              annotations={regions.annotations}
              focusId={regions.focusId}
              onLabel={(id, label) => regions.tools?.setLabel(id, label)}
              onDelete={(id) => regions.tools?.remove(id)}
              onShow={(id) => regions.tools?.focus(id)}
              error={regions.error}
            />
          )}
        </aside>
      </div>
      {controls.helpOpen && <HelpOverlay onClose={() => controls.setHelpOpen(false)} extra={props.pageShortcuts} />}
    </div>
  );
}
