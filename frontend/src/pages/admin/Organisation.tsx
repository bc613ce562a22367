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
import { t } from '../../i18n';

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
      <TextField
        label={t('admin:org.zone')}
        value={value}
        onInput={onInput}
        error={error}
        hint={t('admin:org.zoneHint')}
        list="admin-zones"
      />
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

function CentreDialog({
  target,
  onClose,
  onDone,
}: {
  target: CentreTarget;
  onClose(): void;
  onDone(text: string): void;
}) {
  const c = target.centre;
  const [code, setCode] = useState(c?.code ?? '');
  const [name, setName] = useState(c?.name ?? '');
  const [zone, setZone] = useState(c?.timezone ?? 'Asia/Shanghai');
  const [exclude, setExclude] = useState(c?.exclude_own_site ?? true);
  const [share, setShare] = useState(String(Math.round((c?.review_share ?? 0.1) * 1000) / 10));
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title={
        c ? t('admin:org.changeCentre', { code: c.code }) : t('admin:org.newCentreUnder', { name: target.hq.name })
      }
      submitLabel={c ? t('admin:org.saveCentre') : t('admin:org.createCentre')}
      onClose={onClose}
      validate={() => {
        clear();
        if (!c && !code.trim()) return t('admin:org.centreNeedsCode');
        if (!name.trim()) return t('admin:org.centreNeedsName');
        const n = Number(share);
        if (share.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) return t('admin:org.shareRange');
        return null;
      }}
      onError={(err) => take(err, ['code', 'name', 'timezone', 'review_share', 'exclude_own_site'], takenCode)}
      onSubmit={async () => {
        const fields = {
          name: name.trim(),
          timezone: zone.trim(),
          exclude_own_site: exclude,
          review_share: Number(share) / 100,
        };
        if (c) await updateCentre(c.id, fields);
        else await createCentre({ code: code.trim(), headquarters: target.hq.code, ...fields });
        onDone(c ? t('admin:org.centreSaved', { code: c.code }) : t('admin:org.centreCreated', { code: code.trim() }));
      }}
    >
      <div class="form-grid">
        {c ? (
          <TextField
            label={t('admin:org.code')}
            value={c.code}
            onInput={() => undefined}
            readOnly
            hint={t('admin:org.codeFixed')}
          />
        ) : (
          <TextField
            label={t('admin:org.code')}
            value={code}
            onInput={(v) => setCode(v.toUpperCase())}
            error={errors.code}
            maxLength={16}
            hint={t('admin:org.codeHint')}
          />
        )}
        <TextField label={t('admin:org.name')} value={name} onInput={setName} error={errors.name} maxLength={200} />
        <ZoneField value={zone} onInput={setZone} error={errors.timezone} />
        <TextField
          label={t('admin:org.share')}
          type="number"
          value={share}
          onInput={setShare}
          error={errors.review_share}
          hint={t('admin:org.shareHint')}
        />
        <CheckField
          label={t('admin:org.exclude')}
          checked={exclude}
          onChange={setExclude}
          hint={t('admin:org.excludeHint')}
        />
      </div>
    </FormDialog>
  );
}

type SiteTarget = { site: OrgSite | null; centre: OrgCentre };

