import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Module boundaries: a module reaches another only through its services (and Nest modules) and
// the few pure files it exports on purpose, never through its entities or other internals, so
// a module can change its tables without its neighbours noticing. `common/`, `database/` and
// `config/` are for everyone. `../` covers src/<module>/x.ts, `../../` a module's dto/ folder.
const publicFiles = [
  'company/units.js',
  'customers/contract-rules.js',
  'projects/stage-machine.js',
  'projects/signer.js',
  'support/support-billing.js',
  'audit/audit.dto.js',
  // the web shell's contract with the modules that own pages
  'web/page-context.js',
  'web/page-decorators.js',
  'web/form-scope.js',
  'web/form-fields.js',
  'web/web-cookies.js',
  // the document engine's contract with the modules that contribute a document kind
  'documents/document.dto.js',
  'documents/document-kind.js',
  'documents/document-views.js',
  'documents/letter-samples.js',
  'documents/letter-views.js',
  'documents/locale-format.js',
  'documents/layout-markup.js',
  'documents/pdf-renderer.js',
];
const escape = (file) => file.replace(/[.]/g, '\\.');
const boundaryPatternsFrom = (otherModule) => [
  {
    regex: String.raw`${otherModule}[a-z-]+/[a-z0-9-]+\.entity\.js$`,
    message:
      "Another module's entity: import a read type from its service (or its *-types.ts) instead.",
  },
  {
    regex:
      otherModule +
      String.raw`(?!(?:common|database|config)/|[a-z-]+/[a-z0-9-]+\.(?:service|module|entity)\.js$)` +
      `(?!(?:${publicFiles.map(escape).join('|')})$)` +
      String.raw`[a-z-]+/`,
    message:
      "Another module's internals: use its service or a file it exports on purpose (eslint.config.js).",
  },
];
// `../` from src/<module>/x.ts, `../../` from a module's dto/ folder.
const boundaryPatterns = boundaryPatternsFrom(String.raw`^(?:\.\./){1,2}`);
// A module's pages (src/<module>/web/): `../` is the module itself, `../../` another module.
const pageBoundaryPatterns = boundaryPatternsFrom(String.raw`^\.\./\.\./`);

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'coverage/', 'node_modules/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Nest and class-validator decorate classes whose members are set by the framework.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['src/*/**/*.ts'],
    ignores: ['src/database/migrations/**', 'src/*/web/**', '**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: boundaryPatterns }] },
  },
  {
    files: ['src/*/web/**/*.ts'],
    ignores: ['src/web/**', '**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: pageBoundaryPatterns }] },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  { files: ['eslint.config.js', 'jest.config.js'], ...tseslint.configs.disableTypeChecked },
  {
    // The pages' own script, served as is to the browser.
    files: ['templates/web/static/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { ...globals.browser },
      sourceType: 'script',
    },
  },
);
