// Runtime settings (GET/PUT /admin/settings): each with its description, range
// and default; a value out of range is refused by the server and the reason is
// shown beside the setting. Servers without the settings API say so.

import { useEffect, useState } from 'preact/hooks';
import { fetchSettings, saveSetting } from '../../admin';
import type { Setting } from '../../admin';
import { RetryError } from '../../components/RetryError';
import { useCoalesced } from '../../useCoalesced';
import { errorText } from '../../workflow';
import { Notice } from './fields';
import { t } from '../../i18n';

function range(s: Setting): string {
  if (s.min !== null && s.max !== null) return t('admin:settings.between', { min: s.min, max: s.max });
  if (s.min !== null) return t('admin:settings.atLeast', { min: s.min });
  if (s.max !== null) return t('admin:settings.atMost', { max: s.max });
  return '';
}

function SettingRow({ setting, onSaved }: { setting: Setting; onSaved(s: Setting): void }) {
  const [text, setText] = useState(String(setting.value));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(String(setting.value)), [setting.value]);
  const id = `setting-${setting.key}`;
  const changed = text.trim() !== String(setting.value);

  const save = async (e: Event) => {
    e.preventDefault();
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value)) return setError(t('admin:settings.whole'));
    setBusy(true);
    setError(null);
    try {
      onSaved(await saveSetting(setting.key, value));
    } catch (err) {
      setError(errorText(err, t('admin:settings.saveFailed')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr data-testid={id}>
      <td>
        <label for={id}>
          <code>{setting.key}</code>
        </label>
        <div class="muted small" id={`${id}-desc`}>
          {setting.description}
        </div>
      </td>
      <td>
        <form class="setting-form" onSubmit={save} noValidate>
          <input
            id={id}
            type="number"
            step={1}
            min={setting.min ?? undefined}
            max={setting.max ?? undefined}
            value={text}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={`${id}-desc ${id}-range${error ? ` ${id}-error` : ''}`}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <button
            type="submit"
            class="button admin-action"
            disabled={busy || !changed}
            aria-label={t('admin:settings.saveWhich', { key: setting.key })}
          >
            {busy ? t('admin:settings.saving') : t('admin:settings.save')}
          </button>
          {setting.value !== setting.default && (
            <button
              type="button"
              class="button admin-action"
              disabled={busy}
              onClick={() => setText(String(setting.default))}
              aria-label={t('admin:settings.defaultWhich', { key: setting.key })}
            >
              {t('admin:settings.default')}
            </button>
          )}
        </form>
        {error && (
          <span id={`${id}-error`} class="form-field__error" role="alert">
            {error}
          </span>
        )}
      </td>
      <td id={`${id}-range`} class="small">
        {range(setting)}
        {range(setting) && <br />}
        <span class="muted">{t('admin:settings.defaultIs', { value: setting.default })}</span>
      </td>
    </tr>
  );
}

export function Settings() {
  const [settings, setSettings] = useState<Setting[] | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCoalesced(async () => {
    try {
      setSettings(await fetchSettings());
      setError(null);
    } catch (err) {
      setError(errorText(err, t('admin:settings.loadFailed')));
    }
  });
  useEffect(() => load(), [load]);

  return (
    <section class="admin-section" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('admin:settings.settings')}</h2>
      {settings && <p class="muted small">{t('admin:settings.intro')}</p>}
      <Notice notice={notice} />
      {error && <RetryError message={error} onRetry={load} />}
      {settings === undefined && !error && <p class="muted">{t('admin:settings.loading')}</p>}
      {settings === null && (
        <p class="message message--info" data-testid="settings-unavailable">
          {t('admin:settings.settingsAreNotAvailableOn')}
        </p>
      )}
      {settings && (
        <div class="table-wrap">
          <table class="data-table" data-testid="settings-table">
            <caption class="visually-hidden">{t('admin:settings.runtimeSettings')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin:settings.setting')}</th>
                <th scope="col">{t('admin:settings.value')}</th>
                <th scope="col">{t('admin:settings.range')}</th>
              </tr>
            </thead>
            <tbody>
              {settings.map((s) => (
                <SettingRow
                  key={s.key}
                  setting={s}
                  onSaved={(saved) => {
                    setSettings((all) => all?.map((x) => (x.key === saved.key ? saved : x)) ?? all);
                    setNotice({ ok: true, text: t('admin:settings.changed', { key: saved.key, value: saved.value }) });
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
