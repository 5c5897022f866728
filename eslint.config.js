import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Layers: ui -> store -> sim, cli -> sim. src/sim is pure and deterministic (DESIGN.md).
const simBannedGlobals = ['window', 'document', 'localStorage', 'navigator', 'setTimeout', 'setInterval',
  'requestAnimationFrame', 'performance', 'Date'].map((name) => ({
  name,
  message: 'src/sim is pure and deterministic: time, timers and the DOM come in through the caller.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'node_modules/**', 'test-results/**', 'test-results-*/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error',
        { object: 'it', property: 'only', message: 'no .only in committed tests' },
        { object: 'describe', property: 'only', message: 'no .only in committed tests' },
        { object: 'test', property: 'only', message: 'no .only in committed tests' }],
    },
  },
  {
    files: ['src/sim/**/*.ts'],
    ignores: ['src/sim/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['fs', 'child_process'].map((name) => ({ name, message: 'src/sim is headless and platform-free.' })),
        patterns: [
          { group: ['**/store', '**/store/**', '**/ui', '**/ui/**', '**/cli', '**/cli/**'], message: 'src/sim must not import from store, ui or cli.' },
          { group: ['react', 'react-dom', 'zustand', 'cytoscape', '@xterm/*', 'node:*'],
            message: 'src/sim is headless and platform-free.' },
        ],
      }],
      'no-restricted-globals': ['error', ...simBannedGlobals],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'use the World PRNG (src/sim/net/rng.ts).' },
        { object: 'Date', property: 'now', message: 'src/sim has no clock.' }],
    },
  },
);
