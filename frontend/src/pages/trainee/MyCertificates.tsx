// The candidate's certificates, with a warning for one that expires soon and,
// for analysts and experts, whether they may receive live scans.

import { CertificateTable } from '../../components/CertificateTable';
import { formatDate } from '../../training';
import type { Certificate, LiveWork } from '../../training';
import { t } from '../../i18n';

interface Props {
  certificates: Certificate[];
  liveWork: LiveWork | null;
  /** Analysts and experts: say whether live work is allowed. */
  showLiveWork: boolean;
}

export function MyCertificates({ certificates, liveWork, showLiveWork }: Props) {
  const soon = certificates.filter((c) => c.status === 'valid' && c.expiring_soon);
  return (
    <section aria-label={t('certificates:mine.caption')}>
      {showLiveWork && liveWork && (
        <p class={`message ${liveWork.allowed ? 'message--info' : 'message--warning'}`} data-testid="live-work-status">
          {liveWork.allowed
            ? t('certificates:mine.liveAllowed')
            : t('certificates:mine.liveRefused', { reason: liveWork.reason || t('certificates:mine.noValid') })}
        </p>
      )}
      {soon.map((c) => (
        <p key={c.id} class="message message--warning" role="status" data-testid="certificate-expiring">
          {t('certificates:mine.expiring', {
            name: c.exam?.name ?? c.code,
            date: formatDate(c.expires_at),
            count: c.days_left,
          })}
        </p>
      ))}
      <CertificateTable
        certificates={certificates}
        caption={t('certificates:mine.caption')}
        empty={t('certificates:mine.empty')}
      />
    </section>
  );
}
