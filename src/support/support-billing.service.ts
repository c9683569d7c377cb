import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { billedMinutes, type BillingRules } from '../common/billable-time.js';
import { calendarDay, Clock } from '../common/clock.js';
import { DomainError, notFound, validationError } from '../common/domain-error.js';
import { CompanyService } from '../company/company.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { lockRows } from '../database/row-locks.js';
import type { Tx } from '../database/transactions.js';
import { SupportTimeEntry } from './billing.entity.js';
import type { TimeReportQuery } from './dto/billing.dto.js';
import {
  buildTimeReport,
  priceInWorkOrder,
  totalsOf,
  type BillableEntry,
  type SupportTimeReport,
  type SupportTimeReportLine,
  type SupportTimeReportTotals,
} from './support-billing.js';
import { isBilledCategory } from './cost-decision.js';
import { analysisFeeMinutes, billsOutsideCoverage, isEntryBillable } from './entry-billing.js';
import { SupportSettings } from './support-settings.entity.js';
import { SupportTicket } from './ticket.entity.js';
import { TimeEntriesService, toAnalysisEntry } from './time-entries.service.js';

export interface SupportClaim {
  invoiceRef: string;
  claimedAt: Date;
  lines: SupportTimeReportLine[];
  totals: SupportTimeReportTotals;
}

/**
 * Support billing: the time report (Leistungsnachweis) as a view model, and claiming entries
 * for an invoice exactly once. The invoicing module drafts a support invoice from the report
 * and calls `claimEntries` inside the transaction that issues it, so an entry is invoiced
 * exactly when an invoice number is issued for it.
 */
