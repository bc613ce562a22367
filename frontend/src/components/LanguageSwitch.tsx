import { saveLanguage } from '../api';
import { useAuth } from '../auth';
import { LANGUAGES, languageName, setLanguage, t, useLanguage } from '../i18n';

/** Switches the language at once, without leaving the page or losing what is typed; a
 * signed-in person's choice is kept on the server for every device. */
export function LanguageSwitch() {
  const current = useLanguage();
  const { user, revalidate } = useAuth();
  const onChange = async (tag: string) => {
    await setLanguage(tag);
    if (user) {
      try {
        await saveLanguage(tag);
        await revalidate();
      } catch {
        // Offline: the choice still holds on this device and is saved with the next one.
      }
    }
  };
  return (
    <label class="language-switch">
      <span class="visually-hidden">{t('common:language')}</span>
      <select
        value={current}
        aria-label={t('common:language')}
        onChange={(e) => void onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {LANGUAGES.map((tag) => (
          <option key={tag} value={tag} lang={tag}>
            {languageName(tag)}
          </option>
        ))}
      </select>
    </label>
  );
}
