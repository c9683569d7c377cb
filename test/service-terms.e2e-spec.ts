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
  type CreatedUser,
} from './support/factories.js';
import { easterSunday } from '../src/support/public-holidays.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { bearer, MovableClock, startTestApp, type TestApp } from './support/test-app.js';

/** Noon in Berlin on a day relative to today: the day an action was performed. */
const noonOf = (days: number) => `${offsetDays(days)}T11:00:00Z`;

describe('service terms: the AV gate asks about the day of the action', () => {
  let t: TestApp;
  let consultant: CreatedUser;

  beforeAll(async () => {
    t = await startTestApp();
    consultant = await createUser(t, 'consultant');
  });
  afterAll(() => t.close());

  const remoteSession = (ticketId: string, performedAt: string) =>
    t.http
      .post(`/support/tickets/${ticketId}/personal-data-actions`)
      .set(bearer(consultant.token))
      .send({ kind: 'remote_session', description: 'Fernwartung', performedAt });

  it('refuses a session before the agreement started, though it is in force today', async () => {
    const customer = await createCustomer(t);
    await createContract(t, customer.id, 'data_processing', { startDate: offsetDays(0) });
    const ticket = await createTicket(t, customer.id);
    const refused = await remoteSession(ticket.id, noonOf(-13)).expect(409);
    expect(refused.body).toMatchObject({
      code: 'SUPPORT.AV_AGREEMENT_REQUIRED',
      asOf: offsetDays(-13),
    });
    await remoteSession(ticket.id, new Date().toISOString()).expect(201);
  });

  it('accepts a session while the agreement was in force, though it has ended since', async () => {
    const customer = await createCustomer(t);
    await createContract(t, customer.id, 'data_processing', {
      startDate: offsetDays(-100),
      endDate: offsetDays(-1),
    });
    const ticket = await createTicket(t, customer.id);
    await remoteSession(ticket.id, noonOf(-2)).expect(201);
    const refused = await remoteSession(ticket.id, new Date().toISOString()).expect(409);
    expect(refused.body.code).toBe('SUPPORT.AV_AGREEMENT_REQUIRED');
  });
});

