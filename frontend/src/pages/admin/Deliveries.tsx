// Results on their way to the customs operation system (the outbox): state,
// attempts, the last error; a failed or delivered event can be sent again.
// Refreshed every 10 s.

import { useEffect, useState } from 'preact/hooks';
import { fetchDeliveries, replayDelivery } from '../../declarations';
import type { Delivery } from '../../declarations';
import { formatScanTime } from '../../scans';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import './admin.css';

const REFRESH_MS = 10_000;
const STATE_LABELS: Record<Delivery['state'], string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  failed: 'Failed',
};

export function Deliveries() {
  const [rows, setRows] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const reload = useCoalesced(async () => {
    try {
      setRows(await fetchDeliveries());
      setError(null);
      setUpdatedAt(Date.now());
    } catch (err) {
      setError(errorText(err, 'The deliveries could not be loaded.'));
    }
  });

  useEffect(() => {
    reload();
    const t = window.setInterval(() => reload(), REFRESH_MS);
    return () => window.clearInterval(t);
  }, []);

  const replay = async (d: Delivery) => {
    setBusy(d.event_id);
    setNotice(null);
    try {
      await replayDelivery(d.event_id);
      setNotice({ ok: true, text: `Event ${d.event_id} (${d.type}) is queued to be sent again.` });
      reload();
    } catch (err) {
      setNotice({ ok: false, text: errorText(err, 'The event could not be replayed.') });
    } finally {
      setBusy(null);
    }
  };

  const failed = rows?.filter((r) => r.state === 'failed').length ?? 0;
  return (
    <section class="admin-section" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries to the customs system</h2>
      <p class="muted small" role="status">
        {rows ? `${rows.length} ${rows.length === 1 ? 'event' : 'events'}, ${failed} failed` : 'Loading…'}
        {updatedAt && ` · updated ${new Date(updatedAt).toLocaleTimeString()} (every 10 s)`}
      </p>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p class={`message ${notice.ok ? 'message--info' : 'message--error'}`} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
      {rows && (
        <div class="table-wrap">
          <table class="data-table" data-testid="deliveries-table">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Type</th>
                <th scope="col">Scan</th>
                <th scope="col">State</th>
                <th scope="col" class="num">
                  Attempts
                </th>
                <th scope="col">Last error</th>
                <th scope="col">Created</th>
                <th scope="col">Delivered</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={9} class="muted">
                    Nothing has been sent yet.
                  </td>
                </tr>
              )}
              {rows.map((d) => (
                <tr key={d.event_id} data-testid={`delivery-${d.event_id}`} data-state={d.state}>
                  <td class="data-table__id">{d.event_id}</td>
                  <td>{d.type}</td>
                  <td>{d.scan_uid ?? '—'}</td>
                  <td>
                    <span class={`delivery-state delivery-state--${d.state}`}>{STATE_LABELS[d.state] ?? d.state}</span>
                  </td>
                  <td class="num">{d.attempts}</td>
                  <td class="data-table__error">{d.last_error || '—'}</td>
                  <td>{formatScanTime(d.created_at)}</td>
                  <td>{d.delivered_at ? formatScanTime(d.delivered_at) : '—'}</td>
                  <td>
                    {d.state !== 'pending' && (
                      <button
                        type="button"
                        class="button admin-action"
                        disabled={busy !== null}
                        aria-label={`Replay event ${d.event_id}`}
                        onClick={() => void replay(d)}
                      >
                        {busy === d.event_id ? 'Replaying…' : 'Replay'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
