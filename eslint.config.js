// Lint: typescript-eslint's recommended rules, plus the project's import boundaries.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const exceljsViaWrapper = { name: 'exceljs', message: 'Import exceljs from bot/xlsx/exceljs.ts (it fixes its UTF-8 stream decoding).', allowTypeImports: true };

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'scratch/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Chinese output uses the full-width space (U+3000) on purpose.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
    },
  },
  {
    // shared/ runs unchanged in the Excel task pane and in Node: no Node, no Office, no bot code.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'stream', 'http', 'crypto'], message: 'shared/ must stay free of Node APIs.' },
            { group: ['**/bot/**', '**/addin/**', 'exceljs', 'botbuilder', 'lowdb'], message: 'shared/ must not depend on bot/, addin/ or their libraries.' },
          ],
        },
      ],
    },
  },
  {
    files: ['bot/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [exceljsViaWrapper] }],
    },
  },
  {
    // The server never loads the add-in; the add-in's tests and benchmark do.
    files: ['bot/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [exceljsViaWrapper],
          patterns: [{ group: ['**/addin/**'], message: 'bot/ must not import the add-in.' }],
        },
      ],
    },
  },
);
