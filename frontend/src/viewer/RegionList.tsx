// The regions drawn on the scan: a threat category from the fixed list, a free-text label,
// the declaration's goods line the region contradicts, statistics, zoom to it, delete it.
// A new region is highlighted, not focused: the focus (and the scroll position of the
// side panel, with the verdict buttons) stays where the analyst left it.

import { useState } from 'preact/hooks';
import type { GoodsLine } from '../declarations';
import { THREAT_CATEGORIES } from '../threatCategories';
import type { ThreatCategory } from '../threatCategories';
import { toRegion } from './regionModel';
import type { W3CImageAnnotation } from './regionModel';
import { t } from '../i18n';

interface Props {
  annotations: W3CImageAnnotation[];
  /** The region drawn last: highlighted. */
  focusId: string | null;
  onLabel(id: string, label: string): void;
  onCategory(id: string, category: ThreatCategory | null): void;
  onGoodsLine(id: string, line: number | null): void;
  onDelete(id: string): void;
  onShow(id: string): void;
  onStats(id: string): void;
  /** The declaration's goods lines, when the scan has one. */
  goods?: GoodsLine[] | null;
  readOnly?: boolean;
  error?: string | null;
}

const shapeLabel = (shape: 'rectangle' | 'polygon' | 'other') => t(`viewer:shape.${shape}`);

export function RegionList(p: Props) {
  const { annotations, focusId, readOnly, error, goods } = p;
  // Labels being typed: a re-render of the page around the viewer (a region
  // saved, a status changing) must not put back the old label mid-word.
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const commit = (id: string, value: string) => {
    p.onLabel(id, value);
    setDrafts(({ [id]: _, ...rest }) => rest);
  };

  return (
    <section class="side-section" aria-labelledby="regions-title">
      <h2 id="regions-title" class="side-title">
        {t('viewer:regions.title')} <span class="muted small">({annotations.length})</span>
      </h2>
      {error && <p class="muted small">{error}</p>}
      {annotations.length === 0 && !error && <p class="muted small">{t('viewer:regions.noneYet')}</p>}
      <ol class="region-list" data-testid="region-list">
        {annotations.map((a, i) => {
          const r = toRegion(a);
          return (
            <li
              key={r.id}
              class={`region-list__item${r.id === focusId ? ' region-list__item--new' : ''}`}
              data-region={r.id}
            >
              <button
                type="button"
                class="icon-button"
                onClick={() => p.onShow(r.id)}
                title={t('viewer:regions.zoomTo')}
              >
                <span aria-hidden="true">{i + 1}</span>
                <span class="visually-hidden">{t('viewer:regions.show', { n: i + 1 })}</span>
              </button>
              <div class="region-list__fields">
                <select
                  class="region-list__category"
                  aria-label={t('viewer:regions.category', { n: i + 1 })}
                  value={r.category ?? ''}
                  disabled={readOnly}
                  onChange={(e) => p.onCategory(r.id, (e.currentTarget.value || null) as ThreatCategory | null)}
                >
                  <option value="">{t('viewer:regions.categoryNone')}</option>
                  {THREAT_CATEGORIES.map(([code]) => (
                    <option key={code} value={code}>
                      {t(`viewer:threat.${code}`)}
                    </option>
                  ))}
                </select>
                <label class="visually-hidden" for={`region-label-${i}`}>
                  {t('viewer:regions.labelFor', { n: i + 1, shape: shapeLabel(r.shape) })}
                </label>
                <input
                  id={`region-label-${i}`}
                  class="region-list__label"
                  data-region={r.id}
                  type="text"
                  value={drafts[r.id] ?? r.label}
                  placeholder={t('viewer:regions.notePlaceholder', { shape: shapeLabel(r.shape) })}
                  readOnly={readOnly}
                  maxLength={200}
                  onInput={(e) => {
                    const value = e.currentTarget.value;
                    setDrafts((d) => ({ ...d, [r.id]: value }));
                  }}
                  onChange={(e) => commit(r.id, e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === 'Escape') {
                      commit(r.id, e.currentTarget.value);
                      e.currentTarget.blur();
                      e.stopPropagation();
                    }
                  }}
                />
                {goods && goods.length > 0 && (
                  <select
                    class="region-list__goods"
                    aria-label={t('viewer:regions.goodsFor', { n: i + 1 })}
                    value={r.goodsLine ?? ''}
                    disabled={readOnly}
                    onChange={(e) => p.onGoodsLine(r.id, e.currentTarget.value ? Number(e.currentTarget.value) : null)}
                  >
                    <option value="">{t('viewer:regions.goodsNone')}</option>
                    {goods.map((g, n) => (
                      <option key={n} value={n + 1}>
                        {t('viewer:regions.goodsLine', { n: n + 1, hs: g.hs_code, description: g.description })}
                      </option>
                    ))}
                  </select>
                )}
              </div>
              <button
                type="button"
                class="icon-button"
                onClick={() => p.onStats(r.id)}
                title={t('viewer:regions.statsTitle')}
              >
                <span aria-hidden="true">Σ</span>
                <span class="visually-hidden">{t('viewer:regions.stats', { n: i + 1 })}</span>
              </button>
              {!readOnly && (
                <button type="button" class="icon-button icon-button--danger" onClick={() => p.onDelete(r.id)}>
                  <span aria-hidden="true">×</span>
                  <span class="visually-hidden">{t('viewer:regions.delete', { n: i + 1 })}</span>
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
