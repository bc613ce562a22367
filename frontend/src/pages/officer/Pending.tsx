// Inspection records on this tablet that have not reached the centre yet:
// "waiting to send" (the link is down; sent by itself when it returns) or
// "refused" (the server said why; fix by hand or discard).

import { formatTime } from '../../format';
import { t } from '../../i18n';
import { Link } from '../../router';
import { discard, flush, retry } from './outbox';
import type { Pending } from './outbox';
import { outcomeText } from './labels';

function PendingState({ p }: { p: Pending }) {
  return p.state === 'waiting' ? (
    <span class="pending__state pending__state--waiting">{t('officer:outbox.waiting')}</span>
  ) : (
    <span class="pending__state pending__state--rejected">{t('officer:outbox.rejected')}</span>
  );
}

/** On a scan's page: its record, queued. */
export function PendingRecord({ p, zone }: { p: Pending; zone: string | null }) {
  return (
    <section class={`pending pending--${p.state}`} data-testid="inspection-pending" aria-live="polite">
      <h3>
        <PendingState p={p} />
      </h3>
      <p>
        {outcomeText(p.record.outcome)} · {t('officer:form.photoCount', { count: p.photos.length })} ·{' '}
        {formatTime(p.record.inspected_at, { zone, showZone: true })}
      </p>
      {p.state === 'waiting' ? (
        <>
          <p class="muted">{t('officer:outbox.waitingHint')}</p>
          {p.error && (
            <p class="muted" data-testid="pending-error">
              {t('officer:outbox.lastTry', { count: p.attempts, error: p.error })}
            </p>
          )}
        </>
      ) : (
        <p class="message message--error">{p.error}</p>
      )}
      <PendingActions p={p} />
    </section>
  );
}

function PendingActions({ p }: { p: Pending }) {
  return (
    <div class="pending__actions">
      {p.state === 'waiting' ? (
        <button type="button" class="button" onClick={() => void flush()}>
          {t('officer:outbox.sendNow')}
        </button>
      ) : (
        <>
          <button type="button" class="button" onClick={() => void retry(p.key)}>
            {t('officer:outbox.retry')}
          </button>
          <button type="button" class="button button--danger" onClick={() => void discard(p.key)}>
            {t('officer:outbox.discard')}
          </button>
        </>
      )}
    </div>
  );
}

/** On the worklist: every queued record, so nothing waits unseen. */
export function PendingList({ pending }: { pending: Pending[] }) {
  if (!pending.length) return null;
  return (
    <section class="pending-list" data-testid="outbox" aria-labelledby="outbox-title">
      <h2 id="outbox-title">{t('officer:outbox.title', { count: pending.length })}</h2>
      <ul>
        {pending.map((p) => (
          <li key={p.key} class={`pending-list__row pending--${p.state}`}>
            <Link href={`/officer/scans/${p.scanId}`} translate={false}>
              {p.label}
            </Link>
            <PendingState p={p} />
            <span>{outcomeText(p.record.outcome)}</span>
            {p.state === 'rejected' && <span class="pending-list__error">{p.error}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
