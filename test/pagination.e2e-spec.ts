import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCustomer, createTicket } from './support/factories.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Listed {
  items: Array<{ id: string }>;
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
}

describe('keyset pagination (?after=<nextCursor>)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const customer = await createCustomer(t, { name: 'Aaa Cursor GmbH' });
    for (let i = 0; i < 4; i++) await createCustomer(t, { name: 'Aaa Cursor GmbH' });
    // Tickets received within the same second: the number breaks the tie in the cursor too.
    const at = new Date(Date.now() - 60_000).toISOString();
    for (let i = 0; i < 5; i++) await createTicket(t, customer.id, { receivedAt: at });
  });
  afterAll(() => t.close());

  async function walk(path: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `${path}&pageSize=2${cursor ? `&after=${cursor}` : ''}`;
      const page = (await t.http.get(url).set(bearer(t.adminToken)).expect(200)).body as Listed;
      expect(page.items.length).toBeLessThanOrEqual(2);
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  it.each([['/customers?q=Aaa%20Cursor'], ['/support/tickets?open=true']])(
    '%s: following nextCursor yields every row once, in the order of one big page',
    async (path) => {
      const all = (await t.http.get(`${path}&pageSize=100`).set(bearer(t.adminToken)).expect(200))
        .body as Listed;
      expect(all).toMatchObject({ total: 5, totalCapped: false, nextCursor: null });
      expect(await walk(path)).toEqual(all.items.map((i) => i.id));
    },
  );

  it('refuses a forged cursor, another list’s cursor, and after together with page', async () => {
    const tickets = await t.http.get('/support/tickets?pageSize=1').set(bearer(t.adminToken));
    const ticketCursor = (tickets.body as Listed).nextCursor!;
    for (const after of ['bm90LWEtY3Vyc29y', ticketCursor]) {
      const refused = await t.http.get(`/customers?after=${after}`).set(bearer(t.adminToken));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'REQUEST.INVALID_CURSOR' });
    }
    const both = await t.http
      .get(`/support/tickets?page=2&after=${ticketCursor}`)
      .set(bearer(t.adminToken));
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ code: 'VALIDATION.FAILED' });
  });
});
