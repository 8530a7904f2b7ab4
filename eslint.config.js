import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';

const seam = (name, message) => ({ name, message });
const idbOnlyInDb = seam('idb', 'Only src/db/ talks to IndexedDB (STYLE.md: three side-effect seams).');
const mp4boxOnlyInMedia = seam(
  'mp4box',
  'Only src/media/ touches mp4box (STYLE.md: three side-effect seams).',
);
const fetchOnlyInProviders = {
  name: 'fetch',
  message: 'Only src/providers/ calls fetch (STYLE.md: three side-effect seams).',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'dev-dist/**',
      '.scratch/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    plugins: { lit, wc },
    rules: {
      ...lit.configs.recommended.rules,
      ...wc.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [idbOnlyInDb, mp4boxOnlyInMedia] }],
      'no-restricted-globals': ['error', fetchOnlyInProviders],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'fetch', message: fetchOnlyInProviders.message },
        { object: 'globalThis', property: 'fetch', message: fetchOnlyInProviders.message },
        { object: 'self', property: 'fetch', message: fetchOnlyInProviders.message },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/db/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [mp4boxOnlyInMedia] }] },
  },
  {
    files: ['src/media/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [idbOnlyInDb] }] },
  },
  {
    files: ['src/providers/**/*.ts'],
    rules: {
      'no-restricted-globals': 'off',
      'no-restricted-properties': 'off',
    },
  },
  {
    files: ['tests/**/*.ts', 'tests/**/*.mjs', 'scripts/**/*.mjs', '*.config.ts', '*.config.js'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
