// Render parameters: the viewer's state <-> the query string of the .dzi URL
// (OpenSeadragon appends it to every tile URL). The server's parameter names
// live here and nowhere else; defaults are omitted so URLs stay canonical and
// hit the tile cache.

import { t } from '../i18n';

export type Channel = 'high' | 'low';
export type Cmap = 'grey' | 'hot' | 'rainbow' | 'bone';
export type Strip = 'none' | 'organic' | 'inorganic' | 'metal';
export type TileFormat = 'jpeg' | 'png';

export interface RenderParams {
  channel: Channel;
  /** Window width in raw uint16 units; null = the server's automatic window. */
  window: number | null;
  /** Window centre in raw units; null = automatic. */
  level: number | null;
  gamma: number;
  invert: boolean;
  cmap: Cmap;
  material: boolean;
  strip: Strip;
  edge: boolean;
  equalize: boolean;
  hipen: boolean;
  fmt: TileFormat;
}

export const DEFAULT_PARAMS: Readonly<RenderParams> = Object.freeze({
  channel: 'high',
  window: null,
  level: null,
  gamma: 1,
  invert: false,
  cmap: 'grey',
  material: false,
  strip: 'none',
  edge: false,
  equalize: false,
  hipen: false,
  fmt: 'jpeg',
});

/** Query-string name of each parameter (the server's spelling). */
const NAMES: Record<keyof RenderParams, string> = {
  channel: 'channel',
  window: 'window',
  level: 'level',
  gamma: 'gamma',
  invert: 'invert',
  cmap: 'cmap',
  material: 'material',
  strip: 'strip',
  edge: 'edge',
  equalize: 'equalize',
  hipen: 'hipen',
  fmt: 'fmt',
};
const ORDER = Object.keys(NAMES) as (keyof RenderParams)[];

export const CHANNELS: readonly Channel[] = ['high', 'low'];
export const CMAPS: readonly Cmap[] = ['grey', 'hot', 'rainbow', 'bone'];
export const STRIPS: readonly Strip[] = ['none', 'organic', 'inorganic', 'metal'];
const FORMATS: readonly TileFormat[] = ['jpeg', 'png'];
export const GAMMA_MIN = 0.1;
export const GAMMA_MAX = 10;
/** Gamma steps for [ and ]: few distinct values keep the tile cache warm. */
export const GAMMA_STEPS = [0.25, 0.33, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5];
export const RAW_MAX = 65535;

/** What the scan can do: single-energy scans have no low channel or materials. */
export interface ScanCaps {
  dualEnergy: boolean;
}

/** Drop what the scan cannot render and round numbers to canonical values. */
export function normalize(p: RenderParams, caps: ScanCaps): RenderParams {
  const out = { ...p };
  if (!caps.dualEnergy) {
    out.channel = 'high';
    out.material = false;
    out.strip = 'none';
  }
  if (out.window === null || out.level === null) {
    out.window = null;
    out.level = null;
  } else {
    out.window = Math.min(Math.max(Math.round(out.window), 1), 2 * (RAW_MAX + 1));
    out.level = Math.min(Math.max(Math.round(out.level), 0), RAW_MAX);
  }
  out.gamma = Math.min(Math.max(Math.round(out.gamma * 100) / 100, GAMMA_MIN), GAMMA_MAX);
  return out;
}

function encode(key: keyof RenderParams, value: RenderParams[keyof RenderParams]): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (key === 'gamma') return String(Math.round((value as number) * 100) / 100);
  return String(value);
}

/** Canonical query string ("" or "?a=b&..."): fixed order, defaults omitted. */
export function toQuery(p: RenderParams): string {
  const parts: string[] = [];
  for (const key of ORDER) {
    const value = p[key];
    if (value === null || value === DEFAULT_PARAMS[key]) continue;
    if (key === 'cmap' && p.material) continue; // the server ignores cmap under material colours
    parts.push(`${NAMES[key]}=${encodeURIComponent(encode(key, value))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function num(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Parse a query string (page URL or .dzi URL); unknown or invalid values fall back to defaults. */
export function fromQuery(search: string, caps: ScanCaps): RenderParams {
  const q = new URLSearchParams(search);
  const get = (key: keyof RenderParams) => q.get(NAMES[key]);
  const flag = (key: keyof RenderParams) => get(key) === '1';
  const window = num(get('window'));
  const level = num(get('level'));
  const gamma = num(get('gamma'));
  const p: RenderParams = {
    channel: pick(get('channel'), CHANNELS) ?? DEFAULT_PARAMS.channel,
    window: window !== undefined && window > 0 && level !== undefined ? window : null,
    level: window !== undefined && window > 0 && level !== undefined ? level : null,
    gamma: gamma !== undefined && gamma >= GAMMA_MIN && gamma <= GAMMA_MAX ? gamma : 1,
    invert: flag('invert'),
    cmap: pick(get('cmap'), CMAPS) ?? DEFAULT_PARAMS.cmap,
    material: flag('material'),
    strip: pick(get('strip'), STRIPS) ?? DEFAULT_PARAMS.strip,
    edge: flag('edge'),
    equalize: flag('equalize'),
    hipen: flag('hipen'),
    fmt: pick(get('fmt'), FORMATS) ?? DEFAULT_PARAMS.fmt,
  };
  return normalize(p, caps);
}

/** The .dzi URL with the render parameters appended. */
export function dziUrl(base: string, p: RenderParams): string {
  const query = toQuery(p);
  if (!query) return base;
  return base.includes('?') ? `${base}&${query.slice(1)}` : base + query;
}

export function sameParams(a: RenderParams, b: RenderParams): boolean {
  return toQuery(a) === toQuery(b);
}

export function stepGamma(gamma: number, direction: 1 | -1): number {
  if (direction > 0) return GAMMA_STEPS.find((g) => g > gamma + 1e-6) ?? GAMMA_STEPS[GAMMA_STEPS.length - 1];
  return [...GAMMA_STEPS].reverse().find((g) => g < gamma - 1e-6) ?? GAMMA_STEPS[0];
}

export function nextCmap(cmap: Cmap): Cmap {
  return CMAPS[(CMAPS.indexOf(cmap) + 1) % CMAPS.length];
}

/** Press o/n/t once to show one class only, again to clear. */
export function toggleStrip(p: RenderParams, cls: Exclude<Strip, 'none'>): RenderParams {
  return { ...p, strip: p.strip === cls ? 'none' : cls };
}

/** The colour map's name in the language in use. */
export function cmapLabel(cmap: Cmap): string {
  return t(`viewer:cmap.${cmap}`);
}
