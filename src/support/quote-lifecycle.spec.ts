import { describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../common/access.js';
import { QUOTE_STATUSES, type QuoteStatus } from './billing.entity.js';
import {
  allowedQuoteActions,
  decideQuoteAction,
  QUOTE_ACTIONS,
  quoteActionFor,
  type QuoteAction,
} from './quote-lifecycle.js';

/**
 * The service terms written out independently of the table: extensive billable work needs the
 * customer's explicit order, given once per quote. Only an undecided (proposed) quote can be
 * decided; the customer decides, and staff of any role may record a decision the customer gave
 * outside the app. Nothing leads back to proposed.
 */
const OUTCOME: Record<QuoteAction, QuoteStatus> = { approve: 'approved', decline: 'declined' };
const DECIDES: Role[] = ['admin', 'consultant', 'finance', 'customer'];
const UNDECIDED: QuoteStatus[] = ['proposed'];

const cases = QUOTE_STATUSES.flatMap((status) =>
  QUOTE_ACTIONS.flatMap((action) => ROLES.map((role) => [status, action, role] as const)),
);

describe('the quote lifecycle, every (status, action, role)', () => {
  it(`covers ${QUOTE_STATUSES.length} statuses × ${QUOTE_ACTIONS.length} actions × ${ROLES.length} roles`, () => {
    expect(cases).toHaveLength(3 * 2 * 4);
  });

  it.each(cases)('%s + %s by %s', (status, action, role) => {
    const decision = decideQuoteAction(status, action, role);
    if (!UNDECIDED.includes(status)) {
      expect(decision).toEqual({ allowed: false, reason: 'wrong_status' });
    } else if (!DECIDES.includes(role)) {
      expect(decision).toEqual({ allowed: false, reason: 'forbidden' });
    } else {
      expect(decision).toEqual({ allowed: true, next: OUTCOME[action] });
    }
  });
});

describe('allowed actions', () => {
  it.each([
    ['proposed', 'customer', ['approve', 'decline']],
    ['proposed', 'finance', ['approve', 'decline']],
    ['approved', 'customer', []],
    ['declined', 'admin', []],
  ] as const)('%s for %s', (status, role, actions) => {
    expect(allowedQuoteActions(status, role)).toEqual(actions);
  });

  it.each([
    ['approved', 'approve'],
    ['declined', 'decline'],
  ] as const)('the outcome %s is reached by %s', (outcome, action) => {
    expect(quoteActionFor(outcome)).toBe(action);
    expect(decideQuoteAction('proposed', action, 'customer')).toEqual({
      allowed: true,
      next: outcome,
    });
  });
});
