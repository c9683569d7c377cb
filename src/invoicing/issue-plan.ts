import { DomainError } from '../common/domain-error.js';
import type { InvoicingProfile } from '../company/company.service.js';
import type { InvoiceRecipient } from '../customers/customers.service.js';
import {
  manualLineErrors,
  netOf,
  samePricing,
  splitAllowances,
  type DraftLine,
} from './draft-lines.js';
import type { Invoice, InvoiceSeriesKey } from './invoice.entity.js';
import { composeInvoice, type ComposeInput } from './invoice-compose.js';
import type { DeductionSnapshot, InvoiceSnapshot } from './invoice-snapshot.js';
import { supportLines, type SupportLineInput } from './support-lines.js';
import { missingInvoiceFields, vatCaseOf } from './vat-cases.js';

/** Everything the issuing service read for one draft, inside the issuing transaction. */
export interface IssueFacts {
  invoice: Pick<
    Invoice,
    | 'id'
    | 'kind'
    | 'locale'
    | 'subject'
    | 'buyerReference'
    | 'serviceFrom'
    | 'serviceTo'
    | 'paymentTermsDays'
    | 'projectId'
  >;
  lines: DraftLine[];
  profile: InvoicingProfile;
  customer: InvoiceRecipient;
  project: { number: string; stage: string } | null;
  /** A final invoice deducts the project's issued down payments. */
  deductions: DeductionSnapshot[];
  /** The project's issued final invoice, if one exists: a second one is refused. */
  activeFinal: { id: string; number: string | null } | null;
  today: string;
}

/**
 * What issuing a draft does, decided before anything is written: which series numbers it,
 * the snapshot to render (once the number is known), which support entries or project time
 * it claims, and whether the project moves to `invoiced`.
 */
export interface IssuePlan {
  series: InvoiceSeriesKey;
  /** The snapshot without its number; `snapshotOf` completes it. */
  compose: Omit<ComposeInput, 'number' | 'lines'>;
  lines: DraftLine[];
  /** Support invoice: the entries to claim (and price again) under the new number. */
  claimSupportEntries: string[] | null;
  /** Final invoice: the project's time entries it bills. */
  claimTimeEntries: string[] | null;
  /** Final invoice: the project moves to `invoiced`, unless a cancelled final already did. */
  markProjectInvoiced: boolean;
}

/**
 * Plans the issue of a draft, or refuses it before a number is drawn: lines entered by hand
 * that bill nothing or less than nothing (422 naming them), §14 UStG (422 naming what is
 * missing), then one issued final invoice per project.
 */
export function planIssue(facts: IssueFacts): IssuePlan {
  const { invoice, profile, customer, project } = facts;
  const compose: IssuePlan['compose'] = {
    kind: invoice.kind,
    issueDate: facts.today,
    locale: invoice.locale,
    subject: invoice.subject,
    seller: profile.seller,
    buyer: customer.party,
    buyerReference: invoice.buyerReference,
    projectNumber: project?.number ?? null,
    serviceFrom: invoice.serviceFrom,
    serviceTo: invoice.serviceTo,
    vatCase: vatCaseOf({
      companySmallBusiness: profile.smallBusiness,
      companyCountry: profile.seller.countryCode,
      customerCountry: customer.party.countryCode,
      customerVatId: customer.party.vatId,
    }),
    deductions: facts.deductions,
    paymentTermsDays: invoice.paymentTermsDays,
  };
  const invalid = manualLineErrors(facts.lines);
  if (invalid.length > 0) {
    throw new DomainError(
      'unprocessable',
      'INVOICE.INVALID_LINES',
      `The invoice cannot be issued: ${invalid.map((e) => e.field).join(', ')}; a correction is a cancellation`,
      { errors: invalid },
    );
  }
  const pending = snapshotOf({ compose, lines: facts.lines }, 'pending');
  // The number is checked after it is drawn; everything else now.
  const missing = missingInvoiceFields(pending).filter((f) => f !== 'number');
  if (missing.length > 0) {
    throw new DomainError(
      'unprocessable',
      'INVOICE.INCOMPLETE',
      `The invoice cannot be issued, missing: ${missing.join(', ')}`,
      { missing },
    );
  }
  const final = invoice.kind === 'final' && invoice.projectId !== null;
  if (final && facts.activeFinal) {
    throw new DomainError(
      'conflict',
      'INVOICE.PROJECT_ALREADY_INVOICED',
      `The project's work is invoiced by ${facts.activeFinal.number}; cancel that invoice first`,
      { invoiceId: facts.activeFinal.id, number: facts.activeFinal.number },
    );
  }
  return {
    series: 'invoice',
    compose,
    lines: facts.lines,
    claimSupportEntries:
      invoice.kind === 'support' ? sourceIds(facts.lines, 'support_entry') : null,
    claimTimeEntries: final ? sourceIds(facts.lines, 'time_entry') : null,
    // After a cancelled final invoice the project is invoiced already.
    markProjectInvoiced: final && project?.stage !== 'invoiced',
  };
}

function sourceIds(lines: readonly DraftLine[], source: DraftLine['sourceType']): string[] {
  return lines.filter((l) => l.sourceType === source).map((l) => l.sourceId!);
}

/** The frozen invoice under its number. */
export function snapshotOf(
  plan: Pick<IssuePlan, 'compose' | 'lines'>,
  number: string,
): InvoiceSnapshot {
  return composeInvoice({ ...plan.compose, number, ...splitAllowances(plan.lines) });
}

/**
 * The support lines as claimed under the number, priced as of now. What finance reviewed is
 * what is issued: if goodwill, rates or time changed since the draft, the draft is refused
 * (and the transaction rolled back, number and claim included).
 */
export function repriceSupport(
  plan: IssuePlan,
  claimed: SupportLineInput[],
  defaultVatRateBp: number,
): DraftLine[] {
  const drafted = plan.lines;
  const priced = supportLines(
    claimed,
    drafted[0]?.vatRateBp ?? defaultVatRateBp,
    plan.compose.locale,
  );
  if (!samePricing(drafted, priced)) {
    throw new DomainError(
      'conflict',
      'INVOICE.DRAFT_OUTDATED',
      'The support time of this draft was priced differently since it was drafted (goodwill, rates or entries changed); delete the draft and create the support invoice again to review the current amounts',
      { netCentsDrafted: netOf(drafted), netCentsNow: netOf(priced) },
    );
  }
  return priced;
}

/** The amounts an issued invoice's row carries: the snapshot's totals. */
export function amountsOf(snapshot: InvoiceSnapshot) {
  return {
    netCents: snapshot.totals.netCents,
    vatCents: snapshot.totals.vatCents,
    grossCents: snapshot.totals.grossCents,
    prepaidCents: snapshot.totals.prepaidCents,
    dueCents: snapshot.totals.dueCents,
  };
}