@Injectable()
export class SupportBillingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly company: CompanyService,
    private readonly customers: CustomersService,
    private readonly timeEntries: TimeEntriesService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Billable entries of the customer not yet invoiced, worked in the period (company days). */
  async timeReport(actor: Actor, query: TimeReportQuery): Promise<SupportTimeReport> {
    if (query.from > query.to) {
      throw validationError([{ field: 'to', messages: ['to must not be before from'] }]);
    }
    const customer = await this.customers.findVisible(actor, query.customerId);
    const entries = await this.dataSource.getRepository(SupportTimeEntry).find({
      where: { customerId: customer.id, invoicedAt: IsNull(), noCharge: false },
    });
    const inPeriod = entries.filter((e) => {
      const day = calendarDay(e.startedAt, this.clock.timeZone);
      return query.from <= day && day <= query.to;
    });
    const rules = await this.rules();
    const billable = await this.toBillable(this.dataSource.manager, inPeriod, rules);
    return buildTimeReport(
      { id: customer.id, number: customer.number, name: customer.name },
      { from: query.from, to: query.to },
      billable,
      rules,
    );
  }

  /**
   * Marks entries as invoiced by `invoiceRef`, inside the caller's transaction, and returns
   * their priced lines for the invoice. Each entry can be claimed once: the UPDATE only
   * touches rows still unclaimed, so of two concurrent claims exactly one changes every row
   * and the other gets SUPPORT.ALREADY_INVOICED (and its transaction rolls back).
   */
  async claimEntries(
    tx: Tx,
    actor: Actor | typeof SYSTEM_ACTOR,
    customerId: string,
    entryIds: readonly string[],
    invoiceRef: string,
  ): Promise<SupportClaim> {
    const ids = [...new Set(entryIds)];
    const entries = await tx.manager.findBy(SupportTimeEntry, { id: In(ids), customerId });
    const missing = ids.find((id) => !entries.some((e) => e.id === id));
    if (missing) throw notFound('TIME_ENTRY.NOT_FOUND', missing);
    // Lock the tickets: a concurrent cost decision cannot change their category meanwhile.
    await lockRows(
      tx,
      'support_tickets',
      entries.map((e) => e.ticketId),
    );
    const rules = await this.rules(tx.manager);
    const billable = await this.toBillable(tx.manager, entries, rules);
    assertAllBillable(entries, billable);
    const claimedAt = this.clock.now();
    const claimed = await tx.manager.update(
      SupportTimeEntry,
      { id: In(ids), customerId, invoicedAt: IsNull() },
      { invoicedAt: claimedAt, invoiceRef },
    );
    if (claimed.affected !== ids.length) {
      const already = entries.filter((e) => e.invoicedAt !== null).map((e) => e.id);
      throw new DomainError(
        'conflict',
        'SUPPORT.ALREADY_INVOICED',
        'Some entries have been invoiced already; an entry can be invoiced only once.',
        { entryIds: already.length > 0 ? already : ids },
      );
    }
    // In the time report's order, so the issued lines read like the draft's.
    const lines = priceInWorkOrder(billable, rules);
    for (const line of lines) {
      await tx.manager.update(
        SupportTimeEntry,
        { id: line.entryId },
        { invoicedNetCents: line.lineNetCents },
      );
    }
    const totals = totalsOf(lines);
    await this.audit.record(tx, actor, {
      entityType: 'customer',
      entityId: customerId,
      action: 'support_time_invoiced',
      changes: { invoiceRef, entryIds: ids, netCents: totals.netCents },
    });
    return { invoiceRef, claimedAt, lines, totals };
  }

  /**
   * A cancelled support invoice gives its entries back, inside the cancelling transaction:
   * the correction (or a new support invoice) claims and prices them again, and the tickets'
   * categories may change until then. Returns the released entries.
   */
  async releaseEntries(
    tx: Tx,
    actor: Actor,
    customerId: string,
    invoiceRef: string,
  ): Promise<string[]> {
    const entries = await tx.manager.findBy(SupportTimeEntry, { customerId, invoiceRef });
    if (entries.length === 0) return [];
    const ids = entries.map((e) => e.id);
    await tx.manager.update(
      SupportTimeEntry,
      { id: In(ids) },
      { invoicedAt: null, invoiceRef: null, invoicedNetCents: null },
    );
    await this.audit.record(tx, actor, {
      entityType: 'customer',
      entityId: customerId,
      action: 'support_time_released',
      changes: { invoiceRef, entryIds: ids },
    });
    return ids;
  }

  private async rules(manager?: EntityManager): Promise<BillingRules> {
    // Inside the claiming transaction through its own connection (see CompanyService.profile).
    const profile = await this.company.profile(manager);
    return {
      billingIncrementMinutes: profile.billingIncrementMinutes,
      workUnitMinutes: profile.workUnitMinutes,
    };
  }

  /**
   * The entries that are billable under their ticket's current decision, ready to price; an
   * analysis entry beyond its ticket's analysis-fee cap is not billable.
   */
  private async toBillable(
    manager: EntityManager,
    entries: SupportTimeEntry[],
    rules: BillingRules,
  ): Promise<BillableEntry[]> {
    if (entries.length === 0) return [];
    const tickets = new Map(
      (
        await manager.findBy(SupportTicket, {
          id: In([...new Set(entries.map((e) => e.ticketId))]),
        })
      ).map((t) => [t.id, t]),
    );
    const [services, fee] = await Promise.all([
      this.timeEntries.servicesById(
        entries.map((e) => e.serviceId),
        manager,
      ),
      this.analysisFee(manager, [...tickets.values()], rules),
    ]);
    return entries.flatMap((e) => {
      const ticket = tickets.get(e.ticketId)!;
      const billed = billedAs(e, ticket, fee);
      if (!billed) return [];
      const service = services.get(e.serviceId)!;
      return [
        {
          entryId: e.id,
          ticketId: ticket.id,
          ticketNumber: ticket.number,
          ticketTitle: ticket.title,
          startedAt: e.startedAt,
          day: calendarDay(e.startedAt, this.clock.timeZone),
          description: e.description,
          service: {
            id: service.id,
            code: service.code,
            name: service.name,
            unit: service.unit,
            rateCents: service.rateCents,
            afterHoursSurchargePercent: service.afterHoursSurchargePercent,
          },
          ...billed,
        },
      ];
    });
  }

  /**
   * The analysis fee of the tickets: the billed minutes each analysis entry may carry within
   * the prior-approval threshold (counting the ticket's invoiced analysis entries too; an
   * order covers work after it, not the analysis before), and the default share.
   */
  private async analysisFee(
    manager: EntityManager,
    tickets: SupportTicket[],
    rules: BillingRules,
  ): Promise<{ minutes: Map<string, number>; defaultShareBp: number }> {
    const settings = await manager.findOneByOrFail(SupportSettings, { id: 1 });
    const minutes = new Map<string, number>();
    const billed = tickets.filter((t) => isBilledCategory(t.category));
    if (billed.length === 0) return { minutes, defaultShareBp: settings.analysisFeeBilledBp };
    const ticketIds = billed.map((t) => t.id);
    const entries = await manager.findBy(SupportTimeEntry, {
      ticketId: In(ticketIds),
      billingBasis: 'analysis',
      noCharge: false,
    });
    const services = await this.timeEntries.servicesById(
      entries.map((e) => e.serviceId),
      manager,
    );
    const thresholdMinutes = settings.approvalThresholdWorkUnits * rules.workUnitMinutes;
    for (const ticket of billed) {
      const own = entries
        .filter((e) => e.ticketId === ticket.id)
        .map((e) =>
          toAnalysisEntry(e, billedMinutes(e.minutes, services.get(e.serviceId)!.unit, rules)),
        );
      for (const [id, allowed] of analysisFeeMinutes(own, thresholdMinutes)) {
        minutes.set(id, allowed);
      }
    }
    return { minutes, defaultShareBp: settings.analysisFeeBilledBp };
  }
}

