import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

const seam = (name, message) => ({ name, message });
const idbOnlyInDb = seam('idb', 'Only src/db/ talks to IndexedDB (STYLE.md: three side-effect seams).');
const mp4boxOnlyInMedia = seam(
  'mp4box',
  'Only src/media/ touches mp4box (STYLE.md: three side-effect seams).',
);
/** state/ is framework-free TypeScript (STYLE.md: one store); providers come in through main.ts. */
const stateStaysPlain = [
  {
    group: ['lit', 'lit/*', '@lit/*'],
    message: 'src/state/ imports no Lit: contexts and controllers live in src/components/.',
  },
  {
    group: ['**/providers/registry.ts'],
    message: 'The store gets its providers from main.ts (StoreDeps.loadProviders).',
  },
];
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
    // Import cycles make load order fragile and hide layering mistakes (issue 15).
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['src/state/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [idbOnlyInDb, mp4boxOnlyInMedia], patterns: stateStaysPlain },
      ],
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
