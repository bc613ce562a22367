// Time for the work screens: a ticking "now", durations and countdowns.

import { useEffect, useState } from 'preact/hooks';

/** The current time in ms, re-rendering every `intervalMs` while mounted. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 75 -> "1:15", 3725 -> "1:02:05"; negative values count as 0. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** Seconds from now until an ISO time (negative when past), or null. */
export function secondsUntil(iso: string | null | undefined, now: number): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.round((t - now) / 1000);
}

/** Seconds since an ISO time, or null. */
export function secondsSince(iso: string | null | undefined, now: number): number | null {
  const s = secondsUntil(iso, now);
  return s === null ? null : -s;
}

// Durations and rates follow the chosen language: see format.ts.
export { formatSpan } from './format';
