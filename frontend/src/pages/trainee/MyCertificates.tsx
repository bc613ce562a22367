// The candidate's certificates, with a warning for one that expires soon and,
// for analysts and experts, whether they may receive live scans.

import { CertificateTable } from '../../components/CertificateTable';
import { formatDate } from '../../training';
import type { Certificate, LiveWork } from '../../training';

interface Props {
  certificates: Certificate[];
  liveWork: LiveWork | null;
  /** Analysts and experts: say whether live work is allowed. */
  showLiveWork: boolean;
}

export function MyCertificates({ certificates, liveWork, showLiveWork }: Props) {
  const soon = certificates.filter((c) => c.status === 'valid' && c.expiring_soon);
  return (
    <section aria-label="My certificates">
      {showLiveWork && liveWork && (
        <p class={`message ${liveWork.allowed ? 'message--info' : 'message--warning'}`} data-testid="live-work-status">
          {liveWork.allowed
            ? 'Your certificate allows you to receive live scans.'
            : `You do not receive live scans: ${liveWork.reason || 'you hold no valid certificate for live work.'}`}
        </p>
      )}
      {soon.map((c) => (
        <p key={c.id} class="message message--warning" role="status" data-testid="certificate-expiring">
          Your certificate “{c.exam?.name ?? c.code}” expires on {formatDate(c.expires_at)} ({c.days_left}{' '}
          {c.days_left === 1 ? 'day' : 'days'} left). Take the exam again to renew it.
        </p>
      ))}
      <CertificateTable
        certificates={certificates}
        caption="My certificates"
        empty="You hold no certificates yet: pass an exam to earn one."
      />
    </section>
  );
}
