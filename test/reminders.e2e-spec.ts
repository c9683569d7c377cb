import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays } from '../src/common/clock.js';
import { MailSender } from '../src/mail/mail-sender.service.js';
import { createCustomer } from './support/factories.js';
import { expectStatus } from './support/expect-status.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { projectWorld, type ProjectWorld } from './support/projects.js';
import { issueInvoice, type IssuedInvoice } from './support/reminders.js';
import { bearer, MovableClock, startTestApp, type TestApp } from './support/test-app.js';
import { getPage, pageLogin } from './support/web.js';

const plain = (text: string) => text.replace(/\u00a0/g, ' ');

/** Keeps a generated PDF for a look (`pdftoppm -png -r 60`), in the git-ignored test-output/. */
function keep(name: string, bytes: Buffer): void {
  const dir = join(process.cwd(), 'test-output', 'reminders');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), bytes);
}

/**
 * The reminder run through the API on a real database: what is due, confirming it (PDF, mail,
 * record), idempotence, a payment stopping further reminders, and the invoice row untouched.
 */
describe('payment reminders', () => {
  const clock = new MovableClock('Europe/Berlin');
  let t: TestApp;
  let world: ProjectWorld;
  let finance: { authorization: string };
  let invoice: IssuedInvoice;
  let paid: IssuedInvoice;

  const at = (day: string) => clock.setTo(`${day}T09:00:00Z`);
  const proposal = async () => {
    const res = await t.http.get('/invoices/reminders/proposal').set(finance);
    expectStatus(res, 200);
    return res.body as Array<Record<string, any>>;
  };
  const run = async (body: { invoiceIds: string[] }) => {
    const res = await t.http.post('/invoices/reminders/run').set(finance).send(body);
    expectStatus(res, 201);
    return res.body as { sent: Array<Record<string, any>>; skipped: string[] };
  };
  const invoiceRow = async (id: string) =>
    (await t.http.get(`/invoices/${id}`).set(finance).expect(200)).body as unknown;

  beforeAll(async () => {
    at('2026-01-05');
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' }, { clock });
    world = await projectWorld(t);
    finance = bearer(world.finance.token);
    const customer = await createCustomer(t, { name: 'Bäckerei Groß & Söhne' });
    invoice = await issueInvoice(t, world.finance.token, customer.id);
    paid = await issueInvoice(t, world.finance.token, world.customerId);
  }, 120_000);
  afterAll(() => t.close());

  it('issues the test invoices due 14 days after 05.01.2026', () => {
    expect(invoice.dueDate).toBe('2026-01-19');
    expect(invoice.grossCents).toBe(28_560);
  });

  it('has the default settings, and refuses bad ones naming the field, unchanged', async () => {
    const settings = await t.http.get('/invoices/reminders/settings').set(finance).expect(200);
    expect(settings.body).toMatchObject({
      levels: [
        { daysAfterDue: 7, feeCents: 0, claimInterest: false },
        { daysAfterDue: 21, feeCents: 500, claimInterest: true },
        { daysAfterDue: 35, feeCents: 1000, claimInterest: true },
      ],
      claimFlatFee: true,
      version: 0,
    });
    expect(settings.body.baseRates).toContainEqual({
      validFrom: '2025-07-01',
      ratePercent: '1.27',
    });
    const bad = await t.http
      .put('/invoices/reminders/settings')
      .set(finance)
      .send({ ...settings.body, baseRates: [{ validFrom: '2026-01-01', ratePercent: '1,27%' }] });
    expectStatus(bad, 400);
    expect(JSON.stringify(bad.body.errors)).toContain('ratePercent');
    const disorder = await t.http
      .put('/invoices/reminders/settings')
      .set(finance)
      .send({ ...settings.body, levels: [...settings.body.levels].reverse() });
    expectStatus(disorder, 400);
    expect(bad.body.code).toBe('VALIDATION.FAILED');
    const after = await t.http.get('/invoices/reminders/settings').set(finance).expect(200);
    expect(after.body).toEqual(settings.body);
  });

  it('is finance’s: a consultant may neither see nor run it', async () => {
    const consultant = bearer(world.consultant.token);
    expectStatus(await t.http.get('/invoices/reminders/proposal').set(consultant), 403);
    expectStatus(await t.http.post('/invoices/reminders/run').set(consultant).send({}), 403);
  });

  it('proposes nothing before the 7th day after the due date', async () => {
    at('2026-01-25');
    expect(await proposal()).toEqual([]);
  });

  it('a payment that settles an invoice stops its reminders', async () => {
    const pay = await t.http
      .post('/payments')
      .set(finance)
      .send({ invoiceId: paid.id, day: '2026-01-20', amountCents: paid.grossCents });
    expectStatus(pay, 201);
    at('2026-01-26');
    const due = await proposal();
    expect(due.map((p) => p.invoiceNumber)).toEqual([invoice.number]);
  });

  it('sends the Zahlungserinnerung: PDF with its hash, a mail, a record; the invoice unchanged', async () => {
    at('2026-01-26');
    const before = await invoiceRow(invoice.id);
    const [due] = await proposal();
    expect(due).toMatchObject({ level: 0, daysOverdue: 7, openCents: 28_560, totalCents: 28_560 });
    expectStatus(await t.http.post('/invoices/reminders/run').set(finance).send({}), 400);
    const { sent } = await run({ invoiceIds: [invoice.id] });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ invoiceId: invoice.id, level: 0, reminderDate: '2026-01-26' });
    expect(await invoiceRow(invoice.id)).toEqual(before);

    const doc = await t.http.get(`/documents/${sent[0].documentId}`).set(finance).expect(200);
    expect(doc.body).toMatchObject({
      kind: 'payment-reminder',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const pdf = await t.http
      .get(`/documents/${sent[0].documentId}/pdf`)
      .set(finance)
      .buffer(true)
      .parse(binaryBody as never)
      .expect(200);
    keep('zahlungserinnerung.pdf', pdf.body as Buffer);
    const text = plain((await pdfText(pdf.body as Buffer)).text);
    expect(text).toContain('Zahlungserinnerung');
    expect(text).toContain(`Rechnung ${invoice.number} vom 05.01.2026, fällig am 19.01.2026`);
    expect(text).toContain('Zu zahlender Betrag 285,60 €');

    const mails = await t.http.get(`/invoices/${invoice.id}/mails`).set(finance).expect(200);
    expect(mails.body).toEqual([expect.objectContaining({ status: 'queued' })]);
  });

  it('confirming again sends nothing twice', async () => {
    const again = await run({ invoiceIds: [invoice.id] });
    expect(again).toEqual({ sent: [], skipped: [invoice.id] });
    const reminders = await t.http
      .get(`/invoices/${invoice.id}/reminders`)
      .set(finance)
      .expect(200);
    expect(reminders.body).toHaveLength(1);
  });

  it('the finance pages show it: due on the home page, sent on the invoice page', async () => {
    const cookie = await pageLogin(t, world.finance.email, world.finance.password);
    const invoicePage = await getPage(t, `/console/finance/invoices/${invoice.id}`, cookie);
    const [sent] = (await t.http.get(`/invoices/${invoice.id}/reminders`).set(finance))
      .body as Array<Record<string, string>>;
    expect(invoicePage).toContain('Zahlungserinnerung');
    expect(invoicePage).toContain(`/console/finance/reminders/documents/${sent.documentId}/pdf`);
    // Nothing is due the day it was sent; on day 21 the 1. Mahnung is.
    expect(await getPage(t, '/console/finance', cookie)).toContain(
      'Heute fällige Erinnerungen (0)',
    );
    at(addDays('2026-01-19', 21)); // the session has ended by then: log in again
    const later = await pageLogin(t, world.finance.email, world.finance.password);
    const home = await getPage(t, '/console/finance', later);
    expect(home).toContain('Heute fällige Erinnerungen (1)');
    expect(home).toContain(`/console/finance/invoices/${invoice.id}`);
    expect(home).toContain('1. Mahnung');
  });

  it('the 1. Mahnung on day 21: fee, flat fee and interest as computed by hand', async () => {
    at(addDays('2026-01-19', 21));
    const before = await invoiceRow(invoice.id);
    const { sent } = await run({ invoiceIds: [invoice.id] });
    // Interest 20.01.–09.02.2026, 21 days at 1,27 % + 9 = 10,27 % on 285,60 €:
    // 285,60 × 0,1027 × 21 / 365 = 1,6875… → 1,69 €; total 285,60 + 5,00 + 40,00 + 1,69 = 332,29 €
    expect(sent).toEqual([
      expect.objectContaining({
        level: 1,
        openCents: 28_560,
        feeCents: 500,
        flatFeeCents: 4000,
        interestCents: 169,
        totalCents: 33_229,
        interest: [
          {
            from: '2026-01-20',
            to: '2026-02-09',
            days: 21,
            principalCents: 28_560,
            rateBp: 1027,
            interestCents: 169,
          },
        ],
      }),
    ]);
    expect(await invoiceRow(invoice.id)).toEqual(before);
    const pdf = await t.http
      .get(`/documents/${sent[0].documentId}/pdf`)
      .set(finance)
      .buffer(true)
      .parse(binaryBody as never)
      .expect(200);
    keep('mahnung-1.pdf', pdf.body as Buffer);
    const text = plain((await pdfText(pdf.body as Buffer)).text);
    expect(text).toContain('1. Mahnung');
    expect(text).toContain('Pauschale § 288 Abs. 5 BGB 40,00 €');
    expect(text).toContain('Mahngebühr 5,00 €');
    expect(text).toContain('Verzugszinsen bis 09.02.2026 1,69 €');
    expect(text).toMatch(/20\.01\.2026 – 09\.02\.2026\s*21\s*285,60 €\s*10,27 %\s*1,69 €/);
    expect(text).toContain('Zu zahlender Betrag 332,29 €');
    const latest = await t.http.get('/invoices/reminders').set(finance).expect(200);
    expect(latest.body.map((r: { level: number }) => r.level)).toEqual([1, 0]);
  });

  it('a cancelled invoice gets no reminder', async () => {
    const cancel = await t.http
      .post(`/invoices/${invoice.id}/cancel`)
      .set(finance)
      .send({ reason: 'Falscher Empfänger' });
    expectStatus(cancel, 200);
    at(addDays('2026-01-19', 40));
    expect(await proposal()).toEqual([]);
  });
});

