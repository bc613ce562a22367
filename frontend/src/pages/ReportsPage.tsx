// Reports that run a centre: for a day, a week or a month (each centre's own
// midnights, its zone named), the work per centre and per analyst, the sites' scans
// and what became of them, and the equipment; each table as CSV, the whole as a
// clean printed page. The period and date are in the URL.

import { useEffect, useState } from 'preact/hooks';
import { API_BASE } from '../api';
import { formatAffiliation } from '../access';
import { useAuth } from '../auth';
import { Page } from '../components/Page';
import { localDate } from '../equipment';
import { formatDate, formatDateTime, zoneName } from '../format';
import { t } from '../i18n';
import { fetchReport, reportUrl } from '../reports';
import type { Period, Report, Section } from '../reports';
import { navigate, useLocation } from '../router';
import { useCoalesced } from '../useCoalesced';
import { errorText } from '../workflow';
import { AnalystTable, CentreTable, EquipmentTable, SiteTable } from './reports/ReportTable';
import './reports/reports.css';

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_RE = /^\d{4}-\d{2}$/;
const PERIODS: Period[] = ['day', 'week', 'month'];
const SECTIONS: Section[] = ['centres', 'analysts', 'sites', 'equipment'];

function periodLabel(p: Period): string {
  return p === 'day' ? t('reports:period.day') : p === 'week' ? t('reports:period.week') : t('reports:period.month');
}

function sectionLabel(s: Section): string {
  if (s === 'centres') return t('reports:centres');
  if (s === 'analysts') return t('reports:analysts');
  if (s === 'sites') return t('reports:sites');
  return t('reports:equipment.title');
}

/** "1 Dec 2026 – 7 Dec 2026 (GMT+1)": the centre's own bounds, in its zone. */
function span(c: Report['centres'][number]): string {
  const last = new Date(Date.parse(c.end) - 1000).toISOString();
  const from = formatDate(c.start, { zone: c.timezone });
  const to = formatDate(last, { zone: c.timezone });
  return `${from === to ? from : `${from} – ${to}`} (${zoneName(c.timezone, c.start)})`;
}

export function ReportsPage() {
  const { user } = useAuth();
  const { search } = useLocation();
  const q = new URLSearchParams(search);
  const asked = q.get('period');
  const period: Period = asked === 'month' || asked === 'week' ? asked : 'day';
  const today = localDate();
  const raw = q.get('date') ?? '';
  const date = period !== 'month' ? (DAY_RE.test(raw) ? raw : today) : MONTH_RE.test(raw) ? raw : today.slice(0, 7);
  const [report, setReport] = useState<{ key: string; data: Report } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = `${period} ${date}`;

  const load = useCoalesced(async () => {
    try {
      setReport({ key, data: await fetchReport(period, date) });
      setError(null);
    } catch (err) {
      setError(errorText(err, t('reports:loadFailed')));
    }
  });
  useEffect(() => load(), [key, load]);

  const go = (p: Period, d: string) => navigate(`/reports?period=${p}&date=${d}`, { replace: true });
  const switchTo = (p: Period) => go(p, p === 'month' ? date.slice(0, 7) : date.length === 7 ? `${date}-01` : date);
  const current = report?.key === key ? report.data : null;
  return (
    <Page title={t('reports:title')}>
      <div class="report-controls no-print" role="group" aria-label={t('reports:periodGroup')}>
        <div class="report-period" role="radiogroup" aria-label={t('reports:periodLabel')}>
          {PERIODS.map((p) => (
            <label key={p} class={`report-period__opt${p === period ? ' report-period__opt--on' : ''}`}>
              <input type="radio" name="period" value={p} checked={p === period} onChange={() => switchTo(p)} />{' '}
              {periodLabel(p)}
            </label>
          ))}
        </div>
        <label class="report-date">
          <span>{period === 'month' ? t('reports:month') : t('reports:date')}</span>
          <input
            type={period === 'month' ? 'month' : 'date'}
            value={date}
            max={period === 'month' ? today.slice(0, 7) : today}
            onChange={(e) =>
              (period === 'month' ? MONTH_RE : DAY_RE).test(e.currentTarget.value) && go(period, e.currentTarget.value)
            }
          />
        </label>
        {SECTIONS.map((s) => (
          <a
            key={s}
            class="button"
            href={API_BASE + reportUrl(period, date, s)}
            download={`cips-${s}-${period}-${date}.csv`}
            data-testid={`report-csv-${s}`}
          >
            {t('reports:csv', { section: sectionLabel(s) })}
          </a>
        ))}
        <button type="button" class="button" onClick={() => window.print()}>
          {t('reports:print')}
        </button>
      </div>
      <h2 class="report-title">
        {t('reports:heading', { period: periodLabel(period) })}
        {current?.centres.map((c) => (
          <span key={c.centre.id} class="report-span" data-testid="report-span">
            {' · '}
            <span translate={false}>{c.centre.code}</span> {span(c)}
          </span>
        ))}
      </h2>
      <p class="report-meta muted small">
        <span translate={false}>{user && formatAffiliation(user.affiliation)}</span> ·{' '}
        {t('reports:generated', { time: formatDateTime(Date.now(), { showZone: true }) })}
      </p>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {!current && !error && (
        <p class="muted" role="status">
          {t('reports:loading')}
        </p>
      )}
      {current && (
        <>
          <CentreTable rows={current.centres} />
          <AnalystTable rows={current.analysts} />
          <SiteTable rows={current.sites} />
          <h2 class="report-section">{t('reports:equipment.title')}</h2>
          <EquipmentTable level="centre" rows={current.equipment.filter((r) => r.level === 'centre')} />
          <EquipmentTable level="site" rows={current.equipment.filter((r) => r.level === 'site')} />
          <EquipmentTable level="scanner" rows={current.equipment.filter((r) => r.level === 'scanner')} />
          <dl class="report-notes muted small">
            <dt>{t('reports:col.hitRate')}</dt>
            <dd>{t('reports:notes.hitRate')}</dd>
            <dt>{t('reports:col.agreement')}</dt>
            <dd>{t('reports:notes.agreement')}</dd>
            <dt>{t('reports:col.toRelease')}</dt>
            <dd>{t('reports:notes.release')}</dd>
            <dt>{t('reports:col.utilisation')}</dt>
            <dd>{t('reports:notes.utilisation')}</dd>
            <dt>{t('reports:col.radiationAlarms')}</dt>
            <dd>{t('reports:notes.alarms')}</dd>
          </dl>
        </>
      )}
    </Page>
  );
}
