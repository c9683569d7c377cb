import type { Role } from '../common/access.js';
import { DomainError } from '../common/domain-error.js';
import type { InvoiceStatus } from './invoice.entity.js';
import type { InvoiceKind } from './invoice-snapshot.js';

/**
 * An invoice's lifecycle as a table, like the project's stage machine. The stored status is
 * draft, issued or cancelled; payments split an issued invoice into issued (nothing paid),
 * partly paid and paid, and a cancellation invoice (Stornorechnung) is issued for good:
 * neither payable nor cancellable.
 */
export const INVOICE_STATES = [
  'draft',
  'issued',
  'partly_paid',
  'paid',
  'cancelled',
  'cancellation',
] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];

export const INVOICE_ACTIONS = [
  'edit',
  'delete',
  'issue',
  'record_payment',
  'cancel',
  'download',
] as const;
export type InvoiceAction = (typeof INVOICE_ACTIONS)[number];

/** `finance` issues, edits and cancels; `reader` is anyone who can see the invoice. */
type Party = 'finance' | 'reader';

interface Transition {
  from: readonly InvoiceState[];
  /** Where the invoice goes; omitted when it stays. `deleted`: the draft is gone. */
  to?: InvoiceState | 'deleted';
  parties: readonly Party[];
}

const ISSUED: readonly InvoiceState[] = ['issued', 'partly_paid', 'paid'];

export const INVOICE_TRANSITIONS: Record<InvoiceAction, Transition> = {
  edit: { from: ['draft'], parties: ['finance'] },
  delete: { from: ['draft'], to: 'deleted', parties: ['finance'] },
  issue: { from: ['draft'], to: 'issued', parties: ['finance'] },
  // Whether the payment settles the invoice is a fact the service passes (see decideInvoice).
  record_payment: { from: ['issued', 'partly_paid'], to: 'partly_paid', parties: ['finance'] },
  // Paid or not: a cancellation invoice reverses it, refunds are outside the invoice.
  cancel: { from: ISSUED, to: 'cancelled', parties: ['finance'] },
  // The issued PDF and XML; a cancelled invoice stays readable, stamped by its cancellation.
  download: { from: [...ISSUED, 'cancelled', 'cancellation'], parties: ['finance', 'reader'] },
};

/** Facts that pick an outcome or fail a guard. */
export interface LifecycleFacts {
  /** record_payment: the amount and what is open before it. */
  payment?: { amountCents: number; openCents: number };
  /** cancel: the issued final invoice that deducts this down payment, if any. */
  deductedIn?: { id: string; number: string | null } | null;
}

export type InvoiceRefusal = 'wrong_state' | 'forbidden' | 'overpayment' | 'deducted_in_final';

export type InvoiceDecision =
  { allowed: true; next: InvoiceState | 'deleted' } | { allowed: false; reason: InvoiceRefusal };

/** What an invoice is now: its stored status and kind, and for an issued one its payments. */
export function invoiceState(invoice: {
  status: InvoiceStatus;
  kind: InvoiceKind;
  dueCents: number;
  paidCents: number;
}): InvoiceState {
  if (invoice.status === 'draft' || invoice.status === 'cancelled') return invoice.status;
  if (invoice.kind === 'cancellation') return 'cancellation';
  if (invoice.paidCents >= invoice.dueCents) return 'paid';
  return invoice.paidCents > 0 ? 'partly_paid' : 'issued';
}

function partiesOf(role: Role): Party[] {
  // The routes admit finance and admins to every change; scoping decides who reads what.
  return role === 'admin' || role === 'finance' ? ['finance', 'reader'] : ['reader'];
}

/** No more is paid than is open: an overpayment is refused, not kept as credit. */
export function exceedsOpen(payment: { amountCents: number; openCents: number }): boolean {
  return payment.amountCents > payment.openCents;
}

/**
 * (state, action, role, facts) → next state, or why not. A paid invoice has nothing open, so a
 * payment on it is an overpayment rather than a wrong state.
 */
export function decideInvoice(
  state: InvoiceState,
  action: InvoiceAction,
  role: Role,
  facts: LifecycleFacts = {},
): InvoiceDecision {
  const transition = INVOICE_TRANSITIONS[action];
  const paidInFull = action === 'record_payment' && state === 'paid';
  if (!transition.from.includes(state) && !paidInFull) {
    return { allowed: false, reason: 'wrong_state' };
  }
  if (!partiesOf(role).some((party) => transition.parties.includes(party))) {
    return { allowed: false, reason: 'forbidden' };
  }
  if (action === 'record_payment') {
    if (paidInFull || (facts.payment && exceedsOpen(facts.payment))) {
      return { allowed: false, reason: 'overpayment' };
    }
    const settles = facts.payment && facts.payment.amountCents === facts.payment.openCents;
    return { allowed: true, next: settles ? 'paid' : 'partly_paid' };
  }
  if (action === 'cancel' && facts.deductedIn)
    return { allowed: false, reason: 'deducted_in_final' };
  return { allowed: true, next: transition.to ?? state };
}

