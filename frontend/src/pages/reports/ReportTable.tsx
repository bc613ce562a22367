// The report's tables: work per centre and per analyst, sites, equipment. Numbers
// in the reader's language; names and codes as they are.

import { formatHours, formatNumber } from '../../equipment';
import { formatPercent, formatSpan } from '../../format';
import { t } from '../../i18n';
import type { AnalystRow, CentreRow, EquipmentRow, ReportLevel, SiteRow, WorkFigures } from '../../reports';

interface Column<R> {
  head: string;
  cell(r: R): string;
}

function Table<R>({
  caption,
  unit,
  rows,
  name,
  columns,
  testid,
}: {
  caption: string;
  unit: string;
  rows: R[];
  name(r: R): string;
  columns: Column<R>[];
  testid: string;
}) {
  return (
    <table class="report-table" data-testid={testid}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{unit}</th>
          {columns.map((c) => (
            <th key={c.head} scope="col" class="num">
              {c.head}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={columns.length + 1} class="muted">
              {t('reports:none')}
            </td>
          </tr>
        )}
        {rows.map((r, i) => (
          <tr key={i} data-testid={`${testid}-row`}>
            <th scope="row" translate={false}>
              {name(r)}
            </th>
            {columns.map((c) => (
              <td key={c.head} class="num">
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function workColumns<R extends WorkFigures>(): Column<R>[] {
  return [
    { head: t('reports:col.decided'), cell: (r) => formatNumber(r.decided) },
    { head: t('reports:col.p50'), cell: (r) => formatSpan(r.decision_seconds_p50) },
    { head: t('reports:col.p95'), cell: (r) => formatSpan(r.decision_seconds_p95) },
    { head: t('reports:col.suspectRate'), cell: (r) => formatPercent(r.suspect_rate) },
    { head: t('reports:col.hitRate'), cell: (r) => `${formatPercent(r.hit_rate)} (${r.hits}/${r.inspected_suspects})` },
    { head: t('reports:col.agreement'), cell: (r) => `${formatPercent(r.agreement_rate)} (${r.agreed}/${r.reviewed})` },
    { head: t('reports:col.overturns'), cell: (r) => formatNumber(r.overturns) },
    { head: t('reports:col.toVerdict'), cell: (r) => formatSpan(r.scan_to_verdict_seconds_p50) },
    { head: t('reports:col.toInspection'), cell: (r) => formatSpan(r.verdict_to_inspection_seconds_p50) },
    { head: t('reports:col.toRelease'), cell: (r) => formatSpan(r.scan_to_release_seconds_p50) },
  ];
}

export function CentreTable({ rows }: { rows: CentreRow[] }) {
  return (
    <Table
      caption={t('reports:centres')}
      unit={t('reports:centre')}
      rows={rows}
      name={(r) => r.centre.name}
      columns={workColumns<CentreRow>()}
      testid="report-centres"
    />
  );
}

export function AnalystTable({ rows }: { rows: AnalystRow[] }) {
  const sorted = [...rows].sort((a, b) => a.analyst.display_name.localeCompare(b.analyst.display_name));
  return (
    <Table
      caption={t('reports:analysts')}
      unit={t('reports:analyst')}
      rows={sorted}
      name={(r) => r.analyst.display_name}
      columns={workColumns<AnalystRow>()}
      testid="report-analysts"
    />
  );
}

export function SiteTable({ rows }: { rows: SiteRow[] }) {
  const columns: Column<SiteRow>[] = [
    { head: t('reports:col.scans'), cell: (r) => formatNumber(r.scans) },
    { head: t('reports:col.radiationAlarms'), cell: (r) => formatNumber(r.radiation_alarms) },
    { head: t('reports:col.suspects'), cell: (r) => formatNumber(r.suspects) },
    { head: t('reports:col.inspected'), cell: (r) => formatNumber(r.inspected) },
    { head: t('reports:col.findings'), cell: (r) => formatNumber(r.findings) },
  ];
  return (
    <Table
      caption={t('reports:sites')}
      unit={t('reports:site')}
      rows={rows}
      name={(r) => `${r.site.code} · ${r.site.name}`}
      columns={columns}
      testid="report-sites"
    />
  );
}

export function EquipmentTable({ level, rows }: { level: ReportLevel; rows: EquipmentRow[] }) {
  const columns: Column<EquipmentRow>[] = [
    { head: t('reports:col.on'), cell: (r) => formatHours(r.running_seconds) },
    { head: t('reports:col.scanning'), cell: (r) => formatHours(r.scanning_seconds) },
    { head: t('reports:col.utilisation'), cell: (r) => formatPercent(r.utilisation) },
    { head: t('reports:col.scans'), cell: (r) => formatNumber(r.scans) },
    { head: t('reports:col.perHour'), cell: (r) => formatNumber(r.scans_per_hour, 1) },
    { head: t('reports:col.anomalies'), cell: (r) => formatNumber(r.anomalies) },
    { head: t('reports:col.radiationAlarms'), cell: (r) => formatNumber(r.radiation_alarms) },
    { head: t('reports:col.faults'), cell: (r) => formatNumber(r.faults) },
  ];
  const caption =
    level === 'centre'
      ? t('reports:equipment.centres')
      : level === 'site'
        ? t('reports:equipment.sites')
        : t('reports:equipment.scanners');
  const unit = level === 'centre' ? t('reports:centre') : level === 'site' ? t('reports:site') : t('reports:scanner');
  return (
    <Table
      caption={caption}
      unit={unit}
      rows={[...rows].sort((a, b) => a.unit.localeCompare(b.unit))}
      name={(r) => r.unit}
      columns={columns}
      testid={`report-${level}`}
    />
  );
}
