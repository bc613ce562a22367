// `window.cipsViewer` for browser tests and the benchmark: the OpenSeadragon viewer, the
// render parameters, the drawn regions, the render mode and, in browser rendering, the
// frames drawn and a 1:1 render of one data tile with the viewer's own shaders.

import type OpenSeadragon from 'openseadragon';
import { useEffect, useRef } from 'preact/hooks';
import type { GpuRenderState } from './gpu/renderState';
import { decodeStats, loadTile } from './gpu/tileLoader';
import { renderTileToPixels } from './gpu/XrayDrawer';
import type { W3CImageAnnotation } from './regionModel';
import type { RegionTools } from './regions';
import type { RenderParams } from './renderParams';
import type { RenderMode } from './renderMode';

export interface FrameLog {
  count: number;
  last: { version: number; tiles: number; ms: number; at: number } | null;
}

interface TestHook {
  osd: OpenSeadragon.Viewer;
  mode: RenderMode;
  params(): RenderParams;
  regions(): W3CImageAnnotation[];
  frames: FrameLog;
  /** The shader state's version: bumped by every parameter change. */
  version(): number;
  /** Data tiles decoded by the workers, and the time it took them. */
  decoded: { tiles: number; ms: number };
  /** A data tile rendered 1:1 by the shaders, RGBA rows top first (base64). */
  renderTile?(level: number, col: number, row: number): Promise<{ width: number; height: number; rgba: string }>;
}

declare global {
  interface Window {
    cipsViewer?: TestHook;
  }
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function useTestHook(
  osd: OpenSeadragon.Viewer | null,
  params: RenderParams,
  tools: RegionTools | null,
  gpuState: GpuRenderState | null,
  mode: RenderMode,
  dataLink: string | null,
): void {
  const paramsRef = useRef(params);
  paramsRef.current = params;
  useEffect(() => {
    if (!osd) return;
    const frames: FrameLog = { count: 0, last: null };
    const hook: TestHook = {
      osd,
      mode,
      params: () => paramsRef.current,
      regions: () => tools?.list() ?? [],
      frames,
      version: () => gpuState?.version ?? 0,
      decoded: decodeStats,
    };
    if (gpuState) {
      gpuState.onFrame = (f) => {
        frames.count++;
        frames.last = { ...f, at: performance.now() };
      };
      if (dataLink) {
        hook.renderTile = async (level, col, row) => {
          const tile = await loadTile(dataLink.replace(/data\.json$/, `data_files/${level}/${col}_${row}.png`));
          const gl = document.createElement('canvas').getContext('webgl2');
          if (!gl) throw new Error('no WebGL2');
          try {
            const { width, height, pixels } = renderTileToPixels(gl, tile, gpuState);
            return { width, height, rgba: base64(pixels) };
          } finally {
            gl.getExtension('WEBGL_lose_context')?.loseContext();
          }
        };
      }
    }
    window.cipsViewer = hook;
    return () => {
      if (gpuState) gpuState.onFrame = null;
      if (window.cipsViewer?.osd === osd) delete window.cipsViewer;
    };
  }, [osd, tools, gpuState, mode, dataLink]);
}
