// What the shader needs besides the tiles: the render parameters turned into uniforms, with
// the window computed exactly as app/tiles/render.py `window_edges` does it (the histogram's
// default when automatic, clamped to the data's range) and the histogram's CDF for
// equalisation. One state object is shared by the viewer's drawer and its navigator's.

import type { Histogram } from '../histogram';
import type { RenderParams } from '../renderParams';
import { clampToData } from '../windowLevel';
import { CLASS_NAMES, CMAPS, HISTOGRAM_BIN_WIDTH } from './renderConstants';

export interface Uniforms {
  channel: number;
  edge: boolean;
  lo: number;
  hi: number;
  equalize: boolean;
  cLo: number;
  cHi: number;
  hipen: boolean;
  invGamma: number;
  invert: boolean;
  cmap: number;
  material: boolean;
  strip: number;
  /** Which channel's CDF the texture must hold. */
  cdfChannel: 'high' | 'low';
}

/** Cumulative fraction of pixels at each bin edge (bins + 1 values), as the server's `cdf()`. */
export function cumulative(h: Histogram): Float32Array {
  const out = new Float64Array(h.bins.length + 1);
  for (let i = 0; i < h.bins.length; i++) out[i + 1] = out[i] + h.bins[i];
  const total = Math.max(1, out[h.bins.length]);
  return Float32Array.from(out, (c) => c / total);
}

/** The server's equalisation table at a fractional raw value: np.interp over its float32
 * CDF sampled at every integer (cdf[v] = F(v + 1)). */
export function cdfAt(cum: Float32Array, x: number): number {
  const F = (u: number) => {
    const p = u / HISTOGRAM_BIN_WIDTH;
    const i = Math.min(Math.floor(p), cum.length - 1);
    const j = Math.min(i + 1, cum.length - 1);
    return Math.fround(cum[i] + (cum[j] - cum[i]) * (p - i));
  };
  if (x <= 0) return F(1);
  if (x >= 65535) return F(65536);
  const v = Math.floor(x);
  return F(v + 1) + (F(v + 2) - F(v + 1)) * (x - v);
}

export class GpuRenderState {
  params: RenderParams | null = null;
  private histograms: Partial<Record<'high' | 'low', { h: Histogram; cum: Float32Array }>> = {};
  /** Bumped whenever what is drawn changes, so the drawers redraw and re-upload the CDF. */
  version = 0;
  /** Called after the viewer's own drawer has drawn a frame (tests and the benchmark). */
  onFrame: ((frame: { version: number; tiles: number; ms: number }) => void) | null = null;

  setHistograms(channels: Record<string, Histogram>): void {
    for (const name of ['high', 'low'] as const) {
      const h = channels[name];
      if (h) this.histograms[name] = { h, cum: cumulative(h) };
    }
    this.version++;
  }

  /** New parameters; false (and nothing to redraw) when they are the ones already drawn. */
  setParams(p: RenderParams): boolean {
    if (this.params && JSON.stringify(this.params) === JSON.stringify(p)) return false;
    this.params = p;
    this.version++;
    return true;
  }

  cdf(channel: 'high' | 'low'): Float32Array | null {
    return this.histograms[channel]?.cum ?? null;
  }

  /** The uniforms for the current parameters, or null until parameters and histograms are known. */
  uniforms(): Uniforms | null {
    const p = this.params;
    const stats = p && this.histograms[p.channel];
    if (!p || !stats) return null;
    const auto = stats.h.default;
    const [window, level] = clampToData(p.window ?? auto.window, p.level ?? auto.level, stats.h);
    const lo = level - window / 2;
    const hi = level + window / 2;
    return {
      channel: p.channel === 'high' ? 0 : 1,
      edge: p.edge,
      lo,
      hi,
      equalize: p.equalize,
      cLo: cdfAt(stats.cum, lo),
      cHi: cdfAt(stats.cum, hi),
      hipen: p.hipen,
      invGamma: 1 / p.gamma,
      invert: p.invert,
      cmap: Math.max(0, (CMAPS as readonly string[]).indexOf(p.cmap)),
      material: p.material,
      strip: p.strip === 'none' ? -1 : (CLASS_NAMES as readonly string[]).indexOf(p.strip),
      cdfChannel: p.channel,
    };
  }
}
