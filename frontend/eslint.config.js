// ESLint for the SPA: the language's recommended rules, typescript-eslint's (syntax only:
// `npm run typecheck` already type-checks, with the native compiler, in a fraction of the
// time a type-aware lint would take) and the Rules of Hooks (Preact's hooks follow React's).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['src/generated/**', 'dist/**', 'node_modules/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // A hook called conditionally reads another hook's state: always a bug.
      'react-hooks/rules-of-hooks': 'error',
      // A missing dependency is usually a stale value, but some effects run once on
      // purpose: a warning to read, and `make lint` shows it.
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['scripts/**', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
