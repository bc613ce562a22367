// The waiting queue and the open assignments, with the supervisor's actions:
// set a scan's priority, reassign an assignment (to an analyst or back to
// the queue). Both need a reason.

import { useState } from 'preact/hooks';
import { formatDuration, secondsSince, useNow } from '../../clock';
import { Countdown } from '../../components/Countdown';
import { formatTime } from '../../format';
import { t } from '../../i18n';
import { conveyanceIds } from '../../scans';
import { reassign, retryProcessing, setPriority } from '../../workflow';
import type { QueueInfo } from '../../workflow';
import { ActionDialog } from './Dialog';

type Waiting = QueueInfo['waiting'][number];
type Open = QueueInfo['assignments'][number];

function PriorityDialog({ item, onClose, onDone }: { item: Waiting; onClose(): void; onDone(): void }) {
  const [value, setValue] = useState(String(item.priority ?? 0));
  const n = Number(value);
  return (
    <ActionDialog
      title={t('queue:priority.title', { scan: item.scan.scan_uid })}
      submitLabel={t('queue:priority.save')}
      onClose={onClose}
      validate={() => (value.trim() !== '' && Number.isInteger(n) ? null : t('queue:priority.whole'))}
      onSubmit={async (reason) => {
        await setPriority(item.scan.id, n, reason);
        onDone();
      }}
    >
      <label class="form-field">
        <span>{t('queue:priority.label')}</span>
        <input
          type="number"
          step={1}
          min={-100}
          max={100}
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
      </label>
    </ActionDialog>
  );
}

function ReassignDialog({ a, queue, onClose, onDone }: { a: Open; queue: QueueInfo; onClose(): void; onDone(): void }) {
  const [to, setTo] = useState('');
  const others = queue.workstations.filter((w) => w.user.id !== a.analyst?.id);
  const state = (w: QueueInfo['workstations'][number]) =>
    !w.connected
      ? t('queue:station.offline')
      : w.ready
        ? t('queue:station.readyOpen', { open: w.open })
        : t('queue:station.paused');
  return (
    <ActionDialog
      title={t('queue:reassign.title', { scan: a.scan.scan_uid })}
      submitLabel={t('queue:reassign.confirm')}
      onClose={onClose}
      onSubmit={async (reason) => {
        await reassign(a.assignment_id, to ? Number(to) : null, reason);
        onDone();
      }}
    >
      <p class="muted">
        {t('queue:reassign.nowWith', { name: a.analyst?.display_name ?? t('queue:reassign.anAnalyst') })}
      </p>
      <label class="form-field">
        <span>{t('queue:reassign.giveTo')}</span>
        <select value={to} onChange={(e) => setTo(e.currentTarget.value)}>
          <option value="">{t('queue:reassign.backToQueue')}</option>
          {others.map((w) => (
            <option key={w.user.id} value={String(w.user.id)}>
              {w.user.display_name} – {state(w)}
            </option>
          ))}
        </select>
      </label>
    </ActionDialog>
  );
}

