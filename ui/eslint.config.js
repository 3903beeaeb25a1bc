import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'src/api/types.gen.ts'] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ['**/*.{ts,tsx}'],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The editor is a component with a schema and commands: it must not reach into stores or views.
    files: ['src/editor/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['../state/*', '../views/*', '../state', '../views'] }],
    },
  },
  {
    // The document rules are pure: they read API types, never a store, a view or a call.
    files: ['src/doc/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../state', '../state/*', '../views', '../views/*'], message: 'doc/ holds pure rules.' },
            { group: ['../api', '../api/*'], allowTypeImports: true, message: 'doc/ uses the API types only.' },
          ],
        },
      ],
    },
  },
  {
    // Views never call a transport directly; stores do.
    files: ['src/views/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/api/http', '**/api/tauri', '**/state/backend'] }],
    },
  },
);