/** The actions `role` may take in `state`: what a UI shows as buttons. */
export function allowedInvoiceActions(state: InvoiceState, role: Role): InvoiceAction[] {
  return INVOICE_ACTIONS.filter((action) => decideInvoice(state, action, role).allowed);
}

/** What the service knows about the invoice when it asks the table. */
export interface InvoiceRecord {
  status: InvoiceStatus;
  kind: InvoiceKind;
  number: string | null;
  dueCents: number;
}

/**
 * Asks the table and throws the error the API has always answered with: the codes are stable,
 * clients match on them.
 */
export function assertInvoiceAction(
  invoice: InvoiceRecord,
  action: InvoiceAction,
  role: Role,
  facts: LifecycleFacts & { paidCents?: number } = {},
): InvoiceState | 'deleted' {
  const paidCents = facts.paidCents ?? 0;
  const decision = decideInvoice(invoiceState({ ...invoice, paidCents }), action, role, facts);
  if (decision.allowed) return decision.next;
  throw refusal(invoice, action, decision.reason, facts, paidCents);
}

function refusal(
  invoice: InvoiceRecord,
  action: InvoiceAction,
  reason: InvoiceRefusal,
  facts: LifecycleFacts,
  paidCents: number,
): DomainError {
  const { number } = invoice;
  if (reason === 'forbidden') {
    return new DomainError(
      'forbidden',
      'INVOICE.FORBIDDEN',
      `Your role may not ${action} invoices`,
      {
        requiredRoles: ['finance', 'admin'],
      },
    );
  }
  if (reason === 'overpayment') {
    const open = facts.payment?.openCents ?? invoice.dueCents - paidCents;
    return new DomainError(
      'unprocessable',
      'INVOICE.OVERPAYMENT',
      `Only ${open} cents are open on ${number}`,
      { openCents: open },
    );
  }
  if (reason === 'deducted_in_final') {
    const final = facts.deductedIn!;
    return new DomainError(
      'conflict',
      'INVOICE.DEDUCTED_IN_FINAL',
      `Down payment ${number} is deducted in final invoice ${final.number}; cancel the final invoice first`,
      { finalInvoice: { id: final.id, number: final.number } },
    );
  }
  return WRONG_STATE[action](invoice);
}

const alreadyIssued = ({ status, number }: InvoiceRecord) =>
  new DomainError(
    'conflict',
    'INVOICE.ALREADY_ISSUED',
    `Invoice ${number} is ${status}; issued invoices are never changed (cancel it instead)`,
    { status, number },
  );

/** The error each action has always answered in a wrong state. */
const WRONG_STATE: Record<InvoiceAction, (invoice: InvoiceRecord) => DomainError> = {
  edit: alreadyIssued,
  delete: alreadyIssued,
  issue: alreadyIssued,
  record_payment: ({ status, kind }) =>
    new DomainError(
      'conflict',
      'INVOICE.NOT_PAYABLE',
      `Payments are recorded for issued invoices only (this one is ${status} ${kind})`,
    ),
  cancel: ({ status, kind }) =>
    new DomainError(
      'conflict',
      'INVOICE.NOT_CANCELLABLE',
      `Only issued invoices can be cancelled (this one is ${status} ${kind})`,
      { status },
    ),
  download: () =>
    new DomainError(
      'conflict',
      'INVOICE.NOT_ISSUED',
      'A draft has no PDF or XML yet; issue it first',
    ),
};

/** The lines of a down payment, final or support invoice come from their source, not by hand. */
export function linesEditable(kind: InvoiceKind): boolean {
  return kind === 'standard';
}

/**
 * The issued final invoice that deducts a down payment, if any: such a down payment cannot be
 * cancelled on its own, or the final invoice would deduct money that is no longer invoiced.
 */
export function deductingFinal<F extends { snapshot: { deductions: { number: string }[] } | null }>(
  downPaymentNumber: string,
  issuedFinals: readonly F[],
): F | null {
  return (
    issuedFinals.find((f) => f.snapshot?.deductions.some((d) => d.number === downPaymentNumber)) ??
    null
  );
}
