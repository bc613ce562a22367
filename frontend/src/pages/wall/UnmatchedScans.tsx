// Scans no declaration has matched (yet): the supervisor links one by hand
// (declaration number + reason). Refetched every 30 s, on new scans and on
// reconnect.

import { useEffect, useState } from 'preact/hooks';
import { fetchUnmatchedScans, linkDeclaration } from '../../declarations';
import { useLiveEvents } from '../../live';
import { conveyanceIds, formatScanTime, formatWeight } from '../../scans';
import type { Scan } from '../../scans';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { ActionDialog } from './Dialog';

const SHOWN = 15;

function LinkDialog({ scan, onClose, onDone }: { scan: Scan; onClose(): void; onDone(): void }) {
  const [number, setNumber] = useState('');
  return (
    <ActionDialog
      title={`Link a declaration to scan ${scan.scan_uid}`}
      submitLabel="Link declaration"
      onClose={onClose}
      validate={() => (number.trim() ? null : 'Enter the declaration number.')}
      onSubmit={async (reason) => {
        await linkDeclaration(scan.id, number.trim(), reason);
        onDone();
      }}
    >
      <p class="muted">
        {conveyanceIds(scan)} · {scan.scanner?.site?.code ?? '—'} · scanned {formatScanTime(scan.scanned_at)}
      </p>
      <label class="form-field">
        <span>Declaration number</span>
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

export function UnmatchedScans() {
  const [scans, setScans] = useState<Scan[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [linking, setLinking] = useState<Scan | null>(null);
  const reload = useCoalesced(async () => {
    try {
      setScans(await fetchUnmatchedScans());
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The unmatched scans could not be loaded.'));
    }
  });

  useLiveEvents({ 'scan.ready': () => reload() }, () => reload());
  useEffect(() => {
    reload();
    const t = window.setInterval(() => reload(), 30_000);
    return () => window.clearInterval(t);
  }, []);

  const list = scans ?? [];
  return (
    <section class="wall-panel" aria-labelledby="unmatched-title" data-testid="unmatched-scans">
      <h2 id="unmatched-title">Unmatched scans{scans ? ` (${scans.length})` : ''}</h2>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {!scans && !error && <p class="muted">Loading…</p>}
      {scans && (
        <table class="wall-table">
          <caption class="visually-hidden">Scans without a customs declaration</caption>
          <thead>
            <tr>
              <th scope="col">Scan</th>
              <th scope="col">Site</th>
              <th scope="col">Scanned</th>
              <th scope="col">Containers / plate</th>
              <th scope="col" class="num">
                Weight
              </th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.length === 0 && (
              <tr>
                <td colSpan={6} class="muted">
                  Every scan has its declaration.
                </td>
              </tr>
            )}
            {list.slice(0, SHOWN).map((s) => (
              <tr key={s.id} data-testid={`unmatched-row-${s.id}`}>
                <td>{s.scan_uid}</td>
                <td>{s.scanner?.site?.code ?? '—'}</td>
                <td>{formatScanTime(s.scanned_at)}</td>
                <td>{conveyanceIds(s)}</td>
                <td class="num">{formatWeight(s.weight_kg)}</td>
                <td>
                  <button
                    type="button"
                    class="button wall-action"
                    aria-label={`Link a declaration to scan ${s.scan_uid}`}
                    onClick={() => setLinking(s)}
                  >
                    Link by hand
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.length > SHOWN && <p class="muted">… and {list.length - SHOWN} older ones.</p>}
      {linking && <LinkDialog scan={linking} onClose={() => setLinking(null)} onDone={() => reload()} />}
    </section>
  );
}
