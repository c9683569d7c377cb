import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { billedMinutes, type BillingRules } from '../common/billable-time.js';
import { calendarDay, Clock } from '../common/clock.js';
import { DomainError, notFound, validationError } from '../common/domain-error.js';
import { keysetPage, type KeysetOrder, type KeysetPageQuery } from '../common/pagination.js';
import { percentToBasisPoints } from '../common/percent.js';
import { FULL_BILLING_BP } from './support-billing.js';
import type { PriceListRate } from '../company/company.service.js';
import { CompanyService } from '../company/company.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { lockRow } from '../database/row-locks.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { SupportQuote, SupportTimeEntry } from './billing.entity.js';
import { afterHoursMinutes, MAX_ENTRY_MINUTES, type BusinessCalendar } from './business-hours.js';
import type {
  CreateTimeEntryDto,
  GoodwillDto,
  SupportTimeEntryPage,
  SupportTimeEntryResponse,
} from './dto/work.dto.js';
import { checkPriorApproval } from './prior-approval.js';
import { toTimeEntryResponse } from './support-mappers.js';
import {
  analysisFeeMinutes,
  basisAtLogging,
  isEntryBillable,
  type AnalysisEntry,
} from './entry-billing.js';
import { SupportSettingsService } from './support-settings.service.js';
import { acceptsTimeEntries } from './ticket-status.js';
import { SupportTicket } from './ticket.entity.js';
import { approvedMinutesAt } from './work-time-rules.js';
import { SupportOrder } from './support-desk-extras.entity.js';
import { orderAsApproval } from './support-orders.service.js';
import { TicketsService } from './tickets.service.js';

const FUTURE_TOLERANCE_MS = 60_000;

/** In the order the work was done. */
const SUPPORT_TIME_ORDER: KeysetOrder = {
  list: 'support-time',
  keys: [
    { path: 'e.startedAt', kind: 'timestamp' },
    { path: 'e.id', kind: 'uuid' },
  ],
  direction: 'ASC',
};

