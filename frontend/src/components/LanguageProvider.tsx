import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LanguageContext, language, onLanguageChanged } from '../i18n';

/** Re-renders whatever reads the language (useLanguage, and App below it) when it changes. */
export function LanguageProvider({ children }: { children: ComponentChildren }) {
  const [lang, setLang] = useState(language);
  useEffect(() => onLanguageChanged(setLang), []);
  return <LanguageContext.Provider value={lang}>{children}</LanguageContext.Provider>;
}
