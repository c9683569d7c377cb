import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { AppOverrides } from '../../src/app.module.js';
import { createApp } from '../../src/app.setup.js';
import { Clock } from '../../src/common/clock.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-123' };

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  http: TestAgent;
  /** Logs in and returns a bearer token. */
  login(email: string, password: string): Promise<string>;
  adminToken: string;
  close(): Promise<void>;
}

/**
 * The real app on a database of its own: a fresh SQLite file, or — when DATABASE_URL is set —
 * a fresh PostgreSQL schema. The schema is built by the migrations, as in production.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'freigabe-test-'));
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    SQLITE_PATH: join(dataDir, 'test.sqlite'),
    DATABASE_SCHEMA: schema,
    PASSWORD_SCRYPT_LOG_N: '14',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    // Tests that queue many writes behind one lock (50 concurrent issues) wait longer for a
    // pooled connection than production's 10 s on a busy 2-core machine; the tests of an
    // exhausted pool set their own short timeout.
    DATABASE_CONNECT_TIMEOUT_MS: '60000',
    ...env,
  });
  const app = await createApp(config, overrides);
  const close = async () => {
    await app.close();
    // The schema the app ran on: a caller's DATABASE_SCHEMA wins over the generated one (a
    // second instance on the first one's schema: whichever closes first drops it).
    if (config.database.kind === 'postgres') {
      await dropSchema(config.database.url, config.database.schema);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const http = request(app.getHttpServer());
  const login = async (email: string, password: string) => {
    const response = await http.post('/auth/login').send({ email, password }).expect(200);
    return (response.body as { accessToken: string }).accessToken;
  };
  let adminToken: string;
  try {
    await app.init();
    adminToken = await login(ADMIN.email, ADMIN.password);
  } catch (error) {
    // A start that fails (a broken template, say) has already connected and migrated: close
    // what it opened. Left open, PostgreSQL's pooled connections kept the Jest worker alive
    // ("A worker process has failed to exit gracefully"), and the schema stayed behind.
    await close();
    throw error;
  }
  return { app, config, http, login, adminToken, close };
}

async function dropSchema(url: string, schema: string): Promise<void> {
  // Only a test's own schema, never `public` or one a developer's database holds.
  if (!schema.startsWith('test_')) throw new Error(`not a test schema: ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A clock tests can move forward, e.g. past an offer's validity or a token's expiry. */
export class MovableClock extends Clock {
  private offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advanceDays(days: number): void {
    this.offsetMs += days * 24 * 60 * 60 * 1000;
  }

  /** Stands the clock at `instant` (it keeps running from there), e.g. on the day work was done. */
  setTo(instant: Date | string): void {
    this.offsetMs = new Date(instant).getTime() - Date.now();
  }

  /** Back to the real time. */
  reset(): void {
    this.offsetMs = 0;
  }

  advanceMinutes(minutes: number): void {
    this.offsetMs += minutes * 60 * 1000;
  }
}
