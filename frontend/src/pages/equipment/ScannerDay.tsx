// One scanner's day: status now, the day's figures, start/stop and fault
// spans over 24 hours, scans per hour and the raw events. The day is in the
// URL (?date=YYYY-MM-DD); today follows the scanner live.

import { useEffect, useState } from 'preact/hooks';
import { useNow } from '../../clock';
import { HourChart } from '../../components/HourChart';
import { fetchTimeline, localDate, shiftDate } from '../../equipment';
import type { ScannerStatus, Timeline } from '../../equipment';
import { formatTime, zoneName } from '../../format';
import { t } from '../../i18n';
import { useLiveEvents } from '../../live';
import { navigate } from '../../router';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { DayBars } from './DayBars';
import { Figures, StatusBadge } from './parts';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function eventLabel(type: string | undefined): string {
  switch (type) {
    case 'startup':
      return t('equipment:event.startup');
    case 'shutdown':
      return t('equipment:event.shutdown');
    case 'heartbeat':
      return t('equipment:event.heartbeat');
    case 'fault':
      return t('equipment:event.fault');
    case 'fault_cleared':
      return t('equipment:event.faultCleared');
    default:
      return type ?? '—';
  }
}

function EventRows({ events, zone }: { events: Timeline['events']; zone?: string }) {
  const rows = [...events].reverse().slice(0, 100);
  return (
    <table class="eq-table eq-events" data-testid="event-table">
      <caption>
        {t('equipment:events.title')}{' '}
        {events.length > 100 && (
          <span class="muted small">{t('equipment:events.latest', { count: events.length })}</span>
        )}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('equipment:events.time', { zone: zoneName(zone) })}</th>
          <th scope="col">{t('equipment:events.event')}</th>
          <th scope="col">{t('equipment:events.details')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={3} class="muted">
              {t('equipment:events.none')}
            </td>
          </tr>
        )}
        {rows.map((e, i) => (
          <tr key={i} class={e.type === 'fault' ? 'eq-events__fault' : undefined}>
            <td data-testid="event-time">{formatTime(e.at, { zone, seconds: true })}</td>
            <td>{eventLabel(e.type)}</td>
            <td class="small" translate={false}>
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
      setError(errorText(err, t('equipment:timeline.loadFailed')));
    }
  });
  useEffect(() => {
    setError(null);
    reload();
    if (asked) return;
    const tick = window.setInterval(reload, 60_000);
    return () => window.clearInterval(tick);
  }, [key, asked, reload]);
  useLiveEvents({ 'equipment.status': (s: ScannerStatus) => s?.id === id && !asked && reload() }, () => reload());

  const current = data && data.key === key ? data : null;
  const s = current?.scanner;
  // The site's day: its pages read in the site's zone, whatever the browser's is.
  const zone = current?.timezone ?? s?.site?.timezone;
  const date = current?.date ?? (asked || localDate(new Date(), zone));
  const todayDate = !asked ? date : localDate(new Date(), zone);
  const go = (d: string | null) => navigate(`/equipment/scanner/${id}${d ? `?date=${d}` : ''}`, { replace: true });
  const figures = current?.figures ?? (!asked ? s?.today : undefined);
  return (
    <section class="eq-level" data-testid="level-scanner" aria-busy={!current}>
      <div class="eq-head">
        <h2>
          <span class="muted small">{t('equipment:level.scanner')}</span>{' '}
          <span translate={false}>{s?.name ?? `#${id}`}</span>{' '}
          {s && (
            <span class="muted small" translate={false}>
              ({[s.site?.code, s.kind, s.vendor].filter(Boolean).join(' · ')})
            </span>
          )}
        </h2>
        {s && (
          <p data-testid="scanner-status" data-status={s.status}>
            {t('equipment:now')} <StatusBadge status={s.status} />{' '}
            {t('equipment:since', { time: formatTime(s.status_since, { zone }) })} ·{' '}
            {t('equipment:lastHeartbeat', { time: formatTime(s.last_heartbeat, { zone }) })}
            {s.last_scan_at && <> · {t('equipment:lastScan', { time: formatTime(s.last_scan_at, { zone }) })}</>}
            {s.fault && (
              <span class="eq-fault" translate={false}>
                {' '}
                · {t('equipment:fault', { code: s.fault.code, text: s.fault.text })}
              </span>
            )}
            {s.skewed && <span class="eq-skew"> · {t('equipment:skewed')}</span>}
          </p>
        )}
        {zone && (
          <p class="muted small" data-testid="timeline-zone" data-zone={zone}>
            {t('equipment:timesIn', { zone: zoneName(zone) })}
          </p>
        )}
      </div>
      <div class="eq-daypicker" role="group" aria-label={t('equipment:day')}>
        <button type="button" class="button" onClick={() => go(shiftDate(date, -1))}>
          {t('equipment:previousDay')}
        </button>
        <input
          type="date"
          aria-label={t('equipment:date')}
          value={date}
          onChange={(e) => DATE_RE.test(e.currentTarget.value) && go(e.currentTarget.value)}
        />
        <button
          type="button"
          class="button"
          disabled={!asked}
          onClick={() => go(shiftDate(date, 1) >= todayDate ? null : shiftDate(date, 1))}
        >
          {t('equipment:nextDay')}
        </button>
        {asked && (
          <button type="button" class="button" onClick={() => go(null)}>
            {t('equipment:todayButton')}
          </button>
        )}
      </div>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {!current && !error && <p class="muted">{t('equipment:loading')}</p>}
      {current && (
        <>
          {figures && <Figures today={figures} label={t('equipment:figuresOf', { date })} />}
          <h3>{t('equipment:runningAndFaults')}</h3>
          <DayBars
            date={date}
            start={current.day_start}
            end={current.day_end}
            timeZone={current.timezone ?? s?.site?.timezone}
            runs={current.runs}
            faults={current.faults}
            now={now}
          />
          <h3>{t('equipment:perHourTitle', { zone: zoneName(zone) })}</h3>
          <HourChart
            class="eq-hours"
            label={t('equipment:perHourTitle', { zone: zoneName(zone) })}
            series={[{ label: t('equipment:figures.scans'), values: current.scans_per_hour, color: '#6cb6ff' }]}
            testId="timeline-hours"
          />
          <EventRows events={current.events ?? []} zone={zone} />
        </>
      )}
    </section>
  );
}
