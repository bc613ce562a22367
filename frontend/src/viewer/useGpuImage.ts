// The scan in browser-rendering mode: the data tiles' description (geometry and histograms)
// from the signed data link, one tiled image of lossless tiles, and every parameter change
// handed to the shader state with a redraw — no request, no new tiled image.

import OpenSeadragon from 'openseadragon';
import { useEffect, useState } from 'preact/hooks';
import type { Histogram } from './histogram';
import { seedHistograms } from './histogram';
import type { GpuRenderState } from './gpu/renderState';
import type { RenderParams } from './renderParams';

export interface DataInfo {
  width: number;
  height: number;
  tile_size: number;
  overlap: number;
  format: string;
  channels: Record<string, Histogram>;
  classes: boolean;
}

export interface GpuImage {
  /** The first view is fully drawn. */
  drawn: boolean;
  error: string | null;
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

  useEffect(() => {
    if (!osd || !dataLink) return;
    const ctrl = new AbortController();
    let item: OpenSeadragon.TiledImage | null = null;
    setDrawn(false);
    fetch(dataLink, { credentials: 'same-origin', signal: ctrl.signal })
      .then(async (res) => {
        if (res.status === 401) throw Object.assign(new Error('expired'), { expired: true });
        if (!res.ok) throw new Error(`The image could not be loaded (HTTP ${res.status}).`);
        return (await res.json()) as DataInfo;
      })
      .then((info) => {
        if (ctrl.signal.aborted) return;
        seedHistograms(histogramLink, info.channels);
        state.setHistograms(info.channels);
        const source = new OpenSeadragon.DziTileSource({
          width: info.width,
          height: info.height,
          tileSize: info.tile_size,
          tileOverlap: info.overlap,
          tilesUrl: dataLink.replace(/data\.json$/, 'data_files/'),
          fileFormat: info.format,
        } as OpenSeadragon.IDziTileSourceOptions);
        osd.addTiledImage({
          tileSource: source,
          success: (event: Event) => {
            const added = (event as unknown as { item: OpenSeadragon.TiledImage }).item;
            if (ctrl.signal.aborted) {
              osd.world.removeItem(added);
              return;
            }
            const first = osd.world.getItemCount() === 1;
            for (let i = osd.world.getItemCount() - 1; i >= 0; i--) {
              if (osd.world.getItemAt(i) !== added) osd.world.removeItem(osd.world.getItemAt(i));
            }
            if (first) osd.viewport.goHome(true);
            item = added;
            if (added.getFullyLoaded()) setDrawn(true);
            added.addHandler('fully-loaded-change', (e: { fullyLoaded: boolean }) => e.fullyLoaded && setDrawn(true));
          },
        } as OpenSeadragon.TileSourceSpecifier);
      })
      .catch((err: Error & { expired?: boolean }) => {
        if (ctrl.signal.aborted) return;
        if (err.expired) onExpired();
        else setError(err.message || 'The image could not be loaded.');
      });
    return () => {
      ctrl.abort();
      void item;
    };
  }, [osd, dataLink]);

  // A tool change: new uniforms, one redraw of the viewer and its navigator.
  useEffect(() => {
    state.setParams(target);
    osd?.forceRedraw();
    (osd as unknown as { navigator?: OpenSeadragon.Viewer } | null)?.navigator?.forceRedraw();
  }, [osd, JSON.stringify(target)]);

  return { drawn, error };
}
