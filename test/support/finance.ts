import { expectStatus } from './expect-status.js';
import { bearer, type TestApp } from './test-app.js';

/** A manual draft through the API: one line of `quantity` × `unitPriceCents` at 19 %. */
export async function apiDraft(
  t: TestApp,
  token: string,
  customerId: string,
  line: { quantity?: string; unitPriceCents: number },
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; version: number }> {
  const response = await t.http
    .post('/invoices')
    .set(bearer(token))
    .send({
      customerId,
      subject: 'Wartung',
      serviceFrom: '2026-01-05',
      serviceTo: '2026-01-09',
      lines: [
        {
          title: 'Arbeit',
          quantity: line.quantity ?? '1',
          unit: 'hour',
          unitPriceCents: line.unitPriceCents,
        },
      ],
      ...overrides,
    });
  expectStatus(response, 201);
  return response.body as { id: string; version: number };
}

/** Issues an invoice through the API; returns its response body. */
export async function apiIssue(t: TestApp, token: string, id: string): Promise<any> {
  const response = await t.http.post(`/invoices/${id}/issue`).set(bearer(token)).send({});
  expectStatus(response, 200);
  return response.body;
}

export async function apiPay(
  t: TestApp,
  token: string,
  invoiceId: string,
  amountCents: number,
  day: string,
) {
  const response = await t.http
    .post('/payments')
    .set(bearer(token))
    .send({ invoiceId, amountCents, day });
  expectStatus(response, 201);
}

/** A page form POST with the session and its CSRF token; returns the response. */
export function postForm(
  t: TestApp,
  cookie: string,
  csrf: string,
  path: string,
  body: Record<string, string>,
  referer?: string,
) {
  const request = t.http
    .post(path)
    .set('Cookie', cookie)
    .type('form')
    .send({ _csrf: csrf, ...body });
  if (referer) void request.set('Referer', `http://127.0.0.1${referer}`).set('Host', '127.0.0.1');
  return request;
}
