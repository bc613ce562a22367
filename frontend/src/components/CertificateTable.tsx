// Certificates as a table: grade, scanner kinds, dates, status with the
// "expiring soon" warning, the PDF and the public verification page. Used on
// the candidate's training page and in the academy (with the holder column).

import type { ComponentChildren } from 'preact';
import { CERT_STATUS_LABELS, formatDate, formatPercent, gradeLabel, scannerKindLabel } from '../training';
import type { Certificate } from '../training';
import './certificates.css';

export function CertificateStatus({ c }: { c: Certificate }) {
  const soon = c.status === 'valid' && c.expiring_soon;
  const left = c.days_left === 1 ? '1 day' : `${c.days_left} days`;
  return (
    <span class={`cert-status cert-status--${soon ? 'soon' : c.status}`} data-testid={`certificate-status-${c.id}`}>
      {CERT_STATUS_LABELS[c.status] ?? c.status}
      {soon && <> · expires in {left}</>}
      {c.status === 'revoked' && c.revoked_reason && <span class="muted small"> ({c.revoked_reason})</span>}
    </span>
  );
}

interface Props {
  certificates: Certificate[];
  caption: ComponentChildren;
  holder?: boolean;
  empty: string;
  /** Extra cell at the end of each row (e.g. staff actions). */
  action?(c: Certificate): ComponentChildren;
}

export function CertificateTable({ certificates, caption, holder, empty, action }: Props) {
  const cols = 7 + (holder ? 1 : 0) + (action ? 1 : 0);
  return (
    <div class="table-wrap">
      <table class="data-table" data-testid="certificate-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {holder && <th scope="col">Holder</th>}
            <th scope="col">Exam</th>
            <th scope="col">Grade</th>
            <th scope="col">Scanner kinds</th>
            <th scope="col">Issued</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col">Documents</th>
            {action && (
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {certificates.length === 0 && (
            <tr>
              <td colSpan={cols} class="muted">
                {empty}
              </td>
            </tr>
          )}
          {certificates.map((c) => (
            <tr
              key={c.id}
              data-testid={`certificate-${c.id}`}
              class={c.expiring_soon && c.status === 'valid' ? 'row--warning' : undefined}
            >
              {holder && <td>{c.holder?.display_name ?? '—'}</td>}
              <td>{c.exam?.name ?? 'Granted by an administrator'}</td>
              <td>
                {gradeLabel(c.grade)}
                {c.score_percent !== null && <span class="muted small"> ({formatPercent(c.score_percent)})</span>}
              </td>
              <td>{c.scanner_kinds.length ? c.scanner_kinds.map(scannerKindLabel).join(', ') : 'All'}</td>
              <td>{formatDate(c.issued_at)}</td>
              <td>{formatDate(c.expires_at)}</td>
              <td>
                <CertificateStatus c={c} />
              </td>
              <td class="cert-links">
                <a href={c.links.pdf} download aria-label={`Download the certificate ${c.code} as PDF`}>
                  PDF
                </a>{' '}
                <a
                  href={c.links.verify}
                  target="_blank"
                  rel="noopener"
                  aria-label={`Verification page of certificate ${c.code}`}
                >
                  Verify
                </a>
              </td>
              {action && <td>{action(c)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
