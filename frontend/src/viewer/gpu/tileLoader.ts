// Loading data tiles for OpenSeadragon through a small pool of workers (tileWorker.ts): a
// tile source whose downloads hand OpenSeadragon decoded tiles of the type the drawer takes.

import OpenSeadragon from 'openseadragon';
import type { DecodedTile } from './pngTile';

/** OpenSeadragon data type of a decoded tile (gpu/XrayDrawer.ts draws it). */
export const TILE_TYPE = 'cips-xray-tile';

type Reply = { id: number; tile?: DecodedTile; error?: string; status?: number; ms?: number };

/** Tiles decoded and the time the workers spent decoding them (the benchmark reads it). */
export const decodeStats = { tiles: 0, ms: 0 };

class WorkerPool {
  private workers: Worker[] = [];
  private next = 0;
  private seq = 0;
  private waiting = new Map<number, { resolve(t: DecodedTile): void; reject(e: Error): void }>();
  /** Jobs for the view in the workers, and the navigator's held until there are none. */
  private urgent = new Set<number>();
  private held: (() => void)[] = [];

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL('./tileWorker.ts', import.meta.url), { type: 'module' });
      w.onmessage = (e: MessageEvent<Reply>) => {
        if (this.urgent.delete(e.data.id) && this.urgent.size === 0) {
          for (const send of this.held.splice(0)) send();
        }
        const job = this.waiting.get(e.data.id);
        this.waiting.delete(e.data.id);
        if (!job) return;
        if (e.data.tile) {
          decodeStats.tiles++;
          decodeStats.ms += e.data.ms ?? 0;
          job.resolve(e.data.tile);
        } else job.reject(Object.assign(new Error(e.data.error ?? 'tile failed'), { status: e.data.status }));
      };
      this.workers.push(w);
    }
  }

  /** Fetch and decode a tile; `later` ones (the navigator's) wait while the view's are decoding:
   * on two cores they would hold the view back. */
  load(url: string, later = false): { promise: Promise<DecodedTile>; cancel(): void } {
    const id = ++this.seq;
    const promise = new Promise<DecodedTile>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    const send = () => this.workers[this.next++ % this.workers.length].postMessage({ id, url });
    if (later && this.urgent.size > 0) this.held.push(send);
    else {
      if (!later) this.urgent.add(id);
      send();
    }
    return { promise, cancel: () => this.waiting.delete(id) };
  }
}

let pool: WorkerPool | null = null;

function workers(): WorkerPool {
  pool ??= new WorkerPool(Math.max(1, Math.min(2, navigator.hardwareConcurrency || 2)));
  return pool;
}

/** A Deep Zoom tile source whose tiles arrive decoded, ready for the GPU. */
export function dataTileSource(options: OpenSeadragon.IDziTileSourceOptions): OpenSeadragon.TileSource {
  const source = new OpenSeadragon.DziTileSource(options);
  type Job = {
    src: string;
    tile?: { tiledImage?: { viewer?: { viewer?: unknown } } };
    userData: { job?: { cancel(): void } };
    finish(d: unknown, r: null, t: string): void;
    fail(m: string, r: null): void;
  };
  const s = source as unknown as { downloadTileStart(j: Job): void; downloadTileAbort(j: Job): void };
  s.downloadTileStart = (job: Job) => {
    // A navigator (a viewer inside the viewer) has the viewer it belongs to as its `viewer`.
    const load = workers().load(job.src, !!job.tile?.tiledImage?.viewer?.viewer);
    job.userData.job = load;
    load.promise.then(
      (tile) => job.finish(tile, null, TILE_TYPE),
      (err: Error) => job.fail(err.message, null),
    );
  };
  s.downloadTileAbort = (job: Job) => job.userData.job?.cancel();
  return source;
}

/** Start the workers (their script loads while the page sets up the viewer). */
export function warmUpDecoders(): void {
  workers();
}

/** Decode one tile (the test hook renders it with the viewer's shaders). */
export function loadTile(url: string): Promise<DecodedTile> {
  return workers().load(url).promise;
}
