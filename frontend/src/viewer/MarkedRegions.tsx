// Regions marked by someone else (the analyst's verdict for the officer or the
// reviewing expert), drawn read-only over the image and listed in the side
// panel. Plain SVG over OpenSeadragon: no Annotorious, nothing to edit.

import OpenSeadragon from 'openseadragon';
import { useEffect, useState } from 'preact/hooks';
import { imageToElement } from './osdSetup';
import { labelOf } from './regionModel';
import type { W3CImageAnnotation } from './regionModel';
import { t } from '../i18n';

type Pt = [number, number];

/** The region's outline in image pixels (a rectangle as its four corners). */
export function outlineOf(a: W3CImageAnnotation): Pt[] | null {
  const target = Array.isArray(a.target) ? a.target[0] : a.target;
  const raw = typeof target === 'object' ? target?.selector : undefined;
  for (const s of Array.isArray(raw) ? raw : raw ? [raw] : []) {
    if (s.type === 'FragmentSelector') {
      const m = /xywh=(?:pixel:)?([-\d.e]+),([-\d.e]+),([-\d.e]+),([-\d.e]+)/.exec(s.value);
      if (!m) continue;
      const [x, y, w, h] = m.slice(1).map(Number);
      return [
        [x, y],
        [x + w, y],
        [x + w, y + h],
        [x, y + h],
      ];
    }
    if (s.type === 'SvgSelector') {
      const m = /points=["']([^"']*)["']/.exec(s.value);
      const pts = m?.[1]
        .trim()
        .split(/[\s]+/)
        .map((p: string) => p.split(',').map(Number) as Pt);
      if (pts?.length && pts.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))) return pts;
    }
  }
  return null;
}

function zoomTo(osd: OpenSeadragon.Viewer, pts: Pt[]) {
  const item = osd.world.getItemAt(0);
  if (!item) return;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  const w = Math.max(...xs) - x;
  const h = Math.max(...ys) - y;
  const pad = Math.max(w, h) * 0.4 + 20;
  osd.viewport.fitBoundsWithConstraints(
    item.imageToViewportRectangle(new OpenSeadragon.Rect(x - pad, y - pad, w + 2 * pad, h + 2 * pad)),
  );
}

export function MarkedOverlay({ osd, regions }: { osd: OpenSeadragon.Viewer | null; regions: W3CImageAnnotation[] }) {
  const [, setTick] = useState(0);
  const any = regions.length > 0;
  useEffect(() => {
    if (!osd || !any) return;
    const redraw = () => setTick((t) => t + 1);
    osd.addHandler('update-viewport', redraw);
    osd.world.addHandler('add-item', redraw);
    return () => {
      osd.removeHandler('update-viewport', redraw);
      osd.world.removeHandler('add-item', redraw);
    };
  }, [osd, any]);

  if (!osd || !any || !osd.world.getItemAt(0)) return null;
  return (
    <svg class="marked-overlay" aria-hidden="true" data-count={regions.length}>
      {regions.map((a, i) => {
        const pts = outlineOf(a)
          ?.map(([x, y]) => imageToElement(osd, x, y))
          .filter((p): p is OpenSeadragon.Point => !!p);
        if (!pts?.length) return null;
        const points = pts.map((p) => `${p.x},${p.y}`).join(' ');
        const top = pts.reduce((a, b) => (b.y < a.y || (b.y === a.y && b.x < a.x) ? b : a));
        const label = labelOf(a);
        return (
          <g key={a.id ?? i}>
            <polygon points={points} class="marked-overlay__halo" />
            <polygon points={points} class="marked-overlay__shape" />
            <text x={top.x} y={top.y - 6} class="marked-overlay__text">
              {`${i + 1}${label ? ` ${label}` : ''}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

interface ListProps {
  osd: OpenSeadragon.Viewer | null;
  regions: W3CImageAnnotation[];
  title: string;
}

export function MarkedRegionList({ osd, regions, title }: ListProps) {
  return (
    <section class="side-section" aria-labelledby="marked-title" data-testid="marked-regions">
      <h2 id="marked-title" class="side-title">
        {title} <span class="muted small">({regions.length})</span>
      </h2>
      {regions.length === 0 && <p class="muted small">{t('viewer:regions.noneMarked')}</p>}
      <ol class="region-list">
        {regions.map((a, i) => {
          const pts = outlineOf(a);
          return (
            <li key={a.id ?? i} class="region-list__item">
              <button
                type="button"
                class="icon-button marked-list__num"
                disabled={!pts || !osd}
                onClick={() => osd && pts && zoomTo(osd, pts)}
                title={t('viewer:regions.zoomTo')}
              >
                <span aria-hidden="true">{i + 1}</span>
                <span class="visually-hidden">{t('viewer:regions.zoomToMarked', { n: i + 1 })}</span>
              </button>
              {labelOf(a) ? (
                <span class="marked-list__label" translate={false}>
                  {labelOf(a)}
                </span>
              ) : (
                <span class="marked-list__label">{t('viewer:regions.noLabel')}</span>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
