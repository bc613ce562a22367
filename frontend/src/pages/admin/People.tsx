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
import { ROLE_LABELS, formatAffiliation } from '../../access';
import { useUser } from '../../auth';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormDialog } from '../../components/FormDialog';
import { RetryError } from '../../components/RetryError';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { GroupError, Notice, SelectField, TextField, useFieldErrors } from './fields';

const roleLabel = (r: Role) => ROLE_LABELS[r] ?? r;
const AFFILIATION_KINDS = { site: 'site', centre: 'centre', headquarters: 'headquarters' } as const;

/** "kind:code" options for the affiliation select, from the organisation tree. */
function affiliationOptions(org: OrgHeadquarters[] | null): { value: string; label: string }[] {
  const options = [{ value: '', label: 'No affiliation' }];
  for (const hq of org ?? []) {
    options.push({ value: `headquarters:${hq.code}`, label: `Headquarters · ${hq.name} (${hq.code})` });
    for (const c of hq.centres) {
      options.push({ value: `centre:${c.code}`, label: `Centre · ${c.name} (${c.code})` });
      for (const s of c.sites) options.push({ value: `site:${s.code}`, label: `Site · ${s.name} (${s.code})` });
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
      <legend>Roles</legend>
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

const PERSON_FIELDS = ['username', 'display_name', 'password', 'roles', 'affiliation', 'site', 'centre', 'headquarters'];

/** A 409 on creation is the username; a field named after an organisation kind is the affiliation. */
function personFallback(err: unknown): string | null {
  return err instanceof ApiError && err.status === 409 ? 'username' : null;
}

function affiliationError(errors: Record<string, string>): string | undefined {
  return errors.affiliation ?? errors.site ?? errors.centre ?? errors.headquarters;
}

function CreateDialog({ org, onClose, onDone }: { org: OrgHeadquarters[] | null; onClose(): void; onDone(p: Person): void }) {
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [aff, setAff] = useState('');
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title="New person"
      submitLabel="Create person"
      onClose={onClose}
      validate={() => {
        clear();
        if (!username.trim()) return 'Give a username.';
        if (!name.trim()) return 'Give the name shown to others.';
        if (!password) return 'Give a first password (they can be asked to change it).';
        if (!roles.length) return 'Choose at least one role.';
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
        <TextField label="Username" value={username} onInput={setUsername} error={errors.username} maxLength={64} autoComplete="off" />
        <TextField label="Name" value={name} onInput={setName} error={errors.display_name} maxLength={200} />
        <TextField
          label="Password"
          type="password"
          value={password}
          onInput={setPassword}
          error={errors.password}
          autoComplete="new-password"
          hint="At least 12 characters, or a passphrase; common passwords are refused."
          wide
        />
        <SelectField label="Affiliation" value={aff} onChange={setAff} options={affiliationOptions(org)} error={affiliationError(errors)} wide />
        <RolesField roles={roles} onChange={setRoles} error={errors.roles} />
      </div>
    </FormDialog>
  );
}

function EditDialog({ person, org, onClose, onDone }: { person: Person; org: OrgHeadquarters[] | null; onClose(): void; onDone(p: Person): void }) {
  const start = person.affiliation ? `${person.affiliation.kind}:${person.affiliation.code}` : '';
  const [name, setName] = useState(person.display_name);
  const [roles, setRoles] = useState<Role[]>(person.roles);
  const [aff, setAff] = useState(start);
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title={`Change ${person.username}`}
      submitLabel="Save changes"
      onClose={onClose}
      validate={() => {
        clear();
        if (!name.trim()) return 'Give the name shown to others.';
        if (!roles.length) return 'Choose at least one role.';
        return null;
      }}
      onError={(err) => take(err, PERSON_FIELDS, (e) => (e instanceof ApiError && e.code === 'last_admin' ? 'roles' : null))}
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
      <p class="muted small">A change of roles or affiliation signs {person.display_name} out everywhere.</p>
      <div class="form-grid">
        <TextField label="Name" value={name} onInput={setName} error={errors.display_name} maxLength={200} wide />
        <SelectField label="Affiliation" value={aff} onChange={setAff} options={affiliationOptions(org)} error={affiliationError(errors)} wide />
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
      title={`New password for ${person.username}`}
      submitLabel="Set password"
      onClose={onClose}
      validate={() => {
        clear();
        if (!password) return 'Give the new password.';
        return password === again ? null : 'The two passwords differ.';
      }}
      onError={(err) => take(err, ['password'])}
      onSubmit={async () => {
        await resetPassword(person.id, password);
        onDone();
      }}
    >
      <p class="muted small">Their open sessions end; they sign in again with this password.</p>
      <TextField label="New password" type="password" value={password} onInput={setPassword} error={errors.password} autoComplete="new-password" />
      <TextField label="New password again" type="password" value={again} onInput={setAgain} autoComplete="new-password" />
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
      setError(errorText(err, 'The people could not be loaded.'));
    }
  });
  useEffect(() => {
    const t = window.setTimeout(() => load(), 250); // while typing, ask once
    return () => window.clearTimeout(t);
  }, [q, role]);
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
        setNotice({ ok: true, text: `Every session of ${p.username} has ended.` });
      } else {
        const changed = await updatePerson(p.id, { active: !p.active });
        setNotice({
          ok: true,
          text: changed.active ? `${p.username} can sign in again.` : `${p.username} is deactivated and signed out everywhere.`,
        });
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
    <section class="admin-section" aria-labelledby="people-title">
      <h2 id="people-title">People</h2>
      {!isAdmin && <p class="muted small">The people of your centre and its sites. You may end someone's sessions, e.g. on a shared workstation left signed in.</p>}
      <div class="admin-toolbar">
        <label class="form-field form-field--inline">
          <span>Search</span>
          <input type="search" value={q} placeholder="Username or name" onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <label class="form-field form-field--inline">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            <option value="">Any role</option>
            {ALL_ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </label>
        {isAdmin && (
          <button type="button" class="button button--primary" onClick={() => setCreating(true)}>
            New person…
          </button>
        )}
      </div>
      <Notice notice={notice} />
      {error && <RetryError message={error} onRetry={load} />}
      {!people && !error && <p class="muted">Loading…</p>}
      {people && (
        <div class="table-wrap">
          <table class="data-table" data-testid="people-table">
            <caption class="visually-hidden">People</caption>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Name</th>
                <th scope="col">Roles</th>
                <th scope="col">Affiliation</th>
                <th scope="col">State</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.length === 0 && (
                <tr>
                  <td colSpan={7} class="muted">
                    Nobody matches.
                  </td>
                </tr>
              )}
              {people.map((p) => (
                <tr key={p.id} class={p.active ? undefined : 'row--off'} data-testid={`person-${p.username}`} data-active={String(p.active)}>
                  <td>{p.username}</td>
                  <td>{p.display_name}</td>
                  <td>{p.roles.map(roleLabel).join(', ')}</td>
                  <td title={formatAffiliation(p.affiliation)}>
                    {p.affiliation ? (
                      <>
                        {p.affiliation.code} <span class="muted small">{AFFILIATION_KINDS[p.affiliation.kind]}</span>
                      </>
                    ) : (
                      <span class="muted">none</span>
                    )}
                  </td>
                  <td>{p.active ? 'Active' : 'Deactivated'}</td>
                  <td>{formatWhen(p.last_login_at)}</td>
                  <td class="admin-actions">
                    {isAdmin && (
                      <>
                        <button type="button" class="button admin-action" aria-label={`Change ${p.username}`} onClick={() => setEditing(p)}>
                          Change…
                        </button>
                        <button type="button" class="button admin-action" aria-label={`Reset the password of ${p.username}`} onClick={() => setPassword(p)}>
                          Password…
                        </button>
                        <button
                          type="button"
                          class="button admin-action"
                          aria-label={`${p.active ? 'Deactivate' : 'Reactivate'} ${p.username}`}
                          onClick={() => {
                            setPendingError(null);
                            setPending({ kind: 'active', person: p });
                          }}
                        >
                          {p.active ? 'Deactivate…' : 'Reactivate…'}
                        </button>
                      </>
                    )}
                    {p.active && (
                      <button
                        type="button"
                        class="button admin-action"
                        aria-label={`End the sessions of ${p.username}`}
                        onClick={() => {
                          setPendingError(null);
                          setPending({ kind: 'sessions', person: p });
                        }}
                      >
                        End sessions…
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
            setNotice({ ok: true, text: `${p.username} is created and can sign in.` });
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
            setNotice({ ok: true, text: `${p.username} is saved.` });
            load();
          }}
        />
      )}
      {password && (
        <PasswordDialog
          person={password}
          onClose={() => setPassword(null)}
          onDone={() => setNotice({ ok: true, text: `${password.username} has a new password and is signed out everywhere.` })}
        />
      )}
      {pending && (
        <ConfirmDialog
          title={
            pending.kind === 'sessions'
              ? `End every session of ${pending.person.username}?`
              : `${pending.person.active ? 'Deactivate' : 'Reactivate'} ${pending.person.username}?`
          }
          confirmLabel={pending.kind === 'sessions' ? 'End sessions' : pending.person.active ? 'Deactivate' : 'Reactivate'}
          busy={pendingBusy}
          error={pendingError}
          onConfirm={() => void confirmPending()}
          onCancel={() => setPending(null)}
        >
          <p>
            {pending.kind === 'sessions'
              ? `${pending.person.display_name} is signed out on every device and must sign in again.`
              : pending.person.active
                ? `${pending.person.display_name} is signed out everywhere at once and can no longer sign in. Nothing they did is deleted.`
                : `${pending.person.display_name} can sign in again with their password.`}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
