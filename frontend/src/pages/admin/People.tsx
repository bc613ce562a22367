// People: search, create, change roles and affiliation, deactivate and
// reactivate, reset a password, end someone's sessions. Administrators do all of
// it; a supervisor sees the people of their centre (the API scopes the list) and
// may only end their sessions.

import { useEffect, useState } from 'preact/hooks';
import {
  ALL_ROLES,
  createPerson,
  endSessions,
  fetchOrganisation,
  fetchPeople,
  formatWhen,
  resetPassword,
  updatePerson,
} from '../../admin';
import type { AffiliationRef, OrgHeadquarters, Person } from '../../admin';
import { ApiError } from '../../api';
import type { Role } from '../../api';
import { formatAffiliation, roleLabel } from '../../access';
import { useUser } from '../../auth';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormDialog } from '../../components/FormDialog';
import { RetryError } from '../../components/RetryError';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { GroupError, Notice, SelectField, TextField, useFieldErrors } from './fields';
import { t } from '../../i18n';

/** "kind:code" options for the affiliation select, from the organisation tree. */
function affiliationOptions(org: OrgHeadquarters[] | null): { value: string; label: string }[] {
  const options = [{ value: '', label: t('common:affiliation.none') }];
  const hqKind = t('common:affiliation.headquarters');
  const centreKind = t('common:affiliation.centre');
  const siteKind = t('common:affiliation.site');
  for (const hq of org ?? []) {
    options.push({ value: `headquarters:${hq.code}`, label: `${hqKind} · ${hq.name} (${hq.code})` });
    for (const c of hq.centres) {
      options.push({ value: `centre:${c.code}`, label: `${centreKind} · ${c.name} (${c.code})` });
      for (const s of c.sites) options.push({ value: `site:${s.code}`, label: `${siteKind} · ${s.name} (${s.code})` });
    }
  }
  return options;
}

function parseAffiliation(value: string): AffiliationRef | undefined {
  const [kind, code] = value.split(':');
  return kind && code ? { kind: kind as AffiliationRef['kind'], code } : undefined;
}

function RolesField({ roles, onChange, error }: { roles: Role[]; onChange(r: Role[]): void; error?: string }) {
  return (
    <fieldset class="form-fieldset form-grid__wide" aria-invalid={error ? 'true' : undefined}>
      <legend>{t('common:roles')}</legend>
      {ALL_ROLES.map((r) => (
        <label key={r} class="form-check">
          <input
            type="checkbox"
            checked={roles.includes(r)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...roles, r] : roles.filter((x) => x !== r))}
          />
          {roleLabel(r)}
        </label>
      ))}
      <GroupError error={error} />
    </fieldset>
  );
}

const PERSON_FIELDS = [
  'username',
  'display_name',
  'password',
  'roles',
  'affiliation',
  'site',
  'centre',
  'headquarters',
];

/** A 409 on creation is the username; a field named after an organisation kind is the affiliation. */
function personFallback(err: unknown): string | null {
  return err instanceof ApiError && err.status === 409 ? 'username' : null;
}

function affiliationError(errors: Record<string, string>): string | undefined {
  return errors.affiliation ?? errors.site ?? errors.centre ?? errors.headquarters;
}

