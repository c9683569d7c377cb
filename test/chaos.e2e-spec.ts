import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../src/config/app-config.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The database goes away under load: PostgreSQL ends the app's sessions (a restart, a
 * failover, an operator's pg_terminate_backend) or the pool runs dry. The app must answer
 * honestly (2xx, 409, or 503 with Retry-After; never 500), keep every write it confirmed, and
 * serve again without a restart.
 *
 * On SQLite this has no meaning: the database is a file opened once inside the process, there
 * is no server to lose and no pool to exhaust. So the file runs its chaos only with
 * DATABASE_URL, and otherwise asserts that it really runs on SQLite — CI runs every file on
 * PostgreSQL as well, where the first test fails if the app is not on PostgreSQL.
 */
const url = process.env.DATABASE_URL;

describe('chaos: the database goes away', () => {
  it('runs on PostgreSQL exactly when DATABASE_URL is set', () => {
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: '/tmp' });
    expect(config.database.kind).toBe(url ? 'postgres' : 'sqlite');
  });

  if (!url) return;

  const applicationName = `chaos_${randomBytes(4).toString('hex')}`;
  let t: TestApp;
  let admin: pg.Client;

  beforeAll(async () => {
    t = await startTestApp({
      DATABASE_APPLICATION_NAME: applicationName,
      DATABASE_POOL_SIZE: '4',
      DATABASE_CONNECT_TIMEOUT_MS: '500',
      RENDER_WORKERS: '1',
      MAIL_POLL_SECONDS: '0',
    });
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await t.close();
  });

  const schema = () => (t.config.database.kind === 'postgres' ? t.config.database.schema : '');

  /** Ends every session of this app (and no one else's) from a separate connection. */
  const terminateAppSessions = async () =>
    (
      await admin.query<{ n: string }>(
        `SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
          WHERE application_name = $1 AND pid <> pg_backend_pid()`,
        [applicationName],
      )
    ).rows[0].n;

  const createCustomer = (i: number) =>
    t.http
      .post('/customers')
      .set(bearer(t.adminToken))
      .send({
        name: `Chaos ${i} GmbH`,
        street: 'Lindenstraße 12',
        postalCode: '10969',
        city: 'Berlin',
        contacts: [{ name: 'Jörg Weiß', email: `chaos.${i}@kunde.example`, isSignatory: true }],
      });

  it('sessions terminated during a burst of writes: 2xx, 409 or 503 only, every confirmed write kept, serving again', async () => {
    let chaos = true;
    let terminated = 0;
    const killer = (async () => {
      while (chaos) {
        terminated += Number(await terminateAppSessions());
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const answers: Response[] = [];
    let next = 0;
    const worker = async () => {
      while (next < 150) answers.push(await createCustomer(next++));
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    chaos = false;
    await killer;

    const statuses = answers.map((a) => a.status);
    const unexpected = answers
      .filter((a) => !(a.status < 300 || a.status === 409 || a.status === 503))
      .map((a) => ({ status: a.status, body: a.body as unknown }));
    expect(unexpected).toEqual([]);
    const unavailable = answers.filter((a) => a.status === 503);
    for (const a of unavailable) {
      expect(a.headers['retry-after']).toBe('5');
      expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(a.body).toMatchObject({ status: 503, code: 'DATABASE.UNAVAILABLE' });
    }
    // The chaos really happened, and writes got through between the kills (how many depends on
    // the machine's load: each kill costs every request in flight).
    expect(terminated).toBeGreaterThan(5);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s < 300).length).toBeGreaterThanOrEqual(5);

    const confirmed = answers
      .filter((a) => a.status < 300)
      .map((a) => (a.body as { id: string }).id);
    const { rows } = await admin.query<{ id: string }>(
      `SELECT id FROM "${schema()}".customers WHERE id = ANY($1::uuid[])`,
      [confirmed],
    );
    expect(rows.map((r) => r.id).sort()).toEqual([...confirmed].sort());

    // No restart: the next requests are served as usual.
    const after = await createCustomer(1000);
    expect(after.status).toBe(201);
    const read = await t.http
      .get(`/customers/${(after.body as { id: string }).id}`)
      .set(bearer(t.adminToken));
    expect(read.status).toBe(200);
  });

  it('an exhausted pool answers 503 with Retry-After, then serves the waiting requests', async () => {
    // Hold the customers table so the pool's 4 connections stay busy behind the lock.
    await admin.query('BEGIN');
    await admin.query(`LOCK TABLE "${schema()}".customers IN ACCESS EXCLUSIVE MODE`);
    const list = () =>
      t.http
        .get('/customers')
        .set(bearer(t.adminToken))
        .then((r) => r);
    const burst = Array.from({ length: 10 }, list);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await admin.query('COMMIT');
    const answers = await Promise.all(burst);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(answers.find((a) => a.status === 503)?.headers['retry-after']).toBe('5');
    expect((await list()).status).toBe(200);
  });

  it('the sign-off page answers a 503 page (not 500) while the pool is exhausted', async () => {
    // Every token attempt writes its row first; holding that table keeps the pool busy.
    await admin.query('BEGIN');
    await admin.query(`LOCK TABLE "${schema()}".signoff_token_failures IN ACCESS EXCLUSIVE MODE`);
    const open = () => t.http.get(`/signoff/${'C'.repeat(43)}`).then((r) => r);
    const burst = Array.from({ length: 8 }, open);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await admin.query('ROLLBACK');
    const answers = await Promise.all(burst);
    const unavailable = answers.filter((a) => a.status === 503);
    expect(answers.map((a) => a.status).filter((s) => s !== 401 && s !== 503)).toEqual([]);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable[0].headers['retry-after']).toBe('5');
    expect(unavailable[0].headers['x-signoff-code']).toBe('DATABASE.UNAVAILABLE');
    expect(unavailable[0].text).toContain('Your link is still valid');
  });
});
