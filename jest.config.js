// Jest in its native ES module mode (the project is "type": "module" and uses import.meta), run
// with --experimental-vm-modules by the npm scripts. SWC strips the types and emits the decorator
// metadata that Nest's dependency injection and class-validator read.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  // Sources import each other as './x.js' (Node's ESM rule); Jest resolves them to the .ts file.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Each test file gets its own database (a SQLite file or a PostgreSQL schema), so files run in
  // parallel; two workers fit a 2-core machine (the render pool adds worker threads of its own).
  maxWorkers: 2,
  // One limit for tests and hooks: an e2e file's beforeAll starts the whole app on a fresh schema.
  testTimeout: 60_000,
  setupFiles: ['<rootDir>/test/support/jest-setup.ts'],
  coverageProvider: 'v8',
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.spec.ts', '!src/database/migrations/**'],
  coverageReporters: ['text-summary', 'lcov'],
};
