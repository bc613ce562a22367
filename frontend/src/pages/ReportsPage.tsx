// Reports: a day's or a month's figures per centre, site and scanner (running
// hours, scans, anomalies, radiation alarms, faults, utilisation), as tables,
// as CSV and as a clean printed page. The period and date are in the URL.

import { useEffect, useState } from 'preact/hooks';
import { API_BASE } from '../api';
import { formatAffiliation } from '../access';
import { useAuth } from '../auth';
import { Page } from '../components/Page';
import { localDate } from '../equipment';
import { fetchReport, reportUrl } from '../reports';
import type { Period, ReportLevel, ReportRow } from '../reports';
import { navigate, useLocation } from '../router';
import { useCoalesced } from '../useCoalesced';
import { errorText } from '../workflow';
import { ReportTable } from './reports/ReportTable';
import './reports/reports.css';

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_RE = /^\d{4}-\d{2}$/;
const LEVELS: ReportLevel[] = ['centre', 'site', 'scanner'];

function describe(period: Period, date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const when = new Date(y, m - 1, d || 1);
  return period === 'day'
    ? when.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    : when.toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
}

export function ReportsPage() {
  const { user } = useAuth();
  const { search } = useLocation();
  const q = new URLSearchParams(search);
  const period: Period = q.get('period') === 'month' ? 'month' : 'day';
  const today = localDate();
  const raw = q.get('date') ?? '';
  const date = period === 'day' ? (DAY_RE.test(raw) ? raw : today) : MONTH_RE.test(raw) ? raw : today.slice(0, 7);
  const [rows, setRows] = useState<{ key: string; rows: ReportRow[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = `${period} ${date}`;

  const load = useCoalesced(async () => {
    try {
      setRows({ key, rows: await fetchReport(period, date) });
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The report could not be loaded.'));
    }
  });
  useEffect(() => load(), [key]);

  const go = (p: Period, d: string) => navigate(`/reports?period=${p}&date=${d}`, { replace: true });
  const switchTo = (p: Period) => go(p, p === 'month' ? date.slice(0, 7) : date.length === 7 ? `${date}-01` : date);
  const current = rows?.key === key ? rows.rows : null;
  const title = `${period === 'day' ? 'Daily' : 'Monthly'} equipment report · ${describe(period, date)}`;
  return (
    <Page title="Reports">
      <div class="report-controls no-print" role="group" aria-label="Report period">
        <div class="report-period" role="radiogroup" aria-label="Period">
          {(['day', 'month'] as Period[]).map((p) => (
            <label key={p} class={`report-period__opt${p === period ? ' report-period__opt--on' : ''}`}>
              <input type="radio" name="period" value={p} checked={p === period} onChange={() => switchTo(p)} />{' '}
              {p === 'day' ? 'Day' : 'Month'}
            </label>
          ))}
        </div>
        <label class="report-date">
          <span>{period === 'day' ? 'Date' : 'Month'}</span>
          <input
            type={period === 'day' ? 'date' : 'month'}
            value={date}
            max={period === 'day' ? today : today.slice(0, 7)}
            onChange={(e) =>
              (period === 'day' ? DAY_RE : MONTH_RE).test(e.currentTarget.value) && go(period, e.currentTarget.value)
            }
          />
        </label>
        <a
          class="button"
          href={API_BASE + reportUrl(period, date, 'csv')}
          download={`cips-${period}-${date}.csv`}
          data-testid="report-csv"
        >
          Download CSV
        </a>
        <button type="button" class="button" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <h2 class="report-title">{title}</h2>
      <p class="report-meta muted small">
        {user && formatAffiliation(user.affiliation)} · generated {new Date().toLocaleString()}
      </p>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {!current && !error && (
        <p class="muted" role="status">
          Loading the report…
        </p>
      )}
      {current &&
        LEVELS.map((level) => (
          <ReportTable key={level} level={level} rows={current.filter((r) => r.level === level)} />
        ))}
      {current && (
        <p class="muted small">
          Utilisation: running time as a share of the period (averaged over the scanners for a site or centre).
        </p>
      )}
    </Page>
  );
}
