import { describe, expect, it } from '@jest/globals';
import type { ProjectBillingBasis } from '../projects/project-billing.service.js';
import { mayInvoice, STAGES, type Stage } from '../projects/stage-machine.js';
import { finalDraft, manualLineErrors, samePricing, type DraftLine } from './draft-lines.js';

/** Which invoice each project stage allows, written out for every stage. */
const DOWN_PAYMENT: Stage[] = [
  'approved',
  'scheduled',
  'in_progress',
  'qa',
  'acceptance',
  'accepted',
];
const FINAL: Stage[] = ['accepted', 'invoiced'];

describe('the project stages that allow a down payment or the final invoice', () => {
  it.each(STAGES.flatMap((stage) => [[stage, 'down_payment'] as const, [stage, 'final'] as const]))(
    '%s: %s',
    (stage, kind) => {
      const expected = (kind === 'final' ? FINAL : DOWN_PAYMENT).includes(stage);
      expect(mayInvoice(stage, kind)).toBe(expected);
    },
  );
});

const basis = (over: Partial<ProjectBillingBasis>): ProjectBillingBasis => ({
  id: 'p-1',
  number: 'P-00001',
  title: 'Migration',
  customerId: 'c-1',
  stage: 'accepted',
  billingMode: 'time_and_materials',
  vatRateBp: 1900,
  agreedNetCents: null,
  approvedRevision: 1,
  acceptedOn: '2026-11-20',
  completionDate: '2026-11-20',
  fixedLines: [],
  timeLines: [],
  workPeriod: { from: '2026-11-02', to: '2026-11-18' },
  ...over,
});

const time = (sourceId: string, quantity: number) => ({
  title: 'Arbeitszeit',
  description: null,
  quantity,
  unit: 'hour' as const,
  unitPriceCents: 10000,
  source: 'time_entry' as const,
  sourceId,
});

describe('finalDraft', () => {
  it.each([
    // budget, hours (thousandths) per entry, cap line price or none
    [null, [2000, 1500], null],
    [50000, [2000, 1500], null],
    [30000, [2000, 1500], 5000],
    [35000, [2000, 1500], null],
  ] as const)('T&M, budget %s, time %j → cap %s', (agreedNetCents, hours, cap) => {
    const { lines, period } = finalDraft(
      basis({ agreedNetCents, timeLines: hours.map((q, i) => time(`t-${i}`, q)) }),
    );
    expect(lines.map((l) => l.sourceType)).toEqual([
      ...hours.map(() => 'time_entry'),
      ...(cap === null ? [] : ['budget_cap']),
    ]);
    if (cap !== null) expect(lines.at(-1)).toMatchObject({ quantity: -1000, unitPriceCents: cap });
    // The service period runs from the first work to the acceptance.
    expect(period).toEqual({ from: '2026-11-02', to: '2026-11-20' });
  });

  it('fixed price: the approved lines, dated the day of acceptance', () => {
    const line = { ...time('item-1', 1000), source: 'revision_item' as const };
    expect(finalDraft(basis({ billingMode: 'fixed_price', fixedLines: [line] }))).toEqual({
      lines: [
        {
          title: 'Arbeitszeit',
          description: null,
          quantity: 1000,
          unit: 'hour',
          unitPriceCents: 10000,
          vatRateBp: 1900,
          sourceType: 'revision_item',
          sourceId: 'item-1',
        },
      ],
      period: { from: '2026-11-20', to: '2026-11-20' },
    });
  });
});

describe('samePricing', () => {
  const { source: _source, ...content } = time('t-1', 1000);
  const a: DraftLine = { ...content, vatRateBp: 1900, sourceType: 'time_entry' };
  const b: DraftLine = { ...a, sourceId: 't-2' };
  it.each([
    ['the same lines in another order', [a, b], [b, a], true],
    ['another quantity', [a], [{ ...a, quantity: 1250 }], false],
    ['another price', [a], [{ ...a, unitPriceCents: 9000 }], false],
    ['a line more', [a], [a, b], false],
    ['only the title changed', [a], [{ ...a, title: 'Support' }], true],
  ] as const)('%s → %s', (_, drafted, now, same) => {
    expect(samePricing(drafted, now)).toBe(same);
  });
});

describe('the rules for lines entered by hand, checked again at issue', () => {
  const drafted = (over: Partial<DraftLine>): DraftLine => ({
    title: 'Beratung',
    description: null,
    quantity: 1000,
    unit: 'hour',
    unitPriceCents: 12_000,
    vatRateBp: 1900,
    sourceType: 'manual',
    sourceId: null,
    ...over,
  });

  it.each([
    ['one hour', {}, []],
    ['a quarter hour', { quantity: 250 }, []],
    ['free of charge', { unitPriceCents: 0 }, []],
    ['no quantity', { quantity: 0 }, ['lines.1.quantity']],
    ['a negative quantity', { quantity: -3000 }, ['lines.1.quantity']],
    ['a negative price', { unitPriceCents: -1 }, ['lines.1.unitPriceCents']],
    [
      'both',
      { quantity: -1000, unitPriceCents: -1 },
      ['lines.1.quantity', 'lines.1.unitPriceCents'],
    ],
    ['a budget cap (derived)', { sourceType: 'budget_cap', quantity: -1000 }, []],
    ['goodwill (derived)', { sourceType: 'support_goodwill', quantity: -1000 }, []],
  ] as const)('%s → %j', (_, over, fields) => {
    const errors = manualLineErrors([drafted({}), drafted(over)]);
    expect(errors.map((e) => e.field)).toEqual(fields);
  });
});
