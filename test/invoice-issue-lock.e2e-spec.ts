import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { DocumentsService } from '../src/documents/documents.service.js';
import { createCustomer } from './support/factories.js';
import { expectStatus } from './support/expect-status.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { projectWorld, type ProjectWorld } from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The invoice number's counter row is locked from drawing the number to commit, and every
 * issue in the app waits on it: the PDF (which shows the number) is rendered before that, for
 * the number the series is expected to give, and used only if the number drawn is that one.
 */
describe('issuing renders the invoice before the number is drawn', () => {
  let t: TestApp;
  let world: ProjectWorld;
  let customerId: string;
  const url = process.env.DATABASE_URL;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    world = await projectWorld(t);
    customerId = (await createCustomer(t)).id;
  }, 120_000);
  afterAll(() => t.close());

  const draft = async (title: string) => {
    const res = await t.http
      .post('/invoices')
      .set(bearer(world.finance.token))
      .send({
        customerId,
        subject: title,
        serviceFrom: '2026-11-20',
        lines: [{ title, quantity: '1', unit: 'hour', unitPriceCents: 10_000 }],
      });
    expectStatus(res, 201);
    return res.body.id as string;
  };
  const issue = (id: string) =>
    t.http.post(`/invoices/${id}/issue`).set(bearer(world.finance.token)).send({});
  const pdfOf = async (id: string) => {
    const invoice = await t.http.get(`/invoices/${id}`).set(bearer(world.finance.token));
    const res = await t.http
      .get(`/invoices/${id}/pdf`)
      .set(bearer(world.finance.token))
      .buffer(true)
      .parse(binaryBody as never)
      .expect(200);
    return { number: invoice.body.number as string, text: (await pdfText(res.body)).text };
  };
  const counters = async () =>
    (
      await t.app
        .get(DataSource)
        .query<{ name: string; value: number | string }[]>(
          `SELECT name, value FROM number_sequences WHERE name LIKE 'invoice:%'`,
        )
    ).map((row) => `${row.name}=${Number(row.value)}`);

  /** Whether another connection could lock the counters now (PostgreSQL only). */
  const countersFree = async (): Promise<boolean> => {
    const db = t.config.database;
    if (db.kind !== 'postgres') throw new Error('PostgreSQL only');
    const client = new pg.Client({
      connectionString: url,
      options: `-c search_path=${db.schema}`,
    });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT value FROM number_sequences FOR UPDATE NOWAIT`);
      return true;
    } catch {
      return false;
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
  };

  it('renders once, outside the number lock, and the PDF shows the number issued', async () => {
    await issue(await draft('Vorlauf')).expect(200); // the counter row exists from here on
    const id = await draft('Beratung');
    const documents = t.app.get(DocumentsService);
    const seen: Array<{ counters: string[]; free: boolean | null }> = [];
    const prepare = documents.prepare.bind(documents);
    const spy = jest.spyOn(documents, 'prepare').mockImplementation(async (input) => {
      seen.push({ counters: await counters(), free: url ? await countersFree() : null });
      return prepare(input);
    });
    try {
      const before = await counters();
      await issue(id).expect(200);
      expect(seen).toHaveLength(1);
      // The number was not yet drawn when the PDF rendered …
      expect(seen[0].counters).toEqual(before);
      // … and nobody held the counter row (on SQLite the check above says it all).
      if (url) expect(seen[0].free).toBe(true);
    } finally {
      spy.mockRestore();
    }
    const { number, text } = await pdfOf(id);
    expect(text).toContain(number);
  });

  // On SQLite every write transaction holds the one database write lock, so only PostgreSQL
  // can show the order: the audit chain's head (one row for the whole app) is taken after the
  // render, never held while the PDF renders.
  (url ? it : it.skip)(
    'keeps audited writes elsewhere moving while an issue renders under the number lock',
    async () => {
      const project = await t.http
        .post('/projects')
        .set(bearer(world.consultant.token))
        .send({ customerId: world.customerId, title: 'Nebenbei' })
        .expect(201);
      const id = await draft('Unter der Sperre');
      const documents = t.app.get(DocumentsService);
      const prepare = documents.prepare.bind(documents);
      let renders = 0;
      let patchWhileRendering: number | 'still waiting' | null = null;
      let patched: Promise<unknown> = Promise.resolve();
      const spy = jest.spyOn(documents, 'prepare').mockImplementation(async (input) => {
        renders++;
        // No render ahead: the issue renders in its transaction, after drawing the number.
        if (renders === 1) throw new Error('no render ahead in this test');
        const patch = t.http
          .patch(`/projects/${project.body.id}`)
          .set(bearer(world.consultant.token))
          .send({ version: project.body.version, title: 'Nebenbei geändert' })
          .then((res) => res.status);
        patched = patch;
        let timer: NodeJS.Timeout | undefined;
        patchWhileRendering = await Promise.race([
          patch,
          new Promise<'still waiting'>((resolve) => {
            timer = setTimeout(() => resolve('still waiting'), 5_000);
          }),
        ]);
        clearTimeout(timer);
        return prepare(input);
      });
      try {
        await issue(id).expect(200);
      } finally {
        spy.mockRestore();
        await patched;
      }
      expect(renders).toBe(2);
      expect(patchWhileRendering).toBe(200);
    },
    30_000,
  );

  it('renders again under the lock when another issue took the expected number', async () => {
    const [a, b] = [await draft('Erste'), await draft('Zweite')];
    const [ra, rb] = await Promise.all([issue(a), issue(b)]);
    expectStatus(ra, 200);
    expectStatus(rb, 200);
    const [pa, pb] = [await pdfOf(a), await pdfOf(b)];
    expect(pa.number).not.toBe(pb.number);
    const seq = (n: string) => Number(/(\d+)$/.exec(n)![1]);
    expect(Math.abs(seq(pa.number) - seq(pb.number))).toBe(1);
    expect(pa.text).toContain(pa.number);
    expect(pb.text).toContain(pb.number);
    expect(pa.text).not.toContain(pb.number);
    expect(pb.text).not.toContain(pa.number);
  });
});
