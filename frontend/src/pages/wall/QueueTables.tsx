// The waiting queue and the open assignments, with the supervisor's actions:
// set a scan's priority, reassign an assignment (to an analyst or back to
// the queue). Both need a reason.

import { useState } from 'preact/hooks';
import { formatDuration, secondsSince, useNow } from '../../clock';
import { Countdown } from '../../components/Countdown';
import { conveyanceIds, formatScanTime } from '../../scans';
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
      title={`Priority of scan ${item.scan.scan_uid}`}
      submitLabel="Save priority"
      onClose={onClose}
      validate={() => (value.trim() !== '' && Number.isInteger(n) ? null : 'The priority is a whole number.')}
      onSubmit={async (reason) => {
        await setPriority(item.scan.id, n, reason);
        onDone();
      }}
    >
      <label class="form-field">
        <span>Priority (higher is handed out first; 0 is normal)</span>
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
    !w.connected ? 'offline' : w.ready ? `ready, ${w.open} open` : 'paused';
  return (
    <ActionDialog
      title={`Reassign scan ${a.scan.scan_uid}`}
      submitLabel="Confirm reassignment"
      onClose={onClose}
      onSubmit={async (reason) => {
        await reassign(a.assignment_id, to ? Number(to) : null, reason);
        onDone();
      }}
    >
      <p class="muted">Now with {a.analyst?.display_name ?? 'an analyst'}. The scan is taken back from them.</p>
      <label class="form-field">
        <span>Give to</span>
        <select value={to} onChange={(e) => setTo(e.currentTarget.value)}>
          <option value="">Back to the queue (random draw)</option>
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
        <caption>Waiting scans ({queue.waiting.length})</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              Priority
            </th>
            <th scope="col">Scan</th>
            <th scope="col">Site</th>
            <th scope="col">Containers / plate</th>
            <th scope="col" class="num">
              Waiting
            </th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {queue.waiting.length === 0 && (
            <tr>
              <td colSpan={6} class="muted">
                No scans waiting.
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
                  {w.scan.scan_uid}
                  {w.scan.radiation?.alarm && <span class="badge badge--alarm"> Radiation</span>}
                </td>
                <td>{w.scan.scanner?.site?.code ?? '—'}</td>
                <td>{conveyanceIds(w.scan)}</td>
                <td class="num">{formatDuration(waited)}</td>
                <td>
                  <button
                    type="button"
                    class="button wall-action"
                    aria-label={`Set priority of scan ${w.scan.scan_uid}`}
                    onClick={() => setEditing(w)}
                  >
                    Set priority
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

export function AssignmentTable({ queue, onChanged }: { queue: QueueInfo; onChanged(): void }) {
  const [moving, setMoving] = useState<Open | null>(null);
  return (
    <>
      <table class="wall-table" data-testid="assignment-table">
        <caption>Open assignments ({queue.assignments.length})</caption>
        <thead>
          <tr>
            <th scope="col">Analyst</th>
            <th scope="col">Scan</th>
            <th scope="col">Site</th>
            <th scope="col">Assigned</th>
            <th scope="col">Deadline</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {queue.assignments.length === 0 && (
            <tr>
              <td colSpan={6} class="muted">
                Nobody is working on a scan.
              </td>
            </tr>
          )}
          {queue.assignments.map((a) => (
            <tr key={a.assignment_id} data-testid={`assignment-row-${a.assignment_id}`}>
              <td>{a.analyst?.display_name ?? '—'}</td>
              <td>{a.scan?.scan_uid ?? `#${a.scan_id}`}</td>
              <td>{a.scan?.scanner?.site?.code ?? '—'}</td>
              <td>{formatScanTime(a.assigned_at)}</td>
              <td>
                <Countdown deadline={a.deadline} />
              </td>
              <td>
                <button
                  type="button"
                  class="button wall-action"
                  aria-label={`Reassign scan ${a.scan?.scan_uid ?? a.scan_id}`}
                  onClick={() => setMoving(a)}
                >
                  Reassign
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
      <caption>Scans that need attention ({queue.stalled.length})</caption>
      <thead>
        <tr>
          <th scope="col">Scan</th>
          <th scope="col">Site</th>
          <th scope="col">State</th>
          <th scope="col" class="num">
            Since
          </th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
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
            <td>{s.scan_uid}</td>
            <td>{s.site}</td>
            <td>
              {s.status === 'failed'
                ? `Failed: ${s.failure_reason ?? 'no reason given'}`
                : `Still processing (${s.attempts} attempts)`}
            </td>
            <td class="num">{formatDuration(secondsSince(s.received_at, now) ?? 0)}</td>
            <td>
              <button
                type="button"
                class="button wall-action"
                disabled={busy === s.scan_id}
                onClick={() => void retry(s.scan_id)}
              >
                Retry
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
