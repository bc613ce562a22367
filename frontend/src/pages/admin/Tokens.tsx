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
import { t } from '../../i18n';

function CreateDialog({
  accounts,
  onClose,
  onDone,
}: {
  accounts: Person[];
  onClose(): void;
  onDone(raw: string, info: Token): void;
}) {
  const [user, setUser] = useState(accounts[0]?.username ?? '');
  const [name, setName] = useState('');
  const { errors, take, clear } = useFieldErrors();
  return (
    <FormDialog
      title={t('admin:tokens.newIntegrationToken')}
      submitLabel={t('admin:tokens.makeToken')}
      onClose={onClose}
      validate={() => {
        clear();
        if (!user) return t('admin:tokens.needAccount');
        return name.trim() ? null : t('admin:tokens.needName');
      }}
      onError={(err) => take(err, ['user', 'name'])}
      onSubmit={async () => {
        const made = await createToken(user, name.trim());
        onDone(made.token, made.info);
      }}
    >
      <div class="form-grid">
        <SelectField
          label={t('admin:tokens.integrationAccount')}
          value={user}
          onChange={setUser}
          error={errors.user}
          options={accounts.map((a) => ({ value: a.username, label: `${a.display_name} (${a.username})` }))}
        />
        <TextField
          label={t('admin:tokens.name')}
          value={name}
          onInput={setName}
          error={errors.name}
          maxLength={100}
          hint={t('admin:tokens.whereItIsUsedTo')}
        />
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
      setError(errorText(err, t('admin:tokens.loadFailed')));
    }
  });
  useEffect(() => load(), [load]);

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    setRevokeError(null);
    try {
      await revokeToken(revoking.id);
      setNotice({ ok: true, text: t('admin:tokens.revoked', { name: revoking.name }) });
      setRevoking(null);
      load();
    } catch (err) {
      setRevokeError(errorText(err, t('admin:tokens.revokeFailed')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="admin-section" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('admin:tokens.integrationTokens')}</h2>
      <div class="admin-toolbar">
        <p class="muted small">{t('admin:tokens.machineClientsSuchAsThe')}</p>
        <button type="button" class="button button--primary" disabled={!tokens} onClick={() => setCreating(true)}>
          {t('admin:tokens.newToken')}
        </button>
      </div>
      {tokens && accounts.length === 0 && (
        <p class="message message--info">{t('admin:tokens.thereIsNoActiveIntegration')}</p>
      )}
      <Notice notice={notice} />
      {error && <RetryError message={error} onRetry={load} />}
      {!tokens && !error && <p class="muted">{t('admin:tokens.loading')}</p>}
      {tokens && (
        <div class="table-wrap">
          <table class="data-table" data-testid="tokens-table">
            <caption class="visually-hidden">{t('admin:tokens.integrationTokens')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin:tokens.name')}</th>
                <th scope="col">{t('admin:tokens.account')}</th>
                <th scope="col">{t('admin:tokens.startsWith')}</th>
                <th scope="col">{t('admin:tokens.made')}</th>
                <th scope="col">{t('admin:tokens.lastUsed')}</th>
                <th scope="col">{t('admin:tokens.state')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('admin:tokens.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.length === 0 && (
                <tr>
                  <td colSpan={7} class="muted">
                    {t('admin:tokens.noIntegrationTokenYet')}
                  </td>
                </tr>
              )}
              {tokens.map((tok) => (
                <tr key={tok.id} class={tok.revoked_at ? 'row--off' : undefined} data-testid={`token-${tok.id}`}>
                  <td translate={false}>{tok.name}</td>
                  <td translate={false}>{tok.user ?? '—'}</td>
                  <td>
                    <code>{tok.prefix}…</code>
                  </td>
                  <td>{formatWhen(tok.created_at)}</td>
                  <td>{formatWhen(tok.last_used_at)}</td>
                  <td>
                    {tok.revoked_at
                      ? t('admin:tokens.revokedAt', { when: formatWhen(tok.revoked_at) })
                      : t('admin:people.active')}
                  </td>
                  <td>
                    {!tok.revoked_at && (
                      <button
                        type="button"
                        class="button admin-action"
                        aria-label={t('admin:tokens.revokeWhich', { name: tok.name })}
                        onClick={() => {
                          setRevokeError(null);
                          setRevoking(tok);
                        }}
                      >
                        {t('admin:tokens.revoke2')}
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
            setSecret({
              title: t('admin:tokens.secretTitle', {
                name: info.name,
                user: info.user ?? t('admin:tokens.theAccount'),
              }),
              token: raw,
            });
            setNotice({ ok: true, text: t('admin:tokens.made2', { name: info.name }) });
            load();
          }}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={t('admin:tokens.confirmRevoke', { name: revoking.name })}
          confirmLabel={t('admin:tokens.revoke')}
          busy={busy}
          error={revokeError}
          onConfirm={() => void revoke()}
          onCancel={() => setRevoking(null)}
        >
          <p>{t('admin:tokens.revokeExplain')}</p>
        </ConfirmDialog>
      )}
      {secret && (
        <SecretDialog
          title={secret.title}
          secret={secret.token}
          what={t('admin:tokens.theSystem')}
          onClose={() => setSecret(null)}
        />
      )}
    </section>
  );
}
