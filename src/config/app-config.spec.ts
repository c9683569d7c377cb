import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration from the environment', () => {
  it('runs on embedded SQLite with no configuration at all', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'sqlite', path: './data/freigabe.sqlite' });
    expect(config.port).toBe(3000);
    expect(config.timezone).toBe('Europe/Berlin');
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app:secret@db:5432/freigabe' });
    expect(config.database).toMatchObject({ kind: 'postgres', schema: 'public' });
  });

  it('bounds each render worker to a 96 MiB heap and 10,000 documents unless told otherwise', () => {
    expect([
      loadConfig({}).documents,
      loadConfig({ RENDER_WORKER_HEAP_MB: '256', RENDER_WORKER_RECYCLE_DOCS: '500' }).documents,
    ]).toMatchObject([
      { renderWorkerHeapMb: 96, renderWorkerRecycleDocs: 10_000 },
      { renderWorkerHeapMb: 256, renderWorkerRecycleDocs: 500 },
    ]);
  });

  it('waits at most 10 s for a PostgreSQL connection unless told otherwise', () => {
    const url = 'postgres://app:secret@db:5432/freigabe';
    expect([
      loadConfig({ DATABASE_URL: url }).database,
      loadConfig({ DATABASE_URL: url, DATABASE_CONNECT_TIMEOUT_MS: '2500' }).database,
    ]).toMatchObject([
      { connectTimeoutMs: 10_000, applicationName: 'freigabe' },
      { connectTimeoutMs: 2500 },
    ]);
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/x' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://' }],
    ['DATABASE_CONNECT_TIMEOUT_MS', { DATABASE_CONNECT_TIMEOUT_MS: '0' }],
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['TIMEZONE', { TIMEZONE: 'Mars/Olympus' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'short' }],
    ['JWT_SECRET', { NODE_ENV: 'production' }],
    ['JWT_SECRET', { JWT_SECRET: 'too-short' }],
    ['SMTP_URL', { SMTP_URL: 'mail.example.com:25' }],
    ['MAIL_FROM', { MAIL_FROM: 'not an address' }],
    ['SIGNOFF_TOKEN_DAYS', { SIGNOFF_TOKEN_DAYS: '0' }],
    ['SIGNOFF_REMINDER_DAYS', { SIGNOFF_REMINDER_DAYS: 'soon' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'freigabe.example.com' }],
    ['RENDER_WORKER_HEAP_MB', { RENDER_WORKER_HEAP_MB: '16' }],
    ['RENDER_WORKER_HEAP_MB', { RENDER_WORKER_HEAP_MB: 'lots' }],
    ['RENDER_WORKER_RECYCLE_DOCS', { RENDER_WORKER_RECYCLE_DOCS: '0' }],
  ])('names %s when it is wrong', (variable, env) => {
    const problems = problemsOf(env);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it('defaults for sign-off and mail: 14-day links, .eml files in DATA_DIR/outbox, local links', () => {
    const config = loadConfig({ PORT: '8080', DATA_DIR: '/srv/data' });
    expect(config.signoff).toMatchObject({ tokenDays: 14, publicBaseUrl: 'http://127.0.0.1:8080' });
    expect(config.mail).toMatchObject({ smtpUrl: undefined, outboxDir: '/srv/data/outbox' });
    const custom = loadConfig({
      PUBLIC_BASE_URL: 'https://freigabe.example.com/',
      SMTP_URL: 'smtp://mx:25',
    });
    expect(custom.signoff.publicBaseUrl).toBe('https://freigabe.example.com');
    expect(custom.mail.smtpUrl).toBe('smtp://mx:25');
  });

  it('names every wrong variable at once', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud' });
    const variables = new Set(problems.map((p) => p.split(':')[0]));
    expect([...variables].sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });
});
