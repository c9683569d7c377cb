import { describe, expect, it } from '@jest/globals';
import type { DraftLine } from './draft-lines.js';
import { SAMPLE_SELLER } from './invoice-samples.js';
import { planIssue, repriceSupport, snapshotOf, type IssueFacts } from './issue-plan.js';
import { supportLines } from './support-lines.js';

const line = (over: Partial<DraftLine> = {}): DraftLine => ({
  title: 'Migration',
  description: null,
  quantity: 2000,
  unit: 'hour',
  unitPriceCents: 12000,
  vatRateBp: 1900,
  sourceType: 'manual',
  sourceId: null,
  ...over,
});

type Kind = IssueFacts['invoice']['kind'];

function facts(kind: Kind, over: Partial<IssueFacts> = {}): IssueFacts {
  const project = kind === 'final' || kind === 'down_payment';
  return {
    invoice: {
      id: 'inv-1',
      kind,
      locale: 'de',
      subject: 'Migration des Mailservers',
      buyerReference: null,
      serviceFrom: '2026-11-20',
      serviceTo: '2026-11-20',
      paymentTermsDays: 14,
      projectId: project ? 'p-1' : null,
    },
    lines:
      kind === 'final'
        ? [line({ sourceType: 'time_entry', sourceId: 't-1' }), line({ sourceType: 'budget_cap' })]
        : kind === 'support'
          ? [line({ sourceType: 'support_entry', sourceId: 's-1' })]
          : [line()],
    profile: {
      seller: SAMPLE_SELLER,
      defaultVatRateBp: 1900,
      paymentTermsDays: 14,
      smallBusiness: false,
    },
    customer: {
      customerId: 'c-1',
      language: 'de',
      buyerReference: null,
      party: {
        number: 'K-00001',
        name: 'Müller & Söhne Logistik GmbH',
        attention: null,
        street: 'Hafenstraße 5',
        postalCode: '20457',
        city: 'Hamburg',
        countryCode: 'DE',
        vatId: 'DE811907980',
        taxNumber: null,
      },
    },
    project: project ? { number: 'P-00001', stage: 'accepted' } : null,
    deductions: [],
    activeFinal: null,
    today: '2026-11-22',
    ...over,
  };
}

/**
 * What issuing each kind claims and moves, written out per case: the support entries it claims
 * (and prices again), the project time it claims, whether the project moves to `invoiced`.
 */
describe('planIssue: what issuing a draft claims and moves', () => {
  it.each([
    // kind, project stage, support entries, time entries, project → invoiced
    ['standard', null, null, null, false],
    ['down_payment', 'in_progress', null, null, false],
    ['support', null, ['s-1'], null, false],
    ['final', 'accepted', null, ['t-1'], true],
    // After a cancelled final invoice the project is invoiced already and stays so.
    ['final', 'invoiced', null, ['t-1'], false],
  ] as const)('%s (project %s)', (kind, stage, support, time, moves) => {
    const input = facts(kind);
    const plan = planIssue({
      ...input,
      project: stage ? { number: 'P-00001', stage } : null,
    });
    expect(plan.series).toBe('invoice');
    expect(plan.claimSupportEntries).toEqual(support);
    expect(plan.claimTimeEntries).toEqual(time);
    expect(plan.markProjectInvoiced).toBe(moves);
    expect(plan.lines).toBe(input.lines);
  });

  it('a final invoice without a project claims nothing and moves nothing', () => {
    const input = facts('final');
    const plan = planIssue({ ...input, invoice: { ...input.invoice, projectId: null } });
    expect(plan).toMatchObject({ claimTimeEntries: null, markProjectInvoiced: false });
  });

  it.each([
    [
      'seller without IBAN',
      { profile: { ...facts('standard').profile, seller: { ...SAMPLE_SELLER, iban: null } } },
      ['company.iban'],
    ],
    ['no lines', { lines: [] }, ['lines']],
    [
      'no service date',
      { invoice: { ...facts('standard').invoice, serviceFrom: null } },
      ['serviceDate'],
    ],
    [
      'reverse charge without the customer VAT ID',
      {
        customer: {
          ...facts('standard').customer,
          party: { ...facts('standard').customer.party, countryCode: 'AT', vatId: null },
        },
      },
      ['customer.vatId'],
    ],
  ] as const)('refuses before a number is drawn: %s', (_, over, missing) => {
    expect(() => planIssue(facts('standard', over as Partial<IssueFacts>))).toThrow(
      expect.objectContaining({ code: 'INVOICE.INCOMPLETE', details: { missing } }),
    );
  });

  it('the number is never among the missing items: it is drawn after the plan', () => {
    expect(() => planIssue(facts('standard'))).not.toThrow();
  });

  it('refuses a line entered by hand with a negative quantity before anything is numbered', () => {
    const input = facts('standard', { lines: [line(), line({ quantity: -3000 })] });
    expect(() => planIssue(input)).toThrow(
      expect.objectContaining({
        code: 'INVOICE.INVALID_LINES',
        details: { errors: [expect.objectContaining({ field: 'lines.1.quantity' })] },
      }),
    );
  });

  it('refuses a second final invoice for the project, naming the first', () => {
    expect(() =>
      planIssue(facts('final', { activeFinal: { id: 'f-1', number: 'RE-2026-00007' } })),
    ).toThrow(
      expect.objectContaining({
        code: 'INVOICE.PROJECT_ALREADY_INVOICED',
        details: { invoiceId: 'f-1', number: 'RE-2026-00007' },
      }),
    );
  });

  it('an incomplete final invoice is refused as incomplete first', () => {
    const input = facts('final', {
      activeFinal: { id: 'f-1', number: 'RE-2026-00007' },
      lines: [],
    });
    expect(() => planIssue(input)).toThrow(expect.objectContaining({ code: 'INVOICE.INCOMPLETE' }));
  });

  it.each([
    ['DE', false, 'standard'],
    ['AT', false, 'reverse_charge'],
    ['CH', false, 'third_country'],
    ['DE', true, 'small_business'],
  ] as const)('customer in %s, small business %s → %s', (country, small, vatCase) => {
    const input = facts('standard');
    const plan = planIssue({
      ...input,
      profile: { ...input.profile, smallBusiness: small },
      customer: { ...input.customer, party: { ...input.customer.party, countryCode: country } },
    });
    expect(plan.compose.vatCase).toBe(vatCase);
  });
});

