import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays } from '../src/common/clock.js';
import { InvoiceFiguresService } from '../src/invoicing/invoice-figures.service.js';
import { expectStatus } from './support/expect-status.js';
import { createCustomer, createUser, offsetDays, updateCompany } from './support/factories.js';
import { apiDraft, apiIssue, apiPay, postForm } from './support/finance.js';
import { acceptedProject, projectWorld, type ProjectWorld } from './support/projects.js';
import { bearer, MovableClock, startTestApp, type TestApp } from './support/test-app.js';
import { csrfOf, getPage, pageLogin } from './support/web.js';

describe('finance workspace (pages)', () => {
  let t: TestApp;
  let clock: MovableClock;
  let world: ProjectWorld;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    clock = new MovableClock('Europe/Berlin');
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' }, { clock });
    world = await projectWorld(t);
    cookie = await pageLogin(t, world.finance.email, world.finance.password);
    csrf = csrfOf(await getPage(t, '/console/finance', cookie));
  });
  afterAll(() => t.close());

  const invoiceApi = async (id: string) =>
    (await t.http.get(`/invoices/${id}`).set(bearer(world.finance.token)).expect(200)).body;
  const invoicePage = (id: string) => `/console/finance/invoices/${id}`;

  it('is for finance and admins: consultants and customers get 403, no session the login', async () => {
    const consultant = await pageLogin(t, world.consultant.email, world.consultant.password);
    const customer = await pageLogin(t, world.customerUser.email, world.customerUser.password);
    const admin = await pageLogin(t, 'admin@example.com', 'admin-password-123');
    for (const path of [
      '/console/finance',
      '/console/finance/invoices',
      '/console/finance/drafts/new',
    ]) {
      await t.http.get(path).set('Cookie', consultant).expect(403);
      await t.http.get(path).set('Cookie', customer).expect(403);
      expect((await t.http.get(path).expect(303)).headers.location).toMatch(/^\/login\?next=/);
      await t.http.get(path).set('Cookie', admin).expect(200);
    }
    expect(await getPage(t, '/console/finance', cookie)).toContain('href="/console/finance"');
    const consultantHome = await getPage(t, '/console', consultant);
    expect(consultantHome).not.toContain('href="/console/finance"');
  });

  it('creates a manual draft, edits its lines (htmx fragment with new totals), refuses without CSRF', async () => {
    const created = await postForm(t, cookie, csrf, '/console/finance/drafts/manual', {
      customerId: world.customerId,
      subject: 'Einrichtung Drucker',
      serviceFrom: '2026-02-02',
      serviceTo: '2026-02-03',
      title: 'Einrichtung',
      quantity: '1,5',
      unit: 'hour',
      unitPrice: '100,00',
    });
    expect(created.status).toBe(303);
    const id = /invoices\/([0-9a-f-]{36})/.exec(created.headers.location)![1];
    const draft = await invoiceApi(id);
    expect(draft).toMatchObject({ status: 'draft', netCents: 15_000, grossCents: 17_850 });

    const html = await getPage(t, invoicePage(id), cookie);
    expect(html).toContain('name="lines[0][quantity]" value="1,5"');
    const fragment = await t.http
      .post(`${invoicePage(id)}/draft`)
      .set('Cookie', cookie)
      .set('HX-Request', 'true')
      .type('form')
      .send(
        `_csrf=${csrf}&version=${draft.version}&subject=Einrichtung+Drucker&serviceFrom=2026-02-02&serviceTo=2026-02-03` +
          '&lines[0][title]=Einrichtung&lines[0][quantity]=2&lines[0][unit]=hour&lines[0][unitPrice]=100&lines[0][vatRate]=19' +
          '&lines[1][title]=Kabel&lines[1][quantity]=3&lines[1][unit]=piece&lines[1][unitPrice]=9,99&lines[1][vatRate]=19' +
          '&lines[2][title]=&lines[2][quantity]=&lines[2][unit]=hour&lines[2][unitPrice]=',
      );
    expectStatus(fragment, 200);
    expect(fragment.text).not.toContain('<html');
    // 2 × 100,00 + 3 × 9,99 = 229,97 net; 19 % VAT 43,69; 273,66 gross (the invoicing totals)
    expect(fragment.text).toContain('229,97');
    expect(fragment.text).toContain('273,66');
    expect(await invoiceApi(id)).toMatchObject({ netCents: 22_997, grossCents: 27_366 });

    const before = await invoiceApi(id);
    await t.http
      .post(`${invoicePage(id)}/draft`)
      .set('Cookie', cookie)
      .type('form')
      .send({ version: String(before.version), subject: 'Ohne Token' })
      .expect(403);
    expect(await invoiceApi(id)).toMatchObject({
      subject: 'Einrichtung Drucker',
      version: before.version,
    });

    const deleted = await postForm(t, cookie, csrf, `${invoicePage(id)}/delete`, {});
    expect(deleted.status).toBe(303);
    await t.http.get(`/invoices/${id}`).set(bearer(world.finance.token)).expect(404);
  });

  it('shows a refused line’s errors at the row’s field, in German and English; saves nothing', async () => {
    const { id } = await apiDraft(t, world.finance.token, world.customerId, {
      unitPriceCents: 10_000,
    });
    await t.http
      .patch(`/invoices/${id}`)
      .set(bearer(world.finance.token))
      .send({
        version: (await invoiceApi(id)).version,
        lines: [
          { title: 'Arbeit', quantity: '1', unit: 'hour', unitPriceCents: 10_000 },
          { title: 'Kabel', quantity: '2', unit: 'piece', unitPriceCents: 500 },
        ],
      })
      .expect(200);
    const before = await invoiceApi(id);
    const send = (who: string, token: string, rows: string) =>
      t.http
        .post(`${invoicePage(id)}/draft`)
        .set('Cookie', who)
        .set('Referer', `http://127.0.0.1${invoicePage(id)}`)
        .set('Host', '127.0.0.1')
        .type('form')
        .send(`_csrf=${token}&version=${before.version}&subject=Wartung${rows}`);
    const row = (i: number, fields: Record<string, string>) =>
      Object.entries(fields)
        .map(([k, v]) => `&lines[${i}][${k}]=${encodeURIComponent(v)}`)
        .join('');

    // The DTO refuses row 2's quantity and row 3's (the new row's) price.
    const refused = await send(
      cookie,
      csrf,
      row(0, { title: 'Arbeit', quantity: '1', unit: 'hour', unitPrice: '100' }) +
        row(1, { title: 'Kabel', quantity: 'zwei', unit: 'piece', unitPrice: '5' }) +
        row(2, { title: 'Neu', quantity: '1', unit: 'hour', unitPrice: 'viel' }),
    );
    expect(refused.status).toBe(303);
    const html = await getPage(t, invoicePage(id), cookie);
    expect(html).toContain(
      '<p class="field-error" id="lines.1.quantity-error">Bitte eine Menge wie 1,5 eingeben.</p>',
    );
    expect(html).toContain(
      '<p class="field-error" id="lines.2.unitPrice-error">Bitte einen Betrag wie 120,00 eingeben.</p>',
    );
    expect(html).toMatch(
      /name="lines\[1\]\[quantity\]" value="zwei"[^>]*aria-invalid="true" aria-describedby="lines.1.quantity-error"/,
    );
    expect(html).toContain('name="lines[2][unitPrice]" value="viel"');
    expect(html).not.toMatch(/lines\.\d\.\w+ must|must be/);
    expect(await invoiceApi(id)).toEqual(before);

    // Sent by htmx: a whole-page load of the form (HX-Redirect), which takes the errors; an
    // htmx request would leave them for later.
    const byHtmx = await send(
      cookie,
      csrf,
      row(0, { title: 'Arbeit', quantity: 'eins', unit: 'hour', unitPrice: '100' }),
    ).set('HX-Request', 'true');
    expect(byHtmx.status).toBe(200);
    expect(byHtmx.headers['hx-redirect']).toBe(invoicePage(id));
    expect(await getPage(t, invoicePage(id), cookie)).toContain('id="lines.0.quantity-error"');

    // Row 1 emptied (a blank row is dropped, not refused), row 2 bills 0: the error shows at
    // row 2's field, the one the page showed, not at the first row the server kept.
    await send(
      cookie,
      csrf,
      row(0, { title: '', quantity: '', unit: 'hour', unitPrice: '' }) +
        row(1, { title: 'Kabel', quantity: '0', unit: 'piece', unitPrice: '5' }) +
        row(2, { title: '', quantity: '', unit: 'hour', unitPrice: '' }),
    ).expect(303);
    const again = await getPage(t, invoicePage(id), cookie);
    expect(again).toContain('id="lines.1.quantity-error">Die Menge muss größer als null sein.</p>');
    expect(again).not.toContain('id="lines.0.quantity-error"');
    expect(await invoiceApi(id)).toEqual(before);

    // The same refusal for a finance user who reads English.
    const english = await createUser(t, 'finance', { name: 'Fay Finance' });
    const enCookie = await pageLogin(t, english.email, english.password);
    const enCsrf = csrfOf(await getPage(t, '/account', enCookie));
    expect((await postForm(t, enCookie, enCsrf, '/account/locale', { locale: 'en' })).status).toBe(
      303,
    );
    await send(
      enCookie,
      enCsrf,
      row(0, { title: 'Arbeit', quantity: '1,5x', unit: 'hour', unitPrice: '100' }) +
        row(1, { title: '  ', quantity: '2', unit: 'piece', unitPrice: '5' }),
    ).expect(303);
    const en = await getPage(t, invoicePage(id), enCookie);
    expect(en).toContain('id="lines.0.quantity-error">Please enter a quantity such as 1.5.</p>');
    expect(en).toContain('id="lines.1.title-error">Please fill this in.</p>');
    expect(en).not.toMatch(/must be|Bitte/);
    expect(await invoiceApi(id)).toEqual(before);
  });

  it('lists what §14 UStG misses, linked to where it is fixed; one number for a double submit', async () => {
    const { id } = await apiDraft(t, world.finance.token, world.customerId, {
      unitPriceCents: 50_000,
    });
    await updateCompany(t, { vatId: null, taxNumber: null });
    const page = await getPage(t, invoicePage(id), cookie);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page)![1];
    const refused = await postForm(
      t,
      cookie,
      csrf,
      `${invoicePage(id)}/issue`,
      { idempotencyKey: key },
      invoicePage(id),
    );
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe(invoicePage(id));
    const shown = await getPage(t, invoicePage(id), cookie);
    expect(shown).toContain('Firma: Steuernummer oder USt-IdNr.');
    expect(shown).toMatch(
      /data-field="company.vatId or company.taxNumber">[^<]*<a href="\/console\/admin\/company">/,
    );
    expect((await invoiceApi(id)).status).toBe('draft');

    await updateCompany(t, { vatId: 'DE123456789' });
    const fresh = await getPage(t, invoicePage(id), cookie);
    const formKey = /name="idempotencyKey" value="([^"]+)"/.exec(fresh)![1];
    // The same form sent twice (a double click, two tabs of the same user): both answers say
    // "issued", neither is refused, and only one number is drawn.
    const other = await pageLogin(t, world.finance.email, world.finance.password);
    const otherCsrf = csrfOf(await getPage(t, invoicePage(id), other));
    const answers = await Promise.all([
      postForm(
        t,
        cookie,
        csrf,
        `${invoicePage(id)}/issue`,
        { idempotencyKey: formKey },
        invoicePage(id),
      ),
      postForm(
        t,
        other,
        otherCsrf,
        `${invoicePage(id)}/issue`,
        { idempotencyKey: formKey },
        invoicePage(id),
      ),
    ]);
    expect(answers.map((a) => [a.status, a.headers.location])).toEqual([
      [303, invoicePage(id)],
      [303, invoicePage(id)],
    ]);
    for (const session of [cookie, other]) {
      const after = await getPage(t, invoicePage(id), session);
      expect(after).toContain('Rechnung ausgestellt.');
      expect(after).not.toContain('banner-error');
    }
    const issued = await invoiceApi(id);
    expect(issued.status).toBe('issued');
    const series = await t.http
      .get('/invoice-series/invoice')
      .set(bearer(world.finance.token))
      .expect(200);
    // Only this one invoice was numbered: the next would be …00002.
    expect(issued.number).toMatch(/00001$/);
    expect(series.body.example).toMatch(/00002$/);
  });

  it('records a partial payment, refuses an overpayment at the amount field, cancels with a reason', async () => {
    const { id } = await apiDraft(t, world.finance.token, world.customerId, {
      unitPriceCents: 10_000,
    });
    await apiIssue(t, world.finance.token, id); // 119,00 € gross
    const over = await postForm(
      t,
      cookie,
      csrf,
      `${invoicePage(id)}/payments`,
      { day: offsetDays(0), amount: '200' },
      invoicePage(id),
    );
    expect(over.headers.location).toBe(invoicePage(id));
    const refused = await getPage(t, invoicePage(id), cookie);
    expect(refused).toMatch(/id="amount-error">Offen sind höchstens 119,00\s€/);
    expect((await invoiceApi(id)).paidCents).toBe(0);

    const paid = await postForm(
      t,
      cookie,
      csrf,
      `${invoicePage(id)}/payments`,
      { day: offsetDays(0), amount: '19,00' },
      invoicePage(id),
    );
    expect(paid.status).toBe(303);
    expect(await invoiceApi(id)).toMatchObject({ paidCents: 1_900, openCents: 10_000 });
    const page = await getPage(t, invoicePage(id), cookie);
    expect(page).toContain('Teilweise bezahlt');
    expect(page).toMatch(/Zahlung über 19,00\s€ erfasst/);

    const cancelled = await postForm(
      t,
      cookie,
      csrf,
      `${invoicePage(id)}/cancel`,
      { reason: 'Falscher Kunde' },
      invoicePage(id),
    );
    expect(cancelled.status).toBe(303);
    const replacementId = /invoices\/([0-9a-f-]{36})/.exec(cancelled.headers.location)![1];
    expect(replacementId).not.toBe(id);
    expect((await invoiceApi(replacementId)).status).toBe('draft');
    const original = await invoiceApi(id);
    expect(original).toMatchObject({ status: 'cancelled', cancelReason: 'Falscher Kunde' });
    expect(await getPage(t, invoicePage(id), cookie)).toContain(
      `Storniert durch ${original.cancelledBy.number}`,
    );
  });

  it('drafts a down payment and a final invoice of a project; an empty support period is refused', async () => {
    const { id: projectId } = await acceptedProject(t, world, { hours: '10' });
    const newPage = await getPage(t, '/console/finance/drafts/new', cookie);
    expect(newPage).toContain(`<option value="${projectId}">`);
    const down = await postForm(t, cookie, csrf, '/console/finance/drafts/down-payment', {
      projectId,
      percent: '30',
    });
    expect(down.status).toBe(303);
    const downId = /invoices\/([0-9a-f-]{36})/.exec(down.headers.location)![1];
    // 30 % of the agreed 10 h × 120 € = 360 € net
    expect(await invoiceApi(downId)).toMatchObject({ kind: 'down_payment', netCents: 36_000 });

    const final = await postForm(t, cookie, csrf, '/console/finance/drafts/final', { projectId });
    const finalId = /invoices\/([0-9a-f-]{36})/.exec(final.headers.location)![1];
    expect(await invoiceApi(finalId)).toMatchObject({ kind: 'final', netCents: 120_000 });

    const support = await postForm(
      t,
      cookie,
      csrf,
      '/console/finance/drafts/support',
      { customerId: world.customerId, from: '2026-01-01', to: '2026-01-31' },
      '/console/finance/drafts/new',
    );
    expect(support.headers.location).toBe('/console/finance/drafts/new');
    expect(await getPage(t, '/console/finance/drafts/new', cookie)).toContain(
      'Es gibt nichts abzurechnen.',
    );
  });

  it('sends an issued invoice and shows it in the history', async () => {
    const { id } = await apiDraft(t, world.finance.token, world.customerId, {
      unitPriceCents: 5_000,
    });
    await apiIssue(t, world.finance.token, id);
    const sent = await postForm(
      t,
      cookie,
      csrf,
      `${invoicePage(id)}/send`,
      { to: 'buchhaltung@kunde.example' },
      invoicePage(id),
    );
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`${invoicePage(id)}#history`);
    expect(await getPage(t, invoicePage(id), cookie)).toContain(
      'Gesendet an buchhaltung@kunde.example',
    );
    const pdf = await t.http
      .get(`${invoicePage(id)}/pdf`)
      .set('Cookie', cookie)
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const xml = await t.http
      .get(`${invoicePage(id)}/xml`)
      .set('Cookie', cookie)
      .expect(200);
    expect(xml.headers['content-disposition']).toMatch(/attachment/);
  });
});

