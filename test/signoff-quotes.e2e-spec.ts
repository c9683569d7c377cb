import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCustomer, createService, createTicket, createUser } from './support/factories.js';
import { deliverMails } from './support/signoff.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { expectStatus } from './support/expect-status.js';

describe('support quotes through the same sign-off mechanism', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MAIL_POLL_SECONDS: '0' });
  });
  afterAll(() => t.close());

  it('sends a proposed quote, shows its details (no PDF), and the link approves it once', async () => {
    const consultant = await createUser(t, 'consultant');
    const customer = await createCustomer(t);
    const service = await createService(t);
    const ticket = await createTicket(t, customer.id);
    await t.http
      .post(`/support/tickets/${ticket.id}/cost-decision`)
      .set(bearer(consultant.token))
      .send({ cause: 'customer_error', reason: 'Postfach vom Kunden selbst gelöscht' })
      .expect(200);
    const quote = await t.http
      .post(`/support/tickets/${ticket.id}/quotes`)
      .set(bearer(consultant.token))
      .send({
        description: 'Wiederherstellung aus Backup',
        serviceId: service.id,
        estimatedMinutes: 60,
      })
      .expect(201);

    const withPdf = await t.http
      .post('/signoffs')
      .set(bearer(consultant.token))
      .send({
        documentId: quote.body.id,
        subject: { subject: 'support_quote', ticketId: ticket.id, quoteId: quote.body.id },
        contactIds: [customer.contacts[0].id],
      });
    expect(withPdf.status).toBe(400);
    const sent = await t.http
      .post('/signoffs')
      .set(bearer(consultant.token))
      .send({
        subject: { subject: 'support_quote', ticketId: ticket.id, quoteId: quote.body.id },
        contactIds: [customer.contacts[0].id],
      });
    expectStatus(sent, 201);
    expect(sent.body).toMatchObject({ documentId: null, subjectType: 'support_quote' });
    expect(sent.body.title).toContain(ticket.number);

    const [mail] = await deliverMails(t);
    expect(mail.to).toContain(customer.contacts[0].email);
    const page = await t.http.get(`/signoff/${mail.token}`).expect(200);
    expect(page.text).toContain('Wiederherstellung aus Backup');
    expect(page.text).toContain('60 Minuten');
    expect(page.text).not.toContain('document.pdf');
    await t.http.get(`/signoff/${mail.token}/document.pdf`).expect(404);

    await t.http
      .post(`/signoff/${mail.token}/approve`)
      .type('form')
      .send({ signerName: 'Jörg Weiß', consent: 'on' })
      .expect(200);
    const quotes = await t.http
      .get(`/support/tickets/${ticket.id}/quotes`)
      .set(bearer(consultant.token))
      .expect(200);
    expect(quotes.body.items[0]).toMatchObject({ status: 'approved' });
    expect(JSON.stringify(quotes.body.items[0])).toContain('sign_off');
    const evidence = await t.http
      .get(`/signoffs/${sent.body.id}`)
      .set(bearer(consultant.token))
      .expect(200);
    expect(evidence.body.evidence).toMatchObject({
      signerName: 'Jörg Weiß',
      signedDocumentId: null,
      documentSha256: null,
    });
    await t.http
      .post(`/signoff/${mail.token}/approve`)
      .type('form')
      .send({ signerName: 'Jörg Weiß', consent: 'on' })
      .expect(410);

    // A link signer has no account: the audit names the address the link went to, no user id.
    const audit = await t.http
      .get(`/audit?entityType=support_quote&entityId=${quote.body.id}`)
      .set(bearer(t.adminToken))
      .expect(200);
    const approval = audit.body.items.find((e: { action: string }) => e.action === 'approved');
    expect(approval).toMatchObject({ actorId: null, actorLabel: customer.contacts[0].email });
  });
});
