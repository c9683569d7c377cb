import type { Role } from '../common/access.js';

export const STAGES = [
  'concept',
  'solution',
  'in_review',
  'approved',
  'scheduled',
  'in_progress',
  'qa',
  'acceptance',
  'accepted',
  'invoiced',
  'closed',
  'cancelled',
] as const;
export type Stage = (typeof STAGES)[number];

export const ACTIONS = [
  'edit',
  'start_solution',
  'send',
  'approve',
  'request_changes',
  'withdraw',
  'schedule',
  'reschedule',
  'start_work',
  'log_time',
  'change_request',
  'submit_qa',
  'record_qa',
  'complete_qa',
  'accept',
  'reject',
  'invoice',
  'close',
  'cancel',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Who acts: `staff` are consultants and admins doing the work; `customer` is a user of the
 * project's customer, or staff recording the customer's signature given on paper or by
 * e-mail (the service checks the recorded signature); `finance` issues invoices.
 */
type Party = 'staff' | 'customer' | 'finance';

interface Transition {
  from: readonly Stage[];
  /** Where the project goes; omitted when the action does not move it. */
  to?: Stage;
  parties: readonly Party[];
}

const BEFORE_INVOICED: readonly Stage[] = STAGES.filter(
  (s) => !['invoiced', 'closed', 'cancelled'].includes(s),
);

/**
 * The working method as a table. QA completion and the review decisions have two possible
 * outcomes; the service passes the facts that pick one (see `decide`).
 */
export const TRANSITIONS: Record<Action, Transition> = {
  edit: { from: ['concept', 'solution'], parties: ['staff'] },
  start_solution: { from: ['concept'], to: 'solution', parties: ['staff'] },
  send: { from: ['solution'], to: 'in_review', parties: ['staff'] },
  approve: { from: ['in_review'], to: 'approved', parties: ['customer'] },
  request_changes: { from: ['in_review'], to: 'solution', parties: ['customer'] },
  withdraw: { from: ['in_review'], to: 'solution', parties: ['staff'] },
  schedule: { from: ['approved'], to: 'scheduled', parties: ['staff'] },
  reschedule: { from: ['scheduled', 'in_progress', 'qa', 'acceptance'], parties: ['staff'] },
  start_work: { from: ['scheduled'], to: 'in_progress', parties: ['staff'] },
  log_time: { from: ['in_progress', 'qa'], parties: ['staff'] },
  change_request: { from: ['approved', 'scheduled', 'in_progress', 'qa'], parties: ['staff'] },
  submit_qa: { from: ['in_progress'], to: 'qa', parties: ['staff'] },
  record_qa: { from: ['qa'], parties: ['staff'] },
  complete_qa: { from: ['qa'], to: 'acceptance', parties: ['staff'] },
  accept: { from: ['acceptance'], to: 'accepted', parties: ['customer'] },
  reject: { from: ['acceptance'], to: 'in_progress', parties: ['customer'] },
  invoice: { from: ['accepted'], to: 'invoiced', parties: ['finance'] },
  close: { from: ['invoiced'], to: 'closed', parties: ['finance'] },
  cancel: { from: BEFORE_INVOICED, to: 'cancelled', parties: ['staff'] },
};

/** Facts about the project that pick an outcome or satisfy a guard. */
export interface StageFacts {
  /** complete_qa: a check failed, so the work goes back to in_progress. */
  qaFailed?: boolean;
}

export type Decision =
  { allowed: true; next: Stage } | { allowed: false; reason: 'wrong_stage' | 'forbidden' };

export function partiesOf(role: Role): Party[] {
  switch (role) {
    case 'admin':
      // Admins may do everything staff and finance do, and record customer signatures.
      return ['staff', 'finance', 'customer'];
    case 'consultant':
      return ['staff', 'customer'];
    case 'finance':
      return ['finance'];
    case 'customer':
      return ['customer'];
  }
}

/**
 * (stage, action, role, facts) → next stage, or why not. `customer` rights of staff roles mean
 * recording a customer's offline signature; the service insists on the signature details.
 */
export function decide(stage: Stage, action: Action, role: Role, facts: StageFacts = {}): Decision {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(stage)) return { allowed: false, reason: 'wrong_stage' };
  if (!partiesOf(role).some((party) => transition.parties.includes(party))) {
    return { allowed: false, reason: 'forbidden' };
  }
  if (action === 'complete_qa' && facts.qaFailed) return { allowed: true, next: 'in_progress' };
  return { allowed: true, next: transition.to ?? stage };
}

/** The actions `role` may take in `stage`: what a UI shows as buttons. */
export function allowedActions(stage: Stage, role: Role): Action[] {
  return ACTIONS.filter((action) => decide(stage, action, role).allowed);
}

/** Whether the action is the customer's decision (approve, request changes, accept, reject). */
export function isCustomerDecision(action: Action): boolean {
  return TRANSITIONS[action].parties.includes('customer');
}

const DOWN_PAYMENT_STAGES: readonly Stage[] = [
  'approved',
  'scheduled',
  'in_progress',
  'qa',
  'acceptance',
  'accepted',
];

/**
 * Which invoice the project's stage allows (for the invoicing module): a down payment once the
 * customer approved the fee and until the work is accepted; the final invoice once accepted, and
 * again in `invoiced` when the first one was cancelled.
 */
export function mayInvoice(stage: Stage, kind: 'down_payment' | 'final'): boolean {
  if (kind === 'down_payment') return DOWN_PAYMENT_STAGES.includes(stage);
  return TRANSITIONS.invoice.from.includes(stage) || stage === TRANSITIONS.invoice.to;
}

/**
 * The stages whose projects a picker offers for an invoice of `kind`: those `mayInvoice`
 * allows, except `invoiced` for the final invoice (there it only replaces a cancelled one,
 * which the project's page drafts).
 */
export function invoiceableStages(kind: 'down_payment' | 'final'): readonly Stage[] {
  return kind === 'down_payment' ? DOWN_PAYMENT_STAGES : TRANSITIONS.invoice.from;
}
