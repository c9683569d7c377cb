import { bearer, type TestApp } from './test-app.js';
import { expectStatus } from './expect-status.js';

export interface IssuedInvoice {
  id: string;
  number: string;
  dueDate: string;
  grossCents: number;
  version: number;
}

/** A manual invoice, issued: by default 2 h × 120,00 € + 19 % = 285,60 € gross, due in 14 days. */
export async function issueInvoice(
  t: TestApp,
  token: string,
  customerId: string,
  lines: Array<Record<string, unknown>> = [
    { title: 'Beratung', quantity: '2', unit: 'hour', unitPriceCents: 12_000 },
  ],
): Promise<IssuedInvoice> {
  const draft = await t.http.post('/invoices').set(bearer(token)).send({
    customerId,
    subject: 'Beratung',
    serviceFrom: '2026-01-02',
    paymentTermsDays: 14,
    lines,
  });
  expectStatus(draft, 201);
  const issued = await t.http.post(`/invoices/${draft.body.id}/issue`).set(bearer(token)).send({});
  expectStatus(issued, 200);
  return issued.body as IssuedInvoice;
}
