// The scan viewer page lives in its own chunk (OpenSeadragon, Annotorious);
// the queue fetches it ahead of time so that opening a scan is immediate.

import type { FunctionComponent } from 'preact';

export type ScanPageComponent = FunctionComponent<{ id: string; search: string }>;
let chunk: Promise<ScanPageComponent> | null = null;

export function loadScanPage(): Promise<ScanPageComponent> {
  if (!chunk) {
    chunk = import('./ScanPage').then((m) => m.ScanPage);
    chunk.catch(() => (chunk = null));
  }
  return chunk;
}
