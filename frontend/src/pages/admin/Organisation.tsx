// The organisation: headquarters, their centres (time zone, whether an analyst
// may get scans of their own port, the share of verdicts sent to blind review)
// and the sites (ports) of each centre with their time zone.

import { useEffect, useState } from 'preact/hooks';
import { createCentre, createSite, fetchOrganisation, updateCentre, updateSite } from '../../admin';
import type { OrgCentre, OrgHeadquarters, OrgSite } from '../../admin';
import { ApiError } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { RetryError } from '../../components/RetryError';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { CheckField, Notice, SelectField, TextField, useFieldErrors } from './fields';

const ZONES: string[] = (() => {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
})();

/** A time zone: free text with the browser's list of IANA zones to pick from. */
function ZoneField({ value, onInput, error }: { value: string; onInput(v: string): void; error?: string }) {
  return (
    <>
      <TextField label="Time zone" value={value} onInput={onInput} error={error} hint="IANA name, e.g. Asia/Shanghai." list="admin-zones" />
      <datalist id="admin-zones">
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
    </>
  );
}

const takenCode = (err: unknown) => (err instanceof ApiError && err.status === 409 ? 'code' : null);

type CentreTarget = { centre: OrgCentre | null; hq: OrgHeadquarters };

function CentreDialog({ target, onClose, onDone }: { target: CentreTarget; onClose(): void; onDone(text: string): void }) {
  const c = target.centre;
  const [code, setCode] = useState(c?.code ?? '');
  const [name, setName] = useState(c?.name ?? '');
  const [zone, setZone] = useState(c?.timezone ?? 'Asia/Shanghai');
  const [exclude, setExclude] = useState(c?.exclude_own_site ?? true);
  const [share, setShare] = useState(String(Math.round((c?.review_share ?? 0.1) * 1000) / 10));
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title={c ? `Change centre ${c.code}` : `New centre under ${target.hq.name}`}
      submitLabel={c ? 'Save centre' : 'Create centre'}
      onClose={onClose}
      validate={() => {
        clear();
        if (!c && !code.trim()) return 'Give the centre a code.';
        if (!name.trim()) return 'Give the centre a name.';
        const n = Number(share);
        if (share.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) return 'The review share is a percentage from 0 to 100.';
        return null;
      }}
      onError={(err) => take(err, ['code', 'name', 'timezone', 'review_share', 'exclude_own_site'], takenCode)}
      onSubmit={async () => {
        const fields = { name: name.trim(), timezone: zone.trim(), exclude_own_site: exclude, review_share: Number(share) / 100 };
        if (c) await updateCentre(c.id, fields);
        else await createCentre({ code: code.trim(), headquarters: target.hq.code, ...fields });
        onDone(c ? `Centre ${c.code} is saved.` : `Centre ${code.trim()} is created.`);
      }}
    >
      <div class="form-grid">
        {c ? (
          <TextField label="Code" value={c.code} onInput={() => undefined} readOnly hint="A code never changes." />
        ) : (
          <TextField label="Code" value={code} onInput={(v) => setCode(v.toUpperCase())} error={errors.code} maxLength={16} hint="Capital letters, digits, '-'." />
        )}
        <TextField label="Name" value={name} onInput={setName} error={errors.name} maxLength={200} />
        <ZoneField value={zone} onInput={setZone} error={errors.timezone} />
        <TextField
          label="Share sent to blind review (%)"
          type="number"
          value={share}
          onInput={setShare}
          error={errors.review_share}
          hint="Of each analyst's verdicts, picked at random for an expert."
        />
        <CheckField
          label="Never give an analyst scans of their own port"
          checked={exclude}
          onChange={setExclude}
          hint="Anti-corruption: analysts affiliated with a site of this centre never review that site's scans."
        />
      </div>
    </FormDialog>
  );
}

type SiteTarget = { site: OrgSite | null; centre: OrgCentre };

function SiteDialog({ target, centres, onClose, onDone }: { target: SiteTarget; centres: OrgCentre[]; onClose(): void; onDone(text: string): void }) {
  const s = target.site;
  const [code, setCode] = useState(s?.code ?? '');
  const [name, setName] = useState(s?.name ?? '');
  const [zone, setZone] = useState(s?.timezone ?? target.centre.timezone);
  const [centre, setCentre] = useState(target.centre.code);
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title={s ? `Change site ${s.code}` : `New site of ${target.centre.name}`}
      submitLabel={s ? 'Save site' : 'Create site'}
      onClose={onClose}
      validate={() => {
        clear();
        if (!s && !code.trim()) return 'Give the site a code.';
        return name.trim() ? null : 'Give the site a name.';
      }}
      onError={(err) => take(err, ['code', 'name', 'timezone', 'centre'], takenCode)}
      onSubmit={async () => {
        if (s) {
          const body: { name?: string; timezone?: string; centre?: string } = { name: name.trim(), timezone: zone.trim() };
          if (centre !== target.centre.code) body.centre = centre;
          await updateSite(s.id, body);
        } else {
          await createSite({ code: code.trim(), name: name.trim(), centre, timezone: zone.trim() });
        }
        onDone(s ? `Site ${s.code} is saved.` : `Site ${code.trim()} is created.`);
      }}
    >
      <div class="form-grid">
        {s ? (
          <TextField label="Code" value={s.code} onInput={() => undefined} readOnly hint="A code never changes." />
        ) : (
          <TextField label="Code" value={code} onInput={(v) => setCode(v.toUpperCase())} error={errors.code} maxLength={16} hint="Capital letters, digits, '-', e.g. NB-BEI." />
        )}
        <TextField label="Name" value={name} onInput={setName} error={errors.name} maxLength={200} />
        <ZoneField value={zone} onInput={setZone} error={errors.timezone} />
        <SelectField
          label="Centre"
          value={centre}
          onChange={setCentre}
          error={errors.centre}
          options={centres.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
          hint={s ? 'Moving a site moves its scans to the other centre’s queue from now on.' : undefined}
        />
      </div>
    </FormDialog>
  );
}

