import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { addDays } from '../src/common/clock.js';
import {
  configureCompany,
  createCustomer,
  createService,
  createTicket,
  createUser,
  pastWeekday,
  type CreatedUser,
} from './support/factories.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { expectStatus } from './support/expect-status.js';

interface ReportLine {
  entryId: string;
  ticketNumber: string;
  rawMinutes: number;
  billedMinutes: number;
  quantityMilli: number;
  unitPriceCents: number;
  baseNetCents: number;
  afterHoursSurchargeCents: number;
  goodwillCents: number;
  lineNetCents: number;
}

interface InvoiceLine {
  title: string;
  description: string | null;
  quantity: string;
  unit: string;
  unitPriceCents: number;
  netCents: number;
}

interface Invoice {
  id: string;
  number: string | null;
  status: string;
  kind: string;
  subject: string;
  serviceFrom: string | null;
  serviceTo: string | null;
  netCents: number;
  vatCents: number;
  grossCents: number;
  lines: InvoiceLine[];
  allowances: Array<{ reason: string; amountCents: number; vatRate: string }>;
  version: number;
}

/** "0.25" from 250: the invoice API's decimal quantity. */
const decimal = (milli: number) => String(milli / 1000);
const counterOf = (number: string) => Number(/(\d+)$/.exec(number)![1]);
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

/**
 * The lines a support invoice must have for a time report: per entry the rounded time at the
 * service's rate, then its after-hours surcharge when not zero. Goodwill is no line: it is a
 * document-level allowance (EN 16931 BG-20), see `expectedAllowances`.
 */
function expectedLines(report: ReportLine[]) {
  return report.flatMap((l) => [
    [decimal(l.quantityMilli), l.unitPriceCents, l.baseNetCents],
    ...(l.afterHoursSurchargeCents
      ? [['1', l.afterHoursSurchargeCents, l.afterHoursSurchargeCents]]
      : []),
  ]);
}

/** The goodwill of each entry that has some, as a positive allowance amount. */
function expectedAllowances(report: ReportLine[]) {
  return report.filter((l) => l.goodwillCents).map((l) => l.goodwillCents);
}