describe('service terms: time before the cause was known is billed only as the analysis fee', () => {
  let t: TestApp;
  let consultant: CreatedUser;
  let finance: CreatedUser;
  let service: { id: string };
  const day = pastWeekday(2);
  const at = (utcTime: string) => `${day}T${utcTime}:00Z`; // 08:00Z is 09:00 in Berlin

  beforeAll(async () => {
    t = await startTestApp();
    await configureCompany(t);
    consultant = await createUser(t, 'consultant');
    finance = await createUser(t, 'finance');
    service = await createService(t);
  });
  afterAll(() => t.close());

  const staff = (method: 'get' | 'post' | 'put', path: string) =>
    t.http[method](path).set(bearer(consultant.token));
  const logTime = (ticketId: string, startedAt: string, minutes: number) =>
    staff('post', `/support/tickets/${ticketId}/time-entries`)
      .send({ serviceId: service.id, description: 'Analyse', startedAt, minutes })
      .expect(201);
  const report = async (customerId: string) =>
    (
      await t.http
        .get(`/support/billing/time-report?customerId=${customerId}&from=${day}&to=${day}`)
        .set(bearer(finance.token))
        .expect(200)
    ).body as {
      lines: Array<Record<string, unknown>>;
      totals: { netCents: number };
    };

  it('bills the analysis only after the notice, at the decided share, capped at the threshold', async () => {
    const customer = await createCustomer(t);
    const ticket = await createTicket(t, customer.id);
    const logged = await logTime(ticket.id, at('08:00'), 120);
    expect(logged.body).toMatchObject({ billingBasis: 'analysis', billable: false });

    await staff('post', `/support/tickets/${ticket.id}/cost-decision`)
      .send({ cause: 'customer_error' })
      .expect(200);
    // The cause is known, but the customer has not been told: nothing is billable yet.
    expect((await report(customer.id)).lines).toEqual([]);
    const nothing = await t.http
      .post('/invoices/support')
      .set(bearer(finance.token))
      .send({ customerId: customer.id, from: day, to: day })
      .expect(422);
    expect(nothing.body.code).toBe('INVOICE.NOTHING_TO_INVOICE');

    await staff('post', `/support/tickets/${ticket.id}/customer-notices`)
      .send({ message: 'Die Ursache liegt in Ihrem Bereich.' })
      .expect(201);
    // 120 min analysed; without an order at most the threshold (2 AE = 30 min), at the
    // default share of 50 %.
    const told = await report(customer.id);
    expect(
      told.lines.map((l) => [
        l.basis,
        l.rawMinutes,
        l.billedMinutes,
        l.baseNetCents,
        l.lineNetCents,
      ]),
    ).toEqual([['analysis', 120, 30, 6000, 3000]]);

    const decided = await staff('put', `/support/tickets/${ticket.id}/goodwill`)
      .send({ phase: 'analysis', billedPercent: '25', reason: 'Ursache erst am Ende erkennbar' })
      .expect(200);
    expect(decided.body).toMatchObject({
      analysisFee: { billedPercent: '25.00', reason: 'Ursache erst am Ende erkennbar' },
      goodwill: { billedPercent: '100.00' },
    });
    const shared = await report(customer.id);
    expect(shared.lines[0]).toMatchObject({
      basis: 'analysis',
      goodwillBilledBp: 2500,
      goodwillReason: 'Ursache erst am Ende erkennbar',
      lineNetCents: 1500,
    });

    const draft = await t.http
      .post('/invoices/support')
      .set(bearer(finance.token))
      .send({ customerId: customer.id, from: day, to: day })
      .expect(201);
    expect(draft.body.netCents).toBe(1500);
    const titles = (draft.body.lines as Array<{ title: string }>).map((l) => l.title);
    expect(titles[0]).toContain(`Ticket ${decided.body.number} · Analysegebühr`);
  });

  it('bills time before a change from free to billed only as the capped analysis fee', async () => {
    const customer = await createCustomer(t);
    const ticket = await createTicket(t, customer.id);
    await staff('post', `/support/tickets/${ticket.id}/cost-decision`)
      .send({ cause: 'provider_defect' })
      .expect(200);
    await logTime(ticket.id, at('08:00'), 60); // 4 AE, free when logged
    await staff('post', `/support/tickets/${ticket.id}/cost-decision`)
      .send({ cause: 'provider_defect', category: 'extended', reason: 'Fremdsystem betreut' })
      .expect(200);
    const billed = await report(customer.id);
    expect(billed.lines.map((l) => [l.basis, l.billedMinutes, l.lineNetCents])).toEqual([
      ['analysis', 30, 3000],
    ]);
  });

  it('lets only an admin make the customer’s own error free support (waiving is goodwill)', async () => {
    const customer = await createCustomer(t);
    const ticket = await createTicket(t, customer.id);
    const decide = (token: string) =>
      t.http
        .post(`/support/tickets/${ticket.id}/cost-decision`)
        .set(bearer(token))
        .send({ cause: 'customer_error', category: 'standard', reason: 'Kulanz' });
    const refused = await decide(consultant.token).expect(403);
    expect(refused.body.code).toBe('SUPPORT.FREE_CUSTOMER_ERROR_ADMIN_ONLY');
    const unchanged = await staff('get', `/support/tickets/${ticket.id}`).expect(200);
    expect(unchanged.body.costDecision).toBeNull();
    const decided = await decide(t.adminToken).expect(200);
    expect(decided.body.costDecision).toMatchObject({ category: 'standard', overridden: true });
  });

  it('records who the partner of a referral is and what the customer was given', async () => {
    const customer = await createCustomer(t);
    const customerUser = await createUser(t, 'customer', { customerId: customer.id });
    const ticket = await createTicket(t, customer.id);
    const refer = (body: Record<string, unknown>) =>
      staff('post', `/support/tickets/${ticket.id}/cost-decision`).send({
        cause: 'third_party',
        ...body,
      });
    const noPartner = await refer({}).expect(400);
    expect(noPartner.body.errors[0].field).toBe('referralPartner');
    const referral = {
      referralPartner: 'Telekom Geschäftskunden',
      referralDocument: 'Störungshotline 0800 330 1300',
    };
    await refer(referral).expect(200);
    const seen = await t.http
      .get(`/support/tickets/${ticket.id}`)
      .set(bearer(customerUser.token))
      .expect(200);
    expect(seen.body.costDecision).toMatchObject({
      category: 'referred',
      referral: { partner: referral.referralPartner, document: referral.referralDocument },
    });
  });

  it('grants goodwill on a single entry ahead of the ticket’s', async () => {
    const customer = await createCustomer(t);
    const ticket = await createTicket(t, customer.id);
    await staff('post', `/support/tickets/${ticket.id}/cost-decision`)
      .send({ cause: 'unauthorised_intervention' })
      .expect(200);
    const first = await logTime(ticket.id, at('08:00'), 15);
    await logTime(ticket.id, at('09:00'), 15);
    const granted = await staff(
      'put',
      `/support/tickets/${ticket.id}/time-entries/${first.body.id}/goodwill`,
    )
      .send({ billedPercent: '50', reason: 'Erste Analyse zur Hälfte' })
      .expect(200);
    expect(granted.body.goodwill).toEqual({
      billedPercent: '50.00',
      reason: 'Erste Analyse zur Hälfte',
    });
    const lines = (await report(customer.id)).lines;
    expect(lines.map((l) => [l.goodwillBilledBp, l.goodwillReason, l.lineNetCents])).toEqual([
      [5000, 'Erste Analyse zur Hälfte', 1500],
      [10_000, null, 3000],
    ]);
  });

  it('keeps the default share as a setting', async () => {
    const settings = await t.http.get('/support/settings').set(bearer(t.adminToken)).expect(200);
    expect(settings.body.analysisFeeBilledPercent).toBe('50.00');
    const refused = await t.http
      .patch('/support/settings')
      .set(bearer(t.adminToken))
      .send({ analysisFeeBilledPercent: '150', version: settings.body.version })
      .expect(400);
    expect(refused.body.errors[0].field).toBe('analysisFeeBilledPercent');
    const changed = await t.http
      .patch('/support/settings')
      .set(bearer(t.adminToken))
      .send({ analysisFeeBilledPercent: '40', version: settings.body.version })
      .expect(200);
    expect(changed.body.analysisFeeBilledPercent).toBe('40.00');
  });
});

