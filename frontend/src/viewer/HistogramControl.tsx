// Histogram with draggable window handles: drag an edge to move it, the
// shaded middle to move the level; numbers below for exact values.

import { useEffect, useRef } from 'preact/hooks';
import type { Histogram } from './histogram';
import { fromEdges, windowEdges } from './windowLevel';
import type { WL } from './windowLevel';
import { t } from '../i18n';

interface Props {
  histogram: Histogram | null;
  error: string | null;
  /** The window/level in effect (draft while dragging), null if unknown. */
  wl: WL | null;
  auto: boolean;
  disabledReason?: string | null;
  onDraft(wl: WL): void;
  onCommit(wl: WL): void;
  onAuto(): void;
}

const HEIGHT = 72;
const GRAB_PX = 8;

export function HistogramControl({ histogram, error, wl, auto, disabledReason, onDraft, onCommit, onAuto }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ mode: 'low' | 'high' | 'move'; startX: number; start: WL } | null>(null);

  // Only when what it shows changes: the viewer re-renders on every tool key and drag step.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas && histogram) draw(canvas, histogram, wl);
  }, [histogram, wl?.window, wl?.level]);

  const toValue = (clientX: number): number => {
    const c = canvasRef.current!;
    const r = c.getBoundingClientRect();
    const t = Math.min(Math.max((clientX - r.left) / r.width, 0), 1);
    return histogram!.min + t * (histogram!.max - histogram!.min);
  };
  const toX = (value: number): number => {
    const r = canvasRef.current!.getBoundingClientRect();
    return r.left + ((value - histogram!.min) / (histogram!.max - histogram!.min)) * r.width;
  };

  const onPointerDown = (e: PointerEvent) => {
    if (!histogram || !wl || e.button !== 0) return;
    const [lo, hi] = windowEdges(wl);
    const x = e.clientX;
    const mode = Math.abs(x - toX(lo)) <= GRAB_PX ? 'low' : Math.abs(x - toX(hi)) <= GRAB_PX ? 'high' : 'move';
    drag.current = { mode, startX: x, start: wl };
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    e.preventDefault();
  };
  const next = (e: PointerEvent): WL | null => {
    const d = drag.current;
    if (!d || !histogram) return null;
    const [lo, hi] = windowEdges(d.start);
    if (d.mode === 'low') return fromEdges(toValue(e.clientX), hi);
    if (d.mode === 'high') return fromEdges(lo, Math.max(toValue(e.clientX), lo + 16));
    return fromEdges(lo + toValue(e.clientX) - toValue(d.startX), hi + toValue(e.clientX) - toValue(d.startX));
  };
  const onPointerMove = (e: PointerEvent) => {
    const wlNext = next(e);
    if (wlNext) onDraft(wlNext);
  };
  const onPointerUp = (e: PointerEvent) => {
    const wlNext = next(e);
    drag.current = null;
    if (wlNext) onCommit(wlNext);
  };

  const setNumber = (key: keyof WL, value: number) => {
    if (!wl || !Number.isFinite(value)) return;
    onCommit(fromEdges(...windowEdges({ ...wl, [key]: value })));
  };

  return (
    <section class="side-section" aria-labelledby="histogram-title">
      <div class="side-title-row">
        <h2 id="histogram-title" class="side-title">
          {t('viewer:group.Contrast')}
        </h2>
        <button type="button" class="chip" onClick={onAuto} aria-pressed={auto} title={t('viewer:histogram.autoTitle')}>
          {t('viewer:histogram.auto')}
        </button>
      </div>
      {error && <p class="muted small">{t('viewer:histogram.unavailable', { error })}</p>}
      {disabledReason && <p class="muted small">{disabledReason}</p>}
      <canvas
        ref={canvasRef}
        class="histogram"
        height={HEIGHT}
        role="img"
        aria-label={
          wl ? t('viewer:histogram.labelWith', { window: wl.window, level: wl.level }) : t('viewer:histogram.label')
        }
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = null)}
      />
      <div class="wl-inputs">
        <label>
          {t('viewer:histogram.window')}
          <input
            type="number"
            min={16}
            max={131072}
            step={64}
            value={wl?.window ?? ''}
            disabled={!wl}
            onChange={(e) => setNumber('window', e.currentTarget.valueAsNumber)}
          />
        </label>
        <label>
          {t('viewer:histogram.level')}
          <input
            type="number"
            min={0}
            max={65535}
            step={64}
            value={wl?.level ?? ''}
            disabled={!wl}
            onChange={(e) => setNumber('level', e.currentTarget.valueAsNumber)}
          />
        </label>
      </div>
    </section>
  );
}

function draw(canvas: HTMLCanvasElement, h: Histogram, wl: WL | null): void {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const hgt = Math.round(HEIGHT * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== hgt) canvas.height = hgt;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, w, hgt);
  ctx.fillStyle = '#0b0f14';
  ctx.fillRect(0, 0, w, hgt);
  const logs = h.bins.map((c) => Math.log1p(c));
  const top = Math.max(...logs, 1);
  const span = h.max - h.min || 1;
  const xOf = (v: number) => ((v - h.min) / span) * w;
  if (wl) {
    const [lo, hi] = windowEdges(wl);
    ctx.fillStyle = 'rgba(108, 182, 255, 0.18)';
    ctx.fillRect(xOf(lo), 0, xOf(hi) - xOf(lo), hgt);
  }
  ctx.fillStyle = '#a3b3c3';
  const bw = w / logs.length;
  logs.forEach((v, i) => {
    const bh = (v / top) * (hgt - 4);
    ctx.fillRect(i * bw, hgt - bh, Math.max(bw, 1), bh);
  });
  if (wl) {
    const [lo, hi] = windowEdges(wl);
    ctx.fillStyle = '#ffd33d';
    for (const v of [lo, hi]) ctx.fillRect(Math.round(xOf(v)) - dpr, 0, 2 * dpr, hgt);
    ctx.fillStyle = '#6cb6ff';
    ctx.fillRect(Math.round(xOf(wl.level)) - dpr / 2, hgt / 3, dpr, hgt / 3);
  }
}
