import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditEntry } from '../src/audit/audit-entry.entity.js';
import { OutboxMail } from '../src/mail/mail-outbox.entity.js';
import { CustomerNotice } from '../src/support/ticket.entity.js';
import {
  configureCompany,
  createCustomer,
  createService,
  createTicket,
  createUser,
  pastWeekday,
  type CreatedCustomer,
  type CreatedUser,
} from './support/factories.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { bearer, MovableClock, startTestApp, type TestApp } from './support/test-app.js';

const ids = (items: unknown) => (items as Array<{ id: string }>).map((i) => i.id);

describe('support desk: a non-contract ticket that turns out to be the customer’s error', () => {
  let t: TestApp;
  let customer: CreatedCustomer;
  let customerUser: CreatedUser;
  let consultant: CreatedUser;
  let finance: CreatedUser;
  let service: { id: string };
  let ticketId: string;
  const day = pastWeekday(3); // a Wednesday at least a week ago
  const at = (utcTime: string) => `${day}T${utcTime}:00Z`; // 09:00Z is 10:00/11:00 in Berlin
  // The story happens on `day`: the notice and the orders are given that day, before the work.
  const clock = new MovableClock('Europe/Berlin');

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    customer = await createCustomer(t);
    customerUser = await createUser(t, 'customer', {
      customerId: customer.id,
      name: 'Eva Müller',
    });
    consultant = await createUser(t, 'consultant');
    finance = await createUser(t, 'finance');
    service = await createService(t);
  });
  afterAll(() => t.close());

  const logTime = (body: Record<string, unknown>) =>
    t.http
      .post(`/support/tickets/${ticketId}/time-entries`)
      .set(bearer(consultant.token))
      .send({ serviceId: service.id, description: 'Analyse', ...body });

  it('lets the customer open a ticket through the portal and see only their own', async () => {
    const created = await t.http
      .post('/support/tickets')
      .set(bearer(customerUser.token))
      .send({ title: 'Postfach leer', description: 'Alle Mails sind weg.', severity: 'high' })
      .expect(201);
    expect(created.body).toMatchObject({
      number: expect.stringMatching(/^T-\d{5}$/),
      customerId: customer.id,
      channel: 'portal',
      severity: 'high',
      status: 'new',
      costDecision: null,
      allowedNextStatuses: [],
    });
    expect(created.body).not.toHaveProperty('assigneeId');
    ticketId = created.body.id;

    const other = await createCustomer(t);
    const otherUser = await createUser(t, 'customer', { customerId: other.id });
    const hidden = await t.http
      .get(`/support/tickets/${ticketId}`)
      .set(bearer(otherUser.token))
      .expect(404);
    expect(hidden.body.code).toBe('TICKET.NOT_FOUND');
    const otherList = await t.http.get('/support/tickets').set(bearer(otherUser.token)).expect(200);
    expect(otherList.body.total).toBe(0);
    await t.http
      .post('/support/tickets')
      .set(bearer(otherUser.token))
      .send({ customerId: customer.id, title: 'x', description: 'y' })
      .expect(404);
    const own = await t.http.get('/support/tickets').set(bearer(customerUser.token)).expect(200);
    expect(ids(own.body.items)).toEqual([ticketId]);
  });

  it('never shows internal notes to the customer', async () => {
    await t.http
      .post(`/support/tickets/${ticketId}/notes`)
      .set(bearer(consultant.token))
      .send({ body: 'Kunde hat vermutlich selbst gelöscht' })
      .expect(201);
    await t.http
      .post(`/support/tickets/${ticketId}/notes`)
      .set(bearer(consultant.token))
      .send({ body: 'Wir prüfen das.', visibility: 'customer' })
      .expect(201);
    await t.http
      .post(`/support/tickets/${ticketId}/notes`)
      .set(bearer(customerUser.token))
      .send({ body: 'Danke!', visibility: 'internal' })
      .expect(400);
    const staffView = await t.http
      .get(`/support/tickets/${ticketId}/notes`)
      .set(bearer(consultant.token))
      .expect(200);
    expect(staffView.body.total).toBe(2);
    const customerView = await t.http
      .get(`/support/tickets/${ticketId}/notes`)
      .set(bearer(customerUser.token))
      .expect(200);
    expect((customerView.body.items as Array<{ body: string }>).map((n) => n.body)).toEqual([
      'Wir prüfen das.',
    ]);
  });

  it('moves the status along the lifecycle and names the allowed moves on a wrong one', async () => {
    const ticket = await t.http.get(`/support/tickets/${ticketId}`).set(bearer(consultant.token));
    const wrong = await t.http
      .post(`/support/tickets/${ticketId}/status`)
      .set(bearer(consultant.token))
      .send({ status: 'closed', version: ticket.body.version })
      .expect(200);
    // new → closed is allowed (e.g. a duplicate); reopen a fresh ticket for the real flow.
    expect(wrong.body.status).toBe('closed');
    const refused = await t.http
      .post(`/support/tickets/${ticketId}/status`)
      .set(bearer(consultant.token))
      .send({ status: 'analysing', version: wrong.body.version })
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'SUPPORT.INVALID_STATUS_CHANGE',
      allowedNextStatuses: [],
    });

    const fresh = await createTicket(t, customer.id, { title: 'Postfach leer (2)' });
    ticketId = fresh.id;
    const analysing = await t.http
      .post(`/support/tickets/${ticketId}/status`)
      .set(bearer(consultant.token))
      .send({ status: 'analysing', version: fresh.version })
      .expect(200);
    const skip = await t.http
      .post(`/support/tickets/${ticketId}/status`)
      .set(bearer(consultant.token))
      .send({ status: 'closed', version: analysing.body.version })
      .expect(409);
    expect(skip.body.allowedNextStatuses).toEqual([
      'waiting_for_customer',
      'in_progress',
      'resolved',
    ]);
    await t.http
      .patch(`/support/tickets/${ticketId}`)
      .set(bearer(consultant.token))
      .send({ assigneeId: customerUser.id, version: analysing.body.version })
      .expect(400);
    const assigned = await t.http
      .patch(`/support/tickets/${ticketId}`)
      .set(bearer(consultant.token))
      .send({ assigneeId: consultant.id, version: analysing.body.version })
      .expect(200);
    expect(assigned.body.assigneeId).toBe(consultant.id);
  });

  it('names the customer user’s own contact as the reporter of a portal ticket', async () => {
    const other = await createCustomer(t);
    const user = await createUser(t, 'customer', { customerId: other.id });
    const contact = await t.http
      .post(`/customers/${other.id}/contacts`)
      .set(bearer(t.adminToken))
      .send({ name: 'Petra Portal', email: user.email.toUpperCase() })
      .expect(201);
    const created = await t.http
      .post('/support/tickets')
      .set(bearer(user.token))
      .send({ title: 'Drucker', description: 'Druckt nicht.' })
      .expect(201);
    expect(created.body.contactId).toBe(contact.body.id);
    // Staff opening a ticket by phone name the contact themselves, or none.
    const byPhone = await t.http
      .post('/support/tickets')
      .set(bearer(consultant.token))
      .send({ customerId: other.id, channel: 'phone', title: 'Anruf', description: 'x' })
      .expect(201);
    expect(byPhone.body.contactId).toBeNull();
  });

  it('refuses 0 and negative minutes with 400, and logs free analysis time before the decision', async () => {
    for (const minutes of [0, -5]) {
      const response = await logTime({ minutes, startedAt: at('09:00') }).expect(400);
      expect(response.body.code).toBe('VALIDATION.FAILED');
      expect(response.body.errors[0].field).toBe('minutes');
    }
    await logTime({ startedAt: at('09:30'), endedAt: at('09:30') }).expect(400);
    const analysis = await logTime({ startedAt: at('09:00'), minutes: 20 }).expect(201);
    expect(analysis.body).toMatchObject({ minutes: 20, afterHoursMinutes: 0, billable: false });
  });

  it('defaults the customer’s error to billed extended support and requires notifying them first', async () => {
    clock.setTo(at('09:45'));
    const decided = await t.http
      .post(`/support/tickets/${ticketId}/cost-decision`)
      .set(bearer(consultant.token))
      .send({ cause: 'customer_error', reason: 'Postfach vom Kunden selbst gelöscht' })
      .expect(200);
    expect(decided.body.costDecision).toMatchObject({
      cause: 'customer_error',
      category: 'extended',
      billable: true,
      overridden: false,
      decidedBy: consultant.email,
    });
    const customerView = await t.http
      .get(`/support/tickets/${ticketId}`)
      .set(bearer(customerUser.token))
      .expect(200);
    expect(customerView.body.costDecision).toEqual({
      cause: 'customer_error',
      category: 'extended',
      billable: true,
      decidedAt: expect.any(String),
      referral: null,
    });

    const early = await logTime({ startedAt: at('09:30'), minutes: 10 }).expect(409);
    expect(early.body.code).toBe('SUPPORT.CUSTOMER_NOT_NOTIFIED');

    const message = 'Die Ursache ist ein Bedienfehler; weitere Arbeit ist kostenpflichtig.';
    const notified = await t.http
      .post(`/support/tickets/${ticketId}/customer-notices`)
      .set(bearer(consultant.token))
      .send({ message })
      .expect(201);
    // The portal ticket names no reporting contact: the customer's first contact is told.
    const contactEmail = customer.contacts[0].email;
    expect(notified.body.customerNotices).toEqual([
      expect.objectContaining({
        reason: 'customer_error',
        notifiedBy: consultant.email,
        mailTo: contactEmail,
      }),
    ]);
    const audit = await t.http
      .get(`/audit?entityType=support_ticket&entityId=${ticketId}`)
      .set(bearer(t.adminToken))
      .expect(200);
    const notifiedEntry = (audit.body.items as Array<{ action: string; changes: unknown }>).find(
      (e) => e.action === 'customer_notified',
    );

    const mails = await t.app.get(DataSource).getRepository(OutboxMail).find();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      kind: 'support_customer_notice',
      toAddress: contactEmail,
      toName: 'Jörg Weiß',
      language: 'de',
      subject: `Ticket ${notified.body.number}: kostenpflichtige Unterstützung (Ursache in Ihrem Bereich)`,
      relatedType: 'support_ticket',
      relatedId: ticketId,
      status: 'queued',
    });
    expect(mails[0].textBody).toContain('Guten Tag Jörg Weiß,');
    expect(mails[0].textBody).toContain(
      `„${notified.body.title}“ (Ticket ${notified.body.number})`,
    );
    expect(mails[0].textBody).toContain(message);
    expect(mails[0].textBody).toContain('mehr als 30 Minuten');
    expect(notifiedEntry?.changes).toMatchObject({
      to: contactEmail,
      message,
      mailId: mails[0].id,
    });

    // Booked after the notice, but worked before it: the notice is checked at the work's time,
    // so this is analysis time, billed only within the analysis fee (whose cap the first
    // 20 → 30 min already fill: it is not billed at all).
    const workedBefore = await logTime({ startedAt: at('09:30'), minutes: 10 }).expect(201);
    expect(workedBefore.body).toMatchObject({ billingBasis: 'analysis', billable: true });
  });

  it('needs the customer’s order beyond 2 AE and refuses time beyond the approved effort', async () => {
    // The free analysis (20 → 30 min) became billable with the decision: the threshold is used up.
    clock.setTo(at('10:20'));
    const beyond = await logTime({ startedAt: at('10:00'), minutes: 10 }).expect(409);
    expect(beyond.body).toMatchObject({
      code: 'SUPPORT.APPROVAL_REQUIRED',
      limitMinutes: 30,
      requestedMinutes: 45,
    });

    const quote = await t.http
      .post(`/support/tickets/${ticketId}/quotes`)
      .set(bearer(consultant.token))
      .send({
        description: 'Wiederherstellung aus Backup',
        serviceId: service.id,
        estimatedMinutes: 60,
      })
      .expect(201);
    expect(quote.body).toMatchObject({ status: 'proposed', estimatedNetCents: 12000 });
    const approved = await t.http
      .post(`/support/tickets/${ticketId}/quotes/${quote.body.id}/approve`)
      .set(bearer(customerUser.token))
      .send({})
      .expect(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decidedVia: 'portal',
      decidedByName: 'Eva Müller', // the person, as project approvals record
    });
    const twice = await t.http
      .post(`/support/tickets/${ticketId}/quotes/${quote.body.id}/approve`)
      .set(bearer(customerUser.token))
      .send({})
      .expect(409);
    expect(twice.body.code).toBe('SUPPORT.QUOTE_NOT_PROPOSED');

    // Work before the approval is not covered by it: the order is checked at the work's time.
    const beforeOrder = await logTime({ startedAt: at('10:00'), minutes: 16 }).expect(409);
    expect(beforeOrder.body.code).toBe('SUPPORT.APPROVAL_REQUIRED');
    clock.setTo(at('11:05'));
    await logTime({ startedAt: at('10:30'), minutes: 16 }).expect(201); // 30 billed: 60 of 60
    const exceeded = await logTime({ startedAt: at('11:00'), minutes: 1 }).expect(409);
    expect(exceeded.body).toMatchObject({
      code: 'SUPPORT.APPROVED_EFFORT_EXCEEDED',
      limitMinutes: 60,
      requestedMinutes: 75,
    });

    // An extension, ordered by phone and recorded by staff with who/when/how.
    clock.setTo(at('15:00'));
    const extension = await t.http
      .post(`/support/tickets/${ticketId}/quotes`)
      .set(bearer(consultant.token))
      .send({ description: 'Nacharbeit am Abend', serviceId: service.id, estimatedMinutes: 15 })
      .expect(201);
    await t.http
      .post(`/support/tickets/${ticketId}/quotes/${extension.body.id}/approve`)
      .set(bearer(consultant.token))
      .send({})
      .expect(400);
    clock.setTo(at('16:30'));
    // An approval cannot predate the quote it approves.
    const predated = await t.http
      .post(`/support/tickets/${ticketId}/quotes/${extension.body.id}/approve`)
      .set(bearer(consultant.token))
      .send({ via: 'phone', decidedByName: 'Jörg Weiß', decidedAt: at('14:00') })
      .expect(400);
    expect(predated.body.errors[0].field).toBe('decidedAt');
    const recorded = await t.http
      .post(`/support/tickets/${ticketId}/quotes/${extension.body.id}/approve`)
      .set(bearer(consultant.token))
      .send({ via: 'phone', decidedByName: 'Jörg Weiß', decidedAt: at('16:00') })
      .expect(200);
    expect(recorded.body).toMatchObject({
      status: 'approved',
      decidedVia: 'phone',
      decidedByName: 'Jörg Weiß',
      decidedAt: new Date(at('16:00')).toISOString(),
    });
    clock.reset();
    // 17:30Z is after 18:00 in Berlin: the whole entry is after hours.
    const evening = await logTime({ startedAt: at('17:30'), minutes: 15 }).expect(201);
    expect(evening.body).toMatchObject({ afterHoursMinutes: 15, billable: true });
  });

  it('reports the billable entries with goodwill, and invoices each entry only once', async () => {
    await t.http
      .put(`/support/tickets/${ticketId}/goodwill`)
      .set(bearer(consultant.token))
      .send({ billedPercent: '50', reason: 'Ursache erst am Ende der Analyse erkennbar' })
      .expect(200);

    const report = await t.http
      .get(`/support/billing/time-report?customerId=${customer.id}&from=${day}&to=${day}`)
      .set(bearer(finance.token))
      .expect(200);
    expect(report.body.customer).toEqual({
      id: customer.id,
      number: customer.number,
      name: expect.any(String),
    });
    expect(
      (report.body.lines as Array<Record<string, unknown>>).map((l) => [
        l.basis,
        l.rawMinutes,
        l.billedMinutes,
        l.quantityMilli,
        l.baseNetCents,
        l.afterHoursSurchargeCents,
        l.goodwillCents,
        l.lineNetCents,
      ]),
    ).toEqual([
      // the analysis before the decision: the analysis fee at the default share (50 %)
      ['analysis', 20, 30, 500, 6000, 0, 3000, 3000],
      ['work', 16, 30, 500, 6000, 0, 3000, 3000],
      ['work', 15, 15, 250, 3000, 1500, 2250, 2250],
    ]);
    expect(report.body.totals).toEqual({
      rawMinutes: 51,
      billedMinutes: 75,
      baseNetCents: 15000,
      afterHoursSurchargeCents: 1500,
      goodwillCents: 8250,
      netCents: 8250,
    });

    // The same report as a stored PDF in the customer's language (Leistungsnachweis).
    const document = await t.http
      .post('/support/billing/time-report/document')
      .set(bearer(finance.token))
      .send({ customerId: customer.id, from: day, to: day })
      .expect(201);
    expect(document.body).toMatchObject({ kind: 'time-report', draft: false });
    const pdf = await t.http
      .get(`/documents/${document.body.id}/pdf`)
      .set(bearer(finance.token))
      .buffer(true)
      .parse(binaryBody as never)
      .expect(200);
    const text = (await pdfText(pdf.body as Buffer)).text.replace(/\s+/g, ' ');
    for (const expected of [
      'Leistungsnachweis',
      '82,50',
      '-82,50',
      'Kulanz',
      'Ursache erst am Ende der Analyse erkennbar',
      'Analysegebühr (anteilig)',
    ]) {
      expect(text).toContain(expected);
    }

    // Invoiced through the invoicing module: a support draft for the period, then issued.
    await configureCompany(t);
    await t.http
      .post('/invoices/support')
      .set(bearer(consultant.token))
      .send({ customerId: customer.id, from: day, to: day })
      .expect(403);
    const draft = await t.http
      .post('/invoices/support')
      .set(bearer(finance.token))
      .send({ customerId: customer.id, from: day, to: day })
      .expect(201);
    expect(draft.body.netCents).toBe(8250);
    const issued = await t.http
      .post(`/invoices/${draft.body.id}/issue`)
      .set(bearer(finance.token))
      .send({})
      .expect(200);
    expect(issued.body).toMatchObject({ kind: 'support', status: 'issued', netCents: 8250 });
    const entries = await t.http
      .get(`/support/tickets/${ticketId}/time-entries`)
      .set(bearer(consultant.token))
      .expect(200);
    // In the order worked; the analysis time beyond the analysis fee's cap is not invoiced.
    expect(
      (entries.body.items as Array<{ billable: boolean; invoiceRef: string | null }>)
        .filter((e) => e.billable)
        .map((e) => e.invoiceRef),
    ).toEqual([issued.body.number, null, issued.body.number, issued.body.number]);
    const again = await t.http
      .post('/invoices/support')
      .set(bearer(finance.token))
      .send({ customerId: customer.id, from: day, to: day })
      .expect(422);
    expect(again.body.code).toBe('INVOICE.NOTHING_TO_INVOICE');

    const after = await t.http
      .get(`/support/billing/time-report?customerId=${customer.id}&from=${day}&to=${day}`)
      .set(bearer(finance.token))
      .expect(200);
    expect(after.body.lines).toEqual([]);
    expect(after.body.totals.netCents).toBe(0);
  });

  it('refuses to change the category once time was invoiced', async () => {
    const locked = await t.http
      .post(`/support/tickets/${ticketId}/cost-decision`)
      .set(bearer(consultant.token))
      .send({ cause: 'provider_defect' })
      .expect(409);
    expect(locked.body.code).toBe('SUPPORT.CATEGORY_LOCKED');
    const ticket = await t.http
      .get(`/support/tickets/${ticketId}`)
      .set(bearer(consultant.token))
      .expect(200);
    expect(ticket.body.costDecision.category).toBe('extended');
  });
});

