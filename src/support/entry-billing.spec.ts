import { describe, expect, it } from '@jest/globals';
import {
  analysisFeeMinutes,
  basisAtLogging,
  billsOutsideCoverage,
  isEntryBillable,
  type TicketBillingState,
} from './entry-billing.js';

const at = (iso: string) => new Date(iso);
const notifiedAt = at('2026-11-17T10:00:00Z');
const customerError: TicketBillingState = {
  category: 'extended',
  cause: 'customer_error',
  customerNotifiedAt: notifiedAt,
};

describe('the basis an entry is logged on, decided by when the work started', () => {
  it.each([
    // ticket, work started, no charge → basis
    [
      'undecided',
      { category: null, cause: null, customerNotifiedAt: null },
      '2026-11-17T09:00:00Z',
      false,
      'analysis',
    ],
    [
      'free (provider defect)',
      { category: 'standard', cause: 'provider_defect', customerNotifiedAt: null },
      '2026-11-17T09:00:00Z',
      false,
      'analysis',
    ],
    [
      'customer error, not told',
      { ...customerError, customerNotifiedAt: null },
      '2026-11-17T11:00:00Z',
      false,
      'notify_first',
    ],
    [
      'customer error, worked before the notice',
      customerError,
      '2026-11-17T09:59:00Z',
      false,
      'analysis',
    ],
    [
      'customer error, worked from the notice on',
      customerError,
      '2026-11-17T10:00:00Z',
      false,
      'work',
    ],
    ['customer error, after the notice', customerError, '2026-11-18T08:00:00Z', false, 'work'],
    [
      'unauthorised intervention (no notice rule)',
      { category: 'extended', cause: 'unauthorised_intervention', customerNotifiedAt: null },
      '2026-11-17T09:00:00Z',
      false,
      'work',
    ],
    [
      'no charge is never billed',
      { ...customerError, customerNotifiedAt: null },
      '2026-11-17T09:00:00Z',
      true,
      'work',
    ],
  ] as const)('%s, started %s → %s', (_case, ticket, startedAt, noCharge, basis) => {
    expect(basisAtLogging(ticket, { startedAt: at(startedAt), noCharge })).toBe(basis);
  });
});

describe('analysis time is billable only after the customer was told', () => {
  it.each([
    ['told', customerError, true],
    ['not told', { ...customerError, customerNotifiedAt: null }, false],
    ['free category', { ...customerError, category: 'standard' }, false],
    [
      'billed by override, no notice rule',
      { category: 'extended', cause: 'third_party', customerNotifiedAt: null },
      true,
    ],
  ] as const)('%s → %s', (_case, ticket, billable) => {
    expect(isEntryBillable({ noCharge: false, billingBasis: 'analysis' }, ticket)).toBe(billable);
  });
});

describe('the analysis fee never exceeds its cap', () => {
  const entry = (id: string, startedAt: string, billedMinutes: number, invoiced = false) => ({
    id,
    startedAt: at(startedAt),
    billedMinutes,
    invoiced,
  });
  it('fills the cap in the order worked', () => {
    const allowed = analysisFeeMinutes(
      [
        entry('b', '2026-11-17T09:00:00Z', 30),
        entry('a', '2026-11-17T08:00:00Z', 15),
        entry('c', '2026-11-17T10:00:00Z', 60),
      ],
      30,
    );
    expect(Object.fromEntries(allowed)).toEqual({ a: 15, b: 15, c: 0 });
  });
  it('counts what was invoiced first', () => {
    const allowed = analysisFeeMinutes(
      [
        entry('early', '2026-11-16T08:00:00Z', 30),
        entry('invoiced', '2026-11-17T08:00:00Z', 15, true),
      ],
      30,
    );
    expect(Object.fromEntries(allowed)).toEqual({ invoiced: 15, early: 15 });
  });
});

describe('ordered work is billed by nature, whatever caused the ticket', () => {
  it.each([
    ['undecided', { category: null, cause: null, customerNotifiedAt: null }],
    [
      'free (provider defect)',
      { category: 'standard', cause: 'provider_defect', customerNotifiedAt: null },
    ],
    ['referred', { category: 'referred', cause: 'third_party', customerNotifiedAt: null }],
    ['customer error, not told', { ...customerError, customerNotifiedAt: null }],
  ] as const)('%s ticket: logged as ordered work and billable', (_case, ticket) => {
    const basis = basisAtLogging(ticket, {
      startedAt: at('2026-11-17T09:00:00Z'),
      noCharge: false,
      orderedWorkKind: 'account_migration',
    });
    expect(basis).toBe('ordered_work');
    expect(isEntryBillable({ noCharge: false, billingBasis: 'ordered_work' }, ticket)).toBe(true);
    expect(isEntryBillable({ noCharge: true, billingBasis: 'ordered_work' }, ticket)).toBe(false);
  });
});

describe('service outside the contract: a free ticket bills its minutes outside the covered hours', () => {
  const entry = (outsideCoverageMinutes: number, overrides = {}) => ({
    noCharge: false,
    billingBasis: 'work' as const,
    outsideCoverageMinutes,
    ...overrides,
  });
  const ticket = (
    category: TicketBillingState['category'],
    cause: TicketBillingState['cause'],
  ) => ({
    category,
    cause,
    customerNotifiedAt: null,
  });
  it.each([
    ['free, cause unknown, 90 min outside', entry(90), ticket('standard', 'unknown'), true],
    ['free, all inside the covered hours', entry(0), ticket('standard', 'unknown'), false],
    [
      'the provider’s own defect stays free at any hour',
      entry(90),
      ticket('standard', 'provider_defect'),
      false,
    ],
    ['referred to a partner', entry(90), ticket('referred', 'third_party'), false],
    ['undecided: nothing billed yet', entry(90), ticket(null, null), false],
    [
      'billed ticket: billed in full instead',
      entry(90),
      ticket('extended', 'unauthorised_intervention'),
      false,
    ],
    ['no charge', entry(90, { noCharge: true }), ticket('standard', 'unknown'), false],
  ] as const)('%s → %s', (_case, e, t, billed) => {
    expect(billsOutsideCoverage(e, t)).toBe(billed);
  });
});
