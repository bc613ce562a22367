// Scans no declaration has matched (yet): the supervisor links one by hand
// (declaration number + reason). Refetched every 30 s, on new scans and on
// reconnect.

import { useEffect, useState } from 'preact/hooks';
import { fetchUnmatchedScans, linkDeclaration } from '../../declarations';
import { useLiveEvents } from '../../live';
import { formatDateTime } from '../../format';
import { conveyanceIds, formatWeight } from '../../scans';
import type { Scan } from '../../scans';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { ActionDialog } from './Dialog';
import { t } from '../../i18n';

const SHOWN = 15;

function LinkDialog({ scan, zone, onClose, onDone }: { scan: Scan; zone?: string; onClose(): void; onDone(): void }) {
  const [number, setNumber] = useState('');
  return (
    <ActionDialog
      title={t('queue:link.title', { scan: scan.scan_uid })}
      submitLabel={t('queue:link.submit')}
      onClose={onClose}
      validate={() => (number.trim() ? null : t('queue:link.enterNumber'))}
      onSubmit={async (reason) => {
        await linkDeclaration(scan.id, number.trim(), reason);
        onDone();
      }}
    >
      <p class="muted">
        <span translate={false}>
          {conveyanceIds(scan)} · {scan.scanner?.site?.code ?? '—'}
        </span>{' '}
        · {t('queue:link.scanned', { time: formatDateTime(scan.scanned_at, { zone }) })}
      </p>
      <label class="form-field">
        <span>{t('queue:link.number')}</span>
        <input
          type="text"
          value={number}
          maxLength={40}
          autoComplete="off"
          onInput={(e) => setNumber(e.currentTarget.value)}
        />
      </label>
    </ActionDialog>
  );
}

/** `zone`: the centre's (the queue page's times are the centre's). */
export function UnmatchedScans({ zone }: { zone?: string }) {
  const [scans, setScans] = useState<Scan[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [linking, setLinking] = useState<Scan | null>(null);
  const reload = useCoalesced(async () => {
    try {
      setScans(await fetchUnmatchedScans());
      setError(null);
    } catch (err) {
      setError(errorText(err, t('queue:unmatched.loadFailed')));
    }
  });

  useLiveEvents({ 'scan.ready': () => reload() }, () => reload());
  useEffect(() => {
    reload();
    const tick = window.setInterval(() => reload(), 30_000);
    return () => window.clearInterval(tick);
  }, [reload]);

  const list = scans ?? [];
  return (
    <section class="wall-panel" aria-labelledby="unmatched-title" data-testid="unmatched-scans">
      <h2 id="unmatched-title">
        {scans ? t('queue:unmatched.titleCount', { count: scans.length }) : t('queue:unmatched.title')}
      </h2>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {!scans && !error && <p class="muted">{t('queue:loading')}</p>}
      {scans && (
        <table class="wall-table">
          <caption class="visually-hidden">{t('queue:unmatched.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queue:col.scan')}</th>
              <th scope="col">{t('queue:col.site')}</th>
              <th scope="col">{t('queue:col.scanned')}</th>
              <th scope="col">{t('queue:col.containers')}</th>
              <th scope="col" class="num">
                {t('queue:col.weight')}
              </th>
              <th scope="col">
                <span class="visually-hidden">{t('queue:col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.length === 0 && (
              <tr>
                <td colSpan={6} class="muted">
                  {t('queue:unmatched.none')}
                </td>
              </tr>
            )}
            {list.slice(0, SHOWN).map((s) => (
              <tr key={s.id} data-testid={`unmatched-row-${s.id}`}>
                <td translate={false}>{s.scan_uid}</td>
                <td translate={false}>{s.scanner?.site?.code ?? '—'}</td>
                <td>{formatDateTime(s.scanned_at, { zone })}</td>
                <td translate={false}>{conveyanceIds(s)}</td>
                <td class="num">{formatWeight(s.weight_kg)}</td>
                <td>
                  <button
                    type="button"
                    class="button wall-action"
                    aria-label={t('queue:link.title', { scan: s.scan_uid })}
                    onClick={() => setLinking(s)}
                  >
                    {t('queue:link.button')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.length > SHOWN && <p class="muted">{t('queue:unmatched.older', { count: list.length - SHOWN })}</p>}
      {linking && <LinkDialog scan={linking} zone={zone} onClose={() => setLinking(null)} onDone={() => reload()} />}
    </section>
  );
}
