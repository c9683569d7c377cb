import { describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../common/access.js';
import { DomainError } from '../common/domain-error.js';
import {
  allowedInvoiceActions,
  assertInvoiceAction,
  decideInvoice,
  INVOICE_ACTIONS,
  INVOICE_STATES,
  invoiceState,
  type InvoiceAction,
  type InvoiceState,
} from './invoice-lifecycle.js';

/**
 * The invoice's lifecycle written out independently of the table: for each action, the states
 * it may happen in and where it leads, and who may take it.
 */
const FINANCE: Role[] = ['admin', 'finance'];
const EVERYONE: Role[] = [...ROLES];

const SPEC: Record<
  InvoiceAction,
  { states: Partial<Record<InvoiceState, string>>; roles: Role[] }
> = {
  edit: { states: { draft: 'draft' }, roles: FINANCE },
  delete: { states: { draft: 'deleted' }, roles: FINANCE },
  issue: { states: { draft: 'issued' }, roles: FINANCE },
  record_payment: {
    states: { issued: 'partly_paid', partly_paid: 'partly_paid' },
    roles: FINANCE,
  },
  cancel: {
    states: { issued: 'cancelled', partly_paid: 'cancelled', paid: 'cancelled' },
    roles: FINANCE,
  },
  download: {
    states: {
      issued: 'issued',
      partly_paid: 'partly_paid',
      paid: 'paid',
      cancelled: 'cancelled',
      cancellation: 'cancellation',
    },
    roles: EVERYONE,
  },
};

const cases = INVOICE_STATES.flatMap((state) =>
  INVOICE_ACTIONS.flatMap((action) => ROLES.map((role) => [state, action, role] as const)),
);

describe('the invoice lifecycle, every (state, action, role)', () => {
  it(`covers ${INVOICE_STATES.length} states × ${INVOICE_ACTIONS.length} actions × ${ROLES.length} roles`, () => {
    expect(cases).toHaveLength(6 * 6 * 4);
  });

  it.each(cases)('%s + %s by %s', (state, action, role) => {
    const spec = SPEC[action];
    const next = spec.states[state];
    const decision = decideInvoice(state, action, role);
    // A paid invoice has nothing open: any payment on it would be an overpayment.
    const overpaid = action === 'record_payment' && state === 'paid';
    if (next === undefined && !overpaid) {
      expect(decision).toEqual({ allowed: false, reason: 'wrong_state' });
    } else if (!spec.roles.includes(role)) {
      expect(decision).toEqual({ allowed: false, reason: 'forbidden' });
    } else if (overpaid) {
      expect(decision).toEqual({ allowed: false, reason: 'overpayment' });
    } else {
      expect(decision).toEqual({ allowed: true, next });
    }
  });

  it.each([
    ['draft', []],
    ['issued', ['download']],
    ['partly_paid', ['download']],
    ['paid', ['download']],
    ['cancelled', ['download']],
    ['cancellation', ['download']],
  ] as const)('a customer in %s may %j', (state, actions) => {
    expect(allowedInvoiceActions(state, 'customer')).toEqual(actions);
  });

  it.each([
    ['draft', ['edit', 'delete', 'issue']],
    ['issued', ['record_payment', 'cancel', 'download']],
    ['partly_paid', ['record_payment', 'cancel', 'download']],
    ['paid', ['cancel', 'download']],
    ['cancelled', ['download']],
    ['cancellation', ['download']],
  ] as const)('finance in %s may %j', (state, actions) => {
    expect(allowedInvoiceActions(state, 'finance')).toEqual(actions);
  });
});

describe('guards and outcomes', () => {
  it.each([
    // amount, open before, decision
    [100, 300, { allowed: true, next: 'partly_paid' }],
    [300, 300, { allowed: true, next: 'paid' }],
    [301, 300, { allowed: false, reason: 'overpayment' }],
  ] as const)('a payment of %i with %i open', (amountCents, openCents, expected) => {
    expect(
      decideInvoice('partly_paid', 'record_payment', 'finance', {
        payment: { amountCents, openCents },
      }),
    ).toEqual(expected);
  });

  it('a down payment deducted in an issued final invoice is not cancelled on its own', () => {
    expect(
      decideInvoice('paid', 'cancel', 'finance', { deductedIn: { id: 'f', number: 'RE-2' } }),
    ).toEqual({ allowed: false, reason: 'deducted_in_final' });
    expect(decideInvoice('paid', 'cancel', 'finance', { deductedIn: null })).toEqual({
      allowed: true,
      next: 'cancelled',
    });
  });
});

describe('invoiceState', () => {
  it.each([
    ['draft', 'standard', 1000, 0, 'draft'],
    ['draft', 'final', 1000, 0, 'draft'],
    ['issued', 'standard', 1000, 0, 'issued'],
    ['issued', 'final', 1000, 1, 'partly_paid'],
    ['issued', 'support', 1000, 999, 'partly_paid'],
    ['issued', 'down_payment', 1000, 1000, 'paid'],
    // A final invoice that its down payments cover in full has nothing to pay.
    ['issued', 'final', 0, 0, 'paid'],
    ['issued', 'cancellation', -1000, 0, 'cancellation'],
    ['cancelled', 'standard', 1000, 400, 'cancelled'],
  ] as const)('%s %s, due %i, paid %i → %s', (status, kind, dueCents, paidCents, state) => {
    expect(invoiceState({ status, kind, dueCents, paidCents })).toBe(state);
  });
});

describe('assertInvoiceAction: the codes clients match on', () => {
  const invoice = (status: 'draft' | 'issued' | 'cancelled', kind = 'standard' as const) => ({
    status,
    kind,
    number: status === 'draft' ? null : 'RE-2026-00001',
    dueCents: 1000,
  });
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error instanceof DomainError ? `${error.kind} ${error.code}` : 'not a DomainError';
    }
    return 'allowed';
  };

  it.each([
    ['issued', 'edit', 'conflict INVOICE.ALREADY_ISSUED'],
    ['cancelled', 'delete', 'conflict INVOICE.ALREADY_ISSUED'],
    ['issued', 'issue', 'conflict INVOICE.ALREADY_ISSUED'],
    ['draft', 'record_payment', 'conflict INVOICE.NOT_PAYABLE'],
    ['cancelled', 'record_payment', 'conflict INVOICE.NOT_PAYABLE'],
    ['draft', 'cancel', 'conflict INVOICE.NOT_CANCELLABLE'],
    ['cancelled', 'cancel', 'conflict INVOICE.NOT_CANCELLABLE'],
    ['draft', 'download', 'conflict INVOICE.NOT_ISSUED'],
    ['draft', 'issue', 'allowed'],
    ['issued', 'cancel', 'allowed'],
  ] as const)('%s + %s → %s', (status, action, expected) => {
    expect(codeOf(() => assertInvoiceAction(invoice(status), action, 'finance'))).toBe(expected);
  });

  it('a cancellation invoice is neither payable nor cancellable', () => {
    const storno = { ...invoice('issued'), kind: 'cancellation' as const };
    expect(codeOf(() => assertInvoiceAction(storno, 'cancel', 'finance'))).toBe(
      'conflict INVOICE.NOT_CANCELLABLE',
    );
    expect(codeOf(() => assertInvoiceAction(storno, 'record_payment', 'finance'))).toBe(
      'conflict INVOICE.NOT_PAYABLE',
    );
  });

  it('an overpayment names what is open', () => {
    expect(() =>
      assertInvoiceAction(invoice('issued'), 'record_payment', 'finance', {
        paidCents: 400,
        payment: { amountCents: 700, openCents: 600 },
      }),
    ).toThrow(
      expect.objectContaining({ code: 'INVOICE.OVERPAYMENT', details: { openCents: 600 } }),
    );
  });

  it('a consultant may not issue (the routes never let one this far)', () => {
    expect(codeOf(() => assertInvoiceAction(invoice('draft'), 'issue', 'consultant'))).toBe(
      'forbidden INVOICE.FORBIDDEN',
    );
  });
});
