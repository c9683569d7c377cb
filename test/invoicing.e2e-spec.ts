import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCustomer, createUser, updateCompany } from './support/factories.js';
import { acceptedProject, projectWorld, type ProjectWorld } from './support/projects.js';
import { pdfText } from './support/pdf-text.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { expectStatus } from './support/expect-status.js';

let t: TestApp;
let world: ProjectWorld;
let finance: string;

const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

beforeAll(async () => {
  t = await startTestApp();
  world = await projectWorld(t);
  finance = world.finance.token;
}, 120_000);
afterAll(() => t?.close());

async function draft(path: string, body: Record<string, unknown>) {
  const res = await t.http.post(path).set(bearer(finance)).send(body);
  expectStatus(res, 201);
  return res.body as { id: string; version: number; grossCents: number };
}

/** The raw bytes of a download (PDF or XML), answered 200. */
async function download(path: string, token = finance): Promise<Buffer> {
  const res = await t.http
    .get(path)
    .set(bearer(token))
    .buffer(true)
    .parse(binary as never)
    .expect(200);
  return res.body as Buffer;
}

async function issue(id: string, key?: string) {
  const req = t.http.post(`/invoices/${id}/issue`).set(bearer(finance));
  if (key) void req.set('Idempotency-Key', key);
  return req.send({});
}

