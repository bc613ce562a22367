// 24 hourly values as bars (several series stacked), drawn by uPlot. The hours are
// those of one stated zone (the caller's, said in `label`); the chart fills its box
// (measured, so the type keeps its size on a 4K wall) and takes its colours from the
// box's CSS colour, so it reads on the dark wall and on light pages alike.

import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from '../format';
import { useBox } from '../useBox';

export interface Series {
  label: string;
  values: number[];
  color: string;
}

export const SERIES_COLORS = ['#6cb6ff', '#3fb950', '#e0b53f', '#f778ba', '#a371f7', '#39c5cf', '#ff9b5c', '#c9d1d9'];

interface Props {
  series: Series[];
  /** Accessible description, e.g. "Scans per hour today (GMT+1)". */
  label: string;
  class?: string;
  testId?: string;
}

const HOURS = Array.from({ length: 24 }, (_, i) => i);
const hh = (i: number) => String(i).padStart(2, '0');

/** Per hour, the stack's running totals: series k's bar reaches cumulative[k]. */
function cumulative(series: Series[]): number[][] {
  const out: number[][] = [];
  series.forEach((s, k) => out.push(HOURS.map((h) => (k ? out[k - 1][h] : 0) + (s.values[h] ?? 0))));
  return out;
}

export function HourChart({ series, label, class: cls, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { w, h, fs } = useBox(box);
  const stacks = cumulative(series);
  const totals = stacks.length ? stacks[stacks.length - 1] : HOURS.map(() => 0);
  const key = series.map((s) => `${s.label}:${s.color}`).join('|');

  // The plot is rebuilt when the series change shape or the box its size; new values only
  // replace the data.
  useEffect(() => {
    const el = box.current;
    if (!el || w === 0 || h === 0) return;
    const ink = getComputedStyle(el).color || '#c9d1d9';
    const font = `${Math.round(fs * 0.8)}px system-ui, sans-serif`;
    const bars = uPlot.paths.bars!({ size: [0.76, Infinity], align: 0 });
    // Drawn tallest first, so each series' own colour shows above the ones below it.
    const order = series.map((_, k) => k).reverse();
    const opts: uPlot.Options = {
      width: w,
      height: h,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, 23.5] }, y: { range: (_u, _min, max) => [0, Math.max(5, max)] } },
      axes: [
        {
          stroke: ink,
          font,
          size: fs * 1.6,
          grid: { show: false },
          ticks: { stroke: ink, size: fs * 0.3 },
          incrs: [1, 2, 3, 6],
          space: fs * 2,
          values: (_u, splits) => splits.map((v) => (Number.isInteger(v) && v >= 0 && v < 24 ? hh(v) : '')),
        },
        {
          stroke: ink,
          font,
          size: fs * 2.6,
          grid: { stroke: 'rgba(128,128,128,0.25)', width: 1 },
          ticks: { show: false },
          space: fs * 1.8,
          values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? formatNumber(v) : '')),
        },
      ],
      series: [
        {},
        ...order.map((k) => ({
          label: series[k].label,
          stroke: series[k].color,
          fill: series[k].color,
          width: 0,
          paths: bars,
          points: { show: false },
        })),
      ],
    };
    const data = [HOURS, ...order.map((k) => stacks[k])] as uPlot.AlignedData;
    plot.current = new uPlot(opts, data, el);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [w, h, fs, key]);

  useEffect(() => {
    const order = series.map((_, k) => k).reverse();
    plot.current?.setData([HOURS, ...order.map((k) => stacks[k])] as uPlot.AlignedData);
  }, [JSON.stringify(stacks)]);

  const total = totals.reduce((a, b) => a + b, 0);
  return (
    <div
      ref={box}
      class={`hour-chart ${cls ?? ''}`}
      role="img"
      aria-label={`${label}: ${formatNumber(total)}`}
      data-testid={testId}
      data-hours={JSON.stringify(totals)}
    />
  );
}
