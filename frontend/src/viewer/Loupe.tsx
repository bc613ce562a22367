// The magnifier: a round lens that follows the pointer over the image and shows what is
// drawn under it 2x or 4x larger, pixel for pixel (no smoothing), in either render mode.
// It reads the viewer's drawing canvas, so it costs no request.

import type OpenSeadragon from 'openseadragon';
import { useEffect, useRef } from 'preact/hooks';
import { drawingCanvas } from './osdSetup';

export const LOUPE_SIZE = 220;
export type LoupeZoom = 0 | 2 | 4;

/** Off -> 2x -> 4x -> off. */
export function nextLoupe(z: LoupeZoom): LoupeZoom {
  return z === 0 ? 2 : z === 2 ? 4 : 0;
}

interface Props {
  osd: OpenSeadragon.Viewer | null;
  stage: HTMLElement | null;
  zoom: LoupeZoom;
}

export function Loupe({ osd, stage, zoom }: Props) {
  const lens = useRef<HTMLCanvasElement>(null);
  const at = useRef<{ x: number; y: number } | null>(null);
  const redraw = useRef<() => void>(() => undefined);

  // Where the pointer is, all the time: a lens switched on under a still pointer shows at once.
  useEffect(() => {
    if (!stage) return;
    const onMove = (e: PointerEvent) => {
      const r = stage.getBoundingClientRect();
      at.current = { x: e.clientX - r.left, y: e.clientY - r.top };
      redraw.current();
    };
    const onLeave = () => {
      at.current = null;
      redraw.current();
    };
    stage.addEventListener('pointermove', onMove, { passive: true });
    stage.addEventListener('pointerleave', onLeave);
    return () => {
      stage.removeEventListener('pointermove', onMove);
      stage.removeEventListener('pointerleave', onLeave);
    };
  }, [stage]);

  useEffect(() => {
    const canvas = lens.current;
    if (!osd || !stage || !zoom || !canvas) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = canvas.height = Math.round(LOUPE_SIZE * dpr);
    const draw = () => {
      const source = drawingCanvas(osd) as HTMLCanvasElement | null;
      const p = at.current;
      const ctx = canvas.getContext('2d');
      canvas.hidden = !p;
      if (!source || !p || !ctx) return;
      // The drawing canvas has device pixels: scale CSS pixels by its own ratio.
      const ratio = source.width / Math.max(1, source.clientWidth);
      const span = (LOUPE_SIZE / zoom) * ratio;
      ctx.imageSmoothingEnabled = false;
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(
        source,
        p.x * ratio - span / 2,
        p.y * ratio - span / 2,
        span,
        span,
        0,
        0,
        canvas.width,
        canvas.height,
      );
      // The magnification, in the lens (the toolbar keeps its width).
      ctx.font = `bold ${Math.round(13 * dpr)}px sans-serif`;
      ctx.fillStyle = '#ffd33d';
      ctx.fillText(`${zoom}×`, canvas.width * 0.44, canvas.height * 0.95);
      canvas.style.transform = `translate(${p.x - LOUPE_SIZE / 2}px, ${p.y - LOUPE_SIZE / 2}px)`;
    };
    redraw.current = draw;
    // The image under a still lens changes too (pan with keys, a tool, tiles arriving).
    osd.addHandler('update-viewport', draw);
    const timer = window.setInterval(draw, 250);
    draw();
    return () => {
      redraw.current = () => undefined;
      osd.removeHandler('update-viewport', draw);
      window.clearInterval(timer);
    };
  }, [osd, stage, zoom]);

  if (!zoom) return null;
  return (
    <canvas
      ref={lens}
      class="loupe"
      data-testid="loupe"
      data-zoom={zoom}
      hidden
      aria-hidden="true"
      style={{ width: `${LOUPE_SIZE}px`, height: `${LOUPE_SIZE}px` }}
    />
  );
}
