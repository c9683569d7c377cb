import type { Role } from '../common/access.js';
import type { QuoteStatus } from './billing.entity.js';

/**
 * The support quote's lifecycle as a table. Staff propose a quote (a new row, `proposed`, only
 * on a ticket whose cost decision bills the work: `isBilledCategory`); the customer approves or
 * declines it exactly once. A decided quote is final: a larger effort needs another quote.
 */
export const QUOTE_ACTIONS = ['approve', 'decline'] as const;
export type QuoteAction = (typeof QUOTE_ACTIONS)[number];

interface Transition {
  from: readonly QuoteStatus[];
  to: QuoteStatus;
  /**
   * The decision is always the customer's: customer users take it in the portal or through a
   * sign-off link, staff of every role record one given on paper, by e-mail or phone (the
   * service insists on who decided, how and when).
   */
  roles: readonly Role[];
}

const CUSTOMER_DECISION: readonly Role[] = ['customer', 'admin', 'consultant', 'finance'];

export const QUOTE_TRANSITIONS: Record<QuoteAction, Transition> = {
  approve: { from: ['proposed'], to: 'approved', roles: CUSTOMER_DECISION },
  decline: { from: ['proposed'], to: 'declined', roles: CUSTOMER_DECISION },
};

export type QuoteActionResult =
  { allowed: true; next: QuoteStatus } | { allowed: false; reason: 'wrong_status' | 'forbidden' };

/** (status, action, role) → next status, or why not. */
export function decideQuoteAction(
  status: QuoteStatus,
  action: QuoteAction,
  role: Role,
): QuoteActionResult {
  const transition = QUOTE_TRANSITIONS[action];
  if (!transition.from.includes(status)) return { allowed: false, reason: 'wrong_status' };
  if (!transition.roles.includes(role)) return { allowed: false, reason: 'forbidden' };
  return { allowed: true, next: transition.to };
}

/** The actions `role` may take on a quote in `status`. */
export function allowedQuoteActions(status: QuoteStatus, role: Role): QuoteAction[] {
  return QUOTE_ACTIONS.filter((action) => decideQuoteAction(status, action, role).allowed);
}

/** The action that leads to a decision's outcome. */
export function quoteActionFor(outcome: 'approved' | 'declined'): QuoteAction {
  return outcome === 'approved' ? 'approve' : 'decline';
}
