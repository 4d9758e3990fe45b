// ESLint (flat config): typescript-eslint's recommended rules for the TypeScript sources and tests,
// ESLint's for the plain JavaScript scripts (build, test host, demo). Formatting is Prettier's job.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'out/',
      'dist/',
      '.test-host/',
      '.vscode-test/',
      'node_modules/',
      'test/host/vscode/',
      'test/host/node24/',
      'media/',
      '**/*.vsix',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a parameter an interface requires but this implementation does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `import x = require('x')` is TypeScript's own CommonJS import (see below for why src/ uses it).
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Prettier wraps code at 140; this catches the comments it leaves alone. Long messages stay whole (greppable).
      'max-len': ['error', { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // esbuild compiles it to `__toESM(require('vscode'))`: a copy of the whole API per module, paid at activation.
          selector: "ImportDeclaration[source.value='vscode'][importKind!='type']",
          message:
            "Import VS Code with `import vscode = require('vscode');` (a value import copies the whole API per module in the bundle).",
        },
      ],
    },
  },
  {
    // Tests read into JSON answers and fake payloads of any shape; sources stay typed.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Scripts that run inside the browser page of the UI tests.
    files: ['test/host/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
