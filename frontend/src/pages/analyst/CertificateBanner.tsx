// What the analyst's certification means for live work, above every analyst
// view: no valid certificate (no live scans, and why), or one expiring within
// the warning period (30 days) with its date. Re-read every 10 minutes.

import { useEffect, useState } from 'preact/hooks';
import { Link } from '../../router';
import { fetchMyCertificates, formatDate } from '../../training';
import type { Certificate, LiveWork } from '../../training';
import { t } from '../../i18n';

const REFRESH_MS = 10 * 60_000;

export function CertificateBanner() {
  const [live, setLive] = useState<LiveWork | null>(null);
  const [expiring, setExpiring] = useState<Certificate[]>([]);
  const [dismissed, setDismissed] = useState(false);

  useEffect(() => {
    let on = true;
    const load = () =>
      fetchMyCertificates().then(
        (mine) => {
          if (!on) return;
          setLive(mine.live_work ?? null);
          setExpiring((mine.certificates ?? []).filter((c) => c.status === 'valid' && c.expiring_soon));
        },
        () => undefined, // the workstation works on; the banner is advisory
      );
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => {
      on = false;
      window.clearInterval(timer);
    };
  }, []);

  if (!live) return null;
  if (!live.allowed) {
    return (
      <div class="message message--error ws-message cert-banner" role="alert" data-testid="certificate-banner">
        <b>{t('analyst:cert.noLive')}</b> {live.reason || t('analyst:cert.noCertificate')}{' '}
        <Link href="/trainee">{t('analyst:cert.goTraining')}</Link>
      </div>
    );
  }
  if (!expiring.length || dismissed) return null;
  const c = expiring.reduce((a, b) => (Date.parse(a.expires_at) <= Date.parse(b.expires_at) ? a : b));
  return (
    <div
      class="message message--warning ws-message cert-banner"
      role="status"
      data-testid="certificate-expiring-banner"
    >
      {c.exam
        ? t('analyst:cert.expiresNamed', { name: c.exam.name, date: formatDate(c.expires_at), days: c.days_left })
        : t('analyst:cert.expires', { date: formatDate(c.expires_at), days: c.days_left })}{' '}
      <Link href="/trainee">{t('analyst:cert.renew')}</Link>{' '}
      <button type="button" class="chip" onClick={() => setDismissed(true)}>
        {t('analyst:dismiss')}
      </button>
    </div>
  );
}
