import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../src/audit/audit.service.js';
import { Transactions } from '../src/database/transactions.js';
import { createCustomer } from './support/factories.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

describe('tamper-evident audit log', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const verify = async () =>
    (await t.http.get('/audit/verify').set(bearer(t.adminToken)).expect(200)).body as {
      valid: boolean;
      checkedEntries: number;
      firstBroken?: { seq: number; problem: string };
    };
  const postgres = () => db.options.type === 'postgres';

  it('records who changed what, from → to, and verifies the chain', async () => {
    const customer = await createCustomer(t, { name: 'Alt GmbH' });
    await t.http
      .patch(`/customers/${customer.id}`)
      .set(bearer(t.adminToken))
      .send({ name: 'Neu GmbH', version: customer.version })
      .expect(200);
    const entries = await t.http
      .get(`/audit?entityType=customer&entityId=${customer.id}`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect(entries.body.items.map((e: { action: string }) => e.action)).toEqual([
      'updated',
      'created',
    ]);
    expect(entries.body.items[0]).toMatchObject({
      actorLabel: 'admin@example.com',
      changes: { name: { from: 'Alt GmbH', to: 'Neu GmbH' } },
    });
    const result = await verify();
    expect(result.valid).toBe(true);
    expect(result.checkedEntries).toBeGreaterThanOrEqual(4);
  });

  it('writes the entry in the same transaction as the change: a rollback takes both', async () => {
    const count = () =>
      db.query<Array<{ n: number | string }>>('SELECT COUNT(*) AS n FROM audit_entries');
    const before = Number((await count())[0].n);
    const audit = t.app.get(AuditService);
    await expect(
      t.app.get(Transactions).run(async (tx) => {
        await audit.record(tx, 'system', { entityType: 'test', entityId: '1', action: 'doomed' });
        throw new Error('the change failed after its audit entry was written');
      }),
    ).rejects.toThrow('the change failed');
    expect(Number((await count())[0].n)).toBe(before);
    expect((await verify()).valid).toBe(true);
  });

  it('refuses updates and deletes in the database itself', async () => {
    await expect(db.query("UPDATE audit_entries SET reason = 'x' WHERE seq = 1")).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('DELETE FROM audit_entries WHERE seq = 1')).rejects.toThrow(
      /append-only/,
    );
  });

  it('names the first broken entry when someone with database access rewrites history', async () => {
    // An attacker with owner rights can drop the triggers; the hash chain still tells.
    if (postgres()) {
      await db.query('DROP TRIGGER audit_entries_append_only ON audit_entries');
    } else {
      await db.query('DROP TRIGGER audit_entries_no_update');
      await db.query('DROP TRIGGER audit_entries_no_delete');
    }
    await db.query('UPDATE audit_entries SET changes = \'{"name":"Forged"}\' WHERE seq = 2');
    expect(await verify()).toMatchObject({
      valid: false,
      checkedEntries: 1,
      firstBroken: { seq: 2, problem: 'hash_mismatch' },
    });
  });

  it('only admins may read or verify the log', async () => {
    const customer = await createCustomer(t);
    expect(customer.id).toBeTruthy();
    const finance = await t.http
      .post('/users')
      .set(bearer(t.adminToken))
      .send({
        email: 'fin@example.com',
        name: 'F',
        role: 'finance',
        password: 'finance-password-1',
      })
      .expect(201);
    expect(finance.body.role).toBe('finance');
    const token = await t.login('fin@example.com', 'finance-password-1');
    await t.http.get('/audit').set(bearer(token)).expect(403);
  });
});

describe('audit chain truncation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports entries removed from the end through the chain head', async () => {
    await createCustomer(t);
    const db = t.app.get(DataSource);
    if (db.options.type === 'postgres') {
      await db.query('DROP TRIGGER audit_entries_append_only ON audit_entries');
    } else {
      await db.query('DROP TRIGGER audit_entries_no_delete');
    }
    const [{ last }] = await db.query<Array<{ last: number | string }>>(
      'SELECT MAX(seq) AS last FROM audit_entries',
    );
    await db.query(`DELETE FROM audit_entries WHERE seq = ${Number(last)}`);
    const result = await t.http.get('/audit/verify').set(bearer(t.adminToken)).expect(200);
    expect(result.body).toMatchObject({ valid: false, firstBroken: { problem: 'head_mismatch' } });
  });
});