@Injectable()
export class TimeEntriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly company: CompanyService,
    private readonly settings: SupportSettingsService,
    private readonly tickets: TicketsService,
    private readonly customers: CustomersService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async log(
    actor: Actor,
    ticketId: string,
    dto: CreateTimeEntryDto,
  ): Promise<SupportTimeEntryResponse> {
    const span = this.spanOf(dto);
    const service = await this.activeService(dto.serviceId);
    const [calendar, thresholdMinutes, profile] = await Promise.all([
      this.settings.calendar(),
      this.settings.approvalThresholdMinutes(),
      this.company.profile(),
    ]);
    const outside = afterHoursMinutes(span.startedAt, span.minutes, calendar);
    const { entry, ticket } = await this.transactions.run(async (tx) => {
      const ticket = await this.tickets.findVisible(actor, ticketId, tx);
      assertAcceptsTime(ticket);
      const outsideCoverage = await this.outsideCoverageMinutes(ticket.customerId, span, calendar);
      const noCharge = dto.noCharge ?? false;
      const orderedWorkKind = dto.orderedWorkKind ?? null;
      const billingBasis = basisAtLogging(ticket, {
        startedAt: span.startedAt,
        noCharge,
        orderedWorkKind,
      });
      if (billingBasis === 'notify_first') throw customerNotNotified();
      // Analysis time is not checked here: it is billed only as the capped analysis fee.
      if (billingBasis !== 'analysis' && isEntryBillable({ noCharge, billingBasis }, ticket)) {
        await this.assertMayBill(
          tx,
          ticket,
          {
            startedAt: span.startedAt,
            billedMinutes: billedMinutes(span.minutes, service.unit, profile),
          },
          { thresholdMinutes, rules: profile },
        );
      }
      const created = await this.insertEntry(tx, actor, ticket, {
        serviceId: service.id,
        startedAt: span.startedAt,
        endedAt: span.endedAt,
        minutes: span.minutes,
        afterHoursMinutes: outside,
        outsideCoverageMinutes: outsideCoverage,
        noCharge,
        billingBasis,
        orderedWorkKind,
        description: dto.description,
      });
      return { entry: created, ticket };
    });
    return toTimeEntryResponse(entry, ticket);
  }

  /** Writes the entry and its audit entry, inside the logging transaction. */
  private async insertEntry(
    tx: Tx,
    actor: Actor,
    ticket: SupportTicket,
    fields: Pick<
      SupportTimeEntry,
      | 'serviceId'
      | 'startedAt'
      | 'endedAt'
      | 'minutes'
      | 'afterHoursMinutes'
      | 'outsideCoverageMinutes'
      | 'noCharge'
      | 'billingBasis'
      | 'orderedWorkKind'
      | 'description'
    >,
  ): Promise<SupportTimeEntry> {
    const created = tx.manager.create(SupportTimeEntry, {
      ...fields,
      id: randomUUID(),
      ticketId: ticket.id,
      customerId: ticket.customerId,
      userId: actor.userId,
      userLabel: actor.email,
      goodwillBilledBp: null,
      goodwillReason: null,
      invoicedAt: null,
      invoiceRef: null,
      invoicedNetCents: null,
    });
    await tx.manager.insert(SupportTimeEntry, created);
    const { description: _description, ...logged } = fields;
    await this.audit.record(tx, actor, {
      entityType: 'support_ticket',
      entityId: ticket.id,
      action: 'time_logged',
      changes: {
        ...logged,
        entryId: created.id,
        startedAt: fields.startedAt.toISOString(),
        endedAt: fields.endedAt?.toISOString() ?? null,
        billable: isEntryBillable(created, ticket),
      },
    });
    return created;
  }

  /**
   * Goodwill on one entry (e.g. on the analysis fee): its billed share and why, ahead of the
   * ticket's. Only while the entry is not invoiced: an invoiced one is corrected by a credit note.
   */
  async setGoodwill(
    actor: Actor,
    ticketId: string,
    entryId: string,
    dto: GoodwillDto,
  ): Promise<SupportTimeEntryResponse> {
    const billedBp = percentToBasisPoints(dto.billedPercent);
    if (billedBp > FULL_BILLING_BP) {
      throw validationError([
        { field: 'billedPercent', messages: ['billedPercent must be between 0 and 100'] },
      ]);
    }
    const { entry, ticket } = await this.transactions.run(async (tx) => {
      const ticket = await this.tickets.findVisible(actor, ticketId, tx);
      await lockRow(tx, 'support_tickets', ticket.id);
      const entry = await tx.manager.findOneBy(SupportTimeEntry, { id: entryId, ticketId });
      if (!entry) throw notFound('TIME_ENTRY.NOT_FOUND', entryId);
      if (entry.invoicedAt !== null) {
        throw new DomainError(
          'conflict',
          'SUPPORT.ALREADY_INVOICED',
          'The entry has been invoiced; correct it with a credit note.',
          { entryIds: [entryId] },
        );
      }
      await tx.manager.update(
        SupportTimeEntry,
        { id: entryId },
        { goodwillBilledBp: billedBp, goodwillReason: dto.reason },
      );
      await this.audit.record(tx, actor, {
        entityType: 'support_ticket',
        entityId: ticketId,
        action: 'entry_goodwill_set',
        changes: { entryId, goodwillBilledBp: { from: entry.goodwillBilledBp, to: billedBp } },
        reason: dto.reason,
      });
      return {
        entry: { ...entry, goodwillBilledBp: billedBp, goodwillReason: dto.reason },
        ticket,
      };
    });
    return toTimeEntryResponse(entry, ticket);
  }

  async list(
    actor: Actor,
    ticketId: string,
    query: KeysetPageQuery,
  ): Promise<SupportTimeEntryPage> {
    const ticket = await this.tickets.findVisible(actor, ticketId);
    const qb = this.dataSource
      .getRepository(SupportTimeEntry)
      .createQueryBuilder('e')
      .where('e.ticketId = :ticketId', { ticketId });
    return keysetPage(qb, SUPPORT_TIME_ORDER, query, (rows) =>
      rows.map((e) => toTimeEntryResponse(e, ticket)),
    );
  }

  /**
   * Billable work beyond the threshold needs the customer's order (an approved quote) given
   * before the work started; the analysis fee already billed counts towards it. The ticket row
   * is locked first: billable entries on one ticket queue here, so two at once cannot both
   * pass the check.
   */
  private async assertMayBill(
    tx: Tx,
    ticket: SupportTicket,
    work: { startedAt: Date; billedMinutes: number },
    limits: { thresholdMinutes: number; rules: BillingRules },
  ): Promise<void> {
    await lockRow(tx, 'support_tickets', ticket.id);
    const soFar = await this.billedMinutesOfTicket(tx.manager, ticket, {
      rules: limits.rules,
      analysisCapMinutes: limits.thresholdMinutes,
    });
    const check = checkPriorApproval({
      thresholdMinutes: limits.thresholdMinutes,
      // Approved quotes and the customer's one-time orders both are the customer's order.
      approvedMinutes: approvedMinutesAt(
        [
          ...(await tx.manager.findBy(SupportQuote, { ticketId: ticket.id })),
          ...(await tx.manager.findBy(SupportOrder, { ticketId: ticket.id })).map(orderAsApproval),
        ],
        work.startedAt,
      ),
      billedMinutesSoFar: soFar,
      billedMinutesNew: work.billedMinutes,
    });
    if (!check.ok) {
      throw new DomainError(
        'conflict',
        check.code,
        check.code === 'SUPPORT.APPROVAL_REQUIRED'
          ? `Billable work beyond ${check.limitMinutes} min needs the customer's order first: propose a quote and have it approved.`
          : `Billable work beyond the approved ${check.limitMinutes} min needs an approved extension (another quote).`,
        { limitMinutes: check.limitMinutes, requestedMinutes: check.requestedMinutes },
      );
    }
  }

  /** Billed minutes of the ticket's billable entries: work in full, the analysis fee capped. */
  private async billedMinutesOfTicket(
    manager: EntityManager,
    ticket: SupportTicket,
    limits: { rules: BillingRules; analysisCapMinutes: number },
  ): Promise<number> {
    const entries = (
      await manager.findBy(SupportTimeEntry, { ticketId: ticket.id, noCharge: false })
    ).filter((e) => isEntryBillable(e, ticket));
    const services = await this.servicesById(
      entries.map((e) => e.serviceId),
      manager,
    );
    const minutesOf = (e: SupportTimeEntry) =>
      billedMinutes(e.minutes, services.get(e.serviceId)!.unit, limits.rules);
    const analysis = analysisFeeMinutes(
      entries
        .filter((e) => e.billingBasis === 'analysis')
        .map((e) => toAnalysisEntry(e, minutesOf(e))),
      limits.analysisCapMinutes,
    );
    return entries.reduce((total, e) => total + (analysis.get(e.id) ?? minutesOf(e)), 0);
  }

  /**
   * Minutes outside the hours the customer's service contract in force on the work's day
   * covers (its own, else the business hours; public holidays are never covered).
   */
  private async outsideCoverageMinutes(
    customerId: string,
    span: { startedAt: Date; minutes: number },
    calendar: BusinessCalendar,
  ): Promise<number> {
    const coverage = await this.customers.coverage(
      customerId,
      calendarDay(span.startedAt, calendar.timeZone),
    );
    return afterHoursMinutes(span.startedAt, span.minutes, {
      ...calendar,
      hours: coverage.serviceContractHours ?? calendar.hours,
    });
  }

  private async activeService(serviceId: string): Promise<PriceListRate> {
    const service = await this.company.service(serviceId).catch(() => null);
    if (!service?.active) {
      throw validationError([
        { field: 'serviceId', messages: ['serviceId is not an active service'] },
      ]);
    }
    return service;
  }

  async servicesById(ids: string[], manager?: EntityManager): Promise<Map<string, PriceListRate>> {
    const rates = await this.company.servicesByIds([...new Set(ids)], manager);
    return new Map(rates.map((r) => [r.id, r]));
  }

  private spanOf(dto: CreateTimeEntryDto): {
    startedAt: Date;
    endedAt: Date | null;
    minutes: number;
  } {
    if ((dto.endedAt === undefined) === (dto.minutes === undefined)) {
      throw validationError([
        { field: 'minutes', messages: ['give either endedAt (with startedAt) or minutes'] },
      ]);
    }
    const now = this.clock.now();
    let span: { startedAt: Date; endedAt: Date | null; minutes: number };
    if (dto.endedAt !== undefined) {
      if (dto.startedAt === undefined) {
        throw validationError([
          { field: 'startedAt', messages: ['startedAt is required with endedAt'] },
        ]);
      }
      const startedAt = new Date(dto.startedAt);
      const endedAt = new Date(dto.endedAt);
      const minutes = (endedAt.getTime() - startedAt.getTime()) / 60_000;
      if (!Number.isInteger(minutes) || minutes <= 0 || minutes > MAX_ENTRY_MINUTES) {
        throw validationError([
          {
            field: 'endedAt',
            messages: [
              `endedAt must be a whole number of minutes (1 to ${MAX_ENTRY_MINUTES}) after startedAt`,
            ],
          },
        ]);
      }
      span = { startedAt, endedAt, minutes };
    } else {
      const minutes = dto.minutes!;
      const startedAt = dto.startedAt
        ? new Date(dto.startedAt)
        : new Date(Math.floor(now.getTime() / 60_000) * 60_000 - minutes * 60_000);
      span = { startedAt, endedAt: null, minutes };
    }
    if (span.startedAt.getTime() + span.minutes * 60_000 > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw validationError([
        { field: 'startedAt', messages: ['the work must not end in the future'] },
      ]);
    }
    return span;
  }
}

/** An analysis entry as the analysis-fee cap orders it. */
export function toAnalysisEntry(entry: SupportTimeEntry, billedMinutes: number): AnalysisEntry {
  return {
    id: entry.id,
    startedAt: entry.startedAt,
    invoiced: entry.invoicedAt !== null,
    billedMinutes,
  };
}

/** Service terms: the customer hears of their own error before billable work starts. */
function customerNotNotified(): DomainError {
  return new DomainError(
    'conflict',
    'SUPPORT.CUSTOMER_NOT_NOTIFIED',
    "Analysis shows the customer's own error: notify the customer before logging billable work.",
  );
}

function assertAcceptsTime(ticket: SupportTicket): void {
  if (!acceptsTimeEntries(ticket.status)) {
    throw new DomainError('conflict', 'SUPPORT.TICKET_CLOSED', 'The ticket is closed.', {
      currentStatus: ticket.status,
    });
  }
}
