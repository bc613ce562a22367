// Scans per hour today, stacked by site, with a legend of the day's totals. The
// hours are the wall's zone's (the centre's), whichever zone a site is in.

import { HourChart, SERIES_COLORS } from '../../components/HourChart';
import type { WallInfo } from '../../equipment';
import { formatNumber, zoneName } from '../../format';
import { t } from '../../i18n';

export function SiteChart({ sites, zone }: { sites: WallInfo['scans_per_hour_by_site']; zone: string }) {
  const series = sites.map((s, i) => ({
    label: s.site.code,
    values: s.hours,
    color: SERIES_COLORS[i % SERIES_COLORS.length],
  }));
  const title = t('wall:chart.title', { zone: zoneName(zone) });
  return (
    <section class="wall-box wall-box--chart" aria-labelledby="chart-title" data-testid="wall-chart">
      <h2 id="chart-title">
        {title}
        <span class="wall-legend">
          {series.map((s) => (
            <span key={s.label} class="wall-legend__item" title={sites.find((x) => x.site.code === s.label)?.site.name}>
              <i style={{ background: s.color }} /> <span translate={false}>{s.label}</span>{' '}
              {formatNumber(s.values.reduce((a, b) => a + b, 0))}
            </span>
          ))}
        </span>
      </h2>
      <HourChart class="wall-chart" label={title} series={series} testId="wall-hours" />
    </section>
  );
}