export function WaitingTable({ queue, onChanged }: { queue: QueueInfo; onChanged(): void }) {
  const now = useNow(1000);
  const [editing, setEditing] = useState<Waiting | null>(null);
  return (
    <>
      <table class="wall-table" data-testid="queue-table">
        <caption>{t('queue:waiting.caption', { count: queue.waiting.length })}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              {t('queue:col.priority')}
            </th>
            <th scope="col">{t('queue:col.scan')}</th>
            <th scope="col">{t('queue:col.site')}</th>
            <th scope="col">{t('queue:col.containers')}</th>
            <th scope="col" class="num">
              {t('queue:col.waiting')}
            </th>
            <th scope="col">
              <span class="visually-hidden">{t('queue:col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {queue.waiting.length === 0 && (
            <tr>
              <td colSpan={6} class="muted">
                {t('queue:waiting.none')}
              </td>
            </tr>
          )}
          {queue.waiting.map((w) => {
            const waited = secondsSince(w.waiting_since, now) ?? 0;
            return (
              <tr
                key={w.scan.id}
                data-testid={`queue-row-${w.scan.id}`}
                class={waited > 300 ? 'wall-row--late' : undefined}
              >
                <td class={`num wall-priority${w.priority > 0 ? ' wall-priority--up' : ''}`}>{w.priority}</td>
                <td>
                  <span translate={false}>{w.scan.scan_uid}</span>
                  {w.scan.radiation?.alarm && <span class="badge badge--alarm"> {t('queue:radiation')}</span>}
                </td>
                <td translate={false}>{w.scan.scanner?.site?.code ?? '—'}</td>
                <td translate={false}>{conveyanceIds(w.scan)}</td>
                <td class="num">{formatDuration(waited)}</td>
                <td>
                  <button
                    type="button"
                    class="button wall-action"
                    aria-label={t('queue:priority.aria', { scan: w.scan.scan_uid })}
                    onClick={() => setEditing(w)}
                  >
                    {t('queue:priority.button')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {editing && <PriorityDialog item={editing} onClose={() => setEditing(null)} onDone={onChanged} />}
    </>
  );
}

export function AssignmentTable({ queue, onChanged, zone }: { queue: QueueInfo; onChanged(): void; zone?: string }) {
  const [moving, setMoving] = useState<Open | null>(null);
  return (
    <>
      <table class="wall-table" data-testid="assignment-table">
        <caption>{t('queue:assignments.caption', { count: queue.assignments.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('queue:col.analyst')}</th>
            <th scope="col">{t('queue:col.scan')}</th>
            <th scope="col">{t('queue:col.site')}</th>
            <th scope="col">{t('queue:col.assigned')}</th>
            <th scope="col">{t('queue:col.deadline')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('queue:col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {queue.assignments.length === 0 && (
            <tr>
              <td colSpan={6} class="muted">
                {t('queue:assignments.none')}
              </td>
            </tr>
          )}
          {queue.assignments.map((a) => (
            <tr key={a.assignment_id} data-testid={`assignment-row-${a.assignment_id}`}>
              <td translate={false}>{a.analyst?.display_name ?? '—'}</td>
              <td translate={false}>{a.scan?.scan_uid ?? `#${a.scan_id}`}</td>
              <td translate={false}>{a.scan?.scanner?.site?.code ?? '—'}</td>
              <td>{formatTime(a.assigned_at, { zone, seconds: true })}</td>
              <td>
                <Countdown deadline={a.deadline} />
              </td>
              <td>
                <button
                  type="button"
                  class="button wall-action"
                  aria-label={t('queue:reassign.aria', { scan: a.scan?.scan_uid ?? a.scan_id })}
                  onClick={() => setMoving(a)}
                >
                  {t('queue:reassign.button')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {moving && <ReassignDialog a={moving} queue={queue} onClose={() => setMoving(null)} onDone={onChanged} />}
    </>
  );
}

/** Scans that failed or stalled in processing, each with a Retry: the supervisor
 * sees what the analysts never will, and can start it again. */
export function StalledTable({ queue, onChanged }: { queue: QueueInfo; onChanged(): void }) {
  const now = useNow(5000);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (queue.stalled.length === 0) return null;
  const retry = async (scanId: number) => {
    setBusy(scanId);
    setError(null);
    try {
      await retryProcessing(scanId);
      onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <table class="wall-table" data-testid="stalled-table">
      <caption>{t('queue:stalled.caption', { count: queue.stalled.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('queue:col.scan')}</th>
          <th scope="col">{t('queue:col.site')}</th>
          <th scope="col">{t('queue:col.state')}</th>
          <th scope="col" class="num">
            {t('queue:col.since')}
          </th>
          <th scope="col">
            <span class="visually-hidden">{t('queue:col.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {error && (
          <tr>
            <td colSpan={5} class="message message--error" role="alert">
              {error}
            </td>
          </tr>
        )}
        {queue.stalled.map((s) => (
          <tr key={s.scan_id} data-testid={`stalled-row-${s.scan_id}`} class="wall-row--late">
            <td translate={false}>{s.scan_uid}</td>
            <td translate={false}>{s.site}</td>
            <td>
              {s.status === 'failed'
                ? t('queue:stalled.failed', { reason: s.failure_reason ?? t('queue:stalled.noReason') })
                : t('queue:stalled.processing', { count: s.attempts })}
            </td>
            <td class="num">{formatDuration(secondsSince(s.received_at, now) ?? 0)}</td>
            <td>
              <button
                type="button"
                class="button wall-action"
                disabled={busy === s.scan_id}
                onClick={() => void retry(s.scan_id)}
              >
                {t('queue:stalled.retry')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
