import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { configureCompany, createCustomer, createUser } from './support/factories.js';
import { expectStatus } from './support/expect-status.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const line = (over: Record<string, unknown> = {}) => ({
  title: 'Beratung',
  quantity: '3',
  unit: 'hour',
  unitPriceCents: 11_900,
  ...over,
});

const fieldsOf = (body: { errors?: Array<{ field: string }> }) =>
  (body.errors ?? []).map((e) => e.field);

/**
 * An invoice line bills something: quantity above zero, price not below zero, as on an
 * estimate. A correction is a cancellation, never a line with a minus.
 */
describe('invoice lines: quantity > 0 and price ≥ 0', () => {
  let t: TestApp;
  let finance: string;
  let customerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await configureCompany(t);
    finance = (await createUser(t, 'finance')).token;
    customerId = (await createCustomer(t)).id;
  });
  afterAll(() => t.close());

  const draft = (lines: unknown[]) =>
    t.http
      .post('/invoices')
      .set(bearer(finance))
      .send({ customerId, subject: 'Beratung', serviceFrom: '2026-11-20', lines });

  it.each([
    ['a negative quantity', { quantity: '-3' }, 'lines.1.quantity'],
    ['a zero quantity', { quantity: '0' }, 'lines.1.quantity'],
    ['a zero quantity with decimals', { quantity: '0.000' }, 'lines.1.quantity'],
    ['a negative price', { unitPriceCents: -100 }, 'lines.1.unitPriceCents'],
  ])('refuses a draft with %s (%j): 400 naming %s', async (_, over, field) => {
    const response = await draft([line(), line(over)]);
    expectStatus(response, 400);
    expect(fieldsOf(response.body)).toEqual([field]);
  });

  it('refuses the same on an update of the lines', async () => {
    const created = await draft([line()]);
    expectStatus(created, 201);
    const response = await t.http
      .patch(`/invoices/${created.body.id}`)
      .set(bearer(finance))
      .send({ version: created.body.version, lines: [line({ quantity: '-1' })] });
    expectStatus(response, 400);
    expect(fieldsOf(response.body)).toEqual(['lines.0.quantity']);
  });

  it('accepts a fractional quantity and a line free of charge', async () => {
    const response = await draft([line({ quantity: '0.25' }), line({ unitPriceCents: 0 })]);
    expectStatus(response, 201);
  });

  it.each([
    ['a negative quantity', { quantity: -3000 }, 'lines.0.quantity'],
    ['a zero quantity', { quantity: 0 }, 'lines.0.quantity'],
    ['a negative price', { unitPriceCents: -100 }, 'lines.0.unitPriceCents'],
  ])(
    'refuses to issue a draft stored before the rule with %s (%j): 422, nothing issued, no number drawn',
    async (_, change, field) => {
      const issue = (id: string) =>
        t.http.post(`/invoices/${id}/issue`).set(bearer(finance)).send({});
      const before = await draft([line()]);
      const first = await issue(before.body.id);
      expectStatus(first, 200);

      const bad = await draft([line()]);
      const dataSource = t.app.get(DataSource);
      await dataSource
        .createQueryBuilder()
        .update('invoice_lines')
        .set(change)
        .where('invoice_id = :id', { id: bad.body.id })
        .execute();
      const refused = await issue(bad.body.id);
      expectStatus(refused, 422);
      expect(refused.body).toMatchObject({ code: 'INVOICE.INVALID_LINES' });
      expect(fieldsOf(refused.body)).toEqual([field]);
      const still = await t.http.get(`/invoices/${bad.body.id}`).set(bearer(finance)).expect(200);
      expect(still.body).toMatchObject({ status: 'draft', number: null });

      const after = await draft([line()]);
      const next = await issue(after.body.id);
      expectStatus(next, 200);
      const seq = (n: string) => Number(n.split('-').at(-1));
      expect(seq(next.body.number)).toBe(seq(first.body.number) + 1);
    },
  );
});
