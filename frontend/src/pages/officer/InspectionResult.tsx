// A recorded inspection: outcome, findings by category with quantities, HS
// code, seals, who was there, notes and the photos. Shown on the tablet and,
// through components/InspectionPanel.tsx, to the analyst who judged the scan
// and to supervisors (names are left out by the server for analysts).

import { formatDateTime, formatNumber } from '../../format';
import { t } from '../../i18n';
import type { Inspection } from '../../inspections';
import { categoryText, outcomeText, unitText } from './labels';

export function InspectionResult({ inspection, zone }: { inspection: Inspection; zone?: string | null }) {
  const i = inspection;
  return (
    <section
      class={`inspection-result inspection-result--${i.outcome}`}
      data-testid="inspection-result"
      aria-labelledby={`inspection-title-${i.scan_id}`}
    >
      <h3 id={`inspection-title-${i.scan_id}`}>{t('officer:result.title')}</h3>
      <p class="inspection-result__outcome">{outcomeText(i.outcome)}</p>
      {i.items.length > 0 && (
        <table class="inspection-result__items">
          <thead>
            <tr>
              <th>{t('officer:form.category')}</th>
              <th>{t('officer:form.what')}</th>
              <th>{t('officer:form.quantity')}</th>
            </tr>
          </thead>
          <tbody>
            {i.items.map((it, n) => (
              <tr key={n}>
                <td>{categoryText(it.category)}</td>
                <td translate={false}>{it.description}</td>
                <td>
                  {it.quantity === null ? '—' : formatNumber(it.quantity)} {it.unit ? unitText(it.unit) : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl class="inspection-result__facts">
        {i.hs_code && (
          <>
            <dt>{t('officer:form.hsCode')}</dt>
            <dd translate={false}>{i.hs_code}</dd>
          </>
        )}
        {i.seals_before.length > 0 && (
          <>
            <dt>{t('officer:form.sealsBefore')}</dt>
            <dd translate={false}>{i.seals_before.join(', ')}</dd>
          </>
        )}
        {i.seals_after.length > 0 && (
          <>
            <dt>{t('officer:form.sealsAfter')}</dt>
            <dd translate={false}>{i.seals_after.join(', ')}</dd>
          </>
        )}
        {i.officers_present.length > 0 && (
          <>
            <dt>{t('officer:form.officers')}</dt>
            <dd translate={false}>{i.officers_present.join(', ')}</dd>
          </>
        )}
      </dl>
      {i.findings && (
        <p class="inspection-result__findings" translate={false}>
          {i.findings}
        </p>
      )}
      {i.photos.length > 0 && (
        <ul class="photo-grid" data-testid="inspection-photos" aria-label={t('officer:result.photos')}>
          {i.photos.map((p, n) => (
            <li key={p.id}>
              <a href={p.url} target="_blank" rel="noopener">
                <img
                  src={p.url}
                  alt={t('officer:result.photoAlt', { n: n + 1 })}
                  width={p.width}
                  height={p.height}
                  loading="lazy"
                />
              </a>
            </li>
          ))}
        </ul>
      )}
      <p class="muted">
        {i.officer ? <span translate={false}>{i.officer} · </span> : null}
        {formatDateTime(i.inspected_at ?? i.recorded_at, { zone, showZone: true })}
      </p>
    </section>
  );
}
