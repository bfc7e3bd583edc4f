// ESLint flat config: typescript-eslint's recommended rules without type information (fast enough
// to run on every `npm test`); formatting is Prettier's job, so its conflicting rules are off.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.iren/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      // Nest injects through constructor parameter properties: `constructor(private readonly repo: Repo) {}`.
      'no-useless-constructor': 'off',
      '@typescript-eslint/no-empty-function': ['error', { allow: ['constructors'] }],
      // Nest modules are decorated classes with no body.
      '@typescript-eslint/no-extraneous-class': 'off',
      // A leading `_` marks a parameter that an interface or a handler signature requires but this code ignores.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
    rules: {
      // Tests build partial fakes of Nest providers and drivers.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The web console runs in the browser (Preact, TSX): browser globals instead of Node's.
    files: ['apps/console/**/*.{ts,tsx}'],
    ignores: ['apps/console/**/*.spec.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
