import type { Role } from '../common/access.js';

export const TICKET_STATUSES = [
  'new',
  'analysing',
  'waiting_for_customer',
  'in_progress',
  'resolved',
  'closed',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Open tickets stand in the queue; resolved and closed ones do not. */
export const OPEN_STATUSES: readonly TicketStatus[] = [
  'new',
  'analysing',
  'waiting_for_customer',
  'in_progress',
];

/** The lifecycle: from each status, the statuses staff may move a ticket to. */
export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['analysing', 'in_progress', 'waiting_for_customer', 'resolved', 'closed'],
  analysing: ['waiting_for_customer', 'in_progress', 'resolved'],
  waiting_for_customer: ['analysing', 'in_progress', 'resolved', 'closed'],
  in_progress: ['analysing', 'waiting_for_customer', 'resolved'],
  // Reopening a resolved ticket puts it back to work; closed is final.
  resolved: ['in_progress', 'closed'],
  closed: [],
};

/**
 * A customer may confirm a resolution (close) or say it is not solved (reopen), and answer a
 * question by handing the ticket back to the analysis; everything else is staff work.
 */
const CUSTOMER_TRANSITIONS: Partial<Record<TicketStatus, readonly TicketStatus[]>> = {
  waiting_for_customer: ['analysing'],
  resolved: ['in_progress', 'closed'],
};

export function allowedNextStatuses(from: TicketStatus, role: Role): readonly TicketStatus[] {
  return role === 'customer' ? (CUSTOMER_TRANSITIONS[from] ?? []) : TICKET_TRANSITIONS[from];
}

export type TransitionResult =
  { ok: true; next: TicketStatus } | { ok: false; allowed: readonly TicketStatus[] };

export function transitionTicket(
  from: TicketStatus,
  to: TicketStatus,
  role: Role,
): TransitionResult {
  const allowed = allowedNextStatuses(from, role);
  return allowed.includes(to) ? { ok: true, next: to } : { ok: false, allowed };
}

export function isOpen(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Time is logged on a ticket until it is closed: closed is final, resolved can still reopen. */
export function acceptsTimeEntries(status: TicketStatus): boolean {
  return status !== 'closed';
}

/**
 * Files are attached until the ticket is closed: closed is final, and a file sent to a closed
 * ticket would be read by nobody (a note without files still goes on the record).
 */
export function acceptsAttachments(status: TicketStatus): boolean {
  return status !== 'closed';
}