export function Organisation() {
  const [org, setOrg] = useState<OrgHeadquarters[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [centreTarget, setCentreTarget] = useState<CentreTarget | null>(null);
  const [siteTarget, setSiteTarget] = useState<SiteTarget | null>(null);

  const load = useCoalesced(async () => {
    try {
      setOrg(await fetchOrganisation());
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The organisation could not be loaded.'));
    }
  });
  useEffect(() => load(), []);
  const done = (text: string) => {
    setNotice({ ok: true, text });
    load();
  };
  const allCentres = (org ?? []).flatMap((hq) => hq.centres);

  return (
    <section class="admin-section" aria-labelledby="org-title">
      <h2 id="org-title">Organisation</h2>
      <Notice notice={notice} />
      {error && <RetryError message={error} onRetry={load} />}
      {!org && !error && <p class="muted">Loading…</p>}
      {org?.map((hq) => (
        <div key={hq.id} class="admin-block">
          <div class="admin-toolbar">
            <h3>
              {hq.name} ({hq.code}) <span class="muted small">· {hq.people} at headquarters</span>
            </h3>
            <button type="button" class="button" onClick={() => setCentreTarget({ centre: null, hq })}>
              New centre…
            </button>
          </div>
          <div class="table-wrap">
            <table class="data-table" data-testid={`centres-${hq.code}`}>
              <caption>Centres</caption>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Name</th>
                  <th scope="col">Time zone</th>
                  <th scope="col">Own-port scans</th>
                  <th scope="col" class="num">Blind review</th>
                  <th scope="col" class="num">Sites</th>
                  <th scope="col" class="num">People</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {hq.centres.length === 0 && (
                  <tr>
                    <td colSpan={8} class="muted">
                      No centre yet.
                    </td>
                  </tr>
                )}
                {hq.centres.map((c) => (
                  <tr key={c.id}>
                    <td>{c.code}</td>
                    <td>{c.name}</td>
                    <td>{c.timezone}</td>
                    <td>{c.exclude_own_site ? 'Excluded' : 'Allowed'}</td>
                    <td class="num">{Math.round(c.review_share * 1000) / 10} %</td>
                    <td class="num">{c.sites.length}</td>
                    <td class="num">{c.people}</td>
                    <td class="admin-actions">
                      <button type="button" class="button admin-action" aria-label={`Change centre ${c.code}`} onClick={() => setCentreTarget({ centre: c, hq })}>
                        Change…
                      </button>
                      <button type="button" class="button admin-action" aria-label={`New site of ${c.code}`} onClick={() => setSiteTarget({ site: null, centre: c })}>
                        New site…
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="table-wrap">
            <table class="data-table" data-testid={`sites-${hq.code}`}>
              <caption>Sites</caption>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Name</th>
                  <th scope="col">Centre</th>
                  <th scope="col">Time zone</th>
                  <th scope="col" class="num">Scanners</th>
                  <th scope="col" class="num">People</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {hq.centres.every((c) => c.sites.length === 0) && (
                  <tr>
                    <td colSpan={7} class="muted">
                      No site yet.
                    </td>
                  </tr>
                )}
                {hq.centres.flatMap((c) =>
                  c.sites.map((s) => (
                    <tr key={s.id}>
                      <td>{s.code}</td>
                      <td>{s.name}</td>
                      <td>{c.code}</td>
                      <td>{s.timezone}</td>
                      <td class="num">{s.scanners.length}</td>
                      <td class="num">{s.people}</td>
                      <td>
                        <button type="button" class="button admin-action" aria-label={`Change site ${s.code}`} onClick={() => setSiteTarget({ site: s, centre: c })}>
                          Change…
                        </button>
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </div>
      ))}
      {centreTarget && <CentreDialog target={centreTarget} onClose={() => setCentreTarget(null)} onDone={done} />}
      {siteTarget && <SiteDialog target={siteTarget} centres={allCentres} onClose={() => setSiteTarget(null)} onDone={done} />}
    </section>
  );
}
