// Window/level arithmetic: drag deltas -> window/level, and an instant preview
// of a new window/level (and invert) on the already-drawn image while the
// server renders the real tiles. The preview is a per-pixel linear map
// (out = a * in + b), applied as an SVG feComponentTransfer filter on the
// drawing canvas: exact for grey images with gamma 1, close enough otherwise.

import { RAW_MAX } from './renderParams';
import type { RenderParams } from './renderParams';

export interface WL {
  window: number;
  level: number;
}

export const WINDOW_MIN = 16;
export const WINDOW_MAX = 2 * (RAW_MAX + 1);

export function clampWL(wl: WL): WL {
  return {
    window: Math.round(Math.min(Math.max(wl.window, WINDOW_MIN), WINDOW_MAX)),
    level: Math.round(Math.min(Math.max(wl.level, 0), RAW_MAX)),
  };
}

/** The data's range, as the histogram gives it (app/tiles/stats.py `data_range`). */
export interface DataRange {
  data_min?: number;
  data_max?: number;
}

/**
 * [window, level] kept to the data's range: the level inside it, the window no wider than
 * it. The same rule as the server's `ChannelStats.clamp_window`, so both render the same.
 */
export function clampToData(window: number, level: number, range: DataRange | null): [number, number] {
  if (!range || range.data_min === undefined || range.data_max === undefined) return [window, level];
  const span = Math.max(1, range.data_max - range.data_min);
  return [Math.min(Math.max(window, 1), span), Math.min(Math.max(level, range.data_min), range.data_max)];
}

/** A window/level kept to the data (and to whole raw units, at least WINDOW_MIN wide). */
export function clampWLToData(wl: WL, range: DataRange | null): WL {
  const whole = clampWL(wl);
  const [window, level] = clampToData(whole.window, whole.level, range);
  return { window: Math.round(window), level: Math.round(level) };
}

/** The window/level the server uses for `p` (`auto` is the histogram's default). */
export function effectiveWL(p: RenderParams, auto: WL | null): WL | null {
  if (p.window !== null && p.level !== null) return { window: p.window, level: p.level };
  return auto && { window: Math.round(auto.window), level: Math.round(auto.level) };
}

/**
 * Classic radiology drag: right widens the window (less contrast), down
 * raises the level (darker for transmission images). Exponential in x so it
 * feels the same on a narrow and a wide window.
 */
export function dragWL(start: WL, dx: number, dy: number): WL {
  return clampWL({
    window: start.window * Math.exp(dx / 250),
    level: start.level + (dy * Math.max(start.window, 256)) / 400,
  });
}

/** The window edges [low, high] in raw units. */
export function windowEdges(wl: WL): [number, number] {
  return [wl.level - wl.window / 2, wl.level + wl.window / 2];
}

export function fromEdges(low: number, high: number): WL {
  const lo = Math.min(low, high - WINDOW_MIN);
  return clampWL({ window: high - lo, level: (high + lo) / 2 });
}

/** Renders where a linear preview is meaningful (grey levels, plain window). */
function previewable(p: RenderParams): boolean {
  return p.cmap === 'grey' && !p.material && p.strip === 'none' && !p.equalize && !p.hipen;
}

export interface LinearMap {
  slope: number;
  intercept: number;
}

/**
 * The map from what is drawn (`shown`) to what `target` will look like, or
 * null when no preview applies (same image, or not expressible).
 */
export function previewMap(shown: RenderParams | null, target: RenderParams, auto: WL | null): LinearMap | null {
  if (!shown || !previewable(shown) || !previewable(target)) return null;
  if (shown.channel !== target.channel || shown.gamma !== target.gamma || shown.edge !== target.edge) return null;
  const from = effectiveWL(shown, auto);
  const to = effectiveWL(target, auto);
  if (!from || !to) return null;
  if (from.window === to.window && from.level === to.level && shown.invert === target.invert) return null;
  // Undo the shown window (p -> raw value), apply the target window.
  let slope = from.window / to.window;
  let intercept = (from.level - from.window / 2 - (to.level - to.window / 2)) / to.window;
  if (shown.invert) {
    intercept += slope;
    slope = -slope;
  }
  if (target.invert) {
    slope = -slope;
    intercept = 1 - intercept;
  }
  return { slope, intercept };
}