function SiteDialog({
  target,
  centres,
  onClose,
  onDone,
}: {
  target: SiteTarget;
  centres: OrgCentre[];
  onClose(): void;
  onDone(text: string): void;
}) {
  const s = target.site;
  const [code, setCode] = useState(s?.code ?? '');
  const [name, setName] = useState(s?.name ?? '');
  const [zone, setZone] = useState(s?.timezone ?? target.centre.timezone);
  const [centre, setCentre] = useState(target.centre.code);
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title={s ? t('admin:org.changeSite', { code: s.code }) : t('admin:org.newSiteOf', { name: target.centre.name })}
      submitLabel={s ? t('admin:org.saveSite') : t('admin:org.createSite')}
      onClose={onClose}
      validate={() => {
        clear();
        if (!s && !code.trim()) return t('admin:org.siteNeedsCode');
        return name.trim() ? null : t('admin:org.siteNeedsName');
      }}
      onError={(err) => take(err, ['code', 'name', 'timezone', 'centre'], takenCode)}
      onSubmit={async () => {
        if (s) {
          const body: { name?: string; timezone?: string; centre?: string } = {
            name: name.trim(),
            timezone: zone.trim(),
          };
          if (centre !== target.centre.code) body.centre = centre;
          await updateSite(s.id, body);
        } else {
          await createSite({ code: code.trim(), name: name.trim(), centre, timezone: zone.trim() });
        }
        onDone(s ? t('admin:org.siteSaved', { code: s.code }) : t('admin:org.siteCreated', { code: code.trim() }));
      }}
    >
      <div class="form-grid">
        {s ? (
          <TextField
            label={t('admin:org.code')}
            value={s.code}
            onInput={() => undefined}
            readOnly
            hint={t('admin:org.codeFixed')}
          />
        ) : (
          <TextField
            label={t('admin:org.code')}
            value={code}
            onInput={(v) => setCode(v.toUpperCase())}
            error={errors.code}
            maxLength={16}
            hint={t('admin:org.siteCodeHint')}
          />
        )}
        <TextField label={t('admin:org.name')} value={name} onInput={setName} error={errors.name} maxLength={200} />
        <ZoneField value={zone} onInput={setZone} error={errors.timezone} />
        <SelectField
          label={t('common:affiliation.centre')}
          value={centre}
          onChange={setCentre}
          error={errors.centre}
          options={centres.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
          hint={s ? t('admin:org.moveHint') : undefined}
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
      setError(errorText(err, t('admin:org.loadFailed')));
    }
  });
  useEffect(() => load(), [load]);
  const done = (text: string) => {
    setNotice({ ok: true, text });
    load();
  };
  const allCentres = (org ?? []).flatMap((hq) => hq.centres);

  return (
    <section class="admin-section" aria-labelledby="org-title">
      <h2 id="org-title">{t('admin:tab.organisation')}</h2>
      <Notice notice={notice} />
      {error && <RetryError message={error} onRetry={load} />}
      {!org && !error && <p class="muted">{t('status:ui.loadingPage')}</p>}
      {org?.map((hq) => (
        <div key={hq.id} class="admin-block">
          <div class="admin-toolbar">
            <h3>
              <span translate={false}>
                {hq.name} ({hq.code})
              </span>{' '}
              <span class="muted small">· {t('admin:org.peopleAtHq', { count: hq.people })}</span>
            </h3>
            <button type="button" class="button" onClick={() => setCentreTarget({ centre: null, hq })}>
              {t('admin:org.newCentre')}
            </button>
          </div>
          <div class="table-wrap">
            <table class="data-table" data-testid={`centres-${hq.code}`}>
              <caption>{t('admin:org.centres')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin:org.code')}</th>
                  <th scope="col">{t('admin:org.name')}</th>
                  <th scope="col">{t('admin:org.zone')}</th>
                  <th scope="col">{t('admin:org.ownPort')}</th>
                  <th scope="col" class="num">
                    {t('admin:org.blindReview')}
                  </th>
                  <th scope="col" class="num">
                    {t('admin:org.sites')}
                  </th>
                  <th scope="col" class="num">
                    {t('admin:tab.people')}
                  </th>
                  <th scope="col">
                    <span class="visually-hidden">{t('admin:actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {hq.centres.length === 0 && (
                  <tr>
                    <td colSpan={8} class="muted">
                      {t('admin:org.noCentre')}
                    </td>
                  </tr>
                )}
                {hq.centres.map((c) => (
                  <tr key={c.id}>
                    <td translate={false}>{c.code}</td>
                    <td translate={false}>{c.name}</td>
                    <td translate={false}>{c.timezone}</td>
                    <td>{c.exclude_own_site ? t('admin:org.excluded') : t('admin:org.allowed')}</td>
                    <td class="num">{Math.round(c.review_share * 1000) / 10} %</td>
                    <td class="num">{c.sites.length}</td>
                    <td class="num">{c.people}</td>
                    <td class="admin-actions">
                      <button
                        type="button"
                        class="button admin-action"
                        aria-label={t('admin:org.changeCentre', { code: c.code })}
                        onClick={() => setCentreTarget({ centre: c, hq })}
                      >
                        {t('admin:people.change')}
                      </button>
                      <button
                        type="button"
                        class="button admin-action"
                        aria-label={t('admin:org.newSiteOf', { name: c.code })}
                        onClick={() => setSiteTarget({ site: null, centre: c })}
                      >
                        {t('admin:org.newSite')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="table-wrap">
            <table class="data-table" data-testid={`sites-${hq.code}`}>
              <caption>{t('admin:org.sites')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin:org.code')}</th>
                  <th scope="col">{t('admin:org.name')}</th>
                  <th scope="col">{t('common:affiliation.centre')}</th>
                  <th scope="col">{t('admin:org.zone')}</th>
                  <th scope="col" class="num">
                    {t('admin:tab.scanners')}
                  </th>
                  <th scope="col" class="num">
                    {t('admin:tab.people')}
                  </th>
                  <th scope="col">
                    <span class="visually-hidden">{t('admin:actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {hq.centres.every((c) => c.sites.length === 0) && (
                  <tr>
                    <td colSpan={7} class="muted">
                      {t('admin:org.noSite')}
                    </td>
                  </tr>
                )}
                {hq.centres.flatMap((c) =>
                  c.sites.map((s) => (
                    <tr key={s.id}>
                      <td translate={false}>{s.code}</td>
                      <td translate={false}>{s.name}</td>
                      <td translate={false}>{c.code}</td>
                      <td translate={false}>{s.timezone}</td>
                      <td class="num">{s.scanners.length}</td>
                      <td class="num">{s.people}</td>
                      <td>
                        <button
                          type="button"
                          class="button admin-action"
                          aria-label={t('admin:org.changeSite', { code: s.code })}
                          onClick={() => setSiteTarget({ site: s, centre: c })}
                        >
                          {t('admin:people.change')}
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
      {siteTarget && (
        <SiteDialog target={siteTarget} centres={allCentres} onClose={() => setSiteTarget(null)} onDone={done} />
      )}
    </section>
  );
}
