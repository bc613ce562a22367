// `window.cipsViewer` for browser tests: the OpenSeadragon viewer, the render
// parameters and the drawn regions of the viewer on screen.

import type OpenSeadragon from 'openseadragon';
import { useEffect, useRef } from 'preact/hooks';
import type { W3CImageAnnotation } from './regionModel';
import type { RegionTools } from './regions';
import type { RenderParams } from './renderParams';

declare global {
  interface Window {
    cipsViewer?: { osd: OpenSeadragon.Viewer; params(): RenderParams; regions(): W3CImageAnnotation[] };
  }
}

export function useTestHook(osd: OpenSeadragon.Viewer | null, params: RenderParams, tools: RegionTools | null): void {
  const paramsRef = useRef(params);
  paramsRef.current = params;
  useEffect(() => {
    if (!osd) return;
    window.cipsViewer = { osd, params: () => paramsRef.current, regions: () => tools?.list() ?? [] };
    return () => {
      if (window.cipsViewer?.osd === osd) delete window.cipsViewer;
    };
  }, [osd, tools]);
}
