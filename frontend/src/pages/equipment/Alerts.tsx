// Equipment alerts (a scanner offline or in fault): open ones by default,
// live from `equipment.alert`; supervisors acknowledge them.

import { useEffect, useState } from 'preact/hooks';
import { useAuth } from '../../auth';
import { ackAlert, ackedText, alertKindLabel, alertOf, fetchAlerts, siteCode, upsert } from '../../equipment';
import type { Alert } from '../../equipment';
import { formatTime } from '../../format';
import { t } from '../../i18n';
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
      setError(errorText(err, t('equipment:alerts.loadFailed')));
    }
  });
  useEffect(() => reload(), [all, reload]);

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
      setError(errorText(err, t('equipment:alerts.ackFailed')));
    } finally {
      setBusy(null);
    }
  };

  const shown = (alerts ?? []).filter((a) => !scannerIds || scannerIds.has(a.scanner?.id));
  const inScope = !!fresh && (!scannerIds || scannerIds.has(fresh.scanner?.id));
  return (
    <section class="eq-alerts" aria-labelledby="alerts-title" data-testid="equipment-alerts">
      <div class="eq-alerts__head">
        <h2 id="alerts-title">{t('equipment:alerts.title')}</h2>
        <label class="small">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />{' '}
          {t('equipment:alerts.includeCleared')}
        </label>
      </div>
      <p class="visually-hidden" role="status" aria-live="assertive">
        {inScope && fresh
          ? t('equipment:alerts.fresh', { scanner: fresh.scanner?.name ?? '', kind: alertKindLabel(fresh.kind) })
          : ''}
      </p>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {!alerts && !error && <p class="muted">{t('equipment:loading')}</p>}
      {alerts && shown.length === 0 && (
        <p class="muted">{all ? t('equipment:alerts.none') : t('equipment:alerts.noneOpen')}</p>
      )}
      <ul class="eq-alert-list">
        {shown.map((a) => {
          // The scanner's site's time, with its zone: the list may hold several sites.
          const zone = (a.scanner as { timezone?: string }).timezone;
          const acked = ackedText(a, zone);
          const site = siteCode(a.scanner?.site);
          const time = (iso: string | null) => formatTime(iso, { zone, showZone: true });
          return (
            <li
              key={a.id}
              data-testid={`alert-${a.id}`}
              class={`eq-alert eq-alert--${a.cleared_at ? 'cleared' : a.kind}${fresh?.id === a.id ? ' eq-alert--fresh' : ''}`}
            >
              <span class="eq-alert__kind">{alertKindLabel(a.kind)}</span>
              <span class="eq-alert__what">
                <b translate={false}>{a.scanner?.name ?? t('equipment:scannerNumber', { id: a.scanner?.id })}</b>
                {site && (
                  <span class="muted" translate={false}>
                    {' '}
                    · {site}
                  </span>
                )}
                {a.detail && <span translate={false}> – {a.detail}</span>}
              </span>
              <span class="muted small" data-testid="alert-times">
                {t('equipment:alerts.raised', { time: time(a.raised_at) })}
                {a.cleared_at && `, ${t('equipment:alerts.cleared', { time: time(a.cleared_at) })}`}
                {acked && `, ${acked}`}
              </span>
              {canAck && !acked && (
                <button type="button" class="button eq-alert__ack" disabled={busy === a.id} onClick={() => ack(a)}>
                  {t('equipment:alerts.ack')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
