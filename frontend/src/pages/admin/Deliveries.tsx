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
import { t } from '../../i18n';
import { formatTime } from '../../format';

const REFRESH_MS = 10_000;
const stateLabel = (state: Delivery['state']) => t(`admin:deliveries.stateName.${state}`);

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
      setError(errorText(err, t('admin:deliveries.loadFailed')));
    }
  });

  useEffect(() => {
    reload();
    const t = window.setInterval(() => reload(), REFRESH_MS);
    return () => window.clearInterval(t);
  }, [reload]);

  const replay = async (d: Delivery) => {
    setBusy(d.event_id);
    setNotice(null);
    try {
      await replayDelivery(d.event_id);
      setNotice({ ok: true, text: t('admin:deliveries.queued', { id: d.event_id, type: d.type }) });
      reload();
    } catch (err) {
      setNotice({ ok: false, text: errorText(err, t('admin:deliveries.replayFailed')) });
    } finally {
      setBusy(null);
    }
  };

  const failed = rows?.filter((r) => r.state === 'failed').length ?? 0;
  return (
    <section class="admin-section" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">{t('admin:deliveries.deliveriesToTheCustomsSystem')}</h2>
      <p class="muted small" role="status">
        {rows ? t('admin:deliveries.summary', { count: rows.length, failed }) : t('status:ui.loadingPage')}
        {updatedAt && ` · ${t('admin:deliveries.updated', { time: formatTime(updatedAt, { seconds: true }) })}`}
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
                <th scope="col">{t('admin:deliveries.event')}</th>
                <th scope="col">{t('admin:deliveries.type')}</th>
                <th scope="col">{t('admin:deliveries.scan')}</th>
                <th scope="col">{t('admin:deliveries.state')}</th>
                <th scope="col" class="num">
                  {t('admin:deliveries.attempts')}
                </th>
                <th scope="col">{t('admin:deliveries.lastError')}</th>
                <th scope="col">{t('admin:deliveries.created')}</th>
                <th scope="col">{t('admin:deliveries.delivered')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('admin:deliveries.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={9} class="muted">
                    {t('admin:deliveries.nothingHasBeenSentYet')}
                  </td>
                </tr>
              )}
              {rows.map((d) => (
                <tr key={d.event_id} data-testid={`delivery-${d.event_id}`} data-state={d.state}>
                  <td class="data-table__id" translate={false}>
                    {d.event_id}
                  </td>
                  <td translate={false}>{d.type}</td>
                  <td translate={false}>{d.scan_uid ?? '—'}</td>
                  <td>
                    <span class={`delivery-state delivery-state--${d.state}`}>{stateLabel(d.state)}</span>
                  </td>
                  <td class="num">{d.attempts}</td>
                  <td class="data-table__error" translate={false}>
                    {d.last_error || '—'}
                  </td>
                  <td>{formatScanTime(d.created_at)}</td>
                  <td>{d.delivered_at ? formatScanTime(d.delivered_at) : '—'}</td>
                  <td>
                    {d.state !== 'pending' && (
                      <button
                        type="button"
                        class="button admin-action"
                        disabled={busy !== null}
                        aria-label={t('admin:deliveries.replayWhich', { id: d.event_id })}
                        onClick={() => void replay(d)}
                      >
                        {busy === d.event_id ? t('admin:deliveries.replaying') : t('admin:deliveries.replay')}
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
