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
import type { OrgSite, Scanner, ScannerChange, ScannerIn, ScannerKind, SourceKind, VendorFormat } from '../../admin';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormDialog } from '../../components/FormDialog';
import { RetryError } from '../../components/RetryError';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { Notice, SecretDialog, SelectField, TextField, useFieldErrors } from './fields';
import { t } from '../../i18n';

const SCANNER_FIELDS = [
  'site',
  'name',
  'vendor',
  'kind',
  'source',
  'energy_high_kev',
  'energy_low_kev',
  'manufacturer',
  'model',
];

function kev(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

function CreateDialog({
  sites,
  formats,
  onClose,
  onDone,
}: {
  sites: OrgSite[];
  formats: VendorFormat[];
  onClose(): void;
  onDone(scanner: Scanner, token: string): void;
}) {
  const [site, setSite] = useState(sites[0]?.code ?? '');
  const [name, setName] = useState('');
  const [vendor, setVendor] = useState('');
  const [kind, setKind] = useState<ScannerKind>('fixed');
  const [source, setSource] = useState<SourceKind>('linac');
  const [high, setHigh] = useState('');
  const [low, setLow] = useState('');
  const [manufacturer, setManufacturer] = useState('');
  const [model, setModel] = useState('');
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title={t('admin:scanners.newScanner')}
      submitLabel={t('admin:scanners.createScanner')}
      onClose={onClose}
      validate={() => {
        clear();
        if (!site) return t('admin:scanners.needSite');
        if (!name.trim()) return t('admin:scanners.needName');
        for (const [label, v] of [
          [t('admin:scanners.highEnergy'), high],
          [t('admin:scanners.lowEnergy'), low],
        ] as const) {
          const n = kev(v);
          if (n !== undefined && (!Number.isInteger(n) || n <= 0)) return t('admin:scanners.wholeKev', { label });
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
        <SelectField
          label={t('admin:scanners.site')}
          value={site}
          onChange={setSite}
          error={errors.site}
          options={sites.map((s) => ({ value: s.code, label: `${s.name} (${s.code})` }))}
        />
        <TextField
          label={t('admin:scanners.name')}
          value={name}
          onInput={setName}
          error={errors.name}
          maxLength={100}
          hint={t('admin:scanners.uniqueAtItsSiteE')}
        />
        <SelectField
          label={t('admin:scanners.kind')}
          value={kind}
          onChange={(v) => setKind(v as ScannerKind)}
          error={errors.kind}
          options={Object.entries(SCANNER_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <SelectField
          label={t('admin:scanners.vendorFormat')}
          value={vendor}
          onChange={setVendor}
          error={errors.vendor}
          hint={t('admin:scanners.theFormatOfTheFiles')}
          options={vendorOptions(formats, '')}
        />
        <SelectField
          label={t('admin:scanners.radiationSource')}
          value={source}
          onChange={(v) => setSource(v as SourceKind)}
          error={errors.source}
          options={Object.entries(SOURCE_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <TextField
          label={t('admin:scanners.highEnergyKev')}
          type="number"
          value={high}
          onInput={setHigh}
          error={errors.energy_high_kev}
          hint={t('admin:scanners.eG6000For6')}
        />
        <TextField
          label={t('admin:scanners.lowEnergyKev')}
          type="number"
          value={low}
          onInput={setLow}
          error={errors.energy_low_kev}
          hint={t('admin:scanners.dualEnergyScannersOnlyBelow')}
        />
        <TextField
          label={t('admin:scanners.manufacturer')}
          value={manufacturer}
          onInput={setManufacturer}
          error={errors.manufacturer}
          maxLength={100}
        />
        <TextField
          label={t('admin:scanners.model')}
          value={model}
          onInput={setModel}
          error={errors.model}
          maxLength={100}
        />
      </div>
    </FormDialog>
  );
}

function vendorOptions(formats: VendorFormat[], current: string) {
  const options = [
    { value: '', label: t('admin:scanners.recognise') },
    ...formats.map((f) => ({
      value: f.key,
      label: `${f.name ?? f.key} (${f.key})${f.enabled ? '' : ` — ${t('admin:scanners.notAvailable')}`}`,
      disabled: !f.enabled && f.key !== current,
    })),
  ];
  if (current && !formats.some((f) => f.key === current))
    options.push({ value: current, label: `${current} (${t('admin:scanners.notInstalled')})`, disabled: false });
  return options;
}

function EditDialog({
  scanner,
  formats,
  onClose,
  onDone,
}: {
  scanner: Scanner;
  formats: VendorFormat[];
  onClose(): void;
  onDone(s: Scanner): void;
}) {
  const [name, setName] = useState(scanner.name);
  const [vendor, setVendor] = useState(scanner.vendor ?? '');
  const [kind, setKind] = useState<ScannerKind>(scanner.kind);
  const [source, setSource] = useState<SourceKind>(scanner.source);
  const [manufacturer, setManufacturer] = useState(scanner.manufacturer ?? '');
  const [model, setModel] = useState(scanner.model ?? '');
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title={t('admin:people.changeTitle', { username: scanner.name })}
      submitLabel={t('admin:scanners.saveScanner')}
      onClose={onClose}
      validate={() => {
        clear();
        return name.trim() ? null : t('admin:scanners.needName');
      }}
      onError={(err) => take(err, SCANNER_FIELDS)}
      onSubmit={async () => {
        const body: ScannerChange = {};
        if (name.trim() !== scanner.name) body.name = name.trim();
        if (vendor !== (scanner.vendor ?? '')) body.vendor = vendor || null;
        if (kind !== scanner.kind) body.kind = kind;
        if (source !== scanner.source) body.source = source;
        if (manufacturer.trim() && manufacturer.trim() !== (scanner.manufacturer ?? ''))
          body.manufacturer = manufacturer.trim();
        if (model.trim() && model.trim() !== (scanner.model ?? '')) body.model = model.trim();
        onDone(Object.keys(body).length ? await updateScanner(scanner.id, body) : scanner);
      }}
    >
      <p class="muted small">{t('admin:scanners.editNote', { site: scanner.site })}</p>
      <div class="form-grid">
        <TextField
          label={t('admin:scanners.name')}
          value={name}
          onInput={setName}
          error={errors.name}
          maxLength={100}
        />
        <SelectField
          label={t('admin:scanners.kind')}
          value={kind}
          onChange={(v) => setKind(v as ScannerKind)}
          error={errors.kind}
          options={Object.entries(SCANNER_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <SelectField
          label={t('admin:scanners.vendorFormat')}
          value={vendor}
          onChange={setVendor}
          error={errors.vendor}
          options={vendorOptions(formats, scanner.vendor ?? '')}
        />
        <SelectField
          label={t('admin:scanners.radiationSource')}
          value={source}
          onChange={(v) => setSource(v as SourceKind)}
          error={errors.source}
          options={Object.entries(SOURCE_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <TextField
          label={t('admin:scanners.manufacturer')}
          value={manufacturer}
          onInput={setManufacturer}
          error={errors.manufacturer}
          maxLength={100}
        />
        <TextField
          label={t('admin:scanners.model')}
          value={model}
          onInput={setModel}
          error={errors.model}
          maxLength={100}
        />
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
      setError(errorText(err, t('admin:scanners.loadFailed')));
    }
  });
  useEffect(() => load(), [load]);

  const confirmPending = async () => {
    if (!pending) return;
    const s = pending.scanner;
    setPendingBusy(true);
    setPendingError(null);
    try {
      if (pending.kind === 'rotate') {
        const { token } = await rotateScannerToken(s.id);
        setSecret({ title: t('admin:scanners.newTokenFor', { name: s.name }), token });
        setNotice({ ok: true, text: t('admin:scanners.rotated', { name: s.name }) });
      } else {
        const changed = await updateScanner(s.id, { active: !s.active });
        setNotice({
          ok: true,
          text: changed.active
            ? t('admin:scanners.reactivated', { name: s.name })
            : t('admin:scanners.deactivated', { name: s.name }),
        });
      }
      setPending(null);
      load();
    } catch (err) {
      setPendingError(errorText(err, t('status:ui.tryAgainFailed')));
    } finally {
      setPendingBusy(false);
    }
  };

  return (
    <section class="admin-section" aria-labelledby="scanners-title">
      <h2 id="scanners-title">{t('admin:scanners.scanners')}</h2>
      <div class="admin-toolbar">
        <p class="muted small">{t('admin:scanners.intro')}</p>
        <button
          type="button"
          class="button button--primary"
          disabled={!scanners || !sites.length}
          onClick={() => setCreating(true)}
        >
          {t('admin:scanners.newScanner2')}
        </button>
      </div>
      <Notice notice={notice} />
      {error && <RetryError message={error} onRetry={load} />}
      {!scanners && !error && <p class="muted">{t('admin:scanners.loading')}</p>}
      {scanners && (
        <div class="table-wrap">
          <table class="data-table" data-testid="scanners-table">
            <caption class="visually-hidden">{t('admin:scanners.scanners')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin:scanners.site')}</th>
                <th scope="col">{t('admin:scanners.name')}</th>
                <th scope="col">{t('admin:scanners.kind')}</th>
                <th scope="col">{t('admin:scanners.format')}</th>
                <th scope="col">{t('admin:scanners.source')}</th>
                <th scope="col">{t('admin:scanners.energies')}</th>
                <th scope="col">{t('admin:scanners.token')}</th>
                <th scope="col">{t('admin:scanners.lastUsed')}</th>
                <th scope="col">{t('admin:scanners.state')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('admin:scanners.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {scanners.length === 0 && (
                <tr>
                  <td colSpan={10} class="muted">
                    {t('admin:scanners.noScannerYet')}
                  </td>
                </tr>
              )}
              {scanners.map((s) => {
                const live = s.tokens.find((t) => !t.revoked_at);
                return (
                  <tr key={s.id} class={s.active ? undefined : 'row--off'} data-testid={`scanner-${s.id}`}>
                    <td translate={false}>{s.site}</td>
                    <td translate={false}>{s.name}</td>
                    <td>{SCANNER_KIND_LABELS[s.kind] ?? s.kind}</td>
                    <td translate={s.vendor ? false : undefined}>{s.vendor ?? t('admin:scanners.recognised')}</td>
                    <td>{SOURCE_LABELS[s.source] ?? s.source}</td>
                    <td>{energies(s)}</td>
                    <td>{live ? <code>{live.prefix}…</code> : <span class="muted">{t('common:none')}</span>}</td>
                    <td>{live ? formatWhen(live.last_used_at) : '—'}</td>
                    <td>{s.active ? t('admin:people.active') : t('admin:people.inactive')}</td>
                    <td class="admin-actions">
                      <button
                        type="button"
                        class="button admin-action"
                        aria-label={t('admin:people.changeTitle', { username: `${s.site} ${s.name}` })}
                        onClick={() => setEditing(s)}
                      >
                        {t('admin:scanners.change')}
                      </button>
                      <button
                        type="button"
                        class="button admin-action"
                        aria-label={t('admin:scanners.newTokenFor', { name: `${s.site} ${s.name}` })}
                        onClick={() => {
                          setPendingError(null);
                          setPending({ kind: 'rotate', scanner: s });
                        }}
                      >
                        {t('admin:scanners.newToken')}
                      </button>
                      <button
                        type="button"
                        class="button admin-action"
                        aria-label={
                          s.active
                            ? t('admin:people.deactivateWho', { username: `${s.site} ${s.name}` })
                            : t('admin:people.reactivateWho', { username: `${s.site} ${s.name}` })
                        }
                        onClick={() => {
                          setPendingError(null);
                          setPending({ kind: 'active', scanner: s });
                        }}
                      >
                        {s.active ? t('admin:people.deactivateButton') : t('admin:people.reactivateButton')}
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
            setSecret({ title: t('admin:scanners.tokenFor', { name: scanner.name }), token });
            setNotice({ ok: true, text: t('admin:scanners.registered', { name: scanner.name, site: scanner.site }) });
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
            setNotice({ ok: true, text: t('admin:people.saved', { username: saved.name }) });
            load();
          }}
        />
      )}
      {pending && (
        <ConfirmDialog
          title={
            pending.kind === 'rotate'
              ? t('admin:scanners.confirmRotate', { name: pending.scanner.name })
              : pending.scanner.active
                ? t('admin:people.confirmDeactivate', { username: pending.scanner.name })
                : t('admin:people.confirmReactivate', { username: pending.scanner.name })
          }
          confirmLabel={
            pending.kind === 'rotate'
              ? t('admin:scanners.makeToken')
              : pending.scanner.active
                ? t('admin:people.deactivate')
                : t('admin:people.reactivate')
          }
          busy={pendingBusy}
          error={pendingError}
          onConfirm={() => void confirmPending()}
          onCancel={() => setPending(null)}
        >
          <p>
            {pending.kind === 'rotate'
              ? t('admin:scanners.rotateExplain')
              : pending.scanner.active
                ? t('admin:scanners.deactivateExplain')
                : t('admin:scanners.reactivateExplain')}
          </p>
        </ConfirmDialog>
      )}
      {secret && (
        <SecretDialog
          title={secret.title}
          secret={secret.token}
          what={t('admin:scanners.operator')}
          onClose={() => setSecret(null)}
        />
      )}
    </section>
  );
}
