// Regions drawn on the scan (rectangles and polygons), kept as W3C Web Annotations:
// a threat category is a TextualBody with purpose "classifying", a free-text label one
// with purpose "tagging", the declaration's goods line the region contradicts one with
// purpose "linking" and a `goods_line` number (app/blueprints/assignments/regions.py
// checks them). Verdicts reuse these objects as they are. No Annotorious here, so lists
// and verdict forms can use it without loading the drawing code.

import type { W3CImageAnnotation } from '@annotorious/openseadragon';
import type { ThreatCategory } from '../threatCategories';

export type RegionTool = 'rectangle' | 'polygon';
export type { W3CImageAnnotation };

export interface Region {
  id: string;
  label: string;
  category: ThreatCategory | null;
  goodsLine: number | null;
  shape: 'rectangle' | 'polygon' | 'other';
}

function bodies(a: W3CImageAnnotation) {
  return Array.isArray(a.body) ? a.body : a.body ? [a.body] : [];
}

export function labelOf(a: W3CImageAnnotation): string {
  const tag =
    bodies(a).find((b) => b.purpose === 'tagging') ?? bodies(a).find((b) => !b.purpose && typeof b.value === 'string');
  return tag?.value ?? '';
}

export function withLabel(a: W3CImageAnnotation, label: string): W3CImageAnnotation {
  const others = bodies(a).filter((b) => b.purpose !== 'tagging');
  const text = label.trim();
  const body = text ? [...others, { type: 'TextualBody', purpose: 'tagging', value: text }] : others;
  return { ...a, body };
}

export function categoryOf(a: W3CImageAnnotation): ThreatCategory | null {
  return (bodies(a).find((b) => b.purpose === 'classifying')?.value as ThreatCategory | undefined) ?? null;
}

export function goodsLineOf(a: W3CImageAnnotation): number | null {
  const link = bodies(a).find((b) => b.purpose === 'linking') as { goods_line?: number } | undefined;
  return typeof link?.goods_line === 'number' ? link.goods_line : null;
}

export function withCategory(a: W3CImageAnnotation, category: ThreatCategory | null): W3CImageAnnotation {
  const others = bodies(a).filter((b) => b.purpose !== 'classifying');
  const body = category ? [...others, { type: 'TextualBody', purpose: 'classifying', value: category }] : others;
  return { ...a, body };
}

export function withGoodsLine(a: W3CImageAnnotation, line: number | null): W3CImageAnnotation {
  const others = bodies(a).filter((b) => b.purpose !== 'linking');
  const link = { type: 'TextualBody', purpose: 'linking', value: `goods line ${line}`, goods_line: line };
  return { ...a, body: line ? [...others, link as (typeof others)[number]] : others };
}

export function toRegion(a: W3CImageAnnotation): Region {
  const target = Array.isArray(a.target) ? a.target[0] : a.target;
  const selector = typeof target === 'object' ? target.selector : undefined;
  const first = Array.isArray(selector) ? selector[0] : selector;
  const shape = first?.type === 'FragmentSelector' ? 'rectangle' : first?.type === 'SvgSelector' ? 'polygon' : 'other';
  return { id: a.id, label: labelOf(a), category: categoryOf(a), goodsLine: goodsLineOf(a), shape };
}

const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
const round = (v: number) => Math.round(v * 10) / 10;

/**
 * The annotation with its points clamped to the image (0..width, 0..height),
 * or null when it already lies inside. Regions drawn past the edge of the scan
 * would otherwise carry negative or out-of-range pixel coordinates.
 */
export function clipToImage(a: W3CImageAnnotation, width: number, height: number): W3CImageAnnotation | null {
  const target = Array.isArray(a.target) ? a.target[0] : a.target;
  if (typeof target !== 'object' || !target.selector) return null;
  const selector = Array.isArray(target.selector) ? target.selector[0] : target.selector;
  let value: string | null = null;
  if (selector.type === 'FragmentSelector') {
    const m = /^xywh=pixel:([-\d.e]+),([-\d.e]+),([-\d.e]+),([-\d.e]+)$/.exec(selector.value);
    if (!m) return null;
    const [x, y, w, h] = m.slice(1).map(Number);
    const x0 = clamp(x, width);
    const y0 = clamp(y, height);
    const x1 = clamp(x + w, width);
    const y1 = clamp(y + h, height);
    value = `xywh=pixel:${round(x0)},${round(y0)},${round(x1 - x0)},${round(y1 - y0)}`;
  } else if (selector.type === 'SvgSelector') {
    value = selector.value.replace(/points="([^"]*)"/, (_: string, pts: string) => {
      const clipped = pts
        .trim()
        .split(/\s+/)
        .map((pair) => pair.split(',').map(Number))
        .map(([x, y]) => `${round(clamp(x, width))},${round(clamp(y, height))}`);
      return `points="${clipped.join(' ')}"`;
    });
  }
  if (value === null || value === selector.value) return null;
  const clippedTarget = { ...target, selector: { ...selector, value } };
  return { ...a, target: Array.isArray(a.target) ? [clippedTarget, ...a.target.slice(1)] : clippedTarget };
}
