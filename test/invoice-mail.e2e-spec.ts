import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MailSender } from '../src/mail/mail-sender.service.js';
import { createCustomer } from './support/factories.js';
import { projectWorld, type ProjectWorld } from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { expectStatus } from './support/expect-status.js';

/** Invoices reach the customer by e-mail: the Factur-X PDF attached, recorded, repeatable. */
describe('sending an invoice by e-mail', () => {
  let t: TestApp;
  let world: ProjectWorld;
  let customer: { id: string; contacts: Array<{ email: string }> };
  let invoice: { id: string; number: string };

  /** The .eml files naming the number, quoted-printable text decoded (headers stay encoded). */
  const eml = (number: string) => {
    const dir = t.config.mail.outboxDir;
    return readdirSync(dir)
      .map((file) => readFileSync(join(dir, file), 'latin1'))
      .map((raw) =>
        Buffer.from(
          raw
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
      )
      .filter((text) => text.includes(number));
  };
  const send = (body: Record<string, unknown> = {}, token = world.finance.token) =>
    t.http.post(`/invoices/${invoice.id}/send`).set(bearer(token)).send(body);

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    world = await projectWorld(t);
    customer = await createCustomer(t, { name: 'Kanzlei Berg & Partner' });
    const f = bearer(world.finance.token);
    const draft = await t.http
      .post('/invoices')
      .set(f)
      .send({
        customerId: customer.id,
        subject: 'Beratung',
        serviceFrom: '2026-11-20',
        lines: [{ title: 'Beratung', quantity: '2', unit: 'hour', unitPriceCents: 12_000 }],
      });
    expectStatus(draft, 201);
    const issued = await t.http.post(`/invoices/${draft.body.id}/issue`).set(f).send({});
    expectStatus(issued, 200);
    invoice = issued.body as typeof invoice;
  }, 120_000);
  afterAll(() => t.close());

  it('mails the PDF to the signatory contact, greeting them, and records when and to whom', async () => {
    const res = await send();
    expectStatus(res, 200);
    const signatory = customer.contacts[0].email;
    expect(res.body).toEqual([
      { to: signatory, status: 'queued', queuedAt: expect.any(String), sentAt: null },
    ]);
    await t.app.get(MailSender).flush();
    const [mail] = eml(invoice.number);
    expect(mail).toMatch(new RegExp(`^Subject: .*Rechnung_${invoice.number}`, 'm'));
    expect(mail).toContain(`<${signatory}>`);
    expect(mail).toContain('Guten Tag Jörg Weiß,');
    expect(mail).toContain(`anbei erhalten Sie unsere Rechnung ${invoice.number}`);
    expect(mail).toMatch(new RegExp(`filename=${invoice.number}\\.pdf`));
    expect(mail).toContain('Content-Type: application/pdf');
    expect(mail).not.toContain('.xml"');
    const mails = await t.http
      .get(`/invoices/${invoice.id}/mails`)
      .set(bearer(world.finance.token))
      .expect(200);
    expect(mails.body).toEqual([expect.objectContaining({ to: signatory, status: 'sent' })]);
    const audit = await t.http
      .get(`/audit?entityType=invoice&entityId=${invoice.id}`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'sent',
        changes: expect.objectContaining({ to: signatory }),
      }),
    );
  });

  it('goes again, to the customer invoice address, with the XML on request', async () => {
    const read = await t.http
      .get(`/customers/${customer.id}`)
      .set(bearer(t.adminToken))
      .expect(200);
    await t.http
      .patch(`/customers/${customer.id}`)
      .set(bearer(t.adminToken))
      .send({ invoiceEmail: 'buchhaltung@berg.example', version: read.body.version })
      .expect(200);
    const res = await send({ includeXml: true });
    expectStatus(res, 200);
    expect(res.body).toHaveLength(2);
    expect(res.body[1]).toMatchObject({ to: 'buchhaltung@berg.example', status: 'queued' });
    await t.app.get(MailSender).flush();
    const mail = eml(invoice.number).find((text) => text.includes('buchhaltung@berg.example'))!;
    expect(mail).toContain('Sehr geehrte Damen und Herren,');
    expect(mail).toMatch(new RegExp(`filename=${invoice.number}\\.xml`));
    expect(mail).toContain('Content-Type: application/xml');
  });

  it('refuses a draft, a customer user, and nobody to write to', async () => {
    const f = bearer(world.finance.token);
    await send({}, world.customerUser.token).expect(403);
    const nobody = await createCustomer(t, { contacts: [] });
    const draft = await t.http
      .post('/invoices')
      .set(f)
      .send({
        customerId: nobody.id,
        subject: 'Beratung',
        serviceFrom: '2026-11-20',
        lines: [{ title: 'Beratung', quantity: '1', unit: 'hour', unitPriceCents: 12_000 }],
      });
    const notIssued = await t.http.post(`/invoices/${draft.body.id}/send`).set(f).send({});
    expect([notIssued.status, notIssued.body.code]).toEqual([409, 'INVOICE.NOT_ISSUED']);
    await t.http.post(`/invoices/${draft.body.id}/issue`).set(f).send({}).expect(200);
    const noRecipient = await t.http.post(`/invoices/${draft.body.id}/send`).set(f).send({});
    expect([noRecipient.status, noRecipient.body.code]).toEqual([422, 'INVOICE.NO_RECIPIENT']);
    const mails = await t.http.get(`/invoices/${draft.body.id}/mails`).set(f).expect(200);
    expect(mails.body).toEqual([]);
    const explicit = await t.http
      .post(`/invoices/${draft.body.id}/send`)
      .set(f)
      .send({ to: 'rechnung@nobody.example' });
    expectStatus(explicit, 200);
  });
});