describe('finance figures: filters, totals, receivables by age, revenue per month', () => {
  let t: TestApp;
  let clock: MovableClock;
  let token: string;
  let cookie: string;
  let customerA: string;
  let customerB: string;
  const today = offsetDays(0);

  beforeAll(async () => {
    clock = new MovableClock('Europe/Berlin');
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' }, { clock });
    await projectWorld(t);
    const finance = await createUser(t, 'finance');
    token = finance.token;
    cookie = await pageLogin(t, finance.email, finance.password);
    customerA = (await createCustomer(t)).id;
    customerB = (await createCustomer(t)).id;
    // Issued on past days (the clock stands there), 14 days to pay:
    const issueOn = async (daysAgo: number, customerId: string, cents: number) => {
      clock.setTo(`${addDays(today, -daysAgo)}T10:00:00+01:00`);
      const { id } = await apiDraft(
        t,
        token,
        customerId,
        { unitPriceCents: cents },
        { paymentTermsDays: 14 },
      );
      const issued = await apiIssue(t, token, id);
      clock.reset();
      return issued as { id: string; grossCents: number };
    };
    await issueOn(2, customerA, 10_000); // due in 12 days: current
    const b = await issueOn(30, customerA, 20_000); // 16 days overdue
    await apiPay(t, token, b.id, 5_000, today); // partly paid
    await issueOn(60, customerB, 30_000); // 46 days overdue
    const d = await issueOn(80, customerB, 40_000); // 66 days overdue, paid in full
    await apiPay(t, token, d.id, d.grossCents, today);
    await issueOn(120, customerA, 50_000); // 106 days overdue
    await apiDraft(t, token, customerB, { unitPriceCents: 7_000 }); // a draft
  });
  afterAll(() => t.close());

  /** Every invoice through the API (its own status and open amounts), to check the SQL against. */
  async function allInvoices(): Promise<any[]> {
    const response = await t.http.get('/invoices?pageSize=100').set(bearer(token)).expect(200);
    return response.body.items;
  }
  const totalsOf = (html: string) => ({
    net: /data-total="net">([^<]+)</.exec(html)![1],
    gross: /data-total="gross">([^<]+)</.exec(html)![1],
    open: /data-total="open">([^<]+)</.exec(html)![1],
  });
  const euro = (cents: number) =>
    new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(cents / 100);

  it('filters by status and customer, with totals of what the filter shows', async () => {
    const all = await allInvoices();
    const cases: Array<[string, (i: any) => boolean]> = [
      ['state=draft', (i) => i.status === 'draft'],
      ['state=overdue', (i) => i.overdue],
      ['state=partly_paid', (i) => i.status === 'issued' && i.paidCents > 0 && i.openCents > 0],
      ['state=paid', (i) => i.status === 'issued' && i.openCents === 0],
      [`customerId=${customerB}`, (i) => i.customerId === customerB],
      [`state=overdue&customerId=${customerA}`, (i) => i.overdue && i.customerId === customerA],
    ];
    for (const [query, expected] of cases) {
      const matching = all.filter(expected);
      expect(matching.length).toBeGreaterThan(0);
      const html = await getPage(t, `/console/finance/invoices?${query}`, cookie);
      for (const invoice of all) {
        expect([query, html.includes(`/console/finance/invoices/${invoice.id}"`)]).toEqual([
          query,
          matching.includes(invoice),
        ]);
      }
      const sum = (f: (i: any) => number) => matching.reduce((s, i) => s + f(i), 0);
      expect(totalsOf(html)).toEqual({
        net: euro(sum((i) => i.netCents)),
        gross: euro(sum((i) => i.grossCents)),
        open: euro(sum((i) => (i.status === 'issued' ? i.openCents : 0))),
      });
    }
  });

  it('pages through the list with a cursor, the totals staying those of the whole filter', async () => {
    const first = await getPage(t, '/console/finance/invoices?pageSize=2', cookie);
    const next = /href="([^"]+)" rel="next"/
      .exec(first)![1]
      .replace(/&amp;/g, '&')
      .replace(/&#x3D;/g, '=');
    const second = await getPage(t, next, cookie);
    const ids = (html: string) =>
      [...html.matchAll(/\/console\/finance\/invoices\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(ids(first)).toHaveLength(2);
    expect(ids(second).filter((id) => ids(first).includes(id))).toEqual([]);
    expect(totalsOf(second)).toEqual(totalsOf(first));
  });

  it('sums receivables by age and revenue per month in SQL, as the invoices say', async () => {
    const figures = t.app.get(InvoiceFiguresService);
    const actor = { userId: 'x', email: 'x', role: 'finance' } as never;
    const all = await allInvoices();
    const open = all.filter((i) => i.status === 'issued' && i.openCents > 0);
    const days = (i: any) => Math.round((Date.parse(today) - Date.parse(i.dueDate)) / 86_400_000);
    const bucket = (d: number) =>
      d <= 0 ? 'current' : d <= 30 ? '1-30' : d <= 60 ? '31-60' : d <= 90 ? '61-90' : '90+';
    const expected = ['current', '1-30', '31-60', '61-90', '90+'].map((age) => {
      const inBucket = open.filter((i) => bucket(days(i)) === age);
      return {
        age,
        count: inBucket.length,
        openCents: inBucket.reduce((s, i) => s + i.openCents, 0),
      };
    });
    expect(await figures.receivablesByAge(actor)).toEqual(expected);
    expect(expected.find((b) => b.age === '61-90')!.count).toBe(0); // paid in full: not a receivable

    const months = await figures.revenueByMonth(actor);
    expect(months).toHaveLength(12);
    expect(months[11].month).toBe(today.slice(0, 7));
    for (const month of months) {
      const issued = all.filter((i) => i.issueDate && i.issueDate.slice(0, 7) === month.month);
      expect([month.month, month.netCents]).toEqual([
        month.month,
        issued.reduce((s, i) => s + i.netCents, 0),
      ]);
    }

    const home = await getPage(t, '/console/finance', cookie);
    expect(home).toContain('href="/console/finance/invoices?age&#x3D;90%2B"');
    expect(home).toContain(euro(expected[4].openCents));
    expect(home).toContain('Entwürfe zum Ausstellen (1)');
  });

  it('lists overdue invoices with their days overdue', async () => {
    const html = await getPage(t, '/console/finance/overdue', cookie);
    for (const days of [16, 46, 106]) expect(html).toContain(`<td class="num">${days}</td>`);
    expect(html).not.toContain('<td class="num">66</td>');
  });
});
