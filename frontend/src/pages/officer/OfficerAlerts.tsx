// Mounted on every page for a site officer (App.tsx): a new suspect verdict
// for the site sounds and shows a banner wherever the officer is in CIPS;
// inspection records waiting in the tablet's outbox are sent from here when
// the link returns, whichever page is open; the service worker that lets the
// app open offline is registered here.

import { useEffect, useState } from 'preact/hooks';
import { beep, unlockAudio } from '../../beep';
import { t } from '../../i18n';
import { useLiveEvents } from '../../live';
import { Link, useLocation } from '../../router';
import type { VerdictEvent } from '../../workflow';
import { flush, listPending, subscribe } from './outbox';
import './alerts.css';

const RETRY_MS = 15_000;

function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}

/** Sends the outbox on start, when the browser says the link is back, and every 15 s while something waits. */
function useOutboxSender(): number {
  const [waiting, setWaiting] = useState(0);
  useEffect(() => {
    let alive = true;
    const count = async () => {
      try {
        const n = (await listPending()).filter((p) => p.state === 'waiting').length;
        if (alive) setWaiting(n);
        return n;
      } catch {
        return 0;
      }
    };
    const tryNow = () => void flush().then(count);
    const stop = subscribe(() => void count());
    tryNow();
    const timer = window.setInterval(() => {
      void count().then((n) => n > 0 && navigator.onLine && tryNow());
    }, RETRY_MS);
    window.addEventListener('online', tryNow);
    return () => {
      alive = false;
      stop();
      window.clearInterval(timer);
      window.removeEventListener('online', tryNow);
    };
  }, []);
  return waiting;
}

export function OfficerAlerts() {
  const [suspects, setSuspects] = useState<VerdictEvent[]>([]);
  const { path } = useLocation();
  const waiting = useOutboxSender();

  useEffect(() => {
    registerServiceWorker();
    // Browsers allow sound only after a touch: unlock it on the first one.
    window.addEventListener('pointerdown', unlockAudio, { once: true });
    window.addEventListener('keydown', unlockAudio, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlockAudio);
      window.removeEventListener('keydown', unlockAudio);
    };
  }, []);

  const onVerdict = (e: VerdictEvent) => {
    if (e.decision === 'suspect') {
      beep('suspect');
      setSuspects((list) => [e, ...list.filter((x) => x.scan_id !== e.scan_id)]);
    } else {
      setSuspects((list) => list.filter((x) => x.scan_id !== e.scan_id));
      if (path.startsWith('/officer')) beep('clear');
    }
  };
  useLiveEvents({ 'verdict.issued': onVerdict, 'verdict.revised': onVerdict });

  // Opening the scan is seeing it.
  const open = /^\/officer\/scans\/(\d+)$/.exec(path);
  useEffect(() => {
    if (open) setSuspects((list) => list.filter((x) => String(x.scan_id) !== open[1]));
  }, [open?.[1]]);

  const dismiss = (id: number) => setSuspects((list) => list.filter((x) => x.scan_id !== id));

  return (
    <div class="officer-alerts">
      {suspects.length > 0 && (
        <div class="suspect-banner" role="alert" data-testid="suspect-banner">
          <span class="suspect-banner__title">{t('officer:alert.title', { count: suspects.length })}</span>
          <ul class="suspect-banner__list">
            {suspects.map((s) => (
              <li key={s.scan_id}>
                <Link href={`/officer/scans/${s.scan_id}`} class="button button--danger suspect-banner__open">
                  <span translate={false}>
                    {[...(s.container_ids ?? []), s.plate].filter(Boolean).join(' · ') || s.scan_uid}
                  </span>
                  <span>{t('officer:alert.inspect')}</span>
                </Link>
                <button
                  type="button"
                  class="button suspect-banner__dismiss"
                  aria-label={t('officer:alert.dismiss')}
                  onClick={() => dismiss(s.scan_id)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {waiting > 0 && !path.startsWith('/officer') && (
        <Link href="/officer" class="outbox-pill" data-testid="outbox-pill">
          {t('officer:outbox.pill', { count: waiting })}
        </Link>
      )}
    </div>
  );
}
