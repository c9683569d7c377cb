import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isStaff, type Actor, type Role } from '../common/access.js';
import { auditActorOf, type AuditActor, type Signer } from '../projects/signer.js';
import { billedQuantity } from '../common/billable-time.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound, validationError } from '../common/domain-error.js';
import { lineNet } from '../common/money.js';
import { toPage, type PageQuery } from '../common/pagination.js';
import { CompanyService } from '../company/company.service.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { SupportQuote, type ApprovalChannel, type QuoteStatus } from './billing.entity.js';
import { isBilledCategory } from './cost-decision.js';
import type { CreateQuoteDto, QuoteDecisionDto, QuotePage, QuoteResponse } from './dto/work.dto.js';
import {
  allowedQuoteActions,
  decideQuoteAction,
  quoteActionFor,
  type QuoteAction,
} from './quote-lifecycle.js';
import { toQuoteResponse } from './support-mappers.js';
import { SupportTicket } from './ticket.entity.js';
import { TicketsService } from './tickets.service.js';
import { quoteDecisionTimeProblem } from './work-time-rules.js';

/** A customer's decision on a support quote, however it reached the company. */
export interface QuoteDecision {
  outcome: 'approved' | 'declined';
  via: ApprovalChannel;
  /** The person on the customer's side. */
  decidedByName: string;
  decidedAt: Date;
  /** The customer user, when decided in the portal or through a sign-off link. */
  decidedByUserId: string | null;
  /** The staff member who recorded a decision made on paper, by e-mail or phone. */
  recordedById: string | null;
}

export interface QuoteSignOffSummary {
  customerId: string;
  ticketNumber: string;
  ticketTitle: string;
  description: string;
  estimatedMinutes: number;
  estimatedNetCents: number;
}

