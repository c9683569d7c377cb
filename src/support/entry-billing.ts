import { isBilledCategory, type SupportCategory, type SupportCause } from './cost-decision.js';

/**
 * What a time entry may be billed as, fixed when it is logged:
 * - `work`: billable work after the cause was known (and, for the customer's own error, after
 *   the customer was told), under the notice and prior-approval rules;
 * - `analysis`: time before that — logged while the ticket was not billed, or worked before the
 *   customer was told. The service terms allow only one thing after the fact for it: when the
 *   customer's fault shows at the end of an analysis, a technician fee for that analysis, usually
 *   only in part. So it is billed only as the analysis fee: after the customer was told, at the
 *   share staff decided (default from the settings), and never beyond the prior-approval
 *   threshold without the customer's order;
 * - `ordered_work`: ordered work (Auftragsleistungen) the terms bill by actual time in work
 *   units per the price list, whatever caused the ticket, under the prior-approval rule.
 */
export const BILLING_BASES = ['work', 'analysis', 'ordered_work'] as const;
export type BillingBasis = (typeof BILLING_BASES)[number];

/** The kinds of ordered work (Auftragsleistungen) in the service terms. */
export const ORDERED_WORK_KINDS = [
  'account_migration',
  'compromised_account',
  'administration',
  'software_development',
] as const;
export type OrderedWorkKind = (typeof ORDERED_WORK_KINDS)[number];

/** The ticket's facts that decide how its entries are billed. */
export interface TicketBillingState {
  category: SupportCategory | null;
  cause: SupportCause | null;
  /** When the customer was first told of their own error; null while not told. */
  customerNotifiedAt: Date | null;
}

/**
 * The basis of an entry being logged, or `notify_first` when it would be billable work on the
 * customer's own error and the customer has not been told at all yet.
 */
export function basisAtLogging(
  ticket: TicketBillingState,
  entry: { startedAt: Date; noCharge: boolean; orderedWorkKind?: OrderedWorkKind | null },
): BillingBasis | 'notify_first' {
  if (entry.noCharge) return 'work';
  if (entry.orderedWorkKind) return 'ordered_work';
  if (!isBilledCategory(ticket.category)) return 'analysis';
  if (ticket.cause !== 'customer_error') return 'work';
  if (ticket.customerNotifiedAt === null) return 'notify_first';
  return entry.startedAt.getTime() < ticket.customerNotifiedAt.getTime() ? 'analysis' : 'work';
}

/**
 * Billable under the ticket's current decision: ordered work always (unless no-charge); other
 * time under a billed category, not no-charge, and analysis time only once the customer was
 * told (when the cause is their own error).
 */
export function isEntryBillable(
  entry: { noCharge: boolean; billingBasis: BillingBasis },
  ticket: TicketBillingState,
): boolean {
  if (entry.noCharge) return false;
  if (entry.billingBasis === 'ordered_work') return true;
  if (!isBilledCategory(ticket.category)) return false;
  if (entry.billingBasis === 'work') return true;
  return ticket.cause !== 'customer_error' || ticket.customerNotifiedAt !== null;
}

/**
 * Service outside the contract (service terms: support outside the contract, e.g. outside
 * business hours, at the general price list): on a free ticket, the minutes worked outside the
 * hours covered are billed — except for the provider's own defect, which stays free at any
 * hour (the company owes its own services working; the customer pays for no fault of the
 * provider's). Referred tickets are not worked on, and billed tickets bill the whole entry.
 */
export function billsOutsideCoverage(
  entry: { noCharge: boolean; billingBasis: BillingBasis; outsideCoverageMinutes: number },
  ticket: TicketBillingState,
): boolean {
  return (
    !entry.noCharge &&
    entry.billingBasis !== 'ordered_work' &&
    entry.outsideCoverageMinutes > 0 &&
    ticket.category === 'standard' &&
    ticket.cause !== 'provider_defect'
  );
}

/** How a report line is billed: its entry's basis, or only its minutes outside the contract. */
export type LineBasis = BillingBasis | 'outside_coverage';

export interface AnalysisEntry {
  id: string;
  startedAt: Date;
  invoiced: boolean;
  /** Minutes billed without a cap (rounded to the started increment or unit). */
  billedMinutes: number;
}

/**
 * The billed minutes each analysis entry of one ticket may carry under `capMinutes` (the
 * prior-approval threshold: an order covers the work after it, not the analysis before it).
 * Invoiced entries used their share first; the rest fill the cap in the order worked. An
 * entry beyond the cap carries 0.
 */
export function analysisFeeMinutes(
  entries: readonly AnalysisEntry[],
  capMinutes: number,
): Map<string, number> {
  const ordered = [...entries].sort(
    (a, b) =>
      Number(b.invoiced) - Number(a.invoiced) ||
      a.startedAt.getTime() - b.startedAt.getTime() ||
      a.id.localeCompare(b.id),
  );
  const allowed = new Map<string, number>();
  let left = capMinutes;
  for (const entry of ordered) {
    const minutes = Math.max(0, Math.min(entry.billedMinutes, left));
    allowed.set(entry.id, minutes);
    left -= minutes;
  }
  return allowed;
}
