import { isStaff, type Actor } from '../common/access.js';
import { basisPointsToPercent } from '../common/percent.js';
import type { SupportQuote, SupportTimeEntry } from './billing.entity.js';
import { isBilledCategory } from './cost-decision.js';
import type { ArticleResponse } from './dto/article.dto.js';
import type {
  CostDecisionResponse,
  CustomerNoticeResponse,
  NoteResponse,
  TicketResponse,
} from './dto/ticket.dto.js';
import type {
  PersonalDataActionResponse,
  QuoteResponse,
  SupportTimeEntryResponse,
} from './dto/work.dto.js';
import type { SupportArticle } from './support-settings.entity.js';
import type {
  CostDecisionRecord,
  CustomerNotice,
  PersonalDataAction,
  SupportTicket,
  TicketNote,
} from './ticket.entity.js';
import { allowedNextStatuses } from './ticket-status.js';
import { billsOutsideCoverage, isEntryBillable, type TicketBillingState } from './entry-billing.js';

/** Customers see their ticket, but not its assignee nor the internals of the cost decision. */
export function toTicketResponse(
  ticket: SupportTicket,
  actor: Actor,
  decision: CostDecisionRecord | null,
): TicketResponse {
  const staff = isStaff(actor);
  return {
    id: ticket.id,
    number: ticket.number,
    customerId: ticket.customerId,
    contactId: ticket.contactId,
    title: ticket.title,
    description: ticket.description,
    channel: ticket.channel,
    severity: ticket.severity,
    status: ticket.status,
    allowedNextStatuses: [...allowedNextStatuses(ticket.status, actor.role)],
    receivedAt: ticket.receivedAt.toISOString(),
    ...(staff ? { assigneeId: ticket.assigneeId } : {}),
    costDecision: decision ? toCostDecisionResponse(decision, staff) : null,
    goodwill: {
      billedPercent: basisPointsToPercent(ticket.goodwillBilledBp),
      reason: ticket.goodwillReason,
    },
    analysisFee: {
      billedPercent:
        ticket.analysisFeeBilledBp === null
          ? null
          : basisPointsToPercent(ticket.analysisFeeBilledBp),
      reason: ticket.analysisFeeReason,
    },
    customerNotifiedAt: ticket.customerNotifiedAt?.toISOString() ?? null,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    version: ticket.version,
  };
}

function toCostDecisionResponse(d: CostDecisionRecord, staff: boolean): CostDecisionResponse {
  return {
    cause: d.cause,
    category: d.category,
    billable: isBilledCategory(d.category),
    decidedAt: d.decidedAt.toISOString(),
    referral:
      d.referralPartner === null
        ? null
        : { partner: d.referralPartner, document: d.referralDocument ?? '' },
    ...(staff
      ? {
          defaultCategory: d.defaultCategory,
          overridden: d.overridden,
          reason: d.reason,
          decidedBy: d.decidedByLabel,
        }
      : {}),
  };
}

export function toNoteResponse(note: TicketNote): NoteResponse {
  return {
    id: note.id,
    visibility: note.visibility,
    body: note.body,
    authorLabel: note.authorLabel,
    createdAt: note.createdAt.toISOString(),
  };
}

export function toNoticeResponse(notice: CustomerNotice): CustomerNoticeResponse {
  return {
    id: notice.id,
    reason: notice.reason,
    message: notice.message,
    notifiedAt: notice.notifiedAt.toISOString(),
    notifiedBy: notice.notifiedByLabel,
    mailTo: notice.mailTo,
  };
}

export function toQuoteResponse(quote: SupportQuote): QuoteResponse {
  return {
    id: quote.id,
    ticketId: quote.ticketId,
    description: quote.description,
    serviceId: quote.serviceId,
    estimatedMinutes: quote.estimatedMinutes,
    estimatedNetCents: quote.estimatedNetCents,
    status: quote.status,
    createdAt: quote.createdAt.toISOString(),
    decidedAt: quote.decidedAt?.toISOString() ?? null,
    decidedVia: quote.decidedVia,
    decidedByName: quote.decidedByName,
    version: quote.version,
  };
}

export function toTimeEntryResponse(
  entry: SupportTimeEntry,
  ticket: TicketBillingState,
): SupportTimeEntryResponse {
  return {
    id: entry.id,
    ticketId: entry.ticketId,
    userLabel: entry.userLabel,
    serviceId: entry.serviceId,
    startedAt: entry.startedAt.toISOString(),
    endedAt: entry.endedAt?.toISOString() ?? null,
    minutes: entry.minutes,
    afterHoursMinutes: entry.afterHoursMinutes,
    noCharge: entry.noCharge,
    billingBasis: entry.billingBasis,
    orderedWorkKind: entry.orderedWorkKind,
    outsideCoverageMinutes: entry.outsideCoverageMinutes,
    goodwill:
      entry.goodwillBilledBp === null
        ? null
        : {
            billedPercent: basisPointsToPercent(entry.goodwillBilledBp),
            reason: entry.goodwillReason,
          },
    billable: isEntryBillable(entry, ticket) || billsOutsideCoverage(entry, ticket),
    description: entry.description,
    invoicedAt: entry.invoicedAt?.toISOString() ?? null,
    invoiceRef: entry.invoiceRef,
    createdAt: entry.createdAt.toISOString(),
  };
}

export function toPersonalDataActionResponse(
  action: PersonalDataAction,
): PersonalDataActionResponse {
  return {
    id: action.id,
    ticketId: action.ticketId,
    kind: action.kind,
    description: action.description,
    performedAt: action.performedAt.toISOString(),
    performedBy: action.performedByLabel,
  };
}

export function toArticleResponse(article: SupportArticle): ArticleResponse {
  return {
    id: article.id,
    title: article.title,
    body: article.body,
    visibility: article.visibility,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    version: article.version,
  };
}
