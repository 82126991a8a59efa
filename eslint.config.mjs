// ESLint for the whole workspace: typescript-eslint's recommended rules for every TypeScript file,
// React hook rules for the web app, and a few rules of our own. `pnpm lint` must report nothing.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const API_BOUNDARY =
  "Import another API module only through its index.ts (e.g. '../licenses', not '../licenses/license.service'); export what you need from that index.ts.";
const WEB_BOUNDARY = 'A web area imports only its own files and src/shared; move what two areas share to src/shared.';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/dist-ssr/**',
      '**/.turbo/**',
      '.data/**',
      '.tmp/**',
      '.tools/**',
      'coverage/**',
      'prisma/generated/**',
      'apps/web/src/gql/**',
      'e2e/test-results/**',
      'e2e/playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-namespace': 'off',
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // Module boundaries (docs/CONVENTIONS.md "Boundaries"). An API module's internals are its own: other
  // modules, jobs and the app import only its index.ts. Tests and test support may reach inside.
  {
    files: ['apps/api/src/modules/*/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./[^./][^/]*/', message: API_BOUNDARY }] }] },
  },
  {
    files: ['apps/api/src/modules/*/*/*.ts'],
    ignores: ['**/*.test.ts', '**/test-support/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./\\.\\./[^./][^/]*/', message: API_BOUNDARY }] }] },
  },
  {
    files: ['apps/api/src/*.ts', 'apps/api/src/{core,jobs,instance-api,bench,scripts}/**/*.ts'],
    ignores: ['**/*.test.ts', 'apps/api/src/test/**', 'apps/api/src/resolvers.ts', 'apps/api/src/rest.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)modules/[^/]+/', message: API_BOUNDARY }] }] },
  },
  // The composition roots mount each module's resolvers and REST routes, which index.ts does not
  // export (a resolver pulls in half the graph; kept out of index.ts, modules import no cycles).
  {
    files: ['apps/api/src/resolvers.ts', 'apps/api/src/rest.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)modules/[^/]+/(?![^/]+\\.(resolver|routes)$)', message: API_BOUNDARY }] },
      ],
    },
  },
  // Web areas (storefront, org, vendor, admin, auth) do not import each other; what they share lives in src/shared.
  ...['admin', 'auth', 'org', 'storefront', 'vendor'].map((area) => ({
    files: [`apps/web/src/areas/${area}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: `(^|/)areas/(?!${area}/)|^(\\.\\./)+(?!${area}/)(admin|auth|org|storefront|vendor)/`, message: WEB_BOUNDARY },
          ],
        },
      ],
    },
  })),
  {
    files: ['apps/web/src/shared/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)areas/', message: WEB_BOUNDARY }] }] },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
