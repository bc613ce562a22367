// Statistics of one drawn region, measured by the server on the full-resolution data:
// mean / minimum / maximum of both energies, the dual-energy ratio R, the share of each
// material class and the area in square metres (the scanner's pixel spacing).

import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { Schemas } from '../api';
import { apiPath } from '../scans';
import { outlineOf } from './MarkedRegions';
import type { W3CImageAnnotation } from './regionModel';
import { t } from '../i18n';

export type RegionStatistics = Schemas['RegionStatistics'];

/** The region as the query of the statistics link (rect=... or points=...). */
export function regionQuery(a: W3CImageAnnotation): string | null {
  const pts = outlineOf(a);
  if (!pts) return null;
  const target = Array.isArray(a.target) ? a.target[0] : a.target;
  const selector = typeof target === 'object' ? target.selector : undefined;
  const first = Array.isArray(selector) ? selector[0] : selector;
  if (first?.type === 'FragmentSelector') {
    const [[x0, y0], , [x1, y1]] = pts;
    return `rect=${x0},${y0},${x1 - x0},${y1 - y0}`;
  }
  return `points=${encodeURIComponent(pts.map(([x, y]) => `${x},${y}`).join(' '))}`;
}

const MATERIALS = new Set(['organic', 'inorganic', 'metal', 'undefined']);
const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 1 : 0)} %`;

interface Props {
  link: string | undefined;
  region: W3CImageAnnotation | null;
  number: number;
  onClose(): void;
}

export function RegionStats({ link, region, number, onClose }: Props) {
  const [stats, setStats] = useState<RegionStatistics | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = region ? regionQuery(region) : null;

  useEffect(() => {
    setStats(null);
    setError(null);
    if (!link || !query) return;
    let live = true;
    const base = apiPath(link);
    api.get<RegionStatistics>(`${base}${base.includes('?') ? '&' : '?'}${query}`).then(
      (s) => live && setStats(s),
      (err: unknown) => live && setError(err instanceof Error ? err.message : t('viewer:stats.failed')),
    );
    return () => {
      live = false;
    };
  }, [link, query]);

  if (!region) return null;
  return (
    <section
      class="side-section region-stats"
      data-testid="region-stats"
      aria-labelledby="region-stats-title"
      aria-busy={!stats && !error}
    >
      <div class="side-title-row">
        <h2 id="region-stats-title" class="side-title">
          {t('viewer:stats.title', { n: number })}
        </h2>
        <button type="button" class="chip" onClick={onClose}>
          {t('viewer:help.close')}
        </button>
      </div>
      {!link && <p class="muted small">{t('viewer:stats.noService')}</p>}
      {error && <p class="message message--error small">{error}</p>}
      {!stats && !error && link && <p class="muted small">{t('viewer:stats.measuring')}</p>}
      {stats && (
        <dl class="facts--compact" data-pixels={stats.pixels}>
          <dt class="muted">{t('viewer:stats.area')}</dt>
          <dd data-testid="region-area" data-m2={stats.area_m2}>
            {stats.area_m2.toFixed(stats.area_m2 < 100 ? 3 : 1)} m²
          </dd>
          {Object.entries(stats.channels).map(([name, c]) => (
            <Fragment key={name}>
              <dt class="muted">
                {name === 'high' ? t('viewer:stats.high') : name === 'low' ? t('viewer:stats.low') : name}
              </dt>
              <dd data-testid={`region-${name}`} data-mean={c.mean}>
                {t('viewer:stats.mean')} <b>{Math.round(c.mean)}</b> · {t('viewer:stats.min')} {c.min} ·{' '}
                {t('viewer:stats.max')} {c.max}
              </dd>
            </Fragment>
          ))}
          {stats.r !== null && (
            <>
              <dt class="muted">R</dt>
              <dd data-testid="region-r">{stats.r.toFixed(3)}</dd>
            </>
          )}
          {stats.materials && (
            <>
              <dt class="muted">{t('viewer:stats.materials')}</dt>
              <dd data-testid="region-materials">
                {Object.entries(stats.materials)
                  .filter(([, share]) => share > 0)
                  .map(([name, share]) => `${MATERIALS.has(name) ? t(`viewer:material.${name}`) : name} ${pct(share)}`)
                  .join(' · ')}
              </dd>
            </>
          )}
          {stats.scale > 1 && (
            <>
              <dt class="muted">{t('viewer:stats.measured')}</dt>
              <dd class="small">{t('viewer:stats.scale', { scale: stats.scale })}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