function CreateDialog({
  org,
  onClose,
  onDone,
}: {
  org: OrgHeadquarters[] | null;
  onClose(): void;
  onDone(p: Person): void;
}) {
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [aff, setAff] = useState('');
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title={t('admin:people.new')}
      submitLabel={t('admin:people.create')}
      onClose={onClose}
      validate={() => {
        clear();
        if (!username.trim()) return t('admin:people.needUsername');
        if (!name.trim()) return t('admin:people.needName');
        if (!password) return t('admin:people.needPassword');
        if (!roles.length) return t('admin:people.needRole');
        return null;
      }}
      onError={(err) => take(err, PERSON_FIELDS, personFallback)}
      onSubmit={async () => {
        const made = await createPerson({
          username: username.trim(),
          display_name: name.trim(),
          password,
          roles,
          ...(parseAffiliation(aff) ? { affiliation: parseAffiliation(aff) } : {}),
        });
        onDone(made);
      }}
    >
      <div class="form-grid">
        <TextField
          label={t('admin:people.username')}
          value={username}
          onInput={setUsername}
          error={errors.username}
          maxLength={64}
          autoComplete="off"
        />
        <TextField
          label={t('admin:people.name')}
          value={name}
          onInput={setName}
          error={errors.display_name}
          maxLength={200}
        />
        <TextField
          label={t('admin:people.password')}
          type="password"
          value={password}
          onInput={setPassword}
          error={errors.password}
          autoComplete="new-password"
          hint={t('admin:people.passwordHint')}
          wide
        />
        <SelectField
          label={t('common:affiliationLabel')}
          value={aff}
          onChange={setAff}
          options={affiliationOptions(org)}
          error={affiliationError(errors)}
          wide
        />
        <RolesField roles={roles} onChange={setRoles} error={errors.roles} />
      </div>
    </FormDialog>
  );
}

function EditDialog({
  person,
  org,
  onClose,
  onDone,
}: {
  person: Person;
  org: OrgHeadquarters[] | null;
  onClose(): void;
  onDone(p: Person): void;
}) {
  const start = person.affiliation ? `${person.affiliation.kind}:${person.affiliation.code}` : '';
  const [name, setName] = useState(person.display_name);
  const [roles, setRoles] = useState<Role[]>(person.roles);
  const [aff, setAff] = useState(start);
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title={t('admin:people.changeTitle', { username: person.username })}
      submitLabel={t('admin:people.save')}
      onClose={onClose}
      validate={() => {
        clear();
        if (!name.trim()) return t('admin:people.needName');
        if (!roles.length) return t('admin:people.needRole');
        return null;
      }}
      onError={(err) =>
        take(err, PERSON_FIELDS, (e) => (e instanceof ApiError && e.code === 'last_admin' ? 'roles' : null))
      }
      onSubmit={async () => {
        const body: Parameters<typeof updatePerson>[1] = {};
        if (name.trim() !== person.display_name) body.display_name = name.trim();
        const sameRoles = roles.length === person.roles.length && roles.every((r) => person.roles.includes(r));
        if (!sameRoles) body.roles = roles;
        if (aff !== start) {
          const ref = parseAffiliation(aff);
          if (ref) body.affiliation = ref;
          else body.clear_affiliation = true;
        }
        onDone(Object.keys(body).length ? await updatePerson(person.id, body) : person);
      }}
    >
      <p class="muted small">{t('admin:people.changeSignsOut', { name: person.display_name })}</p>
      <div class="form-grid">
        <TextField
          label={t('admin:people.name')}
          value={name}
          onInput={setName}
          error={errors.display_name}
          maxLength={200}
          wide
        />
        <SelectField
          label={t('common:affiliationLabel')}
          value={aff}
          onChange={setAff}
          options={affiliationOptions(org)}
          error={affiliationError(errors)}
          wide
        />
        <RolesField roles={roles} onChange={setRoles} error={errors.roles} />
      </div>
    </FormDialog>
  );
}

function PasswordDialog({ person, onClose, onDone }: { person: Person; onClose(): void; onDone(): void }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title={t('admin:people.passwordTitle', { username: person.username })}
      submitLabel={t('admin:people.setPassword')}
      onClose={onClose}
      validate={() => {
        clear();
        if (!password) return t('admin:people.needNewPassword');
        return password === again ? null : t('admin:people.passwordsDiffer');
      }}
      onError={(err) => take(err, ['password'])}
      onSubmit={async () => {
        await resetPassword(person.id, password);
        onDone();
      }}
    >
      <p class="muted small">{t('admin:people.passwordSignsOut')}</p>
      <TextField
        label={t('admin:people.newPassword')}
        type="password"
        value={password}
        onInput={setPassword}
        error={errors.password}
        autoComplete="new-password"
      />
      <TextField
        label={t('admin:people.newPasswordAgain')}
        type="password"
        value={again}
        onInput={setAgain}
        autoComplete="new-password"
      />
    </FormDialog>
  );
}

