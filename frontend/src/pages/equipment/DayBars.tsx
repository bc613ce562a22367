// One day of a scanner on a 24-hour track: running spans in green, fault
// spans in red over them; an open span runs to now (or the end of the day).

import type { Span } from '../../equipment';
import { formatTime } from '../../format';
import { t } from '../../i18n';

interface Props {
  date: string;
  /** The day's bounds (the site's time zone) when the server sends them, */
  start?: string;
  end?: string;
  /** else the site's IANA time zone, else the browser's midnight. */
  timeZone?: string;
  runs: Span[];
  faults: (Span & { code?: string; text?: string })[];
  now: number;
}

/** Offset (ms) of a time zone from UTC at instant t. */
function zoneOffset(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(t);
  const v = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return (
    Date.UTC(v('year'), v('month') - 1, v('day'), v('hour'), v('minute'), v('second')) - Math.floor(t / 1000) * 1000
  );
}

function dayStart(date: string, plus = 0, timeZone?: string): number {
  const [y, m, d] = date.split('-').map(Number);
  if (!timeZone) return new Date(y, m - 1, d + plus).getTime();
  try {
    const utc = Date.UTC(y, m - 1, d + plus);
    const guess = utc - zoneOffset(utc, timeZone);
    return utc - zoneOffset(guess, timeZone);
  } catch {
    return new Date(y, m - 1, d + plus).getTime();
  }
}

export function DayBars({ date, start, end, timeZone, runs, faults, now }: Props) {
  const t0 = start ? Date.parse(start) : dayStart(date, 0, timeZone);
  const t1 = end ? Date.parse(end) : dayStart(date, 1, timeZone);
  const pos = (s: Span) => {
    const a = Math.max(t0, Date.parse(s.start));
    const b = Math.min(t1, s.end ? Date.parse(s.end) : Math.min(now, t1));
    if (!(b > a)) return null;
    return { left: `${((a - t0) / (t1 - t0)) * 100}%`, width: `${((b - a) / (t1 - t0)) * 100}%` };
  };
  const time = (iso: string) => formatTime(iso, { zone: timeZone });
  const spanTitle = (kind: string, s: Span) =>
    `${kind} ${time(s.start)} – ${s.end ? time(s.end) : t('equipment:bars.now')}`;
  return (
    <div class="daybars" data-testid="day-bars">
      <div
        class="daybars__track"
        role="img"
        aria-label={t('equipment:bars.label', { runs: runs.length, faults: faults.length })}
      >
        {runs.map((r, i) => {
          const p = pos(r);
          return (
            p && (
              <span
                key={`r${i}`}
                class="daybars__run"
                style={p}
                title={spanTitle(t('equipment:bars.running'), r)}
                data-testid="run-bar"
              />
            )
          );
        })}
        {faults.map((f, i) => {
          const p = pos(f);
          const what = `${t('equipment:bars.fault')}${f.code ? ` ${f.code}` : ''}${f.text ? `: ${f.text}` : ''}`;
          return (
            p && (
              <span key={`f${i}`} class="daybars__fault" style={p} title={spanTitle(what, f)} data-testid="fault-bar" />
            )
          );
        })}
      </div>
      <div class="daybars__hours" aria-hidden="true">
        {Array.from({ length: 9 }, (_, i) => (
          <span key={i} style={{ left: `${(i * 100) / 8}%` }}>
            {String(i * 3).padStart(2, '0')}
          </span>
        ))}
      </div>
      <p class="daybars__legend small">
        <span class="daybars__key daybars__key--run" /> {t('equipment:bars.running')}{' '}
        <span class="daybars__key daybars__key--fault" /> {t('equipment:bars.fault')}{' '}
        <span class="muted">{t('equipment:bars.gaps')}</span>
      </p>
    </div>
  );
}