describe('support desk: whom the customer-error notice is e-mailed to', () => {
  let t: TestApp;
  let consultant: CreatedUser;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    consultant = await createUser(t, 'consultant');
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  /** A ticket of the customer whose analysis found the customer's own error. */
  const customerErrorTicket = async (customerId: string, contactId?: string) => {
    const ticket = await createTicket(t, customerId, contactId ? { contactId } : {});
    await t.http
      .post(`/support/tickets/${ticket.id}/cost-decision`)
      .set(bearer(consultant.token))
      .send({ cause: 'customer_error' })
      .expect(200);
    return ticket;
  };
  const notify = (ticketId: string, message: string) =>
    t.http
      .post(`/support/tickets/${ticketId}/customer-notices`)
      .set(bearer(consultant.token))
      .send({ message });

  it('writes to the reporting contact in the customer’s language', async () => {
    const customer = await createCustomer(t, {
      language: 'en',
      contacts: [
        { name: 'Oliver Brennan', email: 'oliver@customer.example', isSignatory: true },
        { name: 'Zoe Carter', email: 'zoe@customer.example' },
      ],
    });
    const zoe = customer.contacts.find((c) => c.email === 'zoe@customer.example')!;
    const ticket = await customerErrorTicket(customer.id, zoe.id);
    const message = 'The mailbox rule that deletes all mail was set up on your side.';

    const notified = await notify(ticket.id, message).expect(201);
    expect(notified.body.customerNotices).toEqual([
      expect.objectContaining({ mailTo: 'zoe@customer.example' }),
    ]);
    const mails = await db.getRepository(OutboxMail).findBy({ relatedId: ticket.id });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      toAddress: 'zoe@customer.example',
      toName: 'Zoe Carter',
      language: 'en',
      subject: `Ticket ${ticket.number}: billable support (cause on your side)`,
    });
    expect(mails[0].textBody).toContain('Dear Zoe Carter,');
    expect(mails[0].textBody).toContain(`(ticket ${ticket.number})`);
    expect(mails[0].textBody).toContain(message);
    expect(mails[0].textBody).toContain('approved our quote');
  });

  it('refuses with 422 and writes nothing when the customer has no contact to e-mail', async () => {
    const customer = await createCustomer(t, { contacts: [] });
    const ticket = await customerErrorTicket(customer.id);
    const counts = () =>
      Promise.all([
        db.getRepository(CustomerNotice).count(),
        db.getRepository(AuditEntry).count(),
        db.getRepository(OutboxMail).count(),
      ]);
    const before = await counts();

    const refused = await notify(ticket.id, 'Bedienfehler.')
      .expect(422)
      .expect('content-type', /application\/problem\+json/);
    expect(refused.body).toMatchObject({
      status: 422,
      code: 'SUPPORT.CONTACT_EMAIL_REQUIRED',
      customerId: customer.id,
    });
    expect(refused.body.detail).toContain(customer.number);
    expect(await counts()).toEqual(before);

    // With a contact to write to, the same notice goes through.
    await t.http
      .post(`/customers/${customer.id}/contacts`)
      .set(bearer(t.adminToken))
      .send({ name: 'Jördis Weiß', email: 'joerdis@kunde.example' })
      .expect(201);
    const notified = await notify(ticket.id, 'Bedienfehler.').expect(201);
    expect(notified.body.customerNotices).toEqual([
      expect.objectContaining({ mailTo: 'joerdis@kunde.example' }),
    ]);
    const [notices, audits, mails] = await counts();
    expect([notices, mails]).toEqual([before[0] + 1, before[2] + 1]);
    expect(audits).toBeGreaterThan(before[1]);
  });
});
