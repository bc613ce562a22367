// Breaks before fatigue: after the configured continuous screening the server pauses the
// workstation after the decision (`workstation.break`) and refuses Ready until the break
// ends; this panel says so, counts down, and offers Ready when it is over.

import { useEffect, useState } from 'preact/hooks';
import { formatTime } from '../../format';
import { t } from '../../i18n';
import { useLiveEvents } from '../../live';
import { fetchMyBreak } from '../../tip';
import type { BreakState } from '../../tip';
import type { Workstation } from './useWorkstation';

export function BreakPanel({ ws }: { ws: Workstation }) {
  const [state, setState] = useState<BreakState | null>(null);
  const [now, setNow] = useState(Date.now());
  const load = () =>
    void fetchMyBreak()
      .then(setState)
      .catch(() => undefined);
  useLiveEvents({ 'workstation.break': () => load() }, load);
  useEffect(load, []);
  const until = state?.on_break && state.break_until ? Date.parse(state.break_until) : null;
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  // Ready refused for the break is not a lost connection: the panel says why instead.
  useEffect(() => {
    if (until !== null && ws.notice?.kind === 'warning') ws.dismissNotice();
  }, [until, ws.notice]);
  if (until === null) return null;
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  const over = left === 0;
  return (
    <section class="tip-break" role="status" data-testid="tip-break">
      <h2>{t('tip:break.title')}</h2>
      <p>{t('tip:break.why', { minutes: state!.break_after_minutes })}</p>
      {over ? (
        <p>
          <button
            type="button"
            class="button button--primary"
            onClick={() => {
              setState(null);
              ws.setReady(true);
            }}
          >
            {t('tip:break.ready')}
          </button>
        </p>
      ) : (
        <p>
          {t('tip:break.until', { time: formatTime(state!.break_until!, { seconds: false }) })}{' '}
          <span class="tip-break__left">
            {t('tip:break.left', { minutes: Math.floor(left / 60), seconds: String(left % 60).padStart(2, '0') })}
          </span>
        </p>
      )}
    </section>
  );
}