describe('service terms: ordered work (Auftragsleistungen) is billed by nature', () => {
  let t: TestApp;
  let consultant: CreatedUser;
  let customerUser: CreatedUser;
  let service: { id: string };
  let customerId: string;
  const day = pastWeekday(4);
  const at = (utcTime: string) => `${day}T${utcTime}:00Z`;
  const clock = new MovableClock('Europe/Berlin');

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    consultant = await createUser(t, 'consultant');
    const customer = await createCustomer(t);
    customerId = customer.id;
    customerUser = await createUser(t, 'customer', { customerId });
    // Priced in work units (AE) per the price list.
    service = await createService(t, {
      unit: 'work_unit',
      rateCents: 3000,
      name: 'Administration',
    });
  });
  afterAll(() => t.close());

  const logOrdered = (ticketId: string, startedAt: string, minutes: number) =>
    t.http.post(`/support/tickets/${ticketId}/time-entries`).set(bearer(consultant.token)).send({
      serviceId: service.id,
      description: 'Postfächer migriert',
      startedAt,
      minutes,
      orderedWorkKind: 'account_migration',
    });

  it('bills ordered work on a free ticket up to the threshold, beyond it only with an order', async () => {
    const ticket = await createTicket(t, customerId);
    await t.http
      .post(`/support/tickets/${ticket.id}/cost-decision`)
      .set(bearer(consultant.token))
      .send({ cause: 'provider_defect' })
      .expect(200);

    // below the threshold (2 AE): billable with no order
    const below = await logOrdered(ticket.id, at('08:00'), 30).expect(201);
    expect(below.body).toMatchObject({
      billingBasis: 'ordered_work',
      orderedWorkKind: 'account_migration',
      billable: true,
    });
    // above it: the customer's order first
    const above = await logOrdered(ticket.id, at('09:00'), 15).expect(409);
    expect(above.body).toMatchObject({
      code: 'SUPPORT.APPROVAL_REQUIRED',
      limitMinutes: 30,
      requestedMinutes: 45,
    });

    clock.setTo(at('08:50')); // the order is given that morning
    const quote = await t.http
      .post(`/support/tickets/${ticket.id}/quotes`)
      .set(bearer(consultant.token))
      .send({
        description: 'Migration der übrigen Konten',
        serviceId: service.id,
        estimatedMinutes: 90,
        orderedWorkKind: 'account_migration',
      })
      .expect(201);
    await t.http
      .post(`/support/tickets/${ticket.id}/quotes/${quote.body.id}/approve`)
      .set(bearer(customerUser.token))
      .send({})
      .expect(200);
    clock.reset();
    // The order covers work after it, not work dated before it.
    await logOrdered(ticket.id, at('08:30'), 15).expect(409);
    const ordered = await logOrdered(ticket.id, at('09:00'), 45).expect(201);
    expect(ordered.body.billable).toBe(true);

    const report = await t.http
      .get(`/support/billing/time-report?customerId=${customerId}&from=${day}&to=${offsetDays(0)}`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect(
      (report.body.lines as Array<Record<string, unknown>>).map((l) => [
        l.basis,
        l.quantityMilli,
        l.lineNetCents,
      ]),
    ).toEqual([
      ['ordered_work', 2000, 6000],
      ['ordered_work', 3000, 9000],
    ]);
  });
});

