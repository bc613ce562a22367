// The strip above every analyst view: Ready / Pause, what the workstation is
// doing, the session counter, the connection and the analyst's views.

import { useEffect } from 'preact/hooks';
import { formatDuration, useNow } from '../../clock';
import { LIBRARY_KEY } from '../../libraryWindow';
import { Link } from '../../router';
import type { Workstation, WorkState } from './useWorkstation';
import { RetryError } from '../../components/RetryError';
import { t } from '../../i18n';

function stateLabel(state: WorkState): string {
  return t(`analyst:state.${state}`);
}

function SessionCounter({ ws }: { ws: Workstation }) {
  const now = useNow(1000);
  const { decided, seconds } = ws.session;
  // The server counts the time spent on decided scans; the open one adds its own.
  const open = ws.current ? Math.max(0, (now - Date.parse(ws.current.assigned_at)) / 1000) : 0;
  return (
    <span class="ws-session" data-testid="session-counter" title={t('analyst:session.title')}>
      {t('analyst:session.today', { count: decided })} · <b>{formatDuration(seconds + (open || 0))}</b>
    </span>
  );
}

interface Props {
  ws: Workstation;
  path: string;
  expert: boolean;
  /** False where the view below has its own <h1> (one scan). */
  heading: boolean;
  /** Open the image library in its own window. */
  onLibrary(): void;
}

export function WorkstationBar({ ws, path, expert, heading, onLibrary }: Props) {
  const Title = heading ? 'h1' : 'p';
  const onWorklist = path === '/analyst';
  const { notice, dismissNotice } = ws;

  // "Verdict sent" needs no dismissing; warnings stay a while longer.
  useEffect(() => {
    if (!notice || notice.kind === 'error') return;
    const timer = window.setTimeout(dismissNotice, notice.kind === 'info' ? 5000 : 30_000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  const tab = (href: string, label: string, current: boolean, badge?: number | null) => (
    <Link href={href} class="ws-tab" aria-current={current ? 'page' : undefined}>
      {label}
      {!!badge && <span class="ws-tab__badge"> {badge}</span>}
    </Link>
  );

  const state = ws.state === 'working' && !ws.ready ? t('analyst:state.workingThenPause') : stateLabel(ws.state);
  return (
    <>
      <div class="ws-bar">
        <Title class="ws-bar__title">{t('common:page.analyst')}</Title>
        <div class="ws-toggle" role="group" aria-label={t('analyst:toggle.label')}>
          <button
            type="button"
            class="ws-toggle__btn ws-toggle__btn--ready"
            aria-pressed={ws.ready}
            aria-keyshortcuts="Q"
            title={t('analyst:toggle.readyTitle')}
            disabled={ws.switching || ws.state === 'loading'}
            onClick={() => ws.setReady(true)}
          >
            {t('analyst:toggle.ready')}
          </button>
          <button
            type="button"
            class="ws-toggle__btn ws-toggle__btn--pause"
            aria-pressed={!ws.ready}
            aria-keyshortcuts="Q"
            title={t('analyst:toggle.pauseTitle')}
            disabled={ws.switching || ws.state === 'loading'}
            onClick={() => ws.setReady(false)}
          >
            {t('analyst:toggle.pause')}
          </button>
        </div>
        <kbd class="ws-toggle__key" aria-hidden="true" title={t('analyst:toggle.keyTitle')}>
          Q
        </kbd>
        <span class={`ws-state ws-state--${ws.state}`} role="status" data-testid="workstation-state">
          {state}
        </span>
        <SessionCounter ws={ws} />
        <span class={`live live--${ws.live}`}>{t(`analyst:live.${ws.live}`)}</span>
        <nav class="ws-tabs" aria-label={t('analyst:tabs.label')}>
          {tab(
            '/analyst',
            t('analyst:tabs.worklist'),
            onWorklist,
            ws.current && !onWorklist ? ws.assignments.length : null,
          )}
          {expert &&
            tab('/analyst/reviews', t('analyst:reviews.title'), path.startsWith('/analyst/reviews'), ws.reviewsPending)}
          {tab('/analyst/scans', t('analyst:tabs.scans'), path.startsWith('/analyst/scans'))}
          <button
            type="button"
            class="ws-tab ws-tab--button"
            aria-keyshortcuts={LIBRARY_KEY.key.toUpperCase()}
            title={t('analyst:tabs.libraryTitle', { key: LIBRARY_KEY.key.toUpperCase() })}
            onClick={onLibrary}
          >
            {t('analyst:tabs.library')} <span aria-hidden="true">↗</span>
            <kbd aria-hidden="true">{LIBRARY_KEY.key.toUpperCase()}</kbd>
          </button>
        </nav>
      </div>
      {ws.current && !onWorklist && (
        <p class="message message--warning ws-message" role="status">
          {t('analyst:assignedElsewhere', { uid: ws.current.scan.scan_uid })}{' '}
          <Link href="/analyst">{t('analyst:openWorklist')}</Link>
        </p>
      )}
      {notice && (
        // A toast over the page, not a line in it: the viewer below must not move.
        <div
          class={`message message--${notice.kind} ws-toast`}
          role={notice.kind === 'info' ? 'status' : 'alert'}
          data-testid="workstation-notice"
        >
          {notice.text}{' '}
          <button type="button" class="chip" onClick={dismissNotice}>
            {t('analyst:dismiss')}
          </button>
        </div>
      )}
      {ws.loadError && (
        <RetryError message={ws.loadError} onRetry={ws.refresh} buttonClass="chip" extraClass="ws-message" />
      )}
    </>
  );
}
