import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createContract, createCustomer, createTicket } from './support/factories.js';
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
    const contract = await createCustomer(t);
    await createContract(t, contract.id, 'service');
    for (const severity of ['low', 'critical', 'normal']) {
      await createTicket(t, contract.id, { severity });
    }
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
      expect(all).toMatchObject({ totalCapped: false, nextCursor: null });
      expect(all.total).toBe(all.items.length);
      expect(all.total).toBeGreaterThanOrEqual(5);
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

  it('the queue by pages of one gives the same tickets and positions as one page, across the contract group', async () => {
    type Queue = {
      total: number;
      items: Array<{ position: number; group: string; ticket: { id: string } }>;
    };
    const whole = (await t.http.get('/support/queue').set(bearer(t.adminToken)).expect(200))
      .body as Queue;
    expect(whole.total).toBe(8);
    expect(whole.items.map((i) => i.group)).toEqual([
      ...Array(3).fill('service_contract'),
      ...Array(5).fill('no_service_contract'),
    ]);
    const paged: Queue['items'] = [];
    for (let page = 1; page <= whole.total; page++) {
      const one = await t.http
        .get(`/support/queue?pageSize=1&page=${page}`)
        .set(bearer(t.adminToken))
        .expect(200);
      paged.push(...(one.body as Queue).items);
    }
    expect(paged.map((i) => [i.position, i.ticket.id])).toEqual(
      whole.items.map((i) => [i.position, i.ticket.id]),
    );
    const critical = (
      await t.http.get('/support/queue?severity=critical').set(bearer(t.adminToken)).expect(200)
    ).body as Queue;
    expect(critical.items.map((i) => i.ticket.id)).toEqual(
      whole.items.filter((_, n) => n === 0).map((i) => i.ticket.id),
    );
  });

  it('every queue page counts the filtered total and carries its tickets’ cost decisions', async () => {
    type Queue = {
      total: number;
      totalCapped: boolean;
      items: Array<{
        group: string;
        severityRank: number;
        ticket: { id: string; costDecision: { reason: string } | null };
      }>;
    };
    const get = async (path: string) =>
      (await t.http.get(path).set(bearer(t.adminToken)).expect(200)).body as Queue;
    const whole = await get('/support/queue');
    // Page 1 only contract tickets, page 3 only others, page 4 past the end: each says 8.
    for (let page = 1; page <= 4; page++) {
      const one = await get(`/support/queue?pageSize=3&page=${page}`);
      expect({ page, total: one.total, capped: one.totalCapped }).toEqual({
        page,
        total: whole.items.length,
        capped: false,
      });
    }
    for (const page of [1, 2]) {
      expect((await get(`/support/queue?severity=critical&page=${page}&pageSize=1`)).total).toBe(
        whole.items.filter((i) => i.severityRank === 1).length,
      );
    }

    const decided = whole.items.find((i) => i.group === 'no_service_contract')!.ticket.id;
    await t.http
      .post(`/support/tickets/${decided}/cost-decision`)
      .set(bearer(t.adminToken))
      .send({ cause: 'third_party', category: 'extended', reason: 'Fremdsystem repariert' })
      .expect(200);
    const after = await get('/support/queue');
    expect(after.items.map((i) => [i.ticket.id, i.ticket.costDecision?.reason ?? null])).toEqual(
      whole.items.map((i) => [
        i.ticket.id,
        i.ticket.id === decided ? 'Fremdsystem repariert' : null,
      ]),
    );
  });
});
