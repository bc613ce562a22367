// Bearer tokens of integration accounts (the customs operation system): make one
// (shown once), see when each was last used, revoke one.

import { useEffect, useState } from 'preact/hooks';
import { createToken, fetchPeople, fetchTokens, formatWhen, revokeToken } from '../../admin';
import type { Person, Token } from '../../admin';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormDialog } from '../../components/FormDialog';
import { RetryError } from '../../components/RetryError';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { Notice, SecretDialog, SelectField, TextField, useFieldErrors } from './fields';

function CreateDialog({ accounts, onClose, onDone }: { accounts: Person[]; onClose(): void; onDone(raw: string, info: Token): void }) {
  const [user, setUser] = useState(accounts[0]?.username ?? '');
  const [name, setName] = useState('');
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title="New integration token"
      submitLabel="Make token"
      onClose={onClose}
      validate={() => {
        clear();
        if (!user) return 'Choose the integration account.';
        return name.trim() ? null : 'Name the token after where it is used, e.g. “COS production”.';
      }}
      onError={(err) => take(err, ['user', 'name'])}
      onSubmit={async () => {
        const made = await createToken(user, name.trim());
        onDone(made.token, made.info);
      }}
    >
      <div class="form-grid">
        <SelectField
          label="Integration account"
          value={user}
          onChange={setUser}
          error={errors.user}
          options={accounts.map((a) => ({ value: a.username, label: `${a.display_name} (${a.username})` }))}
        />
        <TextField label="Name" value={name} onInput={setName} error={errors.name} maxLength={100} hint="Where it is used, to recognise it later." />
      </div>
    </FormDialog>
  );
}

export function Tokens() {
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [accounts, setAccounts] = useState<Person[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ title: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [busy, setBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<string | null>(null);

  const load = useCoalesced(async () => {
    try {
      const [list, people] = await Promise.all([fetchTokens(), fetchPeople({ role: 'integration' })]);
      setTokens(list);
      setAccounts(people.filter((p) => p.active));
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The tokens could not be loaded.'));
    }
  });
  useEffect(() => load(), []);

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    setRevokeError(null);
    try {
      await revokeToken(revoking.id);
      setNotice({ ok: true, text: `The token “${revoking.name}” is revoked: it no longer works.` });
      setRevoking(null);
      load();
    } catch (err) {
      setRevokeError(errorText(err, 'The token could not be revoked.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="admin-section" aria-labelledby="tokens-title">
      <h2 id="tokens-title">Integration tokens</h2>
      <div class="admin-toolbar">
        <p class="muted small">Machine clients such as the customs operation system call CIPS with these. Scanner tokens are on the Scanners tab.</p>
        <button type="button" class="button button--primary" disabled={!tokens} onClick={() => setCreating(true)}>
          New token…
        </button>
      </div>
      {tokens && accounts.length === 0 && (
        <p class="message message--info">
          There is no active integration account: create a person with the Integration role first (People tab).
        </p>
      )}
      <Notice notice={notice} />
      {error && <RetryError message={error} onRetry={load} />}
      {!tokens && !error && <p class="muted">Loading…</p>}
      {tokens && (
        <div class="table-wrap">
          <table class="data-table" data-testid="tokens-table">
            <caption class="visually-hidden">Integration tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Account</th>
                <th scope="col">Starts with</th>
                <th scope="col">Made</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.length === 0 && (
                <tr>
                  <td colSpan={7} class="muted">
                    No integration token yet.
                  </td>
                </tr>
              )}
              {tokens.map((t) => (
                <tr key={t.id} class={t.revoked_at ? 'row--off' : undefined} data-testid={`token-${t.id}`}>
                  <td>{t.name}</td>
                  <td>{t.user ?? '—'}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{formatWhen(t.created_at)}</td>
                  <td>{formatWhen(t.last_used_at)}</td>
                  <td>{t.revoked_at ? `Revoked ${formatWhen(t.revoked_at)}` : 'Active'}</td>
                  <td>
                    {!t.revoked_at && (
                      <button
                        type="button"
                        class="button admin-action"
                        aria-label={`Revoke the token ${t.name}`}
                        onClick={() => {
                          setRevokeError(null);
                          setRevoking(t);
                        }}
                      >
                        Revoke…
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
          accounts={accounts}
          onClose={() => setCreating(false)}
          onDone={(raw, info) => {
            setSecret({ title: `Token “${info.name}” for ${info.user ?? 'the account'}`, token: raw });
            setNotice({ ok: true, text: `The token “${info.name}” is made.` });
            load();
          }}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke the token “${revoking.name}”?`}
          confirmLabel="Revoke"
          busy={busy}
          error={revokeError}
          onConfirm={() => void revoke()}
          onCancel={() => setRevoking(null)}
        >
          <p>Calls made with it are refused from now on. This cannot be undone; make a new token if it is needed again.</p>
        </ConfirmDialog>
      )}
      {secret && <SecretDialog title={secret.title} secret={secret.token} what="the system that uses it" onClose={() => setSecret(null)} />}
    </section>
  );
}