/**
 * How an entry is billed under its ticket's current decision, or null when it is not: in full
 * (work, ordered work), as the analysis fee (capped, at its share), or only its minutes outside
 * the contract's hours on a free ticket.
 */
function billedAs(
  entry: SupportTimeEntry,
  ticket: SupportTicket,
  fee: { minutes: Map<string, number>; defaultShareBp: number },
): Pick<
  BillableEntry,
  | 'basis'
  | 'rawMinutes'
  | 'afterHoursMinutes'
  | 'billedMinutesCap'
  | 'goodwillBilledBp'
  | 'goodwillReason'
> | null {
  // Goodwill on the entry itself comes first, then the ticket's (or its analysis-fee share).
  const own =
    entry.goodwillBilledBp === null
      ? null
      : { goodwillBilledBp: entry.goodwillBilledBp, goodwillReason: entry.goodwillReason };
  const goodwill = own ?? {
    goodwillBilledBp: ticket.goodwillBilledBp,
    goodwillReason: ticket.goodwillReason,
  };
  if (isEntryBillable(entry, ticket)) {
    if (entry.billingBasis !== 'analysis') {
      return {
        basis: entry.billingBasis,
        rawMinutes: entry.minutes,
        afterHoursMinutes: entry.afterHoursMinutes,
        billedMinutesCap: null,
        ...goodwill,
      };
    }
    const cap = fee.minutes.get(entry.id) ?? 0;
    if (cap === 0) return null;
    return {
      basis: 'analysis',
      rawMinutes: entry.minutes,
      afterHoursMinutes: entry.afterHoursMinutes,
      billedMinutesCap: cap,
      ...(own ?? {
        goodwillBilledBp: ticket.analysisFeeBilledBp ?? fee.defaultShareBp,
        goodwillReason: ticket.analysisFeeReason,
      }),
    };
  }
  if (!billsOutsideCoverage(entry, ticket)) return null;
  return {
    basis: 'outside_coverage',
    rawMinutes: entry.outsideCoverageMinutes,
    afterHoursMinutes: Math.min(entry.afterHoursMinutes, entry.outsideCoverageMinutes),
    billedMinutesCap: null,
    ...goodwill,
  };
}

/** A claim bills every entry it names or none: one that is free now refuses the whole claim. */
function assertAllBillable(
  entries: readonly SupportTimeEntry[],
  billable: readonly BillableEntry[],
): void {
  const notBillable = entries.filter((e) => !billable.some((b) => b.entryId === e.id));
  if (notBillable.length > 0) {
    throw new DomainError(
      'conflict',
      'SUPPORT.NOT_BILLABLE',
      'Some entries are not billable (free category or no charge).',
      { entryIds: notBillable.map((e) => e.id) },
    );
  }
}
