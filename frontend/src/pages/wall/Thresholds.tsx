// A centre's queue alarm thresholds (supervisors of the centre, admins): the wall
// sounds when this many scans wait, or when one has waited this long. Empty: off.

import { useEffect, useState } from 'preact/hooks';
import { fetchThresholds, saveThresholds } from '../../equipment';
import type { AlarmThresholds } from '../../equipment';
import { t } from '../../i18n';
import { errorText } from '../../workflow';

export function Thresholds({ onLoaded }: { onLoaded?(th: AlarmThresholds): void }) {
  const [current, setCurrent] = useState<AlarmThresholds | null>(null);
  const [waiting, setWaiting] = useState('');
  const [minutes, setMinutes] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (th: AlarmThresholds) => {
    setCurrent(th);
    setWaiting(th.waiting === null ? '' : String(th.waiting));
    setMinutes(th.wait_seconds === null ? '' : String(Math.round((th.wait_seconds / 60) * 10) / 10));
    onLoaded?.(th);
  };
  useEffect(() => {
    fetchThresholds().then(show, (err: unknown) =>
      setMessage({ ok: false, text: errorText(err, t('queue:thresholds.loadFailed')) }),
    );
  }, []);

  const save = async (e: Event) => {
    e.preventDefault();
    const w = waiting.trim() === '' ? null : Number(waiting);
    const m = minutes.trim() === '' ? null : Number(minutes);
    if ((w !== null && !(Number.isInteger(w) && w >= 1)) || (m !== null && !(m > 0))) {
      setMessage({ ok: false, text: t('queue:thresholds.invalid') });
      return;
    }
    setBusy(true);
    try {
      show(await saveThresholds({ waiting: w, wait_seconds: m === null ? null : Math.max(10, Math.round(m * 60)) }));
      setMessage({ ok: true, text: t('queue:thresholds.saved') });
    } catch (err) {
      setMessage({ ok: false, text: errorText(err, t('queue:thresholds.saveFailed')) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="wall-panel" aria-labelledby="thresholds-title" data-testid="alarm-thresholds">
      <h2 id="thresholds-title">{t('queue:thresholds.title')}</h2>
      {current && (
        <p class="muted small" translate={false}>
          {current.centre.name}
        </p>
      )}
      <form class="thresholds" onSubmit={save}>
        <label class="form-field">
          <span>{t('queue:thresholds.waiting')}</span>
          <input type="number" min={1} step={1} value={waiting} onInput={(e) => setWaiting(e.currentTarget.value)} />
        </label>
        <label class="form-field">
          <span>{t('queue:thresholds.minutes')}</span>
          <input
            type="number"
            min={0.5}
            step={0.5}
            value={minutes}
            onInput={(e) => setMinutes(e.currentTarget.value)}
          />
        </label>
        <p class="muted small">{t('queue:thresholds.hint')}</p>
        <button type="submit" class="button" disabled={busy || !current}>
          {t('queue:thresholds.save')}
        </button>
        {message && (
          <p class={`message ${message.ok ? 'message--ok' : 'message--error'}`} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
