// Lint rules, including the import boundary that keeps src/core pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const coreForbiddenGlobals = [
  { name: 'Date', message: 'core takes time as an input (nowMs); it never reads the clock' },
  { name: 'setTimeout', message: 'core schedules nothing; return a command instead' },
  { name: 'setInterval', message: 'core schedules nothing; return a command instead' },
  { name: 'process', message: 'core reads no environment' },
  { name: 'fetch', message: 'core does no I/O' },
  { name: 'performance', message: 'core takes time as an input' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'bench/results/**', 'src/web/vendor/**', 'test-results/**', '.test-build-*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-globals': ['error', ...coreForbiddenGlobals],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'core takes a seeded random source as input' },
        { object: 'Date', property: 'now', message: 'core takes time as an input' }],
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^node:', message: 'src/core imports nothing from Node' },
          { regex: '^(?!\\.{1,2}/)', message: 'src/core imports no npm package' },
          { regex: '\\.\\./\\.\\./(adapters|runtime|sim|cli|web)(/|$)', message: 'core imports nothing outside core' },
          { regex: '^\\.\\./(adapters|runtime|sim|cli|web)(/|$)', message: 'core imports nothing outside core' },
        ],
      }],
    },
  },
  {
    // Core tests may use the test runner and property testing, and nothing else from outside.
    files: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!\\.{1,2}/|vitest$|fast-check$)', message: 'core tests import only vitest and fast-check' }],
      }],
    },
  },
  {
    files: ['src/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '/(runtime|cli)/', message: 'adapters do not import the runtime or the CLI' }],
      }],
    },
  },
  {
    // The runtime drives the engine whether or not an HTTP API serves it: it takes the API's types,
    // nothing of the HTTP adapter's code.
    files: ['src/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '/adapters/http/', allowTypeImports: true, message: 'the runtime imports only types from the HTTP adapter' }],
      }],
    },
  },
  {
    // Configuration and the phone-number rules are read by every layer, so they depend on none.
    files: ['src/config/**/*.ts', 'src/phone/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '/(adapters|runtime|cli|sim|web)/', message: 'config and phone rules import no adapter, runtime or CLI' }],
      }],
    },
  },
  {
    files: ['src/web/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', WebSocket: 'readonly', fetch: 'readonly', localStorage: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Intl: 'readonly', URL: 'readonly', location: 'readonly', navigator: 'readonly', Blob: 'readonly', URLSearchParams: 'readonly', TextDecoder: 'readonly' } },
  },
);
