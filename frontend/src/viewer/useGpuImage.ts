// The scan in browser-rendering mode: the data tiles' description (geometry and histograms)
// from the signed data link, one tiled image of lossless tiles, and every parameter change
// handed to the shader state with a redraw — no request, no new tiled image.

import type OpenSeadragon from 'openseadragon';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Schemas } from '../api';
import { seedHistograms } from './histogram';
import type { GpuRenderState } from './gpu/renderState';
import { dataTileSource, warmUpDecoders } from './gpu/tileLoader';
import type { RenderParams } from './renderParams';
import { t } from '../i18n';

/** The signed data.json: the data tiles' geometry and each channel's histogram. */
export type DataInfo = Schemas['DataTiles'];

export interface GpuImage {
  /** Every tile the current view needs is drawn. */
  drawn: boolean;
  error: string | null;
  /** Draw these parameters now, within the key or pointer event (before the page re-renders). */
  show(params: RenderParams): void;
}

export function useGpuImage(
  osd: OpenSeadragon.Viewer | null,
  dataLink: string | null,
  histogramLink: string,
  state: GpuRenderState,
  target: RenderParams,
  onExpired: () => void,
): GpuImage {
  const [drawn, setDrawn] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The description first, while OpenSeadragon and the page are still being set up.
  const [info, setInfo] = useState<{ link: string; info: DataInfo } | null>(null);
  useEffect(() => {
    if (!dataLink) return;
    const ctrl = new AbortController();
    setDrawn(false);
    warmUpDecoders();
    fetch(dataLink, { credentials: 'same-origin', signal: ctrl.signal })
      .then(async (res) => {
        if (res.status === 401) throw Object.assign(new Error('expired'), { expired: true });
        if (!res.ok) throw new Error(`The image could not be loaded (HTTP ${res.status}).`);
        return (await res.json()) as DataInfo;
      })
      .then((data) => {
        if (ctrl.signal.aborted) return;
        seedHistograms(histogramLink, data.channels);
        state.setHistograms(data.channels);
        setInfo({ link: dataLink, info: data });
      })
      .catch((err: Error & { expired?: boolean }) => {
        if (ctrl.signal.aborted) return;
        if (err.expired) onExpired();
        else setError(err.message || t('viewer:errors.image'));
      });
    return () => ctrl.abort();
  }, [dataLink]);

  useEffect(() => {
    if (!osd || !info || info.link !== dataLink) return;
    let live = true;
    const source = dataTileSource({
      width: info.info.width,
      height: info.info.height,
      tileSize: info.info.tile_size,
      tileOverlap: info.info.overlap,
      tilesUrl: info.link.replace(/data\.json$/, 'data_files/'),
      fileFormat: info.info.format,
    } as OpenSeadragon.IDziTileSourceOptions);
    osd.addTiledImage({
      tileSource: source,
      success: (event: Event) => {
        const added = (event as unknown as { item: OpenSeadragon.TiledImage }).item;
        if (!live) {
          osd.world.removeItem(added);
          return;
        }
        const first = osd.world.getItemCount() === 1;
        for (let i = osd.world.getItemCount() - 1; i >= 0; i--) {
          if (osd.world.getItemAt(i) !== added) osd.world.removeItem(osd.world.getItemAt(i));
        }
        if (first) osd.viewport.goHome(true);
        // "Drawn" follows the view: zooming in loads new tiles, and the status bar says so.
        setDrawn(added.getFullyLoaded());
        added.addHandler('fully-loaded-change', (e: { fullyLoaded: boolean }) => setDrawn(e.fullyLoaded));
      },
    } as OpenSeadragon.TileSourceSpecifier);
    return () => {
      live = false;
    };
  }, [osd, info]);

  const navigator = () => (osd as unknown as { navigator?: OpenSeadragon.Viewer } | null)?.navigator;
  // The mini-map follows once the view's new frame is on screen: drawn before the next paint,
  // it would hold that paint back.
  const navigatorLater = useRef(0);
  const redrawNavigator = () => {
    if (navigatorLater.current) return;
    navigatorLater.current = requestAnimationFrame(() => {
      window.setTimeout(() => {
        navigatorLater.current = 0;
        navigator()?.forceRedraw();
      }, 0);
    });
  };
  useEffect(() => () => cancelAnimationFrame(navigatorLater.current), [osd]);
  // A tool change: new uniforms, one redraw of the viewer and its navigator (when `show` has
  // not drawn them already).
  useEffect(() => {
    if (!state.setParams(target)) return;
    osd?.forceRedraw();
    redrawNavigator();
  }, [osd, JSON.stringify(target)]);

  const show = (params: RenderParams) => {
    if (!osd || !state.setParams(params)) return;
    osd.world.draw();
    redrawNavigator();
  };

  return { drawn, error, show };
}
