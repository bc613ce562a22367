// Scans per hour today, stacked by site, with a legend of the day's totals.

import { HourChart, SERIES_COLORS } from '../../components/HourChart';
import type { WallInfo } from '../../equipment';

export function SiteChart({ sites }: { sites: WallInfo['scans_per_hour_by_site'] }) {
  const series = sites.map((s, i) => ({
    label: s.site.code,
    values: s.hours,
    color: SERIES_COLORS[i % SERIES_COLORS.length],
  }));
  return (
    <section class="wall-box wall-box--chart" aria-labelledby="chart-title" data-testid="wall-chart">
      <h2 id="chart-title">
        Scans per hour by site
        <span class="wall-legend">
          {series.map((s) => (
            <span key={s.label} class="wall-legend__item" title={sites.find((x) => x.site.code === s.label)?.site.name}>
              <i style={{ background: s.color }} /> {s.label} {s.values.reduce((a, b) => a + b, 0)}
            </span>
          ))}
        </span>
      </h2>
      <HourChart class="wall-chart" label="Scans per hour today, by site" series={series} />
    </section>
  );
}
