import { describe, expect, it } from 'vitest';
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

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/x' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://' }],
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['TIMEZONE', { TIMEZONE: 'Mars/Olympus' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'short' }],
    ['JWT_SECRET', { NODE_ENV: 'production' }],
    ['JWT_SECRET', { JWT_SECRET: 'too-short' }],
  ])('names %s when it is wrong', (variable, env) => {
    const problems = problemsOf(env);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it('names every wrong variable at once', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud' });
    const variables = new Set(problems.map((p) => p.split(':')[0]));
    expect([...variables].sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });
});
