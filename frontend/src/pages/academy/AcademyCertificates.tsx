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

const WINDOWS = [30, 60, 90, 365];

function RevokeDialog({ c, onClose, onDone }: { c: Certificate; onClose(): void; onDone(): void }) {
  const [reason, setReason] = useState('');
  return (
    <FormDialog
      title={`Revoke the certificate of ${c.holder.display_name}`}
      submitLabel="Revoke certificate"
      onClose={onClose}
      validate={() => (reason.trim() ? null : 'Give a reason: it is recorded.')}
      onSubmit={async () => {
        await revokeCertificate(c.id, reason.trim());
        onDone();
      }}
    >
      <p class="muted small">
        Certificate {c.code}. A revoked certificate no longer allows live work and its verification page says so.
      </p>
      <label class="form-field">
        <span>Reason</span>
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
      setError(errorText(err, 'The certificates could not be loaded.'));
    }
  });
  useEffect(() => load(), [days]);

  return (
    <section aria-labelledby="certs-title">
      <h2 id="certs-title">Certificates expiring soon</h2>
      <label class="form-field form-field--inline">
        <span>Expiring within</span>
        <select
          aria-label="Expiring within"
          value={String(days)}
          onChange={(e) => setDays(Number(e.currentTarget.value))}
        >
          {WINDOWS.map((d) => (
            <option key={d} value={String(d)}>
              {d} days
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {!rows && !error && <p class="muted">Loading…</p>}
      {rows && (
        <CertificateTable
          certificates={rows}
          holder
          caption={`${rows.length} valid ${rows.length === 1 ? 'certificate expires' : 'certificates expire'} within ${days} days`}
          empty="None: nobody's certificate expires in this window."
          action={
            mayRevoke
              ? (c) =>
                  c.status === 'valid' && (
                    <button
                      type="button"
                      class="button"
                      aria-label={`Revoke the certificate of ${c.holder.display_name}`}
                      onClick={() => setRevoking(c)}
                    >
                      Revoke…
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
