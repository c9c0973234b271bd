// @ts-check
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Modules that reach the outside world. The domain core must receive their effects as arguments. */
const ioModules = [
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises',
  'http', 'node:http', 'https', 'node:https', 'net', 'node:net',
  'child_process', 'node:child_process', 'process', 'node:process',
  'os', 'node:os', 'path', 'node:path',
];

export default defineConfig(
  { ignores: ['dist/', '.astro/', 'node_modules/', '.redress/', 'test-results/', 'site/env.d.ts'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['scripts/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ioModules.map((name) => ({ name, message: 'scripts/core is pure: pass I/O in as an argument from an adapter.' })),
        patterns: [
          { group: ['@octokit/*', 'octokit'], message: 'scripts/core is pure: GitHub belongs in scripts/adapters/github.' },
          { group: ['**/adapters/**', '**/cli/**'], message: 'scripts/core must not depend on adapters or entry points.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'scripts/core is pure: configuration is an argument.' },
        { name: 'fetch', message: 'scripts/core is pure: network access belongs in an adapter.' },
      ],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'scripts/core is pure: `now` is an argument.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'scripts/core is pure: `now` is an argument.' },
      ],
    },
  },
);