describe('service terms: service outside the contract is billed at the price list', () => {
  let t: TestApp;
  let consultant: CreatedUser;
  let service: { id: string };
  const saturday = pastWeekday(6);

  beforeAll(async () => {
    t = await startTestApp();
    consultant = await createUser(t, 'consultant');
    service = await createService(t); // 120 €/h, 50 % after hours
  });
  afterAll(() => t.close());

  /** A Saturday-night intervention (22:00–23:30 in Berlin) on a ticket with `cause`. */
  async function nightIntervention(customerId: string, cause: string) {
    const ticket = await createTicket(t, customerId);
    await t.http
      .post(`/support/tickets/${ticket.id}/cost-decision`)
      .set(bearer(consultant.token))
      .send({ cause })
      .expect(200);
    const entry = await t.http
      .post(`/support/tickets/${ticket.id}/time-entries`)
      .set(bearer(consultant.token))
      .send({
        serviceId: service.id,
        description: 'Notfall: Mailserver neu gestartet',
        startedAt: `${saturday}T21:00:00Z`,
        minutes: 90,
      })
      .expect(201);
    const report = await t.http
      .get(`/support/billing/time-report?customerId=${customerId}&from=${saturday}&to=${saturday}`)
      .set(bearer(t.adminToken))
      .expect(200);
    return { entry: entry.body, lines: report.body.lines as Array<Record<string, unknown>> };
  }

  it('bills a night intervention on a free ticket outside the contract’s hours, with the surcharge', async () => {
    const customer = await createCustomer(t);
    await createContract(t, customer.id, 'service'); // the business hours
    const { entry, lines } = await nightIntervention(customer.id, 'unknown');
    expect(entry).toMatchObject({
      afterHoursMinutes: 90,
      outsideCoverageMinutes: 90,
      billable: true,
    });
    expect(
      lines.map((l) => [
        l.basis,
        l.rawMinutes,
        l.baseNetCents,
        l.afterHoursSurchargeCents,
        l.lineNetCents,
      ]),
    ).toEqual([['outside_coverage', 90, 18000, 9000, 27000]]);
  });

  it('bills nothing within hours the contract covers', async () => {
    const customer = await createCustomer(t);
    const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      open: '00:00',
      close: '23:59',
    }));
    const contract = await t.http
      .post(`/customers/${customer.id}/contracts`)
      .set(bearer(t.adminToken))
      .send({ kind: 'service', startDate: offsetDays(-365), coveredHours: allWeek })
      .expect(201);
    expect(contract.body.coveredHours).toHaveLength(7);
    const { entry, lines } = await nightIntervention(customer.id, 'unknown');
    expect(entry).toMatchObject({
      afterHoursMinutes: 90,
      outsideCoverageMinutes: 0,
      billable: false,
    });
    expect(lines).toEqual([]);
  });

  it('keeps the provider’s own defect free at any hour', async () => {
    const customer = await createCustomer(t);
    await createContract(t, customer.id, 'service');
    const { entry, lines } = await nightIntervention(customer.id, 'provider_defect');
    expect(entry).toMatchObject({ outsideCoverageMinutes: 90, billable: false });
    expect(lines).toEqual([]);
  });

  it('refuses covered hours on a contract that is not a service contract', async () => {
    const customer = await createCustomer(t);
    const refused = await t.http
      .post(`/customers/${customer.id}/contracts`)
      .set(bearer(t.adminToken))
      .send({
        kind: 'update',
        startDate: offsetDays(-1),
        coveredHours: [{ weekday: 1, open: '08:00', close: '18:00' }],
      })
      .expect(400);
    expect(refused.body.errors[0].field).toBe('coveredHours');
  });
});

