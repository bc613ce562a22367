// A candidate's scores over their attempts, oldest first: a small line with
// a dot per attempt (green passed, red failed). No chart library: the
// frontend has none, and this is twenty lines of SVG.

import { formatPercent } from '../../training';
import { t } from '../../i18n';

interface Point {
  score: number | null;
  passed: boolean | null;
}

const W = 160;
const H = 40;
const PAD = 4;

export function ProgressChart({ points, name }: { points: Point[]; name: string }) {
  const scored = points.filter((p): p is { score: number; passed: boolean | null } => p.score !== null);
  if (scored.length === 0) return <span class="muted">—</span>;
  const step = scored.length > 1 ? (W - 2 * PAD) / (scored.length - 1) : 0;
  const x = (i: number) => (scored.length > 1 ? PAD + i * step : W / 2);
  const y = (s: number) => PAD + (1 - s / 100) * (H - 2 * PAD);
  const line = scored.map((p, i) => `${x(i)},${y(p.score)}`).join(' ');
  const label = t('academy:stats.chartLabel', { name, scores: scored.map((p) => formatPercent(p.score)).join(', ') });
  return (
    <svg class="progress-chart" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <line x1={0} x2={W} y1={y(50)} y2={y(50)} class="progress-chart__mid" />
      {scored.length > 1 && <polyline points={line} class="progress-chart__line" />}
      {scored.map((p, i) => (
        <circle
          key={i}
          cx={x(i)}
          cy={y(p.score)}
          r={3.5}
          class={p.passed ? 'progress-chart__pass' : 'progress-chart__fail'}
        >
          <title>{formatPercent(p.score)}</title>
        </circle>
      ))}
    </svg>
  );
}
