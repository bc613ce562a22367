// Languages of the SPA: i18next with ICU messages (plurals, selects), catalogs as JSON
// under src/locales/<language>/<namespace>.json. A language is a folder there (and one
// under app/translations for the server): adding one needs no code change.

import i18next from 'i18next';
import ICU from 'i18next-icu';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

type Catalog = Record<string, unknown>;

const files = import.meta.glob<Catalog>('./locales/*/*.json', { eager: true, import: 'default' });

const resources: Record<string, Record<string, Catalog>> = {};
for (const [path, catalog] of Object.entries(files)) {
  const match = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (!match) continue;
  const [, lang, ns] = match;
  (resources[lang] ??= {})[ns] = catalog;
}

export const SOURCE_LANGUAGE = 'en';
/** Every language the SPA speaks, English first. */
export const LANGUAGES: readonly string[] = [
  SOURCE_LANGUAGE,
  ...Object.keys(resources)
    .filter((l) => l !== SOURCE_LANGUAGE)
    .sort(),
];
const NAMESPACES = Object.keys(resources[SOURCE_LANGUAGE] ?? {});

const STORAGE_KEY = 'cips.language';
/** Tests set this in localStorage: a message missing in the chosen language is then an
 * error on the console instead of the English text quietly standing in. */
export const STRICT_KEY = 'cips.i18n.strict';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** The supported language closest to a wanted tag: 'zh', 'zh-Hans-CN', 'zh_cn' -> 'zh-CN'. */
export function supported(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const wanted = tag.trim().replace(/_/g, '-').toLowerCase();
  const exact = LANGUAGES.find((l) => l.toLowerCase() === wanted);
  if (exact) return exact;
  const base = wanted.split('-')[0];
  return LANGUAGES.find((l) => l.toLowerCase().split('-')[0] === base) ?? null;
}

/** Before anyone signs in: the last choice on this device, else the browser's languages. */
function initialLanguage(): string {
  const choices = [stored(STORAGE_KEY), ...(typeof navigator !== 'undefined' ? (navigator.languages ?? []) : [])];
  for (const choice of choices) {
    const lang = supported(choice);
    if (lang) return lang;
  }
  return SOURCE_LANGUAGE;
}

const strict = stored(STRICT_KEY) === '1';

void i18next.use(ICU).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: strict ? false : SOURCE_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  ns: NAMESPACES,
  defaultNS: 'common',
  interpolation: { escapeValue: false }, // Preact escapes what it renders
  returnNull: false,
  initAsync: false,
  saveMissing: true,
  missingKeyHandler: (lngs, ns, key) => {
    console.error(`i18n: missing message ${ns}:${key} for ${lngs.join(', ')}`);
  },
});

function applyToDocument(lang: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}
applyToDocument(i18next.language);

/** Translate: t('common:page.reports'), with ICU values and plurals as the second argument. Call it while rendering, never at module level. */
export const t = i18next.t.bind(i18next);

/** The language now in use (a tag of LANGUAGES). */
export function language(): string {
  return i18next.language || SOURCE_LANGUAGE;
}

/** Switch language at once, keeping everything on the page; remembered on this device. */
export async function setLanguage(tag: string): Promise<void> {
  const lang = supported(tag) ?? SOURCE_LANGUAGE;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page */
  }
  applyToDocument(lang);
  if (lang !== i18next.language) await i18next.changeLanguage(lang);
}

/** Subscribe to language changes (returns the unsubscribe function). */
export function onLanguageChanged(listener: (lang: string) => void): () => void {
  i18next.on('languageChanged', listener);
  return () => i18next.off('languageChanged', listener);
}

/** The language's own name, e.g. "简体中文" for zh-CN (from its common catalog). */
export function languageName(tag: string): string {
  return i18next.t('common:languageName', { lng: tag });
}

export const LanguageContext = createContext<string>(SOURCE_LANGUAGE);

/** The language in use, re-rendering the caller when it changes. Use it as a dependency of
 * useMemo/useEffect that build text. */
export function useLanguage(): string {
  return useContext(LanguageContext);
}