@Injectable()
export class QuotesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly company: CompanyService,
    private readonly tickets: TicketsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async propose(actor: Actor, ticketId: string, dto: CreateQuoteDto): Promise<QuoteResponse> {
    const [service, profile] = await Promise.all([
      this.company.service(dto.serviceId).catch(() => null),
      this.company.profile(),
    ]);
    if (!service?.active) {
      throw validationError([
        { field: 'serviceId', messages: ['serviceId is not an active service'] },
      ]);
    }
    const quote = await this.transactions.run(async (tx) => {
      const ticket = await this.tickets.findVisible(actor, ticketId, tx);
      if (!isBilledCategory(ticket.category) && !dto.orderedWorkKind) {
        throw new DomainError(
          'conflict',
          'SUPPORT.NOT_BILLABLE',
          'Quotes are for billed (extended) support or ordered work; record the cost decision first.',
          { currentCategory: ticket.category },
        );
      }
      const created = tx.manager.create(SupportQuote, {
        id: randomUUID(),
        ticketId,
        description: dto.description,
        serviceId: service.id,
        estimatedMinutes: dto.estimatedMinutes,
        estimatedNetCents: lineNet(
          billedQuantity(dto.estimatedMinutes, service.unit, profile),
          service.rateCents,
        ),
        status: 'proposed',
        // From the clock: an approval is checked against it and cannot predate it.
        createdAt: this.clock.now(),
        createdById: actor.userId,
        createdByLabel: actor.email,
        decidedAt: null,
        decidedVia: null,
        decidedByName: null,
        decidedByUserId: null,
        recordedById: null,
      });
      await tx.manager.insert(SupportQuote, created);
      await this.audit.record(tx, actor, {
        entityType: 'support_quote',
        entityId: created.id,
        action: 'proposed',
        changes: {
          ticketId,
          serviceId: service.id,
          estimatedMinutes: created.estimatedMinutes,
          estimatedNetCents: created.estimatedNetCents,
        },
      });
      return created;
    });
    return toQuoteResponse(quote);
  }

  async list(actor: Actor, ticketId: string, query: PageQuery): Promise<QuotePage> {
    await this.tickets.findVisible(actor, ticketId);
    const result = await this.dataSource.getRepository(SupportQuote).findAndCount({
      where: { ticketId },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: query.skip,
      take: query.pageSize,
    });
    return toPage(result, query, toQuoteResponse);
  }

  /** The customer approves in the portal, or staff record an approval given on paper/e-mail/phone. */
  async approve(
    actor: Actor,
    ticketId: string,
    quoteId: string,
    dto: QuoteDecisionDto,
  ): Promise<QuoteResponse> {
    return this.decideAs(actor, ticketId, quoteId, 'approved', dto);
  }

  async decline(
    actor: Actor,
    ticketId: string,
    quoteId: string,
    dto: QuoteDecisionDto,
  ): Promise<QuoteResponse> {
    return this.decideAs(actor, ticketId, quoteId, 'declined', dto);
  }

  /**
   * The one place a quote is approved or declined, inside the caller's transaction: the
   * portal and staff routes call it, and so will the sign-off module (via 'sign_off').
   * Only a proposed quote can be decided, once; a concurrent second decision gets 409.
   */
  async decideQuote(
    tx: Tx,
    decider: QuoteDecider,
    ticketId: string,
    quoteId: string,
    decision: QuoteDecision,
  ): Promise<SupportQuote> {
    const quote = await tx.manager.findOneBy(SupportQuote, { id: quoteId, ticketId });
    if (!quote) throw notFound('QUOTE.NOT_FOUND', quoteId);
    const next = nextStatus(quote, quoteActionFor(decision.outcome), decider.role);
    const timeProblem = quoteDecisionTimeProblem(
      decision.decidedAt,
      quote.createdAt,
      this.clock.now(),
    );
    if (timeProblem) throw validationError([{ field: 'decidedAt', messages: [timeProblem] }]);
    const changes = {
      status: next,
      decidedAt: decision.decidedAt,
      decidedVia: decision.via,
      decidedByName: decision.decidedByName,
      decidedByUserId: decision.decidedByUserId,
      recordedById: decision.recordedById,
    };
    // Only if nobody decided it since it was read: of two concurrent decisions one wins.
    const result = await tx.manager.update(
      SupportQuote,
      { id: quoteId, status: quote.status },
      changes,
    );
    if (result.affected !== 1) throw notDecidable(quote);
    await this.audit.record(tx, decider.audit, {
      entityType: 'support_quote',
      entityId: quoteId,
      action: decision.outcome,
      changes: {
        ticketId,
        status: { from: quote.status, to: next },
        via: decision.via,
        decidedByName: decision.decidedByName,
        decidedAt: decision.decidedAt.toISOString(),
        estimatedMinutes: quote.estimatedMinutes,
      },
    });
    // The update builder bumped the version column.
    return { ...quote, ...changes, version: quote.version + 1 };
  }

  /**
   * A customer's decision signed through a sign-off (src/signoff), by a portal user or a link
   * holder: the audit names the user or, for a link, the address it was sent to.
   */
  async decideSignedQuote(
    tx: Tx,
    signer: Extract<Signer, { kind: 'portal' | 'link' }>,
    ticketId: string,
    quoteId: string,
    outcome: QuoteDecision['outcome'],
  ): Promise<SupportQuote> {
    const portalUser = signer.kind === 'portal' ? signer.user : null;
    const decider = { role: portalUser?.role ?? 'customer', audit: auditActorOf(signer) };
    return this.decideQuote(tx, decider, ticketId, quoteId, {
      outcome,
      via: 'sign_off',
      decidedByName: signer.kind === 'portal' ? signer.user.name : signer.name,
      decidedAt: signer.signedAt,
      decidedByUserId: portalUser?.userId ?? null,
      recordedById: null,
    });
  }

  /**
   * A proposed quote, for sign-off (src/signoff): 404 when it is not (`customerId` given) that
   * customer's, 409 once it is decided.
   */
  async quoteAwaitingSignOff(
    ticketId: string,
    quoteId: string,
    customerId?: string,
  ): Promise<QuoteSignOffSummary> {
    const manager = this.dataSource.manager;
    const ticket = await manager.findOneBy(SupportTicket, {
      id: ticketId,
      ...(customerId ? { customerId } : {}),
    });
    const quote = ticket && (await manager.findOneBy(SupportQuote, { id: quoteId, ticketId }));
    if (!ticket || !quote) throw notFound('QUOTE.NOT_FOUND', quoteId);
    if (allowedQuoteActions(quote.status, 'customer').length === 0) throw notDecidable(quote);
    return {
      customerId: ticket.customerId,
      ticketNumber: ticket.number,
      ticketTitle: ticket.title,
      description: quote.description,
      estimatedMinutes: quote.estimatedMinutes,
      estimatedNetCents: quote.estimatedNetCents,
    };
  }

  private async decideAs(
    actor: Actor,
    ticketId: string,
    quoteId: string,
    outcome: QuoteDecision['outcome'],
    dto: QuoteDecisionDto,
  ): Promise<QuoteResponse> {
    const decision = this.decisionOf(actor, outcome, dto);
    const quote = await this.transactions.run(async (tx) => {
      await this.tickets.findVisible(actor, ticketId, tx);
      return this.decideQuote(tx, { role: actor.role, audit: actor }, ticketId, quoteId, decision);
    });
    return toQuoteResponse(quote);
  }

  private decisionOf(
    actor: Actor,
    outcome: QuoteDecision['outcome'],
    dto: QuoteDecisionDto,
  ): QuoteDecision {
    const now = this.clock.now();
    if (!isStaff(actor)) {
      const given = (['via', 'decidedByName', 'decidedAt'] as const).filter(
        (f) => dto[f] !== undefined,
      );
      if (given.length > 0) {
        throw validationError(
          given.map((field) => ({ field, messages: [`${field} is recorded by staff only`] })),
        );
      }
      return {
        outcome,
        via: 'portal',
        decidedByName: actor.name,
        decidedAt: now,
        decidedByUserId: actor.userId,
        recordedById: null,
      };
    }
    const missing = (['via', 'decidedByName'] as const).filter((f) => dto[f] === undefined);
    if (missing.length > 0) {
      throw validationError(
        missing.map((field) => ({
          field,
          messages: [`${field} is required when staff record the customer's decision`],
        })),
      );
    }
    const decidedAt = dto.decidedAt ? new Date(dto.decidedAt) : now;
    return {
      outcome,
      via: dto.via!,
      decidedByName: dto.decidedByName!,
      decidedAt,
      decidedByUserId: null,
      recordedById: actor.userId,
    };
  }
}

/** Who decides a quote: the role the lifecycle checks and whom the audit entry names. */
export interface QuoteDecider {
  role: Role;
  audit: AuditActor;
}

/** The status `action` leads to: 409 once the quote is decided, 403 for a role that never may. */
function nextStatus(quote: SupportQuote, action: QuoteAction, role: Role): QuoteStatus {
  const move = decideQuoteAction(quote.status, action, role);
  if (move.allowed) return move.next;
  if (move.reason === 'forbidden') {
    throw new DomainError(
      'forbidden',
      'SUPPORT.FORBIDDEN',
      `Role ${role} may not ${action} a quote`,
    );
  }
  throw notDecidable(quote);
}

function notDecidable(quote: SupportQuote): DomainError {
  return new DomainError(
    'conflict',
    'SUPPORT.QUOTE_NOT_PROPOSED',
    `Quote ${quote.id} is ${quote.status}; only a proposed quote can be approved or declined.`,
    { currentStatus: quote.status },
  );
}
