// ESLint flat config. Type-aware typescript-eslint rules everywhere, plus layer rules:
// shared/ (the core) may import neither Electron nor DOM globals, and renderer/ may import no
// Node built-in, so one look at a path tells which process runs it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'renderer/dist/', 'test-results/', 'playwright-report/', '.electron-native/', 'cli/bin/*.mjs', 'build/*.mjs', '.ci/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'shared/ is the core: it must not depend on Electron.' }],
        patterns: [
          { group: ['electron/*', 'react', 'react-dom', 'react-dom/*', 'zustand', '**/renderer/**', '**/electron/**'], message: 'shared/ is the core: no Electron, DOM or renderer imports.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'shared/ must not use the DOM.' },
        { name: 'document', message: 'shared/ must not use the DOM.' },
        { name: 'navigator', message: 'shared/ must not use the DOM.' },
        { name: 'localStorage', message: 'shared/ must not use the DOM.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: [
          ...nodeBuiltins.map((name) => ({ name, message: 'renderer/ runs in a sandboxed page: no Node built-ins.' })),
          { name: 'electron', message: 'renderer/ talks to main only through window.breakglass (the preload API).' },
        ],
        patterns: [{ group: ['**/electron/**', 'better-sqlite3', 'libsodium-wrappers-sumo', '@node-rs/*'], message: 'renderer/ never holds keys or storage: use the preload API.' }],
      }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'cli/**/*.ts', 'electron/**/*.ts', 'build/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