describe('support invoicing: time report → support invoice → issued, each entry once', () => {
  let t: TestApp;
  let finance: CreatedUser;
  let consultant: CreatedUser;
  let customer: { id: string; number: string };
  let service: { id: string };
  let restore: { id: string; number: string }; // extended, with surcharge
  let vpn: { id: string; number: string }; // extended, 50 % goodwill
  let free: { id: string; number: string }; // standard support: never billed
  const day = pastWeekday(3); // a Wednesday at least a week ago
  const from = `${day.slice(0, 8)}01`;
  const to = addDays(`${addDays(from, 40).slice(0, 8)}01`, -1); // last day of the month
  const at = (utcTime: string) => `${day}T${utcTime}:00Z`; // 09:00Z is 10:00/11:00 in Berlin
  let report: { lines: ReportLine[]; totals: Record<string, number> };
  let draft: Invoice;
  let rival: Invoice;
  let issued: Invoice;
  const entryIds: string[] = [];

  const get = (path: string) => t.http.get(path).set(bearer(finance.token));
  const download = (path: string) =>
    get(path)
      .buffer(true)
      .parse(binaryBody as never)
      .expect(200);
  const timeReport = async (period = { from, to }) =>
    (
      await get(
        `/support/billing/time-report?customerId=${customer.id}&from=${period.from}&to=${period.to}`,
      ).expect(200)
    ).body as typeof report;
  const supportDraft = (customerId = customer.id) =>
    t.http.post('/invoices/support').set(bearer(finance.token)).send({ customerId, from, to });
  const issue = (id: string, key: string) =>
    t.http
      .post(`/invoices/${id}/issue`)
      .set(bearer(finance.token))
      .set('Idempotency-Key', key)
      .send({});
  const logTime = async (ticketId: string, body: Record<string, unknown>) => {
    const entry = await t.http
      .post(`/support/tickets/${ticketId}/time-entries`)
      .set(bearer(consultant.token))
      .send({ serviceId: service.id, ...body })
      .expect(201);
    return entry.body as { id: string; billable: boolean; afterHoursMinutes: number };
  };
  const decide = (ticketId: string, cause: string) =>
    t.http
      .post(`/support/tickets/${ticketId}/cost-decision`)
      .set(bearer(consultant.token))
      .send({ cause });

  beforeAll(async () => {
    t = await startTestApp();
    await configureCompany(t);
    finance = await createUser(t, 'finance');
    consultant = await createUser(t, 'consultant');
    customer = await createCustomer(t, { name: 'Müller & Söhne Logistik GmbH' });
    service = await createService(t); // 120,00 €/h, 50 % after hours
    // No customer order needed for this much work: the threshold is not what is tested here.
    const settings = await t.http.get('/support/settings').set(bearer(t.adminToken)).expect(200);
    await t.http
      .patch('/support/settings')
      .set(bearer(t.adminToken))
      .send({ approvalThresholdWorkUnits: 1000, version: settings.body.version })
      .expect(200);

    restore = await createTicket(t, customer.id, { title: 'Mails gelöscht' });
    vpn = await createTicket(t, customer.id, { title: 'VPN langsam' });
    free = await createTicket(t, customer.id, { title: 'Spamfilter defekt' });
    await decide(restore.id, 'unauthorised_intervention').expect(200); // extended, billed
    await decide(vpn.id, 'unauthorised_intervention').expect(200);
    await decide(free.id, 'provider_defect').expect(200); // standard, free
    await t.http
      .put(`/support/tickets/${vpn.id}/goodwill`)
      .set(bearer(consultant.token))
      .send({ billedPercent: '50', reason: 'Erstkontakt' })
      .expect(200);

    entryIds.push(
      (await logTime(restore.id, { startedAt: at('09:00'), minutes: 1, description: 'Rückruf' }))
        .id,
    );
    entryIds.push(
      (await logTime(restore.id, { startedAt: at('09:30'), minutes: 16, description: 'Restore' }))
        .id,
    );
    // 17:30Z is after 18:00 in Berlin: the whole entry is after hours.
    const evening = await logTime(restore.id, {
      startedAt: at('17:30'),
      minutes: 15,
      description: 'Nacharbeit am Abend',
    });
    expect(evening.afterHoursMinutes).toBe(15);
    entryIds.push(evening.id);
    entryIds.push(
      (await logTime(vpn.id, { startedAt: at('10:00'), minutes: 30, description: 'Analyse' })).id,
    );
    const internal = await logTime(restore.id, {
      startedAt: at('11:00'),
      minutes: 10,
      description: 'Interne Abstimmung',
      noCharge: true,
    });
    expect(internal.billable).toBe(false);
    const freeEntry = await logTime(free.id, {
      startedAt: at('12:00'),
      minutes: 45,
      description: 'Filterregeln repariert',
    });
    expect(freeEntry.billable).toBe(false);
    // Billable, but the day before the period: another invoice's business.
    await logTime(restore.id, {
      startedAt: `${addDays(from, -1)}T09:00:00Z`,
      minutes: 15,
      description: 'Vormonat',
    });
  }, 120_000);
  afterAll(() => t?.close());

  it('reports the billable entries of the period: rounded per entry, surcharge, goodwill', async () => {
    report = await timeReport();
    expect(
      report.lines.map((l) => [
        l.ticketNumber,
        l.rawMinutes,
        l.billedMinutes,
        l.quantityMilli,
        l.baseNetCents,
        l.afterHoursSurchargeCents,
        l.goodwillCents,
        l.lineNetCents,
      ]),
    ).toEqual([
      [restore.number, 1, 15, 250, 3000, 0, 0, 3000],
      [restore.number, 16, 30, 500, 6000, 0, 0, 6000],
      [vpn.number, 30, 30, 500, 6000, 0, 3000, 3000],
      [restore.number, 15, 15, 250, 3000, 1500, 0, 4500],
    ]);
    expect(report.lines.map((l) => l.entryId).sort()).toEqual([...entryIds].sort());
    expect(report.totals.netCents).toBe(16_500);
  });

  it('drafts a support invoice whose lines are the time report, to the cent', async () => {
    const res = await supportDraft();
    expectStatus(res, 201);
    draft = res.body as Invoice;
    expect(draft).toMatchObject({
      kind: 'support',
      status: 'draft',
      number: null,
      serviceFrom: from,
      serviceTo: to,
      netCents: report.totals.netCents,
      vatCents: 3135,
      grossCents: 19_635,
    });
    expect(draft.lines.map((l) => [l.quantity, l.unitPriceCents, l.netCents])).toEqual(
      expectedLines(report.lines),
    );
    expect(draft.allowances.map((a) => a.amountCents)).toEqual(expectedAllowances(report.lines));
    expect(draft.allowances.map((a) => oneLine(a.reason))).toEqual([
      `Ticket ${vpn.number} · Kulanz: Berechnet werden 50 % des Aufwands: Erstkontakt`,
    ]);
    // Every line names its ticket; the free ticket's time is nowhere.
    for (const line of draft.lines) expect(line.title).toMatch(/^Ticket T-\d{5} · /);
    expect(draft.lines.map((l) => oneLine(`${l.title} ${l.description}`))).toEqual([
      `Ticket ${restore.number} · Rückruf Mails gelöscht · ${day.split('-').reverse().join('.')} · Technischer Support · 1 min erfasst, berechnet 0,25 Std.`,
      expect.stringContaining('· 16 min erfasst, berechnet 0,5 Std.'),
      expect.stringContaining(`Ticket ${vpn.number} · Analyse`),
      expect.stringContaining('Nacharbeit am Abend'),
      expect.stringContaining(`Ticket ${restore.number} · Zuschlag außerhalb der Geschäftszeiten`),
    ]);
    expect(JSON.stringify(draft.lines)).not.toContain(free.number);

    // A second draft of the same entries, made before either is issued.
    rival = (await supportDraft().expect(201)).body as Invoice;
  });

  it('issues it: number, entries claimed, PDF and CII XML with the period and amounts', async () => {
    await t.http
      .post(`/invoices/${draft.id}/issue`)
      .set(bearer(consultant.token))
      .send({})
      .expect(403);
    const res = await issue(draft.id, 'support-1');
    expectStatus(res, 200);
    issued = res.body as Invoice;
    expect(issued.number).toMatch(/^RE-\d{4}-\d{5}$/);
    expect(issued).toMatchObject({ status: 'issued', netCents: 16_500, grossCents: 19_635 });
    expect(issued.lines.map((l) => [l.title, l.quantity, l.netCents])).toEqual(
      draft.lines.map((l) => [l.title, l.quantity, l.netCents]),
    );
    expect(issued.allowances).toEqual(draft.allowances);

    const entries = await get(`/support/tickets/${restore.id}/time-entries`).expect(200);
    const byId = new Map(
      (entries.body.items as Array<{ id: string; invoiceRef: string | null }>).map((e) => [
        e.id,
        e.invoiceRef,
      ]),
    );
    expect(entryIds.filter((id) => byId.has(id)).map((id) => byId.get(id))).toEqual([
      issued.number,
      issued.number,
      issued.number,
    ]);
    // The no-charge entry and the one before the period stay unclaimed.
    expect([...byId.values()].filter((ref) => ref === null)).toHaveLength(2);

    const pdf = await download(`/invoices/${draft.id}/pdf`);
    const text = oneLine((await pdfText(pdf.body as Buffer)).text);
    const de = (d: string) => d.split('-').reverse().join('.');
    for (const expected of [
      `Rechnung ${issued.number}`,
      'Leistungszeitraum',
      `${de(from)} – ${de(to)}`,
      `Ticket ${restore.number}`,
      `Ticket ${vpn.number}`,
      'Zuschlag außerhalb der Geschäftszeiten',
      'Kulanz',
      '165,00 €',
      '31,35 €',
      '196,35 €',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(free.number);

    const xml = (await download(`/invoices/${draft.id}/xml`)).body.toString('utf8');
    expect(xml).toContain('<rsm:CrossIndustryInvoice');
    expect(xml).toContain(`<ram:ID>${issued.number}</ram:ID>`);
    expect(xml).toMatch(
      new RegExp(
        `<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format="102">${from.replaceAll('-', '')}</udt:DateTimeString></ram:StartDateTime><ram:EndDateTime><udt:DateTimeString format="102">${to.replaceAll('-', '')}</udt:DateTimeString>`,
      ),
    );
    // BT-106 is the lines' sum, BT-109 that less the goodwill allowance (BR-CO-13).
    expect(xml).toContain(
      '<ram:LineTotalAmount>195.00</ram:LineTotalAmount><ram:AllowanceTotalAmount>30.00</ram:AllowanceTotalAmount><ram:TaxBasisTotalAmount>165.00</ram:TaxBasisTotalAmount>',
    );
    expect(xml).toContain('<ram:TaxTotalAmount currencyID="EUR">31.35</ram:TaxTotalAmount>');
    expect(xml).toContain('<ram:GrandTotalAmount>196.35</ram:GrandTotalAmount>');
    expect(xml).toContain('<ram:DuePayableAmount>196.35</ram:DuePayableAmount>');
    expect(xml).toContain(`<ram:Name>Ticket ${restore.number} · Restore</ram:Name>`);
    expect(oneLine(xml)).toContain(
      `<ram:ActualAmount>30.00</ram:ActualAmount><ram:Reason>Ticket ${vpn.number} · Kulanz: Berechnet werden 50 % des Aufwands: Erstkontakt</ram:Reason>`,
    );

    // The stored rows are the issued lines with their amounts, as the snapshot and the API.
    const rows = await t.app
      .get(DataSource)
      .query<Array<Record<string, number | string | null>>>(
        `SELECT position, title, quantity, unit_price_cents, net_cents, vat_rate_bp FROM invoice_lines WHERE invoice_id = '${draft.id}' ORDER BY position`,
      );
    expect(
      rows.map((r) => [
        Number(r.position),
        r.title,
        decimal(Number(r.quantity)),
        Number(r.unit_price_cents),
        Number(r.net_cents),
        Number(r.vat_rate_bp),
      ]),
    ).toEqual([
      ...issued.lines.map((l, i) => [
        i + 1,
        l.title,
        l.quantity,
        l.unitPriceCents,
        l.netCents,
        1900,
      ]),
      ...issued.allowances.map((a, i) => [
        issued.lines.length + i + 1,
        a.reason,
        '-1',
        a.amountCents,
        -a.amountCents,
        1900,
      ]),
    ]);
  });

  it('leaves nothing in the time report and nothing to invoice for the period', async () => {
    const after = await timeReport();
    expect(after.lines).toEqual([]);
    expect(after.totals.netCents).toBe(0);
    const again = await supportDraft().expect(422);
    expect(again.body.code).toBe('INVOICE.NOTHING_TO_INVOICE');
    // Nor a Leistungsnachweis of nothing: refused like an invoice without lines, nothing stored.
    const countDocuments = async () =>
      (
        await t.app
          .get(DataSource)
          .query<Array<{ n: number | string }>>('SELECT COUNT(*) AS n FROM documents')
      ).map((r) => Number(r.n))[0];
    const documentsBefore = await countDocuments();
    const empty = await t.http
      .post('/support/billing/time-report/document')
      .set(bearer(finance.token))
      .send({ customerId: customer.id, from, to });
    expectStatus(empty, 422);
    expect(empty.body.code).toBe('SUPPORT.NOTHING_TO_REPORT');
    expect(await countDocuments()).toBe(documentsBefore);
    // The entry before the period is still there for its own invoice.
    const before = await timeReport({ from: addDays(from, -1), to: addDays(from, -1) });
    expect(before.lines.map((l) => l.rawMinutes)).toEqual([15]);
  });

  it('refuses the rival draft with SUPPORT.ALREADY_INVOICED, without a gap in the numbers or any change', async () => {
    const res = await issue(rival.id, 'support-2');
    expectStatus(res, 409);
    expect(res.body.code).toBe('SUPPORT.ALREADY_INVOICED');
    expect([...(res.body.entryIds as string[])].sort()).toEqual([...entryIds].sort());

    const unchanged = await get(`/invoices/${rival.id}`).expect(200);
    expect(unchanged.body).toEqual(rival);
    const entries = await get(`/support/tickets/${vpn.id}/time-entries`).expect(200);
    expect((entries.body.items as Array<{ invoiceRef: string }>).map((e) => e.invoiceRef)).toEqual([
      issued.number,
    ]);
    const audit = await t.http
      .get(`/audit?entityType=invoice&entityId=${rival.id}`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect((audit.body.items as Array<{ action: string }>).map((e) => e.action)).toEqual([
      'draft_created',
    ]);

    // The number drawn for the refused issue was rolled back: the next invoice takes it.
    const manual = await t.http
      .post('/invoices')
      .set(bearer(finance.token))
      .send({
        customerId: customer.id,
        subject: 'Schulung',
        serviceFrom: day,
        lines: [{ title: 'Schulung', quantity: '1', unit: 'hour', unitPriceCents: 12000 }],
      })
      .expect(201);
    const next = await issue(manual.body.id, 'manual-1').expect(200);
    expect(counterOf(next.body.number)).toBe(counterOf(issued.number!) + 1);
  });

  it('locks the category of a ticket with invoiced time', async () => {
    const locked = await decide(restore.id, 'provider_defect').expect(409);
    expect(locked.body.code).toBe('SUPPORT.CATEGORY_LOCKED');
    const ticket = await get(`/support/tickets/${restore.id}`).expect(200);
    expect(ticket.body.costDecision.category).toBe('extended');
    // The free ticket had no invoiced time: its category may still change.
    await decide(free.id, 'unauthorised_intervention').expect(200);
  });

  it('gives the entries back when the invoice is cancelled; the correction claims them again', async () => {
    const res = await t.http
      .post(`/invoices/${issued.id}/cancel`)
      .set(bearer(finance.token))
      .send({ reason: 'Kulanz für die Analyse vergessen' });
    expectStatus(res, 200);
    const { cancellation, replacement } = res.body as {
      cancellation: Invoice;
      replacement: Invoice;
    };
    expect(cancellation).toMatchObject({ kind: 'cancellation', grossCents: -issued.grossCents });
    expect(replacement).toMatchObject({
      kind: 'support',
      status: 'draft',
      netCents: issued.netCents,
    });

    // Released: the time report lists them again, and the category may be corrected now.
    await decide(free.id, 'provider_defect').expect(200); // free again after the test above
    const released = await timeReport();
    expect(released.lines.map((l) => l.entryId).sort()).toEqual([...entryIds].sort());
    expect(released.totals.netCents).toBe(report.totals.netCents);
    await decide(vpn.id, 'provider_defect').expect(200);
    await decide(vpn.id, 'unauthorised_intervention').expect(200);

    const corrected = await issue(replacement.id, 'support-correction');
    expectStatus(corrected, 200);
    expect(corrected.body.number).not.toBe(issued.number);
    expect(corrected.body.grossCents).toBe(issued.grossCents);
    const entries = await get(`/support/tickets/${vpn.id}/time-entries`).expect(200);
    expect((entries.body.items as Array<{ invoiceRef: string }>).map((e) => e.invoiceRef)).toEqual([
      corrected.body.number,
    ]);
    expect((await timeReport()).lines).toEqual([]);
    issued = corrected.body as Invoice;
  });

  it('writes the lines and the PDF in English for an English-speaking customer', async () => {
    const english = await createCustomer(t, { name: 'Greenhill Analytics Ltd', language: 'en' });
    const ticket = await createTicket(t, english.id, { title: 'Mailbox empty' });
    await decide(ticket.id, 'unauthorised_intervention').expect(200);
    await logTime(ticket.id, { startedAt: at('09:00'), minutes: 16, description: 'Restore' });
    const res = await supportDraft(english.id);
    expectStatus(res, 201);
    const invoice = res.body as Invoice;
    expect(oneLine(invoice.subject)).toMatch(/^Support services \d+–\d+ \w+ \d{4}$/);
    expect(invoice.lines.map((l) => oneLine(`${l.title} | ${l.description}`))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Ticket ${ticket.number} · Restore \\| Mailbox empty · .+ · Technischer Support · 16 min logged, billed 0\\.5 h$`,
        ),
      ),
    ]);
    await issue(invoice.id, 'english-1').expect(200);
    const pdf = await download(`/invoices/${invoice.id}/pdf`);
    const text = oneLine((await pdfText(pdf.body as Buffer)).text);
    for (const expected of [
      'Invoice',
      'Service period',
      'Support services',
      `Ticket ${ticket.number}`,
      '16 min logged, billed 0.5 h',
      '€71.40',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('refuses a draft priced differently since it was drafted; the draft can be thrown away and made again', async () => {
    const other = await createCustomer(t, { name: 'Kanzlei Berg & Partner' });
    const ticket = await createTicket(t, other.id, { title: 'Drucker verschwunden' });
    await decide(ticket.id, 'unauthorised_intervention').expect(200);
    await logTime(ticket.id, { startedAt: at('09:00'), minutes: 30, description: 'Treiber' });
    const drafted = (await supportDraft(other.id).expect(201)).body as Invoice;
    expect(drafted.netCents).toBe(6000);
    await t.http
      .put(`/support/tickets/${ticket.id}/goodwill`)
      .set(bearer(consultant.token))
      .send({ billedPercent: '50', reason: 'Neukunde' })
      .expect(200);

    const lastNumber = async () => {
      const all = await get('/invoices?pageSize=100').expect(200);
      return Math.max(
        ...(all.body.items as Invoice[])
          .filter((i) => i.number?.startsWith('RE-'))
          .map((i) => counterOf(i.number!)),
      );
    };
    const before = await lastNumber();
    const refused = await issue(drafted.id, 'outdated-1');
    expectStatus(refused, 409);
    expect(refused.body).toMatchObject({
      code: 'INVOICE.DRAFT_OUTDATED',
      netCentsDrafted: 6000,
      netCentsNow: 3000,
    });
    expect((await get(`/invoices/${drafted.id}`).expect(200)).body).toEqual(drafted);
    const entries = await get(`/support/tickets/${ticket.id}/time-entries`).expect(200);
    expect((entries.body.items as Array<{ invoiceRef: string | null }>)[0].invoiceRef).toBeNull();

    await t.http.delete(`/invoices/${drafted.id}`).set(bearer(consultant.token)).expect(403);
    await t.http.delete(`/invoices/${drafted.id}`).set(bearer(finance.token)).expect(204);
    await get(`/invoices/${drafted.id}`).expect(404);
    const audit = await t.http
      .get(`/audit?entityType=invoice&entityId=${drafted.id}`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect((audit.body.items as Array<{ action: string }>).map((e) => e.action)).toContain(
      'draft_deleted',
    );

    const again = (await supportDraft(other.id).expect(201)).body as Invoice;
    expect(again.netCents).toBe(3000);
    const issuedAgain = await issue(again.id, 'outdated-2').expect(200);
    // The refused issue drew no number.
    expect(counterOf(issuedAgain.body.number)).toBe(before + 1);
    const gone = await t.http.delete(`/invoices/${again.id}`).set(bearer(finance.token));
    expect(gone.status).toBe(409);
    expect(gone.body.code).toBe('INVOICE.ALREADY_ISSUED');
  });
});
