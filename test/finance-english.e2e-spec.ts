import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays } from '../src/common/clock.js';
import {
  createCustomer,
  createUser,
  configureCompany,
  type CreatedUser,
} from './support/factories.js';
import { postForm } from './support/finance.js';
import { issueInvoice, type IssuedInvoice } from './support/reminders.js';
import { bearer, MovableClock, startTestApp, type TestApp } from './support/test-app.js';
import { csrfOf, getPage, pageLogin } from './support/web.js';

/** The page's visible text: no tags, scripts or attributes; entities and spaces plain. */
const textOf = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

/**
 * Label texts of the German files that would show if a page missed the English one, and the
 * German formats: none may appear on an English user's finance pages. (The data of this test
 * is English, so a German word can only come from the page itself.)
 */
const GERMAN = [
  /\bRechnung(en)?\b/,
  /\bEntwurf\b/,
  /\bFällig\b/i,
  /\bMahnung\b/,
  /\bZahlungserinnerung\b/,
  /\bSpeichern\b/,
  /\bKunde\b/,
  /\bBetrag\b/,
  /\bÜbersicht\b/,
  /\bAbmelden\b/,
  /\bExporte\b/,
  /\bSumme\b/,
  /\d+,\d\d €/,
  /\b\d\d\.\d\d\.20\d\d\b/,
];
/** A label key printed as it is (`finance.fields.subject`), the sign of a missing label. */
const LABEL_KEY = /\b(finance|reminders|shell|validation|customers|admin|auth)\.[a-z]+\.[\w.]+/;

/**
 * A finance user who reads English walks the finance pages: English labels, English money
 * (€1,428.00) and dates (19 January 2026), no German label and no label key left over.
 */
describe('finance pages in English', () => {
  const clock = new MovableClock('Europe/Berlin');
  let t: TestApp;
  let finance: CreatedUser;
  let cookie: string;
  let invoice: IssuedInvoice;
  let draftId: string;

  const at = (day: string) => clock.setTo(`${day}T09:00:00Z`);
  const englishPage = async (path: string) => {
    const html = await getPage(t, path, cookie);
    expect(html).toContain('<html lang="en">');
    const text = textOf(html);
    for (const word of GERMAN)
      expect({ path, german: word.exec(text)?.[0] }).toEqual({ path, german: undefined });
    expect({ path, key: LABEL_KEY.exec(text)?.[0] }).toEqual({ path, key: undefined });
    return text;
  };

  beforeAll(async () => {
    at('2026-01-05');
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' }, { clock });
    await configureCompany(t);
    finance = await createUser(t, 'finance', { name: 'Fay Finance' });
    const customer = await createCustomer(t, { name: 'Harbour Print Ltd' });
    // 10 h × 120.00 = 1,200.00 net + 19 % = 1,428.00 gross, due 19 January 2026.
    invoice = await issueInvoice(t, finance.token, customer.id, [
      { title: 'Consulting', quantity: '10', unit: 'hour', unitPriceCents: 12_000 },
    ]);
    const draft = await t.http
      .post('/invoices')
      .set(bearer(finance.token))
      .send({
        customerId: customer.id,
        subject: 'Printer setup',
        serviceFrom: '2026-01-02',
        lines: [{ title: 'Setup', quantity: '1.5', unit: 'hour', unitPriceCents: 100_000 }],
      })
      .expect(201);
    draftId = (draft.body as { id: string }).id;
    at(addDays(invoice.dueDate, 7));
    cookie = await pageLogin(t, finance.email, finance.password);
    const csrf = csrfOf(await getPage(t, '/account', cookie));
    expect((await postForm(t, cookie, csrf, '/account/locale', { locale: 'en' })).status).toBe(303);
  }, 120_000);
  afterAll(() => t.close());

  it('finance home', async () => {
    const text = await englishPage('/console/finance');
    expect(text).toContain('€1,428.00');
  });

  it('the invoices list', async () => {
    const text = await englishPage('/console/finance/invoices');
    expect(text).toContain(invoice.number);
    expect(text).toContain('€1,428.00');
    expect(text).toContain('19 January 2026');
  });

  it('an issued invoice', async () => {
    const text = await englishPage(`/console/finance/invoices/${invoice.id}`);
    expect(text).toContain('€1,200.00');
    expect(text).toContain('€228.00');
    expect(text).toContain('€1,428.00');
    expect(text).toContain('5 January 2026');
  });

  it('a draft, its line editor in English numbers', async () => {
    const html = await getPage(t, `/console/finance/invoices/${draftId}`, cookie);
    await englishPage(`/console/finance/invoices/${draftId}`);
    // 1.5 h × 1,000.00 = 1,500.00 net, 285.00 VAT, 1,785.00 gross
    expect(textOf(html)).toContain('€1,785.00');
  });

  it('the reminders: the Zahlungserinnerung due, in English', async () => {
    const text = await englishPage('/console/finance/reminders');
    expect(text).toContain(invoice.number);
    expect(text).toContain('€1,428.00');
    expect(text).toContain('19 January 2026');
  });

  it('the exports', async () => {
    await englishPage('/console/finance/exports');
  });
});
