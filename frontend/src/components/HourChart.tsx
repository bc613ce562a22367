// A small SVG chart of 24 hourly values: one or more series as stacked bars.
// It fills its box (measured, so text keeps its size on any screen) and
// scales its type with the box's font size (4K wall screens).

import { useRef } from 'preact/hooks';
import { useBox } from '../useBox';

export interface Series {
  label: string;
  values: number[];
  color: string;
}

export const SERIES_COLORS = ['#6cb6ff', '#3fb950', '#e0b53f', '#f778ba', '#a371f7', '#39c5cf', '#ff9b5c', '#c9d1d9'];

function niceMax(v: number): number {
  if (v <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

interface Props {
  series: Series[];
  /** Accessible description, e.g. "Scans per hour". */
  label: string;
  class?: string;
}

export function HourChart({ series, label, class: cls }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const { w, h, fs } = useBox(ref);
  const padL = fs * 2.6,
    padR = fs * 0.6,
    padT = fs * 0.6,
    padB = fs * 1.7;
  const pw = Math.max(0, w - padL - padR),
    ph = Math.max(0, h - padT - padB);
  const sums = Array.from({ length: 24 }, (_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...sums));
  const band = pw / 24;
  const y = (v: number) => padT + (1 - v / max) * ph;
  const every = band > fs * 2.2 ? 2 : band > fs * 1.1 ? 3 : 6;
  const total = sums.reduce((a, b) => a + b, 0);
  return (
    <div ref={ref} class={`hour-chart ${cls ?? ''}`}>
      {w > 0 && h > 0 && (
        <svg width={w} height={h} role="img" aria-label={`${label}: ${total} in total`} font-size={fs * 0.8}>
          {[0, max / 2, max].map((v) => (
            <g key={v}>
              <line x1={padL} x2={w - padR} y1={y(v)} y2={y(v)} class="hour-chart__grid" />
              <text x={padL - fs * 0.3} y={y(v)} dy="0.35em" text-anchor="end" class="hour-chart__tick">
                {v}
              </text>
            </g>
          ))}
          {Array.from({ length: 24 }, (_, i) =>
            i % every === 0 ? (
              <text key={i} x={padL + i * band} y={h - fs * 0.4} text-anchor="middle" class="hour-chart__tick">
                {String(i).padStart(2, '0')}
              </text>
            ) : null,
          )}
          {Array.from({ length: 24 }, (_, i) => {
            let base = 0;
            return series.map((s, k) => {
              const v = s.values[i] ?? 0;
              if (v <= 0) return null;
              const top = y(base + v),
                bottom = y(base);
              base += v;
              return (
                <rect
                  key={`${k}-${i}`}
                  x={padL + i * band + band * 0.12}
                  width={Math.max(1, band * 0.76)}
                  y={top}
                  height={Math.max(0, bottom - top)}
                  fill={s.color}
                >
                  <title>{`${s.label} ${String(i).padStart(2, '0')}:00 – ${v}`}</title>
                </rect>
              );
            });
          })}
        </svg>
      )}
    </div>
  );
}
