// Keeps the viewer showing the image for the current render parameters:
// fetch the .dzi (its query string carries the parameters; a 400 gives the
// server's message), then swap the tiled image in without losing the view.

import type OpenSeadragon from 'openseadragon';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Layers, dziTileSource, loadDzi } from './layers';
import { dziUrl } from './renderParams';
import type { RenderParams } from './renderParams';
import { t } from '../i18n';

export interface RenderedImage {
  /** Parameters of the image on screen (null before the first one). */
  shown: RenderParams | null;
  /** The requested image is still on its way. */
  loading: boolean;
  /** Why the last requested image could not be shown. */
  error: { message: string; params: RenderParams } | null;
  /** The tiled image on screen. */
  layers: Layers | null;
}

/**
 * `onShown` runs synchronously when an image replaces the previous one, in
 * the same frame, so a CSS preview can be removed without a flash.
 */
export function useRenderedImage(
  osd: OpenSeadragon.Viewer | null,
  dziBase: string,
  params: RenderParams,
  onShown: (p: RenderParams) => void,
): RenderedImage {
  const [layers, setLayers] = useState<Layers | null>(null);
  const [shown, setShown] = useState<{ url: string; params: RenderParams } | null>(null);
  const [error, setError] = useState<RenderedImage['error']>(null);
  const requested = useRef(new Map<string, RenderParams>());
  const shownUrl = useRef<string | null>(null);
  const onShownRef = useRef(onShown);
  onShownRef.current = onShown;

  useEffect(() => {
    if (!osd) return;
    const l = new Layers(osd, (url) => {
      const p = requested.current.get(url);
      if (!p) return;
      shownUrl.current = url;
      onShownRef.current(p);
      setShown({ url, params: p });
    });
    setLayers(l);
    return () => {
      l.destroy();
      setLayers(null);
      shownUrl.current = null;
    };
  }, [osd]);

  const url = dziUrl(dziBase, params);
  useEffect(() => {
    if (!layers) return;
    if (url === shownUrl.current) {
      layers.cancelPending();
      return;
    }
    const ctrl = new AbortController();
    const target = params;
    requested.current.set(url, target);
    loadDzi(url, ctrl.signal).then(
      (info) => {
        if (!ctrl.signal.aborted) layers.show(url, dziTileSource(url, info));
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        const message = err instanceof Error ? err.message : t('viewer:errors.image');
        setError({ message, params: target });
      },
    );
    return () => ctrl.abort();
  }, [layers, url]);

  return {
    shown: shown?.params ?? null,
    loading: !shown || shown.url !== url,
    error,
    layers,
  };
}
