import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  configureCompany,
  createContract,
  createCustomer,
  createService,
  createTicket,
  createUser,
  offsetDays,
  pastWeekday,
} from './support/factories.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

interface QueueItem {
  position: number;
  group: string;
  severityRank: number;
  waitingMinutes: number;
  reason: string;
  ticket: { id: string; title: string };
}

describe('support queue, AV gate and knowledge base', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('puts a contract customer’s critical ticket at the top, before earlier tickets without one', async () => {
    const none = await createCustomer(t);
    const updateOnly = await createCustomer(t);
    await createContract(t, updateOnly.id, 'update');
    const expired = await createCustomer(t);
    await createContract(t, expired.id, 'service', { endDate: offsetDays(-1) });
    const contract = await createCustomer(t);
    await createContract(t, contract.id, 'service');

    const waitingLong = await createTicket(t, none.id, {
      title: 'none-normal',
      receivedAt: minutesAgo(120),
    });
    await createTicket(t, updateOnly.id, {
      title: 'update-critical',
      severity: 'critical',
      receivedAt: minutesAgo(180),
    });
    await createTicket(t, expired.id, {
      title: 'expired-critical',
      severity: 'critical',
      receivedAt: minutesAgo(240),
    });
    await createTicket(t, contract.id, { title: 'contract-low', severity: 'low' });
    const customerUser = await createUser(t, 'customer', { customerId: contract.id });
    await t.http
      .post('/support/tickets')
      .set(bearer(customerUser.token))
      .send({ title: 'contract-critical', description: 'Server down', severity: 'critical' })
      .expect(201);

    const consultant = await createUser(t, 'consultant');
    const queue = await t.http.get('/support/queue').set(bearer(consultant.token)).expect(200);
    const items = queue.body.items as QueueItem[];
    expect(items.map((i) => i.ticket.title)).toEqual([
      'contract-critical',
      'contract-low',
      'expired-critical',
      'update-critical',
      'none-normal',
    ]);
    expect(items.map((i) => i.position)).toEqual([1, 2, 3, 4, 5]);
    expect(items[0]).toMatchObject({
      group: 'service_contract',
      severityRank: 1,
      reason: expect.stringMatching(
        /^service contract in force, severity critical, waiting \d+ min$/,
      ),
    });
    const last = items.find((i) => i.ticket.id === waitingLong.id)!;
    expect(last).toMatchObject({ group: 'no_service_contract', severityRank: 3 });
    expect(last.waitingMinutes).toBeGreaterThanOrEqual(120);
    expect(queue.body).toMatchObject({ total: 5, limit: 200 });

    // Resolved tickets leave the queue; customers do not see the queue at all.
    const top = await t.http
      .get(`/support/tickets/${items[0].ticket.id}`)
      .set(bearer(consultant.token));
    await t.http
      .post(`/support/tickets/${items[0].ticket.id}/status`)
      .set(bearer(consultant.token))
      .send({ status: 'resolved', version: top.body.version })
      .expect(200);
    const after = await t.http.get('/support/queue').set(bearer(consultant.token)).expect(200);
    expect((after.body.items as QueueItem[])[0].ticket.title).toBe('contract-low');
    await t.http.get('/support/queue').set(bearer(customerUser.token)).expect(403);
  });

  it('refuses an action on personal data without an AV agreement and accepts it with one', async () => {
    const customer = await createCustomer(t);
    const ticket = await createTicket(t, customer.id);
    const consultant = await createUser(t, 'consultant');
    const record = () =>
      t.http
        .post(`/support/tickets/${ticket.id}/personal-data-actions`)
        .set(bearer(consultant.token))
        .send({ kind: 'remote_session', description: 'Fernwartung zur Diagnose' });

    const refused = await record().expect(409);
    expect(refused.body.code).toBe('SUPPORT.AV_AGREEMENT_REQUIRED');
    expect(refused.body.detail).toMatch(/only advice is possible/);

    // A service contract is not an AV agreement, nor is one that has not been signed yet.
    await createContract(t, customer.id, 'service');
    await createContract(t, customer.id, 'data_processing', {
      startDate: offsetDays(-30),
      signedOn: offsetDays(5),
    });
    expect((await record().expect(409)).body.code).toBe('SUPPORT.AV_AGREEMENT_REQUIRED');

    await createContract(t, customer.id, 'data_processing', { signedOn: offsetDays(-400) });
    const accepted = await record().expect(201);
    expect(accepted.body).toMatchObject({ kind: 'remote_session', performedBy: consultant.email });
    const list = await t.http
      .get(`/support/tickets/${ticket.id}/personal-data-actions`)
      .set(bearer(consultant.token))
      .expect(200);
    expect(list.body.total).toBe(1);
  });

  it('shows internal how-to articles to customers with an AV agreement, contract or not', async () => {
    const internal = await t.http
      .post('/support/articles')
      .set(bearer(t.adminToken))
      .send({ title: 'VPN einrichten', body: 'Schritt 1 …', visibility: 'contract_customers' })
      .expect(201);
    await t.http
      .post('/support/articles')
      .set(bearer(t.adminToken))
      .send({ title: 'Passwort ändern', body: 'Im Kundencenter …', visibility: 'public' })
      .expect(201);
    const titlesFor = async (token: string) => {
      const list = await t.http.get('/support/articles').set(bearer(token)).expect(200);
      return (list.body.items as Array<{ title: string }>).map((a) => a.title);
    };
    const internalFor = (token: string) =>
      t.http.get(`/support/articles/${internal.body.id}`).set(bearer(token));

    // A service contract without an AV agreement is not enough.
    const contractOnly = await createCustomer(t);
    await createContract(t, contractOnly.id, 'service');
    const contractUser = await createUser(t, 'customer', { customerId: contractOnly.id });
    expect(await titlesFor(contractUser.token)).toEqual(['Passwort ändern']);
    expect((await internalFor(contractUser.token)).status).toBe(404);

    // An AV agreement alone is: the service terms tie the internal guides to it, not to a contract.
    const avOnly = await createCustomer(t);
    await createContract(t, avOnly.id, 'data_processing');
    const avUser = await createUser(t, 'customer', { customerId: avOnly.id });
    expect(await titlesFor(avUser.token)).toEqual(['Passwort ändern', 'VPN einrichten']);
    expect((await internalFor(avUser.token)).status).toBe(200);

    // An AV agreement signed only in the future is not in force yet.
    const pending = await createCustomer(t);
    await createContract(t, pending.id, 'data_processing', {
      startDate: offsetDays(-30),
      signedOn: offsetDays(5),
    });
    const pendingUser = await createUser(t, 'customer', { customerId: pending.id });
    expect(await titlesFor(pendingUser.token)).toEqual(['Passwort ändern']);
    expect((await internalFor(pendingUser.token)).status).toBe(404);
  });

  it('lets exactly one of several concurrently issued support invoices bill the same entries', async () => {
    const customer = await createCustomer(t);
    const service = await createService(t);
    const ticket = await createTicket(t, customer.id);
    await t.http
      .post(`/support/tickets/${ticket.id}/cost-decision`)
      .set(bearer(t.adminToken))
      .send({
        cause: 'third_party',
        category: 'extended',
        reason: 'Wir reparieren das Fremdsystem',
      })
      .expect(200);
    const day = pastWeekday(2);
    const entryIds: string[] = [];
    for (const start of ['09:00', '10:00']) {
      const entry = await t.http
        .post(`/support/tickets/${ticket.id}/time-entries`)
        .set(bearer(t.adminToken))
        .send({
          serviceId: service.id,
          startedAt: `${day}T${start}:00Z`,
          minutes: 15,
          description: 'Fix',
        })
        .expect(201);
      entryIds.push(entry.body.id);
    }
    // Four support drafts of the same entries, issued at once: one wins, three are refused.
    await configureCompany(t);
    const drafts: string[] = [];
    for (let n = 0; n < 4; n++) {
      const draft = await t.http
        .post('/invoices/support')
        .set(bearer(t.adminToken))
        .send({ customerId: customer.id, from: day, to: day })
        .expect(201);
      drafts.push(draft.body.id);
    }
    const attempts = await Promise.all(
      drafts.map((id) => t.http.post(`/invoices/${id}/issue`).set(bearer(t.adminToken)).send({})),
    );
    const statuses = attempts.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409]);
    for (const refused of attempts.filter((r) => r.status === 409)) {
      expect(refused.body.code).toBe('SUPPORT.ALREADY_INVOICED');
    }
    const winner = attempts.find((r) => r.status === 200)!;
    const entries = await t.http
      .get(`/support/tickets/${ticket.id}/time-entries`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect((entries.body.items as Array<{ invoiceRef: string }>).map((e) => e.invoiceRef)).toEqual([
      winner.body.number,
      winner.body.number,
    ]);
  });

  it('takes business hours and the approval threshold from the settings', async () => {
    const consultant = await createUser(t, 'consultant');
    const settings = await t.http
      .get('/support/settings')
      .set(bearer(consultant.token))
      .expect(200);
    expect(settings.body).toMatchObject({
      approvalThresholdWorkUnits: 2,
      approvalThresholdMinutes: 30,
      timeZone: 'Europe/Berlin',
      holidays: [],
    });
    expect(settings.body.businessHours).toHaveLength(5);
    await t.http
      .patch('/support/settings')
      .set(bearer(consultant.token))
      .send({ approvalThresholdWorkUnits: 0, version: settings.body.version })
      .expect(403);
    const bad = await t.http
      .patch('/support/settings')
      .set(bearer(t.adminToken))
      .send({ businessHours: [{ weekday: 6, open: '14:00', close: '09:00' }], version: 1 })
      .expect(400);
    expect(bad.body.errors).toEqual([
      { field: 'businessHours', messages: ['open must be before close'] },
    ]);
    const saturday = pastWeekday(6);
    await t.http
      .patch('/support/settings')
      .set(bearer(t.adminToken))
      .send({
        approvalThresholdWorkUnits: 0,
        businessHours: [{ weekday: 6, open: '09:00', close: '13:00' }],
        version: settings.body.version,
      })
      .expect(200);

    const customer = await createCustomer(t);
    const service = await createService(t);
    const ticket = await createTicket(t, customer.id);
    const log = (startedAt: string) =>
      t.http
        .post(`/support/tickets/${ticket.id}/time-entries`)
        .set(bearer(consultant.token))
        .send({ serviceId: service.id, startedAt, minutes: 60, description: 'Analyse' });
    // Saturday 09:00–10:00 UTC is 10:00–11:00 (or 11:00–12:00 in summer) in Berlin: now in hours.
    const inHours = await log(`${saturday}T09:00:00Z`).expect(201);
    expect(inHours.body.afterHoursMinutes).toBe(0);
    const weekday = await log(`${pastWeekday(2)}T10:00:00Z`).expect(201);
    expect(weekday.body.afterHoursMinutes).toBe(60); // Tuesdays are closed now

    await t.http
      .post(`/support/tickets/${ticket.id}/cost-decision`)
      .set(bearer(consultant.token))
      .send({ cause: 'unauthorised_intervention' })
      .expect(200);
    const refused = await log(`${saturday}T11:00:00Z`).expect(409);
    expect(refused.body).toMatchObject({ code: 'SUPPORT.APPROVAL_REQUIRED', limitMinutes: 0 });
  });
});
