// Swapping rendered versions of the scan without flashing black.
//
// Tile URLs are fixed when a tiled image is created, so new render parameters
// mean a new tiled image. The new one is added on top, invisible but loading
// (preload), and replaces the old one once the view is fully loaded (or after a
// short grace period, when it is shown over the old one, which fills the gaps).
// The zoom and pan are untouched.

import OpenSeadragon from 'openseadragon';
import { ApiError } from '../api';
import { t } from '../i18n';

export interface DziInfo {
  width: number;
  height: number;
  tileSize: number;
  overlap: number;
  format: string;
}

/** Fetch and parse a .dzi (its query string carries the render parameters). */
export async function loadDzi(url: string, signal?: AbortSignal): Promise<DziInfo> {
  let res: Response;
  try {
    res = await fetch(url, {
      credentials: 'same-origin',
      signal,
      headers: { Accept: 'application/xml, application/json' },
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'network_error', t('viewer:errors.network'));
  }
  const text = await res.text();
  if (!res.ok) {
    let message = `The image could not be loaded (HTTP ${res.status}).`;
    let code = `http_${res.status}`;
    try {
      const body = JSON.parse(text) as { error?: string; message?: string };
      if (body.message) message = body.message;
      if (body.error) code = body.error;
    } catch {
      // not JSON: keep the generic message
    }
    throw new ApiError(res.status, code, message);
  }
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const image = doc.documentElement;
  const size = image?.getElementsByTagNameNS('*', 'Size')[0];
  const info: DziInfo = {
    width: Number(size?.getAttribute('Width')),
    height: Number(size?.getAttribute('Height')),
    tileSize: Number(image?.getAttribute('TileSize')),
    overlap: Number(image?.getAttribute('Overlap') ?? 0),
    format: image?.getAttribute('Format') ?? 'jpeg',
  };
  if (!(info.width > 0 && info.height > 0 && info.tileSize > 0)) {
    throw new ApiError(0, 'bad_dzi', t('viewer:errors.badDzi'));
  }
  return info;
}

/** A Deep Zoom tile source whose tile URLs carry the .dzi URL's query string. */
export function dziTileSource(url: string, info: DziInfo): OpenSeadragon.TileSource {
  const q = url.indexOf('?');
  const path = q >= 0 ? url.slice(0, q) : url;
  return new OpenSeadragon.DziTileSource({
    width: info.width,
    height: info.height,
    tileSize: info.tileSize,
    tileOverlap: info.overlap,
    tilesUrl: path.replace(/\.(dzi|xml)$/, '_files/'),
    fileFormat: info.format,
    queryParams: q >= 0 ? url.slice(q) : '',
  } as OpenSeadragon.IDziTileSourceOptions & { queryParams: string });
}

const GRACE_MS = 1200;
const GIVE_UP_MS = 4000;

export class Layers {
  private current: OpenSeadragon.TiledImage | null = null;
  private pending: OpenSeadragon.TiledImage | null = null;
  private generation = 0;
  private timer = 0;

  constructor(
    private viewer: OpenSeadragon.Viewer,
    /** The image for `key` is now what the user sees. */
    private onShown: (key: string) => void,
  ) {}

  get item(): OpenSeadragon.TiledImage | null {
    return this.current;
  }

  show(key: string, source: OpenSeadragon.TileSource): void {
    const gen = ++this.generation;
    this.dropPending();
    const first = !this.current;
    this.viewer.addTiledImage({
      tileSource: source,
      index: this.viewer.world.getItemCount(),
      opacity: first ? 1 : 0,
      preload: true,
      success: (event: Event) => {
        const item = (event as unknown as { item: OpenSeadragon.TiledImage }).item;
        if (gen !== this.generation) {
          this.viewer.world.removeItem(item);
          return;
        }
        if (first) {
          this.current = item;
          this.viewer.viewport.goHome(true);
          this.onShown(key);
          return;
        }
        this.pending = item;
        const done = () => this.swap(item, key);
        if (item.getFullyLoaded()) done();
        item.addHandler('fully-loaded-change', (e: { fullyLoaded: boolean }) => {
          if (e.fullyLoaded && this.pending === item) done();
        });
        this.timer = window.setTimeout(() => {
          // Still loading: show what has arrived over the old image, and give
          // up on "fully loaded" (a failed tile never completes) a bit later.
          if (this.pending !== item) return;
          item.setOpacity(1);
          this.timer = window.setTimeout(() => this.pending === item && done(), GIVE_UP_MS);
        }, GRACE_MS);
      },
    } as OpenSeadragon.TileSourceSpecifier);
  }

  private swap(item: OpenSeadragon.TiledImage, key: string): void {
    window.clearTimeout(this.timer);
    const old = this.current;
    item.setOpacity(1);
    this.current = item;
    this.pending = null;
    if (old) this.viewer.world.removeItem(old);
    this.onShown(key);
  }

  /** Forget an image still loading (the one on screen stays). */
  cancelPending(): void {
    this.generation++;
    this.dropPending();
  }

  private dropPending(): void {
    window.clearTimeout(this.timer);
    if (this.pending) this.viewer.world.removeItem(this.pending);
    this.pending = null;
  }

  destroy(): void {
    this.generation++;
    window.clearTimeout(this.timer);
    this.current = null;
    this.pending = null;
  }
}
