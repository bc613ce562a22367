// One level of a report (centres, sites or scanners) as a table.

import { formatRate } from '../../clock';
import { formatNumber } from '../../equipment';
import type { ReportLevel, ReportRow } from '../../reports';

const CAPTIONS: Record<ReportLevel, [string, string]> = {
  centre: ['Centres', 'Centre'],
  site: ['Sites', 'Site'],
  scanner: ['Scanners', 'Site / scanner'],
};

const HEADS = ['Running hours', 'Scans', 'Scans / h', 'Utilisation', 'Anomalies', 'Radiation alarms', 'Faults'];

function cells(r: ReportRow): string[] {
  return [
    r.running_seconds === null ? '—' : formatNumber(r.running_seconds / 3600, 1),
    formatNumber(r.scans),
    formatNumber(r.scans_per_hour, 1),
    formatRate(r.utilisation),
    formatNumber(r.anomalies),
    formatNumber(r.radiation_alarms),
    formatNumber(r.faults),
  ];
}

export function ReportTable({ level, rows }: { level: ReportLevel; rows: ReportRow[] }) {
  const [caption, unit] = CAPTIONS[level];
  const sorted = [...rows].sort((a, b) => a.unit.localeCompare(b.unit));
  return (
    <table class="report-table" data-testid={`report-${level}`}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{unit}</th>
          {HEADS.map((h) => (
            <th key={h} scope="col" class="num">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.length === 0 && (
          <tr>
            <td colSpan={HEADS.length + 1} class="muted">
              None in this report.
            </td>
          </tr>
        )}
        {sorted.map((r, i) => (
          <tr key={`${r.unit}-${i}`}>
            <th scope="row">{r.unit}</th>
            {cells(r).map((c, k) => (
              <td key={k} class="num">
                {c}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