/**
 * One overdue invoice of a business customer through all three levels, the clock moved from
 * level to level: the 2. Mahnung's fee, the default interest to its day, the 40 € flat fee of
 * § 288 Abs. 5 BGB claimed once (by the 1. Mahnung, carried as an earlier cost after that), its
 * German PDF and mail; a second invoice, paid between the 1. and the 2. Mahnung, gets no 2.
 */
describe('payment reminders through the 2. Mahnung', () => {
  const clock = new MovableClock('Europe/Berlin');
  let t: TestApp;
  let world: ProjectWorld;
  let finance: { authorization: string };
  let invoice: IssuedInvoice;
  let settled: IssuedInvoice;

  const at = (day: string) => clock.setTo(`${day}T09:00:00Z`);
  const proposal = async () => {
    const res = await t.http.get('/invoices/reminders/proposal').set(finance);
    expectStatus(res, 200);
    return res.body as Array<Record<string, any>>;
  };
  const run = async (invoiceIds: string[]) => {
    const res = await t.http.post('/invoices/reminders/run').set(finance).send({ invoiceIds });
    expectStatus(res, 201);
    return res.body as { sent: Array<Record<string, any>>; skipped: string[] };
  };
  /** The outbox's .eml files naming `text`, quoted-printable decoded. */
  const eml = (text: string) => {
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
      .filter((mail) => mail.includes(text));
  };
  beforeAll(async () => {
    at('2026-01-05');
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' }, { clock });
    world = await projectWorld(t);
    finance = bearer(world.finance.token);
    // A GmbH: a business, so 9 points above the base rate and the flat fee apply.
    const customer = await createCustomer(t, { name: 'Druckerei Weiß GmbH' });
    invoice = await issueInvoice(t, world.finance.token, customer.id);
    settled = await issueInvoice(t, world.finance.token, customer.id);
  }, 120_000);
  afterAll(() => t.close());

  it('sends the Zahlungserinnerung on day 7 and the 1. Mahnung on day 21 for both', async () => {
    expect(invoice.dueDate).toBe('2026-01-19');
    at('2026-01-26');
    const first = await run([invoice.id, settled.id]);
    expect(first.sent.map((s) => s.level)).toEqual([0, 0]);
    at('2026-02-09');
    const second = await run([invoice.id, settled.id]);
    expect(second.sent).toHaveLength(2);
    for (const mahnung of second.sent)
      expect(mahnung).toMatchObject({ level: 1, feeCents: 500, flatFeeCents: 4000 });
  });

  it('proposes no 2. Mahnung before day 35', async () => {
    at('2026-02-22');
    expect(await proposal()).toEqual([]);
  });

  it('a payment before day 35 stops the paid invoice’s 2. Mahnung', async () => {
    const pay = await t.http
      .post('/payments')
      .set(finance)
      .send({ invoiceId: settled.id, day: '2026-02-20', amountCents: settled.grossCents });
    expectStatus(pay, 201);
    at('2026-02-23');
    const due = await proposal();
    expect(due.map((p) => [p.invoiceNumber, p.level])).toEqual([[invoice.number, 2]]);
    const { sent, skipped } = await run([invoice.id, settled.id]);
    expect(sent.map((s) => s.invoiceId)).toEqual([invoice.id]);
    expect(skipped).toEqual([settled.id]);
    const settledReminders = await t.http
      .get(`/invoices/${settled.id}/reminders`)
      .set(finance)
      .expect(200);
    expect(settledReminders.body.map((r: { level: number }) => r.level).sort()).toEqual([0, 1]);
  });

  it('the 2. Mahnung on day 35: fee, interest by hand, the flat fee not claimed again', async () => {
    const reminders = await t.http
      .get(`/invoices/${invoice.id}/reminders`)
      .set(finance)
      .expect(200);
    const byLevel = new Map(
      (reminders.body as Array<Record<string, any>>).map((r) => [r.level as number, r]),
    );
    expect([...byLevel.keys()].sort()).toEqual([0, 1, 2]);
    // § 288 Abs. 5 BGB: 40 € once per invoice — the 1. Mahnung claimed it, the others did not.
    expect([0, 1, 2].map((level) => byLevel.get(level)!.flatFeeCents)).toEqual([0, 4000, 0]);
    // Due 19.01.2026; interest from 20.01. through 23.02.2026 inclusive: 12 + 23 = 35 days.
    // Base rate 1,27 % + 9 points = 10,27 % a year, act/365, on 285,60 €:
    // 285,60 × 0,1027 × 35 / 365 = 2,8125… → 2,81 €.
    // Earlier costs still owed: 0,00 € (Zahlungserinnerung) + 5,00 € fee + 40,00 € flat fee
    // (1. Mahnung) = 45,00 €. Total 285,60 + 10,00 + 2,81 + 45,00 = 343,41 €.
    expect(byLevel.get(2)).toMatchObject({
      level: 2,
      reminderDate: '2026-02-23',
      openCents: 28_560,
      feeCents: 1000,
      flatFeeCents: 0,
      interestCents: 281,
      earlierFeesCents: 4500,
      totalCents: 34_341,
    });

    const documentId = byLevel.get(2)!.documentId as string;
    const pdf = await t.http
      .get(`/documents/${documentId}/pdf`)
      .set(finance)
      .buffer(true)
      .parse(binaryBody as never)
      .expect(200);
    keep('mahnung-2.pdf', pdf.body as Buffer);
    const text = plain((await pdfText(pdf.body as Buffer)).text);
    expect(text).toContain('2. Mahnung');
    expect(text).toContain(`Rechnung ${invoice.number} vom 05.01.2026, fällig am 19.01.2026`);
    expect(text).toContain('trotz unserer 1. Mahnung');
    expect(text).toContain('Offener Betrag 285,60 €');
    expect(text).toContain('Frühere Mahnkosten 45,00 €');
    expect(text).toContain('Mahngebühr 10,00 €');
    expect(text).not.toContain('Pauschale § 288 Abs. 5 BGB');
    expect(text).toContain('Verzugszinsen bis 23.02.2026 2,81 €');
    expect(text).toMatch(/20\.01\.2026 – 23\.02\.2026\s*35\s*285,60 €\s*10,27 %\s*2,81 €/);
    expect(text).toContain('Zu zahlender Betrag 343,41 €');
    // Pay within 10 days of the reminder.
    expect(text).toContain('bis zum 05.03.2026');
  });

  it('mails the 2. Mahnung with its PDF to the customer', async () => {
    const mails = await t.http.get(`/invoices/${invoice.id}/mails`).set(finance).expect(200);
    expect(mails.body).toHaveLength(3);
    await t.app.get(MailSender).flush();
    const [mail, ...more] = eml('343,41');
    expect(more).toHaveLength(0);
    expect(mail).toContain(`unsere Rechnung ${invoice.number} vom 05.01.2026 ist trotz Erinnerung`);
    expect(mail).toContain('Anbei erhalten Sie unsere 2. Mahnung als PDF.');
    expect(plain(mail)).toContain('Bitte überweisen Sie 343,41 € bis zum 05.03.2026');
    expect(mail).toContain('Content-Type: application/pdf');
    const after = await t.http.get(`/invoices/${invoice.id}/mails`).set(finance).expect(200);
    expect(after.body.filter((m: { status: string }) => m.status === 'sent')).toHaveLength(3);
  });

  it('sends nothing after the 2. Mahnung', async () => {
    at('2026-04-01');
    expect(await proposal()).toEqual([]);
  });
});