type Pending = { kind: 'active' | 'sessions'; person: Person };

export function People() {
  const user = useUser();
  const isAdmin = user.roles.includes('admin');
  const [people, setPeople] = useState<Person[] | null>(null);
  const [org, setOrg] = useState<OrgHeadquarters[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Person | null>(null);
  const [password, setPassword] = useState<Person | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [pendingBusy, setPendingBusy] = useState(false);
  const [pendingError, setPendingError] = useState<string | null>(null);

  const load = useCoalesced(async () => {
    try {
      setPeople(await fetchPeople({ q: q.trim(), role }));
      setError(null);
    } catch (err) {
      setError(errorText(err, t('admin:people.loadFailed')));
    }
  });
  useEffect(() => {
    const timer = window.setTimeout(() => load(), 250); // while typing, ask once
    return () => window.clearTimeout(timer);
  }, [q, role, load]);
  useEffect(() => {
    if (isAdmin) fetchOrganisation().then(setOrg, () => setOrg(null));
  }, [isAdmin]);

  const confirmPending = async () => {
    if (!pending) return;
    setPendingBusy(true);
    setPendingError(null);
    const p = pending.person;
    try {
      if (pending.kind === 'sessions') {
        await endSessions(p.id);
        setNotice({ ok: true, text: t('admin:people.sessionsEnded', { username: p.username }) });
      } else {
        const changed = await updatePerson(p.id, { active: !p.active });
        setNotice({
          ok: true,
          text: changed.active
            ? t('admin:people.reactivated', { username: p.username })
            : t('admin:people.deactivated', { username: p.username }),
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
    <section class="admin-section" aria-labelledby="people-title">
      <h2 id="people-title">{t('admin:tab.people')}</h2>
      {!isAdmin && <p class="muted small">{t('admin:people.supervisorIntro')}</p>}
      <div class="admin-toolbar">
        <label class="form-field form-field--inline">
          <span>{t('admin:people.search')}</span>
          <input
            type="search"
            value={q}
            placeholder={t('admin:people.searchPlaceholder')}
            onInput={(e) => setQ(e.currentTarget.value)}
          />
        </label>
        <label class="form-field form-field--inline">
          <span>{t('admin:people.role')}</span>
          <select value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            <option value="">{t('admin:people.anyRole')}</option>
            {ALL_ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </label>
        {isAdmin && (
          <button type="button" class="button button--primary" onClick={() => setCreating(true)}>
            {t('admin:people.newButton')}
          </button>
        )}
      </div>
      <Notice notice={notice} />
      {error && <RetryError message={error} onRetry={load} />}
      {!people && !error && <p class="muted">{t('status:ui.loadingPage')}</p>}
      {people && (
        <div class="table-wrap">
          <table class="data-table" data-testid="people-table">
            <caption class="visually-hidden">{t('admin:tab.people')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin:people.username')}</th>
                <th scope="col">{t('admin:people.name')}</th>
                <th scope="col">{t('common:roles')}</th>
                <th scope="col">{t('common:affiliationLabel')}</th>
                <th scope="col">{t('admin:people.state')}</th>
                <th scope="col">{t('admin:people.lastSignIn')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('admin:actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.length === 0 && (
                <tr>
                  <td colSpan={7} class="muted">
                    {t('admin:people.nobody')}
                  </td>
                </tr>
              )}
              {people.map((p) => (
                <tr
                  key={p.id}
                  class={p.active ? undefined : 'row--off'}
                  data-testid={`person-${p.username}`}
                  data-active={String(p.active)}
                >
                  <td translate={false}>{p.username}</td>
                  <td translate={false}>{p.display_name}</td>
                  <td>{p.roles.map(roleLabel).join(t('common:listSeparator'))}</td>
                  <td title={formatAffiliation(p.affiliation)}>
                    {p.affiliation ? (
                      <>
                        <span translate={false}>{p.affiliation.code}</span>{' '}
                        <span class="muted small">{t(`common:affiliation.${p.affiliation.kind}`)}</span>
                      </>
                    ) : (
                      <span class="muted">{t('common:none')}</span>
                    )}
                  </td>
                  <td>{p.active ? t('admin:people.active') : t('admin:people.inactive')}</td>
                  <td>{formatWhen(p.last_login_at)}</td>
                  <td class="admin-actions">
                    {isAdmin && (
                      <>
                        <button
                          type="button"
                          class="button admin-action"
                          aria-label={t('admin:people.changeTitle', { username: p.username })}
                          onClick={() => setEditing(p)}
                        >
                          {t('admin:people.change')}
                        </button>
                        <button
                          type="button"
                          class="button admin-action"
                          aria-label={t('admin:people.resetPasswordOf', { username: p.username })}
                          onClick={() => setPassword(p)}
                        >
                          {t('admin:people.passwordButton')}
                        </button>
                        <button
                          type="button"
                          class="button admin-action"
                          aria-label={
                            p.active
                              ? t('admin:people.deactivateWho', { username: p.username })
                              : t('admin:people.reactivateWho', { username: p.username })
                          }
                          onClick={() => {
                            setPendingError(null);
                            setPending({ kind: 'active', person: p });
                          }}
                        >
                          {p.active ? t('admin:people.deactivateButton') : t('admin:people.reactivateButton')}
                        </button>
                      </>
                    )}
                    {p.active && (
                      <button
                        type="button"
                        class="button admin-action"
                        aria-label={t('admin:people.endSessionsOf', { username: p.username })}
                        onClick={() => {
                          setPendingError(null);
                          setPending({ kind: 'sessions', person: p });
                        }}
                      >
                        {t('admin:people.endSessionsButton')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && (
        <CreateDialog
          org={org}
          onClose={() => setCreating(false)}
          onDone={(p) => {
            setNotice({ ok: true, text: t('admin:people.created', { username: p.username }) });
            load();
          }}
        />
      )}
      {editing && (
        <EditDialog
          person={editing}
          org={org}
          onClose={() => setEditing(null)}
          onDone={(p) => {
            setNotice({ ok: true, text: t('admin:people.saved', { username: p.username }) });
            load();
          }}
        />
      )}
      {password && (
        <PasswordDialog
          person={password}
          onClose={() => setPassword(null)}
          onDone={() => setNotice({ ok: true, text: t('admin:people.passwordSet', { username: password.username }) })}
        />
      )}
      {pending && (
        <ConfirmDialog
          title={
            pending.kind === 'sessions'
              ? t('admin:people.confirmEnd', { username: pending.person.username })
              : pending.person.active
                ? t('admin:people.confirmDeactivate', { username: pending.person.username })
                : t('admin:people.confirmReactivate', { username: pending.person.username })
          }
          confirmLabel={
            pending.kind === 'sessions'
              ? t('admin:people.endSessions')
              : pending.person.active
                ? t('admin:people.deactivate')
                : t('admin:people.reactivate')
          }
          busy={pendingBusy}
          error={pendingError}
          onConfirm={() => void confirmPending()}
          onCancel={() => setPending(null)}
        >
          <p>
            {pending.kind === 'sessions'
              ? t('admin:people.endExplain', { name: pending.person.display_name })
              : pending.person.active
                ? t('admin:people.deactivateExplain', { name: pending.person.display_name })
                : t('admin:people.reactivateExplain', { name: pending.person.display_name })}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
