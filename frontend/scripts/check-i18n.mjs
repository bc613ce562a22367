// The catalogs are complete: every language has every namespace and every message the
// source language (en) has, no more; every literal t('ns:key') in src names a message
// that exists; ICU messages parse. Run by `npm run lint`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';

const root = new URL('..', import.meta.url).pathname;
const localesDir = join(root, 'src/locales');
const SOURCE = 'en';
const problems = [];

function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') flatten(v, key, out);
    else out[key] = v;
  }
  return out;
}

const languages = readdirSync(localesDir).filter((d) => statSync(join(localesDir, d)).isDirectory());
const catalogs = {};
for (const lang of languages) {
  catalogs[lang] = {};
  for (const file of readdirSync(join(localesDir, lang)).filter((f) => f.endsWith('.json'))) {
    const path = join(localesDir, lang, file);
    try {
      catalogs[lang][file.slice(0, -5)] = flatten(JSON.parse(readFileSync(path, 'utf8')));
    } catch (err) {
      problems.push(`${relative(root, path)}: not valid JSON (${err.message})`);
    }
  }
}

const source = catalogs[SOURCE] ?? {};
for (const lang of languages) {
  const namespaces = new Set([...Object.keys(source), ...Object.keys(catalogs[lang])]);
  for (const ns of namespaces) {
    const want = source[ns] ?? {};
    const have = catalogs[lang][ns];
    if (!have) {
      problems.push(`${lang}/${ns}.json is missing`);
      continue;
    }
    if (!source[ns]) problems.push(`${lang}/${ns}.json has no ${SOURCE}/${ns}.json`);
    for (const [key, text] of Object.entries(have)) {
      if (!(key in want)) problems.push(`${lang} ${ns}:${key} is not in ${SOURCE}`);
      if (typeof text !== 'string' || !text.trim()) problems.push(`${lang} ${ns}:${key} is empty`);
      else {
        try {
          new IntlMessageFormat(text, lang);
        } catch (err) {
          problems.push(`${lang} ${ns}:${key} is not a valid ICU message (${err.message})`);
        }
      }
    }
    for (const key of Object.keys(want)) {
      if (!(key in have)) problems.push(`${lang} ${ns}:${key} has no translation`);
    }
  }
}

// Literal keys in the code: t("namespace:key" ...) and t(`ns:key`) without interpolation.
function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'generated' || name === 'locales') continue;
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) yield path;
  }
}
const used = /\bt\(\s*(['"`])([a-zA-Z][\w-]*):([\w.-]+)\1/g;
for (const path of files(join(root, 'src'))) {
  const text = readFileSync(path, 'utf8');
  for (const m of text.matchAll(used)) {
    const [, , ns, key] = m;
    if (!source[ns])
      problems.push(`${relative(root, path)}: namespace ${ns} has no ${SOURCE}/${ns}.json (${ns}:${key})`);
    else if (!(key in source[ns]))
      problems.push(`${relative(root, path)}: ${ns}:${key} is not in ${SOURCE}/${ns}.json`);
  }
}

if (problems.length) {
  console.error(`i18n catalogs: ${problems.length} problem(s)\n  ` + problems.join('\n  '));
  process.exit(1);
}
console.log(`i18n catalogs: ${languages.length} languages, ${Object.keys(source).length} namespaces, complete`);
