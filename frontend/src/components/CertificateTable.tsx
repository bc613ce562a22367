// Certificates as a table: grade, scanner kinds, dates, status with the
// "expiring soon" warning, the PDF and the public verification page. Used on
// the candidate's training page and in the academy (with the holder column).

import type { ComponentChildren } from 'preact';
import { LANGUAGES, languageName, t } from '../i18n';
import { certStatusLabel, formatDate, formatPercent, gradeLabel, scannerKindLabel } from '../training';
import type { Certificate } from '../training';
import './certificates.css';

export function CertificateStatus({ c }: { c: Certificate }) {
  const soon = c.status === 'valid' && c.expiring_soon;
  return (
    <span class={`cert-status cert-status--${soon ? 'soon' : c.status}`} data-testid={`certificate-status-${c.id}`}>
      {certStatusLabel(c.status)}
      {soon && <> · {t('certificates:table.expiresIn', { count: c.days_left })}</>}
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
            {holder && <th scope="col">{t('certificates:table.holder')}</th>}
            <th scope="col">{t('certificates:table.exam')}</th>
            <th scope="col">{t('certificates:table.grade')}</th>
            <th scope="col">{t('certificates:table.scannerKinds')}</th>
            <th scope="col">{t('certificates:table.issued')}</th>
            <th scope="col">{t('certificates:table.expires')}</th>
            <th scope="col">{t('certificates:table.status')}</th>
            <th scope="col">{t('certificates:table.documents')}</th>
            {action && (
              <th scope="col">
                <span class="visually-hidden">{t('certificates:table.actions')}</span>
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
              {holder && <td translate={false}>{c.holder?.display_name ?? '—'}</td>}
              <td>
                {c.exam ? <span translate={false}>{c.exam.name}</span> : t('certificates:table.granted')}
                {c.attempt && (
                  <span class="muted small" data-testid={`certificate-attempt-${c.id}`}>
                    {' · '}
                    {t('certificates:table.attempt', { number: c.attempt.number })}
                  </span>
                )}
              </td>
              <td>
                {gradeLabel(c.grade)}
                {c.score_percent !== null && <span class="muted small"> ({formatPercent(c.score_percent)})</span>}
              </td>
              <td>
                {c.scanner_kinds.length
                  ? c.scanner_kinds.map(scannerKindLabel).join(t('certificates:table.listSeparator'))
                  : t('certificates:table.allKinds')}
              </td>
              <td>{formatDate(c.issued_at)}</td>
              <td>{formatDate(c.expires_at)}</td>
              <td>
                <CertificateStatus c={c} />
              </td>
              <td class="cert-links">
                <a href={c.links.pdf} download aria-label={t('certificates:table.pdfLabel', { code: c.code })}>
                  PDF
                </a>
                <span class="muted small">
                  {' ('}
                  {LANGUAGES.flatMap((lang, k) => [
                    k > 0 ? ' · ' : null,
                    <a
                      key={lang}
                      href={`${c.links.pdf}?lang=${encodeURIComponent(lang)}`}
                      download
                      lang={lang}
                      translate={false}
                      aria-label={t('certificates:table.pdfInLabel', { code: c.code, language: languageName(lang) })}
                    >
                      {languageName(lang)}
                    </a>,
                  ])}
                  {')'}
                </span>{' '}
                <a
                  href={c.links.verify}
                  target="_blank"
                  rel="noopener"
                  aria-label={t('certificates:table.verifyLabel', { code: c.code })}
                >
                  {t('certificates:table.verify')}
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