describe('snapshotOf', () => {
  it('numbers the planned invoice and keeps only the content of its lines', () => {
    const input = facts('final', {
      deductions: [
        {
          number: 'RE-2026-00001',
          issueDate: '2026-10-01',
          netCents: 10000,
          vatCents: 1900,
          grossCents: 11900,
          vat: [{ category: 'S', rateBp: 1900, baseCents: 10000, amountCents: 1900 }],
        },
      ],
    });
    const snapshot = snapshotOf(planIssue(input), 'RE-2026-00002');
    expect(snapshot).toMatchObject({
      number: 'RE-2026-00002',
      issueDate: '2026-11-22',
      dueDate: '2026-12-06',
      projectNumber: 'P-00001',
      buyer: input.customer.party,
      seller: SAMPLE_SELLER,
      totals: { netCents: 48000, vatCents: 9120, grossCents: 57120, prepaidCents: 11900 },
    });
    expect(Object.keys(snapshot.lines[0]).sort()).toEqual([
      'description',
      'netCents',
      'position',
      'quantity',
      'title',
      'unit',
      'unitPriceCents',
      'vatCategory',
      'vatRateBp',
    ]);
  });
});

describe('repriceSupport', () => {
  const claimed = {
    entryId: 's-1',
    ticketNumber: 'T-00012',
    ticketTitle: 'Restore',
    day: '2026-11-04',
    description: 'Mails gelöscht',
    serviceName: 'Technischer Support',
    unit: 'hour' as const,
    rawMinutes: 16,
    quantityMilli: 500,
    unitPriceCents: 12000,
    afterHoursMinutes: 0,
    afterHoursSurchargePercent: 0,
    afterHoursSurchargeCents: 0,
    goodwillBilledBp: 10_000,
    goodwillCents: 0,
    goodwillReason: null,
  };

  // What the draft was made from: the same entry, priced when the draft was created.
  const drafted = supportLines([claimed], 1900, 'de');

  it('keeps the draft when the claimed time is priced as drafted', () => {
    const replanned = planIssue(facts('support', { lines: drafted }));
    expect(repriceSupport(replanned, [claimed], 1900)).toEqual(drafted);
  });

  it('refuses the draft when the price changed since, naming both nets', () => {
    const replanned = planIssue(facts('support', { lines: drafted }));
    expect(() => repriceSupport(replanned, [{ ...claimed, unitPriceCents: 13000 }], 1900)).toThrow(
      expect.objectContaining({
        code: 'INVOICE.DRAFT_OUTDATED',
        details: { netCentsDrafted: 6000, netCentsNow: 6500 },
      }),
    );
  });
});
