// Distance measure in metres: drag, or click two points. Pixel spacing comes
// from the scanner (x along the image width, y along the height).

import type OpenSeadragon from 'openseadragon';
import { useEffect, useRef, useState } from 'preact/hooks';
import { clientToImage, imageToElement } from './osdSetup';
import { useDragIntercept } from './pointer';

interface Pt {
  x: number;
  y: number;
}
export interface MeasureLine {
  a: Pt;
  b: Pt;
  done: boolean;
}
export interface Spacing {
  x: number;
  y: number;
}

export function distanceMetres(line: MeasureLine, spacingMm: Spacing): number {
  const dx = ((line.b.x - line.a.x) * spacingMm.x) / 1000;
  const dy = ((line.b.y - line.a.y) * spacingMm.y) / 1000;
  return Math.hypot(dx, dy);
}

export function formatMetres(m: number): string {
  return `${m.toFixed(2)} m`;
}

/** Measuring state and pointer handling; `active` when the Measure tool is on. */
export function useMeasure(osd: OpenSeadragon.Viewer | null, stage: HTMLElement | null, active: boolean) {
  const [line, setLine] = useState<MeasureLine | null>(null);
  const press = useRef<{ x: number; y: number } | null>(null);
  const placing = useRef(false); // first click placed, waiting for the second

  const at = (e: PointerEvent): Pt | null => {
    if (!osd) return null;
    const p = clientToImage(osd, e.clientX, e.clientY);
    return p ? { x: p.x, y: p.y } : null;
  };

  useDragIntercept(stage, {
    claim: (e) => active && e.button === 0 && !e.ctrlKey && !!osd?.world.getItemAt(0),
    start: (e) => {
      const p = at(e);
      if (!p) return;
      press.current = { x: e.clientX, y: e.clientY };
      if (placing.current) setLine((l) => (l ? { ...l, b: p } : l));
      else setLine({ a: p, b: p, done: false });
    },
    move: (e) => {
      const p = at(e);
      if (p) setLine((l) => (l && !l.done ? { ...l, b: p } : l));
    },
    end: (e, cancelled) => {
      const start = press.current;
      press.current = null;
      if (cancelled || !start) return;
      const moved = Math.hypot(e.clientX - start.x, e.clientY - start.y) > 4;
      if (!moved && !placing.current) {
        placing.current = true; // a click: the next click ends the line
        return;
      }
      placing.current = false;
      setLine((l) => (l ? { ...l, done: true } : l));
    },
  });

  // Click-click mode: follow the cursor between the two clicks.
  useEffect(() => {
    if (!stage || !active) return;
    const onMove = (e: PointerEvent) => {
      if (!placing.current || press.current) return;
      const p = at(e);
      if (p) setLine((l) => (l && !l.done ? { ...l, b: p } : l));
    };
    stage.addEventListener('pointermove', onMove, { passive: true });
    return () => stage.removeEventListener('pointermove', onMove);
  }, [stage, active, osd]);

  useEffect(() => {
    if (!active) placing.current = false;
  }, [active]);

  const clear = () => {
    placing.current = false;
    setLine(null);
  };
  return { line, clear };
}

/** The measured line drawn over the image, following zoom and pan. */
export function MeasureOverlay({
  osd,
  line,
  label,
}: {
  osd: OpenSeadragon.Viewer | null;
  line: MeasureLine | null;
  label: string;
}) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!osd || !line) return;
    const redraw = () => setTick((t) => t + 1);
    osd.addHandler('update-viewport', redraw);
    return () => osd.removeHandler('update-viewport', redraw);
  }, [osd, !!line]);

  if (!osd || !line) return null;
  const a = imageToElement(osd, line.a.x, line.a.y);
  const b = imageToElement(osd, line.b.x, line.b.y);
  if (!a || !b) return null;
  return (
    <svg class="measure-overlay" aria-hidden="true">
      <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} class="measure-overlay__halo" />
      <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} class="measure-overlay__line" />
      <circle cx={a.x} cy={a.y} r={4} class="measure-overlay__end" />
      <circle cx={b.x} cy={b.y} r={4} class="measure-overlay__end" />
      <text x={(a.x + b.x) / 2 + 8} y={(a.y + b.y) / 2 - 8} class="measure-overlay__text">
        {label}
      </text>
    </svg>
  );
}
