// Lint rules: type-aware TypeScript, `import type` for types, no `any`, and a
// purity fence around engine/ (no I/O, frameworks, clocks or Math.random).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const impureModules = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'net', 'socket.io', 'socket.io-client', 'next', 'next/*', 'redis', 'react', 'react-dom', '@/server/*', '@/app/*'];

export default tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-undef': 'off',
    },
  },
  {
    // The browser bundle never reaches into the server.
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/server/*', '**/server/*'], message: 'app/ may import engine/, never server/.' }] }],
    },
  },
  {
    files: ['engine/**/*.ts'],
    ignores: ['engine/**/*.test.ts', 'engine/**/*.bench.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: impureModules, message: 'engine/ is pure: no I/O, framework or server/app imports.' }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'engine/ takes time as a parameter (no Date.now()).' },
        { selector: "NewExpression[callee.name='Date']", message: 'engine/ takes time as a parameter (no new Date()).' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'engine/ takes a seeded Rng (no Math.random()).' },
      ],
    },
  },
);
