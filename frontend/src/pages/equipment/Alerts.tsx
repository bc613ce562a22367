// Equipment alerts (a scanner offline or in fault): open ones by default,
// live from `equipment.alert`; supervisors acknowledge them.

import { useEffect, useState } from 'preact/hooks';
import { useAuth } from '../../auth';
import { ALERT_KINDS, ackAlert, ackedText, alertOf, fetchAlerts, formatTime, siteCode, upsert } from '../../equipment';
import type { Alert } from '../../equipment';
import { useLiveEvents } from '../../live';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';

interface Props {
  /** Only the alerts of these scanners (the level shown); all when absent. */
  scannerIds?: Set<number>;
}

export function Alerts({ scannerIds }: Props) {
  const { user } = useAuth();
  const canAck = !!user?.roles.includes('supervisor');
  const [all, setAll] = useState(false);
  const [alerts, setAlerts] = useState<Alert[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fresh, setFresh] = useState<Alert | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const reload = useCoalesced(async () => {
    try {
      setAlerts(await fetchAlerts(all ? 'all' : 'open'));
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The alerts could not be loaded.'));
    }
  });
  useEffect(() => reload(), [all]);

  useLiveEvents(
    {
      'equipment.alert': (payload: unknown) => {
        const a = alertOf(payload);
        if (!a) return reload();
        const gone = !all && !!a.cleared_at;
        setAlerts((list) => (gone ? (list ?? []).filter((x) => x.id !== a.id) : upsert(list ?? [], a, true)));
        if (!a.cleared_at) setFresh(a);
      },
      // Alerts clear with the scanner's status (no event of their own).
      'equipment.status': () => reload(),
    },
    () => reload(),
  );

  const ack = async (a: Alert) => {
    setBusy(a.id);
    try {
      const res = alertOf(await ackAlert(a.id));
      if (res) setAlerts((list) => upsert(list ?? [], res));
      else reload();
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The alert could not be acknowledged.'));
    } finally {
      setBusy(null);
    }
  };

  const shown = (alerts ?? []).filter((a) => !scannerIds || scannerIds.has(a.scanner?.id));
  const inScope = !!fresh && (!scannerIds || scannerIds.has(fresh.scanner?.id));
  return (
    <section class="eq-alerts" aria-labelledby="alerts-title" data-testid="equipment-alerts">
      <div class="eq-alerts__head">
        <h2 id="alerts-title">Alerts</h2>
        <label class="small">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} /> Include cleared
        </label>
      </div>
      <p class="visually-hidden" role="status" aria-live="assertive">
        {inScope && fresh ? `New alert: ${fresh.scanner?.name ?? ''} ${ALERT_KINDS[fresh.kind] ?? fresh.kind}` : ''}
      </p>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {!alerts && !error && <p class="muted">Loading…</p>}
      {alerts && shown.length === 0 && <p class="muted">{all ? 'No alerts.' : 'No open alerts.'}</p>}
      <ul class="eq-alert-list">
        {shown.map((a) => {
          const acked = ackedText(a);
          const site = siteCode(a.scanner?.site);
          return (
            <li
              key={a.id}
              data-testid={`alert-${a.id}`}
              class={`eq-alert eq-alert--${a.cleared_at ? 'cleared' : a.kind}${fresh?.id === a.id ? ' eq-alert--fresh' : ''}`}
            >
              <span class="eq-alert__kind">{ALERT_KINDS[a.kind] ?? a.kind}</span>
              <span class="eq-alert__what">
                <b>{a.scanner?.name ?? `Scanner ${a.scanner?.id}`}</b>
                {site && <span class="muted"> · {site}</span>}
                {a.detail && <span> – {a.detail}</span>}
              </span>
              <span class="muted small">
                raised {formatTime(a.raised_at)}
                {a.cleared_at && `, cleared ${formatTime(a.cleared_at)}`}
                {acked && `, ${acked}`}
              </span>
              {canAck && !acked && (
                <button type="button" class="button eq-alert__ack" disabled={busy === a.id} onClick={() => ack(a)}>
                  Acknowledge
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
