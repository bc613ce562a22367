// Certificates of the staff member's people that expire soon (30 days by
// default), so renewals can be planned; instructors and administrators may
// revoke one, with a reason.

import { useEffect, useState } from 'preact/hooks';
import { useUser } from '../../auth';
import { CertificateTable } from '../../components/CertificateTable';
import { FormDialog } from '../../components/FormDialog';
import { fetchCertificates, revokeCertificate } from '../../training';
import type { Certificate } from '../../training';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { t } from '../../i18n';

const WINDOWS = [30, 60, 90, 365];

function RevokeDialog({ c, onClose, onDone }: { c: Certificate; onClose(): void; onDone(): void }) {
  const [reason, setReason] = useState('');
  return (
    <FormDialog
      title={t('certificates:revoke.title', { name: c.holder.display_name })}
      submitLabel={t('certificates:revoke.submit')}
      onClose={onClose}
      validate={() => (reason.trim() ? null : t('certificates:revoke.needReason'))}
      onSubmit={async () => {
        await revokeCertificate(c.id, reason.trim());
        onDone();
      }}
    >
      <p class="muted small">{t('certificates:revoke.body', { code: c.code })}</p>
      <label class="form-field">
        <span>{t('certificates:revoke.reason')}</span>
        <textarea rows={2} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
    </FormDialog>
  );
}

export function AcademyCertificates() {
  const user = useUser();
  const [days, setDays] = useState(30);
  const [rows, setRows] = useState<Certificate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  const mayRevoke = user.roles.includes('instructor') || user.roles.includes('admin');

  const load = useCoalesced(async () => {
    try {
      setRows(await fetchCertificates({ expiring_within: days }));
      setError(null);
    } catch (err) {
      setError(errorText(err, t('certificates:staff.loadFailed')));
    }
  });
  useEffect(() => load(), [days, load]);

  return (
    <section aria-labelledby="certs-title">
      <h2 id="certs-title">{t('certificates:staff.title')}</h2>
      <label class="form-field form-field--inline">
        <span>{t('certificates:staff.within')}</span>
        <select
          aria-label={t('certificates:staff.within')}
          value={String(days)}
          onChange={(e) => setDays(Number(e.currentTarget.value))}
        >
          {WINDOWS.map((d) => (
            <option key={d} value={String(d)}>
              {t('certificates:staff.days', { count: d })}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {!rows && !error && <p class="muted">{t('academy:loading')}</p>}
      {rows && (
        <CertificateTable
          certificates={rows}
          holder
          caption={t('certificates:staff.caption', { count: rows.length, days })}
          empty={t('certificates:staff.empty')}
          action={
            mayRevoke
              ? (c) =>
                  c.status === 'valid' && (
                    <button
                      type="button"
                      class="button"
                      aria-label={t('certificates:revoke.title', { name: c.holder.display_name })}
                      onClick={() => setRevoking(c)}
                    >
                      {t('certificates:revoke.button')}
                    </button>
                  )
              : undefined
          }
        />
      )}
      {revoking && <RevokeDialog c={revoking} onClose={() => setRevoking(null)} onDone={load} />}
    </section>
  );
}
