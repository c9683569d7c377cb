import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCustomer } from './support/factories.js';
import { expectStatus } from './support/expect-status.js';
import { binaryBody } from './support/pdf-text.js';
import { projectWorld, type ProjectWorld } from './support/projects.js';
import { issueInvoice } from './support/reminders.js';
import { bearer, MovableClock, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The DATEV export of a period through the API: an issued domestic invoice, a cancelled one
 * with its Stornorechnung, and a reverse-charge invoice to Ireland, in Windows-1252.
 */
describe('DATEV export (Buchungsstapel)', () => {
  const clock = new MovableClock('Europe/Berlin');
  let t: TestApp;
  let world: ProjectWorld;
  let finance: { authorization: string };
  const numbers: Record<string, string> = {};
  const customers: Record<string, string> = {};

  const download = (query: string, auth = finance) =>
    t.http
      .get(`/invoices/export.datev.csv${query}`)
      .set(auth)
      .buffer(true)
      .parse(binaryBody as never);

  beforeAll(async () => {
    clock.setTo('2026-03-10T09:00:00Z');
    t = await startTestApp({ RENDER_WORKERS: '1' }, { clock });
    world = await projectWorld(t);
    finance = bearer(world.finance.token);
    const domestic = await createCustomer(t, { name: 'Müller & Söhne GmbH' });
    const irish = await createCustomer(t, {
      name: 'Greenhill Analytics Ltd',
      street: '14 Harcourt Street',
      postalCode: 'D02 XY45',
      city: 'Dublin',
      countryCode: 'IE',
      vatId: 'IE6388047V',
      language: 'en',
    });
    customers.domestic = domestic.number;
    customers.irish = irish.number;
    numbers.issued = (await issueInvoice(t, world.finance.token, domestic.id)).number;
    const toCancel = await issueInvoice(t, world.finance.token, domestic.id, [
      { title: 'Lizenz', quantity: '1', unit: 'flat', unitPriceCents: 10_000 },
    ]);
    numbers.cancelled = toCancel.number;
    const cancel = await t.http
      .post(`/invoices/${toCancel.id}/cancel`)
      .set(finance)
      .send({ reason: 'Doppelt berechnet' });
    expectStatus(cancel, 200);
    numbers.cancellation = cancel.body.cancellation.number;
    numbers.reverse = (await issueInvoice(t, world.finance.token, irish.id)).number;
  }, 120_000);
  afterAll(() => t.close());

  it('writes the period in Windows-1252 with the EXTF header and one booking per invoice', async () => {
    const res = await download('?from=2026-03-01&to=2026-03-31');
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe('text/csv; charset=windows-1252');
    expect(res.headers['content-disposition']).toContain(
      'EXTF_Buchungsstapel_2026-03-01_2026-03-31.csv',
    );
    const bytes = res.body as Buffer;
    // "Müller": ü is the single byte 0xFC, not UTF-8's C3 BC.
    expect(bytes.includes(Buffer.from([0x4d, 0xfc, 0x6c]))).toBe(true);
    expect(bytes.includes(Buffer.from([0xc3, 0xbc]))).toBe(false);
    const text = new TextDecoder('windows-1252').decode(bytes);
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    const header = lines[0].split(';');
    expect(header.slice(0, 5)).toEqual(['"EXTF"', '700', '21', '"Buchungsstapel"', '13']);
    expect(header[5]).toMatch(/^20260310\d{9}$/);
    expect(header.slice(10, 16)).toEqual(['1001', '1', '20260101', '4', '20260301', '20260331']);
    expect(header[26]).toBe('"03"');
    expect(lines[1].split(';')[0]).toBe('Umsatz (ohne Soll/Haben-Kz)');

    const bookings = lines.slice(2, -1).map((line) => line.split(';'));
    expect(bookings.every((b) => b.length === 125)).toBe(true);
    const debtor = (number: string) => String(10_000 + Number(number.replace(/\D/g, '')));
    expect(bookings.map((b) => b.slice(0, 11))).toEqual([
      [
        '285,60',
        '"S"',
        '"EUR"',
        '',
        '',
        '',
        debtor(customers.domestic),
        '8400',
        '',
        '1003',
        `"${numbers.issued}"`,
      ],
      [
        '119,00',
        '"S"',
        '"EUR"',
        '',
        '',
        '',
        debtor(customers.domestic),
        '8400',
        '',
        '1003',
        `"${numbers.cancelled}"`,
      ],
      [
        '240,00',
        '"S"',
        '"EUR"',
        '',
        '',
        '',
        debtor(customers.irish),
        '8336',
        '',
        '1003',
        `"${numbers.reverse}"`,
      ],
      [
        '119,00',
        '"H"',
        '"EUR"',
        '',
        '',
        '',
        debtor(customers.domestic),
        '8400',
        '',
        '1003',
        `"${numbers.cancellation}"`,
      ],
    ]);
    expect(bookings[3][13]).toBe(`"Storno ${numbers.cancelled} Müller & Söhne GmbH"`);
    expect(bookings[2]).toContain('"IE6388047V"');
  });

  it('takes SKR04 and a debtor override from the settings, optimistically locked', async () => {
    const settings = await t.http.get('/invoices/datev/settings').set(finance).expect(200);
    expect(settings.body.effectiveRevenueAccounts).toMatchObject({
      standard_19: 8400,
      reverse_charge: 8336,
    });
    const update = {
      ...settings.body,
      chart: 'SKR04',
      consultantNumber: 29098,
      clientNumber: 55003,
      debtorAccounts: [{ customerNumber: customers.irish, account: 12345 }],
    };
    delete update.effectiveRevenueAccounts;
    const saved = await t.http.put('/invoices/datev/settings').set(finance).send(update);
    expectStatus(saved, 200);
    expect(saved.body).toMatchObject({
      version: 1,
      effectiveRevenueAccounts: { standard_19: 4400 },
    });
    expectStatus(await t.http.put('/invoices/datev/settings').set(finance).send(update), 409);
    const text = new TextDecoder('windows-1252').decode(
      (await download('?from=2026-03-01&to=2026-03-31').expect(200)).body as Buffer,
    );
    const lines = text.split('\r\n');
    expect(lines[0].split(';').slice(10, 12)).toEqual(['29098', '55003']);
    expect(lines[0].split(';')[26]).toBe('"04"');
    expect(lines[4].split(';').slice(6, 8)).toEqual(['12345', '4336']);
  });

  it('refuses a bad period naming the field, and other roles', async () => {
    const backwards = await download('?from=2026-03-31&to=2026-03-01');
    expectStatus(backwards, 400);
    const spanning = await download('?from=2025-12-01&to=2026-01-31');
    expectStatus(spanning, 400);
    expect(JSON.stringify(JSON.parse(spanning.body.toString()).errors)).toContain('"field":"to"');
    expectStatus(await download('?from=2026-03-01'), 400);
    expectStatus(
      await download('?from=2026-03-01&to=2026-03-31', bearer(world.consultant.token)),
      403,
    );
  });
});
