// Scanners: register one at a site (kind, vendor format, radiation source,
// energies), its bearer token shown once; rotate the token (every earlier one
// stops at once); deactivate a scanner (its tokens stop working).

import { useEffect, useState } from 'preact/hooks';
import {
  SCANNER_KIND_LABELS,
  SOURCE_LABELS,
  createScanner,
  fetchOrganisation,
  fetchScanners,
  fetchVendorFormats,
  formatWhen,
  rotateScannerToken,
  updateScanner,
} from '../../admin';
import type { OrgSite, Scanner, ScannerChange, ScannerIn, VendorFormat } from '../../admin';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormDialog } from '../../components/FormDialog';
import { RetryError } from '../../components/RetryError';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { Notice, SecretDialog, SelectField, TextField, useFieldErrors } from './fields';

const SCANNER_FIELDS = ['site', 'name', 'vendor', 'kind', 'source', 'energy_high_kev', 'energy_low_kev', 'manufacturer', 'model'];

function kev(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

function CreateDialog({ sites, formats, onClose, onDone }: {
  sites: OrgSite[];
  formats: VendorFormat[];
  onClose(): void;
  onDone(scanner: Scanner, token: string): void;
}) {
  const [site, setSite] = useState(sites[0]?.code ?? '');
  const [name, setName] = useState('');
  const [vendor, setVendor] = useState('');
  const [kind, setKind] = useState('fixed');
  const [source, setSource] = useState('linac');
  const [high, setHigh] = useState('');
  const [low, setLow] = useState('');
  const [manufacturer, setManufacturer] = useState('');
  const [model, setModel] = useState('');
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title="New scanner"
      submitLabel="Create scanner"
      onClose={onClose}
      validate={() => {
        clear();
        if (!site) return 'Choose the site.';
        if (!name.trim()) return 'Give the scanner a name.';
        for (const [label, v] of [['High energy', high], ['Low energy', low]] as const) {
          const n = kev(v);
          if (n !== undefined && (!Number.isInteger(n) || n <= 0)) return `${label} is a whole number of keV.`;
        }
        return null;
      }}
      onError={(err) => take(err, SCANNER_FIELDS)}
      onSubmit={async () => {
        const body: ScannerIn = { site, name: name.trim(), kind, source };
        if (vendor) body.vendor = vendor;
        if (kev(high) !== undefined) body.energy_high_kev = kev(high);
        if (kev(low) !== undefined) body.energy_low_kev = kev(low);
        if (manufacturer.trim()) body.manufacturer = manufacturer.trim();
        if (model.trim()) body.model = model.trim();
        const made = await createScanner(body);
        onDone(made.scanner, made.token);
      }}
    >
      <div class="form-grid">
        <SelectField label="Site" value={site} onChange={setSite} error={errors.site} options={sites.map((s) => ({ value: s.code, label: `${s.name} (${s.code})` }))} />
        <TextField label="Name" value={name} onInput={setName} error={errors.name} maxLength={100} hint="Unique at its site, e.g. Gate 3." />
        <SelectField
          label="Kind"
          value={kind}
          onChange={setKind}
          error={errors.kind}
          options={Object.entries(SCANNER_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <SelectField
          label="Vendor format"
          value={vendor}
          onChange={setVendor}
          error={errors.vendor}
          hint="The format of the files it sends; “Recognise” lets CIPS tell from the files."
          options={vendorOptions(formats, '')}
        />
        <SelectField
          label="Radiation source"
          value={source}
          onChange={setSource}
          error={errors.source}
          options={Object.entries(SOURCE_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <TextField label="High energy (keV)" type="number" value={high} onInput={setHigh} error={errors.energy_high_kev} hint="E.g. 6000 for 6 MeV." />
        <TextField label="Low energy (keV)" type="number" value={low} onInput={setLow} error={errors.energy_low_kev} hint="Dual-energy scanners only: below the high energy." />
        <TextField label="Manufacturer" value={manufacturer} onInput={setManufacturer} error={errors.manufacturer} maxLength={100} />
        <TextField label="Model" value={model} onInput={setModel} error={errors.model} maxLength={100} />
      </div>
    </FormDialog>
  );
}

function vendorOptions(formats: VendorFormat[], current: string) {
  const options = [
    { value: '', label: 'Recognise from the files' },
    ...formats.map((f) => ({
      value: f.key,
      label: `${f.name ?? f.key} (${f.key})${f.enabled ? '' : ' — not available'}`,
      disabled: !f.enabled && f.key !== current,
    })),
  ];
  if (current && !formats.some((f) => f.key === current)) options.push({ value: current, label: `${current} (not installed)`, disabled: false });
  return options;
}

function EditDialog({ scanner, formats, onClose, onDone }: { scanner: Scanner; formats: VendorFormat[]; onClose(): void; onDone(s: Scanner): void }) {
  const [name, setName] = useState(scanner.name);
  const [vendor, setVendor] = useState(scanner.vendor ?? '');
  const [kind, setKind] = useState(scanner.kind);
  const [source, setSource] = useState(scanner.source);
  const [manufacturer, setManufacturer] = useState(scanner.manufacturer ?? '');
  const [model, setModel] = useState(scanner.model ?? '');
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title={`Change ${scanner.name}`}
      submitLabel="Save scanner"
      onClose={onClose}
      validate={() => {
        clear();
        return name.trim() ? null : 'Give the scanner a name.';
      }}
      onError={(err) => take(err, SCANNER_FIELDS)}
      onSubmit={async () => {
        const body: ScannerChange = {};
        if (name.trim() !== scanner.name) body.name = name.trim();
        if (vendor !== (scanner.vendor ?? '')) body.vendor = vendor || null;
        if (kind !== scanner.kind) body.kind = kind;
        if (source !== scanner.source) body.source = source;
        if (manufacturer.trim() && manufacturer.trim() !== (scanner.manufacturer ?? '')) body.manufacturer = manufacturer.trim();
        if (model.trim() && model.trim() !== (scanner.model ?? '')) body.model = model.trim();
        onDone(Object.keys(body).length ? await updateScanner(scanner.id, body) : scanner);
      }}
    >
      <p class="muted small">
        At {scanner.site}. Its site and energies stay as registered; its token stays the same.
      </p>
      <div class="form-grid">
        <TextField label="Name" value={name} onInput={setName} error={errors.name} maxLength={100} />
        <SelectField label="Kind" value={kind} onChange={setKind} error={errors.kind} options={Object.entries(SCANNER_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
        <SelectField label="Vendor format" value={vendor} onChange={setVendor} error={errors.vendor} options={vendorOptions(formats, scanner.vendor ?? '')} />
        <SelectField label="Radiation source" value={source} onChange={setSource} error={errors.source} options={Object.entries(SOURCE_LABELS).map(([value, label]) => ({ value, label }))} />
        <TextField label="Manufacturer" value={manufacturer} onInput={setManufacturer} error={errors.manufacturer} maxLength={100} />
        <TextField label="Model" value={model} onInput={setModel} error={errors.model} maxLength={100} />
      </div>
    </FormDialog>
  );
}

type Pending = { kind: 'rotate' | 'active'; scanner: Scanner };

function energies(s: Scanner): string {
  if (!s.energy_high_kev) return '—';
  return s.energy_low_kev ? `${s.energy_high_kev} / ${s.energy_low_kev} keV` : `${s.energy_high_kev} keV`;
}

export function Scanners() {
  const [scanners, setScanners] = useState<Scanner[] | null>(null);
  const [sites, setSites] = useState<OrgSite[]>([]);
  const [formats, setFormats] = useState<VendorFormat[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Scanner | null>(null);
  const [secret, setSecret] = useState<{ title: string; token: string } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [pendingBusy, setPendingBusy] = useState(false);
  const [pendingError, setPendingError] = useState<string | null>(null);

  const load = useCoalesced(async () => {
    try {
      const [list, org, fmts] = await Promise.all([fetchScanners(), fetchOrganisation(), fetchVendorFormats()]);
      setScanners(list);
      setSites(org.flatMap((hq) => hq.centres.flatMap((c) => c.sites)));
      setFormats(fmts);
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The scanners could not be loaded.'));
    }
  });
  useEffect(() => load(), []);

  const confirmPending = async () => {
    if (!pending) return;
    const s = pending.scanner;
    setPendingBusy(true);
    setPendingError(null);
    try {
      if (pending.kind === 'rotate') {
        const { token } = await rotateScannerToken(s.id);
        setSecret({ title: `New token for ${s.name}`, token });
        setNotice({ ok: true, text: `${s.name} has a new token; the earlier ones no longer work.` });
      } else {
        const changed = await updateScanner(s.id, { active: !s.active });
        setNotice({ ok: true, text: changed.active ? `${s.name} is active again.` : `${s.name} is deactivated: its tokens no longer work.` });
      }
      setPending(null);
      load();
    } catch (err) {
      setPendingError(errorText(err, 'That did not work.'));
    } finally {
      setPendingBusy(false);
    }
  };

  return (
    <section class="admin-section" aria-labelledby="scanners-title">
      <h2 id="scanners-title">Scanners</h2>
      <div class="admin-toolbar">
        <p class="muted small">
          Each scanner sends its scans with its own bearer token. A token is shown once, when it is made; CIPS keeps only
          a fingerprint.
        </p>
        <button type="button" class="button button--primary" disabled={!scanners || !sites.length} onClick={() => setCreating(true)}>
          New scanner…
        </button>
      </div>
      <Notice notice={notice} />
      {error && <RetryError message={error} onRetry={load} />}
      {!scanners && !error && <p class="muted">Loading…</p>}
      {scanners && (
        <div class="table-wrap">
          <table class="data-table" data-testid="scanners-table">
            <caption class="visually-hidden">Scanners</caption>
            <thead>
              <tr>
                <th scope="col">Site</th>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Format</th>
                <th scope="col">Source</th>
                <th scope="col">Energies</th>
                <th scope="col">Token</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {scanners.length === 0 && (
                <tr>
                  <td colSpan={10} class="muted">
                    No scanner yet.
                  </td>
                </tr>
              )}
              {scanners.map((s) => {
                const live = s.tokens.find((t) => !t.revoked_at);
                return (
                  <tr key={s.id} class={s.active ? undefined : 'row--off'} data-testid={`scanner-${s.id}`}>
                    <td>{s.site}</td>
                    <td>{s.name}</td>
                    <td>{SCANNER_KIND_LABELS[s.kind] ?? s.kind}</td>
                    <td>{s.vendor ?? 'recognised'}</td>
                    <td>{SOURCE_LABELS[s.source] ?? s.source}</td>
                    <td>{energies(s)}</td>
                    <td>{live ? <code>{live.prefix}…</code> : <span class="muted">none</span>}</td>
                    <td>{live ? formatWhen(live.last_used_at) : '—'}</td>
                    <td>{s.active ? 'Active' : 'Deactivated'}</td>
                    <td class="admin-actions">
                      <button type="button" class="button admin-action" aria-label={`Change ${s.site} ${s.name}`} onClick={() => setEditing(s)}>
                        Change…
                      </button>
                      <button
                        type="button"
                        class="button admin-action"
                        aria-label={`New token for ${s.site} ${s.name}`}
                        onClick={() => {
                          setPendingError(null);
                          setPending({ kind: 'rotate', scanner: s });
                        }}
                      >
                        New token…
                      </button>
                      <button
                        type="button"
                        class="button admin-action"
                        aria-label={`${s.active ? 'Deactivate' : 'Reactivate'} ${s.site} ${s.name}`}
                        onClick={() => {
                          setPendingError(null);
                          setPending({ kind: 'active', scanner: s });
                        }}
                      >
                        {s.active ? 'Deactivate…' : 'Reactivate…'}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {creating && (
        <CreateDialog
          sites={sites}
          formats={formats}
          onClose={() => setCreating(false)}
          onDone={(scanner, token) => {
            setSecret({ title: `Token for ${scanner.name}`, token });
            setNotice({ ok: true, text: `${scanner.name} is registered at ${scanner.site}.` });
            load();
          }}
        />
      )}
      {editing && (
        <EditDialog
          scanner={editing}
          formats={formats}
          onClose={() => setEditing(null)}
          onDone={(saved) => {
            setNotice({ ok: true, text: `${saved.name} is saved.` });
            load();
          }}
        />
      )}
      {pending && (
        <ConfirmDialog
          title={pending.kind === 'rotate' ? `New token for ${pending.scanner.name}?` : `${pending.scanner.active ? 'Deactivate' : 'Reactivate'} ${pending.scanner.name}?`}
          confirmLabel={pending.kind === 'rotate' ? 'Make a new token' : pending.scanner.active ? 'Deactivate' : 'Reactivate'}
          busy={pendingBusy}
          error={pendingError}
          onConfirm={() => void confirmPending()}
          onCancel={() => setPending(null)}
        >
          <p>
            {pending.kind === 'rotate'
              ? 'The token it uses now stops working at once: the scanner sends nothing until the new token is installed on it.'
              : pending.scanner.active
                ? 'Its tokens stop working at once; scans it already sent stay.'
                : 'Its current token works again.'}
          </p>
        </ConfirmDialog>
      )}
      {secret && <SecretDialog title={secret.title} secret={secret.token} what="the scanner's operator" onClose={() => setSecret(null)} />}
    </section>
  );
}
