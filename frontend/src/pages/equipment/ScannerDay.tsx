// One scanner's day: status now, the day's figures, start/stop and fault
// spans over 24 hours, scans per hour and the raw events. The day is in the
// URL (?date=YYYY-MM-DD); today follows the scanner live.

import { useEffect, useState } from 'preact/hooks';
import { useNow } from '../../clock';
import { HourChart } from '../../components/HourChart';
import { fetchTimeline, formatTime, localDate, shiftDate } from '../../equipment';
import type { ScannerStatus, Timeline } from '../../equipment';
import { useLiveEvents } from '../../live';
import { navigate } from '../../router';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { DayBars } from './DayBars';
import { Figures, StatusBadge } from './parts';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function EventRows({ events }: { events: Timeline['events'] }) {
  const rows = [...events].reverse().slice(0, 100);
  return (
    <table class="eq-table eq-events" data-testid="event-table">
      <caption>
        Events {events.length > 100 && <span class="muted small">(latest 100 of {events.length})</span>}
      </caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Event</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={3} class="muted">
              No events on this day.
            </td>
          </tr>
        )}
        {rows.map((e, i) => (
          <tr key={i} class={e.type === 'fault' ? 'eq-events__fault' : undefined}>
            <td>{e.at ? new Date(e.at).toLocaleTimeString() : '—'}</td>
            <td>{e.type ?? '—'}</td>
            <td class="small">
              {Object.entries(e.data ?? {})
                .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
                .join(' · ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ScannerDay({ id, search }: { id: number; search: string }) {
  const raw = new URLSearchParams(search).get('date') ?? '';
  // No date: the scanner's today, in its site's time zone (the server decides).
  const asked = DATE_RE.test(raw) ? raw : '';
  const key = `${id} ${asked}`;
  const [data, setData] = useState<(Timeline & { key: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useNow(30_000);

  const reload = useCoalesced(async () => {
    try {
      setData({ ...(await fetchTimeline(id, asked || undefined)), key });
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The scanner timeline could not be loaded.'));
    }
  });
  useEffect(() => {
    setError(null);
    reload();
    if (asked) return;
    const t = window.setInterval(reload, 60_000);
    return () => window.clearInterval(t);
  }, [key]);
  useLiveEvents({ 'equipment.status': (s: ScannerStatus) => s?.id === id && !asked && reload() }, () => reload());

  const current = data && data.key === key ? data : null;
  const date = current?.date ?? (asked || localDate());
  const todayDate = !asked ? date : localDate();
  const go = (d: string | null) => navigate(`/equipment/scanner/${id}${d ? `?date=${d}` : ''}`, { replace: true });
  const s = current?.scanner;
  const figures = current?.figures ?? (!asked ? s?.today : undefined);
  return (
    <section class="eq-level" data-testid="level-scanner" aria-busy={!current}>
      <div class="eq-head">
        <h2>
          <span class="muted small">Scanner</span> {s?.name ?? `#${id}`}{' '}
          {s && <span class="muted small">({[s.site?.code, s.kind, s.vendor].filter(Boolean).join(' · ')})</span>}
        </h2>
        {s && (
          <p data-testid="scanner-status" data-status={s.status}>
            Now: <StatusBadge status={s.status} /> since {formatTime(s.status_since)} · last heartbeat{' '}
            {formatTime(s.last_heartbeat)}
            {s.fault && (
              <span class="eq-fault">
                {' '}
                · Fault {s.fault.code}: {s.fault.text}
              </span>
            )}
            {s.skewed && <span class="eq-skew"> · Clock out of step</span>}
          </p>
        )}
      </div>
      <div class="eq-daypicker" role="group" aria-label="Day">
        <button type="button" class="button" onClick={() => go(shiftDate(date, -1))}>
          ← Previous day
        </button>
        <input
          type="date"
          aria-label="Date"
          value={date}
          onChange={(e) => DATE_RE.test(e.currentTarget.value) && go(e.currentTarget.value)}
        />
        <button
          type="button"
          class="button"
          disabled={!asked}
          onClick={() => go(shiftDate(date, 1) >= todayDate ? null : shiftDate(date, 1))}
        >
          Next day →
        </button>
        {asked && (
          <button type="button" class="button" onClick={() => go(null)}>
            Today
          </button>
        )}
      </div>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {!current && !error && <p class="muted">Loading…</p>}
      {current && (
        <>
          {figures && <Figures today={figures} label={`Figures of ${date}`} />}
          <h3>Running and faults</h3>
          <DayBars
            date={date}
            start={current.day_start}
            end={current.day_end}
            timeZone={current.timezone ?? s?.site?.timezone}
            runs={current.runs}
            faults={current.faults}
            now={now}
          />
          <h3>Scans per hour</h3>
          <HourChart
            class="eq-hours"
            label="Scans per hour"
            series={[{ label: 'Scans', values: current.scans_per_hour, color: '#6cb6ff' }]}
          />
          <EventRows events={current.events ?? []} />
        </>
      )}
    </section>
  );
}