describe('invoicing', () => {
  it('down payment, final invoice with deduction, PDF and XML, payment → project closed', async () => {
    const { id: projectId } = await acceptedProject(t, world, { hours: '10' });
    // 10 h × 120 € = 1 200 € net; a 30 % down payment first (allowed while not invoiced)
    const dp = await draft(`/projects/${projectId}/invoices/down-payment`, { percent: '30' });
    const dpIssued = await issue(dp.id);
    expectStatus(dpIssued, 200);
    expect(dpIssued.body).toMatchObject({ status: 'issued', netCents: 36_000, vatCents: 6_840 });
    expect(dpIssued.body.number).toMatch(/^RE-\d{4}-\d{5}$/);

    const final = await draft(`/projects/${projectId}/invoices/final`, {});
    const issued = await issue(final.id);
    expectStatus(issued, 200);
    expect(issued.body).toMatchObject({
      kind: 'final',
      status: 'issued',
      netCents: 120_000,
      vatCents: 22_800,
      grossCents: 142_800,
      prepaidCents: 42_840,
      dueCents: 99_960,
      openCents: 99_960,
    });
    const project = await t.http.get(`/projects/${projectId}`).set(bearer(finance)).expect(200);
    expect(project.body.stage).toBe('invoiced');

    // issued invoices are never edited; a second final draft for the same work is refused
    const edit = await t.http
      .patch(`/invoices/${final.id}`)
      .set(bearer(finance))
      .send({ version: issued.body.version, subject: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('INVOICE.ALREADY_ISSUED');
    // the down payment is deducted in the final invoice: it cannot be cancelled on its own
    const dpCancel = await t.http
      .post(`/invoices/${dp.id}/cancel`)
      .set(bearer(finance))
      .send({ reason: 'Falscher Prozentsatz' });
    expect(dpCancel.status).toBe(409);
    expect(dpCancel.body).toMatchObject({
      code: 'INVOICE.DEDUCTED_IN_FINAL',
      finalInvoice: { id: final.id, number: issued.body.number },
    });
    const dpAfter = await t.http.get(`/invoices/${dp.id}`).set(bearer(finance)).expect(200);
    expect(dpAfter.body.status).toBe('issued');
    const second = await draft(`/projects/${projectId}/invoices/final`, {});
    const secondIssue = await issue(second.id);
    expect(secondIssue.status).toBe(409);
    expect(secondIssue.body.code).toBe('INVOICE.PROJECT_ALREADY_INVOICED');

    const pdf = await download(`/invoices/${final.id}/pdf`, world.customerUser.token);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.includes(Buffer.from('factur-x.xml'))).toBe(true);
    const text = (await download(`/invoices/${final.id}/xml`)).toString('utf8');
    expect(text).toContain(`<ram:ID>${issued.body.number}</ram:ID>`);
    expect(text).toContain('<ram:TotalPrepaidAmount>428.40</ram:TotalPrepaidAmount>');
    expect(text).toContain('<ram:DuePayableAmount>999.60</ram:DuePayableAmount>');

    // partial, then full payment; overpaying is refused; full payment closes the project
    const pay = (amountCents: number) =>
      t.http
        .post('/payments')
        .set(bearer(finance))
        .send({ invoiceId: final.id, day: '2026-12-01', amountCents, reference: 'Überweisung' });
    expect((await pay(50_000)).body).toMatchObject({ invoiceOpenCents: 49_960 });
    const open = await t.http.get('/payments/open').set(bearer(finance)).expect(200);
    expect(open.body.items.map((i: { id: string }) => i.id)).toContain(final.id);
    expect((await pay(49_961)).body.code).toBe('INVOICE.OVERPAYMENT');
    expect((await pay(49_960)).status).toBe(201);
    const closed = await t.http.get(`/projects/${projectId}`).set(bearer(finance)).expect(200);
    expect(closed.body.stage).toBe('closed');
  }, 120_000);

  it('cancellation: a Stornorechnung with negated amounts, then a corrected invoice', async () => {
    const d = await draft('/invoices', {
      customerId: world.customerId,
      subject: 'Schulung',
      serviceFrom: '2026-11-20',
      lines: [{ title: 'Schulung', quantity: '2.5', unit: 'hour', unitPriceCents: 9550 }],
    });
    const issued = (await issue(d.id)).body;
    const res = await t.http
      .post(`/invoices/${d.id}/cancel`)
      .set(bearer(finance))
      .send({ reason: 'Falscher Stundensatz' });
    expectStatus(res, 200);
    const { cancellation, replacement } = res.body;
    expect(cancellation.number).toMatch(/^ST-\d{4}-\d{5}$/);
    expect(cancellation).toMatchObject({
      kind: 'cancellation',
      grossCents: -issued.grossCents,
      cancels: { id: d.id, number: issued.number },
    });
    const original = await t.http.get(`/invoices/${d.id}`).set(bearer(finance)).expect(200);
    expect(original.body).toMatchObject({
      status: 'cancelled',
      cancelledBy: { number: cancellation.number },
    });
    await t.http.get(`/invoices/${d.id}/pdf`).set(bearer(finance)).expect(200);
    const xml = await download(`/invoices/${cancellation.id}/xml`);
    expect(xml.toString()).toContain(
      `<ram:IssuerAssignedID>${issued.number}</ram:IssuerAssignedID>`,
    );
    const fixed = await t.http
      .patch(`/invoices/${replacement.id}`)
      .set(bearer(finance))
      .send({
        version: replacement.version,
        lines: [{ title: 'Schulung', quantity: '2.5', unit: 'hour', unitPriceCents: 9000 }],
      });
    expectStatus(fixed, 200);
    expect((await issue(replacement.id)).body).toMatchObject({
      status: 'issued',
      netCents: 22_500,
    });
  }, 60_000);

  it('reverse charge without the customer VAT ID: 422 naming the field', async () => {
    const austrian = await createCustomer(t, {
      countryCode: 'AT',
      city: 'Wien',
      postalCode: '1060',
    });
    const d = await draft('/invoices', {
      customerId: austrian.id,
      subject: 'Beratung',
      serviceFrom: '2026-11-20',
      lines: [{ title: 'Beratung', quantity: '1', unit: 'hour', unitPriceCents: 12000 }],
    });
    const res = await issue(d.id);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'INVOICE.INCOMPLETE', missing: ['customer.vatId'] });
    const still = await t.http.get(`/invoices/${d.id}`).set(bearer(finance)).expect(200);
    expect(still.body).toMatchObject({ status: 'draft', number: null });
  }, 60_000);

  it('a customer outside the EU: no German VAT, the §3a note, an e-invoice without VAT IDs; the tax number is required', async () => {
    const swiss = await createCustomer(t, {
      countryCode: 'CH',
      city: 'Zürich',
      postalCode: '8001',
      vatId: 'CHE123456789',
    });
    const d = await draft('/invoices', {
      customerId: swiss.id,
      subject: 'Beratung',
      serviceFrom: '2026-11-20',
      lines: [
        { title: 'Beratung', quantity: '2', unit: 'hour', unitPriceCents: 12000 },
        { title: 'Handbuch', quantity: '1', unit: 'piece', unitPriceCents: 1995, vatRate: '7' },
      ],
    });
    await updateCompany(t, { taxNumber: null });
    // The e-invoice may not carry the company's VAT ID (BR-O-02): without a tax number the
    // seller could not be identified.
    const refused = await issue(d.id);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'INVOICE.INCOMPLETE',
      missing: ['company.taxNumber'],
    });
    const still = await t.http.get(`/invoices/${d.id}`).set(bearer(finance)).expect(200);
    expect(still.body).toMatchObject({ status: 'draft', number: null });

    await updateCompany(t, { taxNumber: '231/123/45678' });
    const issued = await issue(d.id);
    expectStatus(issued, 200);
    expect(issued.body).toMatchObject({
      status: 'issued',
      vatCase: 'third_country',
      netCents: 25_995,
      vatCents: 0,
      grossCents: 25_995,
    });
    const pdf = await download(`/invoices/${d.id}/pdf`);
    const text = (await pdfText(pdf)).text.replace(/\s+/g, ' ');
    expect(text).toContain('Nicht im Inland steuerbare Leistung');
    // Without German VAT the customer's VAT number plays no part on the invoice.
    expect(text).not.toContain('CHE123456789');
    expect(text).not.toContain('zzgl. USt.');
    const body = (await download(`/invoices/${d.id}/xml`)).toString('utf8');
    expect(body).toContain('<ram:CategoryCode>O</ram:CategoryCode>');
    expect(body).not.toContain('schemeID="VA"');
  }, 60_000);

  it('Idempotency-Key: a retried issue returns the same invoice; the key for another invoice is refused', async () => {
    const body = {
      customerId: world.customerId,
      subject: 'Lizenz',
      serviceFrom: '2026-11-20',
      lines: [{ title: 'Lizenz', quantity: '1', unit: 'flat', unitPriceCents: 4999 }],
    };
    const a = await draft('/invoices', body);
    const b = await draft('/invoices', body);
    const first = await issue(a.id, 'retry-1');
    const retry = await issue(a.id, 'retry-1');
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body.number).toBe(first.body.number);
    const other = await issue(b.id, 'retry-1');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('INVOICE.IDEMPOTENCY_KEY_REUSED');
    const again = await issue(a.id);
    expect(again.body.code).toBe('INVOICE.ALREADY_ISSUED');
  }, 60_000);

  it('50 concurrent issues on 50 drafts give 50 distinct consecutive numbers', async () => {
    const second = await createUser(t, 'finance');
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      ids.push(
        (
          await draft('/invoices', {
            customerId: world.customerId,
            subject: `Wartung ${i}`,
            serviceFrom: '2026-11-20',
            lines: [{ title: 'Wartung', quantity: '1', unit: 'flat', unitPriceCents: 1000 + i }],
          })
        ).id,
      );
    }
    const responses = await Promise.all(
      ids.map((id, i) =>
        t.http
          .post(`/invoices/${id}/issue`)
          .set(bearer(i % 2 ? second.token : finance))
          .send({}),
      ),
    );
    for (const r of responses) expectStatus(r, 200);
    const seqs = responses
      .map((r) => Number((r.body.number as string).split('-')[2]))
      .sort((x, y) => x - y);
    expect(new Set(seqs).size).toBe(50);
    expect(seqs[49] - seqs[0]).toBe(49);
    // the whole RE series so far, issued and cancelled: no gap, failed issues included
    const all = await t.http.get('/invoices?pageSize=100').set(bearer(finance)).expect(200);
    const numbers = (all.body.items as Array<{ number: string | null }>)
      .filter((i) => i.number?.startsWith('RE-'))
      .map((i) => Number(i.number!.split('-')[2]))
      .sort((x, y) => x - y);
    expect(numbers.length).toBeGreaterThan(50);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  }, 300_000);

  it('exports issued invoices as CSV for the tax adviser', async () => {
    const res = await t.http
      .get('/invoices/export.csv?from=2000-01-01&to=2100-12-31')
      .set(bearer(finance))
      .expect(200);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'number;issue_date;type;status;customer_number;customer_name;customer_vat_id;vat_case;net_19;vat_19;net_7;vat_7;net_0;net_total;vat_total;gross_total;prepaid;amount_due;cancels_number',
    );
    expect(lines.some((l) => /^ST-\d{4}-\d{5};.*;384;issued;.*;-.*;RE-\d{4}-\d{5}$/.test(l))).toBe(
      true,
    );
    const customer = await t.http
      .get('/invoices/export.csv?from=2000-01-01&to=2100-12-31')
      .set(bearer(world.customerUser.token));
    expect(customer.status).toBe(403);
  }, 60_000);

  it('a number series shows the number its next invoice gets; GET /invoice-series/:key answers', async () => {
    const seriesOf = async (key: string) => {
      const res = await t.http.get(`/invoice-series/${key}`).set(bearer(finance));
      expectStatus(res, 200);
      return res.body as { key: string; pattern: string; example: string };
    };
    const d = await draft('/invoices', {
      customerId: world.customerId,
      subject: 'Nummernvorschau',
      serviceFrom: '2026-11-20',
      lines: [{ title: 'Beratung', quantity: '1', unit: 'hour', unitPriceCents: 10_000 }],
    });
    const before = await seriesOf('invoice');
    const issued = await issue(d.id);
    expectStatus(issued, 200);
    expect(issued.body.number).toBe(before.example);
    const after = await seriesOf('invoice');
    const seq = (n: string) => Number(n.split('-')[2]);
    expect(seq(after.example)).toBe(seq(issued.body.number as string) + 1);
    const list = await t.http.get('/invoice-series').set(bearer(finance)).expect(200);
    expect(list.body).toContainEqual(
      expect.objectContaining({ key: 'invoice', example: after.example }),
    );
    const unknown = await t.http.get('/invoice-series/nope').set(bearer(finance));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('INVOICE_SERIES.NOT_FOUND');
  }, 60_000);
});
