import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    // esbuild cannot emit decorator metadata, which Nest's DI and class-validator need.
    swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2023' } }),
  ],
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
    globals: false,
    pool: 'forks',
    // Each e2e file gets its own database (a SQLite file or a PostgreSQL schema).
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
