// A worker that fetches and decodes lossless data tiles (pngTile.ts) off the main thread.

import { decodeTile, warmUpDecoder } from './pngTile';

interface Request {
  id: number;
  url: string;
}

// Compiled while the analyst waits for a scan, not on the first image's clock.
void warmUpDecoder().catch(() => undefined);

self.onmessage = async (e: MessageEvent<Request>) => {
  const { id, url } = e.data;
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) {
      self.postMessage({ id, error: `HTTP ${response.status}`, status: response.status });
      return;
    }
    const bytes = await response.arrayBuffer();
    const started = performance.now();
    const tile = await decodeTile(bytes);
    const ms = performance.now() - started;
    (self as unknown as Worker).postMessage({ id, tile, ms }, [
      ...tile.planes.map((p) => p.buffer),
      tile.classes.buffer,
    ]);
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err), status: 0 });
  }
};