describe('service terms: the English time report keeps words and dates whole', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('prints whole dates and the minute columns with their unit', async () => {
    const customer = await createCustomer(t, { language: 'en' });
    const consultant = await createUser(t, 'consultant');
    const service = await createService(t);
    const ticket = await createTicket(t, customer.id);
    await t.http
      .post(`/support/tickets/${ticket.id}/cost-decision`)
      .set(bearer(consultant.token))
      .send({ cause: 'unauthorised_intervention' })
      .expect(200);
    const day = pastWeekday(3);
    await t.http
      .post(`/support/tickets/${ticket.id}/time-entries`)
      .set(bearer(consultant.token))
      .send({
        serviceId: service.id,
        description: 'Restore',
        startedAt: `${day}T08:00:00Z`,
        minutes: 16,
      })
      .expect(201);
    const document = await t.http
      .post('/support/billing/time-report/document')
      .set(bearer(t.adminToken))
      .send({ customerId: customer.id, from: day, to: day })
      .expect(201);
    const pdf = await t.http
      .get(`/documents/${document.body.id}/pdf`)
      .set(bearer(t.adminToken))
      .buffer(true)
      .parse(binaryBody as never)
      .expect(200);
    const text = (await pdfText(pdf.body as Buffer)).text.replace(/\s+/g, ' ');
    const date = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${day}T12:00:00Z`));
    // the table's header, and its row: date, ticket, work, minutes with their unit
    for (const expected of [
      'Ticket Work Worked Billed',
      `${date} ${ticket.number}`,
      '16 min 30 min',
    ]) {
      expect(text).toContain(expected);
    }
  });
});

describe('service terms: public holidays of the company’s federal state', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('computes them from the federal state and recomputes the unbilled entries', async () => {
    const customer = await createCustomer(t);
    const consultant = await createUser(t, 'consultant');
    const service = await createService(t);
    const ticket = await createTicket(t, customer.id);
    await t.http
      .post(`/support/tickets/${ticket.id}/cost-decision`)
      .set(bearer(consultant.token))
      .send({ cause: 'unauthorised_intervention' })
      .expect(200);
    // Whit Monday of last year (Easter + 50), 10:00 in Berlin: a Monday like any other so far
    const lastYear = Number(offsetDays(0).slice(0, 4)) - 1;
    const whitMonday = new Date(easterSunday(lastYear).getTime() + 50 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const entry = await t.http
      .post(`/support/tickets/${ticket.id}/time-entries`)
      .set(bearer(consultant.token))
      .send({
        serviceId: service.id,
        description: 'Fernwartung',
        startedAt: `${whitMonday}T08:00:00Z`,
        minutes: 30,
      })
      .expect(201);
    expect(entry.body.afterHoursMinutes).toBe(0);

    const settings = await t.http.get('/support/settings').set(bearer(t.adminToken)).expect(200);
    expect(settings.body).toMatchObject({ federalState: null, publicHolidays: [] });
    const saxony = await t.http
      .patch('/support/settings')
      .set(bearer(t.adminToken))
      .send({ federalState: 'SN', version: settings.body.version })
      .expect(200);
    const year = lastYear + 1;
    expect(saxony.body.publicHolidays).toEqual(
      expect.arrayContaining([`${year}-10-31`, `${year}-12-25`, `${year + 1}-01-01`]),
    );
    const entries = await t.http
      .get(`/support/tickets/${ticket.id}/time-entries`)
      .set(bearer(consultant.token))
      .expect(200);
    expect(entries.body.items[0].afterHoursMinutes).toBe(30);

    const refused = await t.http
      .patch('/support/settings')
      .set(bearer(t.adminToken))
      .send({ federalState: 'XX', version: saxony.body.version })
      .expect(400);
    expect(refused.body.errors[0].field).toBe('federalState');
  });
});
