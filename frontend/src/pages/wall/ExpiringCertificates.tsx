// The supervisor's people whose certificates expire within 30 days: without
// a renewal they stop receiving live scans. Re-read every 10 minutes.

import { useEffect, useState } from 'preact/hooks';
import { Link } from '../../router';
import { fetchCertificates, formatDate, gradeLabel } from '../../training';
import type { Certificate } from '../../training';
import { errorText } from '../../workflow';
import { t } from '../../i18n';

const DAYS = 30;
const REFRESH_MS = 10 * 60_000;

export function ExpiringCertificates() {
  const [rows, setRows] = useState<Certificate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let on = true;
    const load = () =>
      fetchCertificates({ expiring_within: DAYS }).then(
        (list) => {
          if (!on) return;
          setRows([...list].sort((a, b) => Date.parse(a.expires_at) - Date.parse(b.expires_at)));
          setError(null);
        },
        (err: unknown) => on && setError(errorText(err, t('queue:certificates.loadFailed'))),
      );
    void load();
    const tick = window.setInterval(() => void load(), REFRESH_MS);
    return () => {
      on = false;
      window.clearInterval(tick);
    };
  }, []);

  return (
    <section class="wall-panel" aria-labelledby="expiring-title" data-testid="expiring-certificates">
      <h2 id="expiring-title">{t('queue:certificates.title', { days: DAYS })}</h2>
      {error && <p class="muted small">{error}</p>}
      {!rows && !error && <p class="muted">{t('queue:loading')}</p>}
      {rows?.length === 0 && <p class="muted">{t('queue:certificates.none')}</p>}
      {rows && rows.length > 0 && (
        <ul class="expiring">
          {rows.map((c) => (
            <li key={c.id} class="expiring__item">
              <span class="expiring__name" translate={false}>
                {c.holder.display_name}
              </span>
              <span class="muted small">{gradeLabel(c.grade)}</span>
              <span class={c.days_left <= 7 ? 'expiring__date expiring__date--urgent' : 'expiring__date'}>
                {formatDate(c.expires_at)} · {t('queue:certificates.daysLeft', { count: c.days_left })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p class="small">
        <Link href="/academy/certificates">{t('queue:certificates.all')}</Link>
      </p>
    </section>
  );
}
