import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/access.js';
import { addDays, Clock } from '../common/clock.js';
import {
  keysetPage,
  KeysetPageQuery,
  type KeysetOrder,
  type KeysetPage,
} from '../common/pagination.js';
import type { InvoiceResponse } from './invoice.dto.js';
import { Invoice } from './invoice.entity.js';
import { InvoiceReader } from './invoice-reader.service.js';

/** What finance filters the invoice list by (the lifecycle's states plus "overdue"). */
export const INVOICE_FILTER_STATES = [
  'draft',
  'issued',
  'partly_paid',
  'paid',
  'overdue',
  'cancelled',
] as const;
export type InvoiceFilterState = (typeof INVOICE_FILTER_STATES)[number];

/** Receivables by days past the due date; `current` is not yet due. */
export const RECEIVABLE_AGES = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type ReceivableAge = (typeof RECEIVABLE_AGES)[number];

export interface InvoiceFilter {
  state?: InvoiceFilterState;
  /** Open invoices of one age bucket (implies open). */
  age?: ReceivableAge;
  customerId?: string;
  /** Issue date from/to, inclusive (drafts have none and drop out of a period). */
  from?: string;
  to?: string;
}

export interface InvoiceFilterTotals {
  count: number;
  netCents: number;
  grossCents: number;
  openCents: number;
}

export interface AgeBucket {
  age: ReceivableAge;
  count: number;
  openCents: number;
}

export interface MonthRevenue {
  /** YYYY-MM */
  month: string;
  from: string;
  to: string;
  netCents: number;
}

/** Newest first; the id breaks ties within one timestamp (as the API's invoice list). */
const FINANCE_LIST_ORDER: KeysetOrder = {
  list: 'finance-invoices',
  keys: [
    { path: 'i.createdAt', kind: 'timestamp' },
    { path: 'i.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

const PAID = `COALESCE((SELECT SUM(pay.amount_cents) FROM invoice_payments pay WHERE pay.invoice_id = i.id), 0)`;
/** Issued, payable (a Stornorechnung is not), something still to pay. */
const OPEN = `i.status = 'issued' AND i.kind <> 'cancellation' AND i.dueCents > ${PAID}`;
const OPEN_AMOUNT = `CASE WHEN ${OPEN} THEN i.dueCents - ${PAID} ELSE 0 END`;

/**
 * Finance's figures, each one SQL aggregate over the invoices table (never a load of every
 * invoice): the filtered list with its totals, receivables by age and revenue per month.
 */
@Injectable()
export class InvoiceFiguresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly reader: InvoiceReader,
  ) {}

  async list(
    _actor: Actor,
    filter: InvoiceFilter,
    page: KeysetPageQuery,
  ): Promise<KeysetPage<InvoiceResponse>> {
    const qb = this.filtered(filter);
    return keysetPage(qb, FINANCE_LIST_ORDER, page, (rows) => this.reader.responses(rows));
  }

  /** Net, gross and open of everything the filter matches (all pages). */
  async totals(_actor: Actor, filter: InvoiceFilter): Promise<InvoiceFilterTotals> {
    const row = await this.filtered(filter)
      .select('COUNT(*)', 'count')
      .addSelect('COALESCE(SUM(i.netCents), 0)', 'net')
      .addSelect('COALESCE(SUM(i.grossCents), 0)', 'gross')
      .addSelect(`COALESCE(SUM(${OPEN_AMOUNT}), 0)`, 'open')
      .getRawOne<Record<'count' | 'net' | 'gross' | 'open', string | number>>();
    return {
      count: Number(row?.count ?? 0),
      netCents: Number(row?.net ?? 0),
      grossCents: Number(row?.gross ?? 0),
      openCents: Number(row?.open ?? 0),
    };
  }

  /** Open amounts by days past due, in one grouped query. */
  async receivablesByAge(_actor: Actor): Promise<AgeBucket[]> {
    const today = this.clock.today();
    const qb = this.dataSource.getRepository(Invoice).createQueryBuilder('i').where(OPEN);
    qb.select('COUNT(*)', 'all');
    RECEIVABLE_AGES.forEach((age, n) => {
      const [from, to] = ageDueRange(age, today);
      const inBucket = [from ? `i.dueDate >= :af${n}` : null, to ? `i.dueDate <= :at${n}` : null]
        .filter(Boolean)
        .join(' AND ');
      qb.addSelect(`COALESCE(SUM(CASE WHEN ${inBucket} THEN 1 ELSE 0 END), 0)`, `c${n}`)
        .addSelect(
          `COALESCE(SUM(CASE WHEN ${inBucket} THEN i.dueCents - ${PAID} ELSE 0 END), 0)`,
          `o${n}`,
        )
        .setParameters({ [`af${n}`]: from, [`at${n}`]: to });
    });
    const row = (await qb.getRawOne<Record<string, string | number>>()) ?? {};
    return RECEIVABLE_AGES.map((age, n) => ({
      age,
      count: Number(row[`c${n}`] ?? 0),
      openCents: Number(row[`o${n}`] ?? 0),
    }));
  }

  /**
   * Net revenue invoiced per month, this month and the eleven before: every issued invoice by
   * its issue date, a Stornorechnung counting negative in its own month. One query, a SUM per
   * month.
   */
  async revenueByMonth(_actor: Actor): Promise<MonthRevenue[]> {
    const months = lastMonths(this.clock.today(), 12);
    const row = await this.monthSums(months);
    return months.map((m, n) => ({ ...m, netCents: Number(row[`m${n}`] ?? 0) }));
  }

  private async monthSums(months: Omit<MonthRevenue, 'netCents'>[]) {
    const qb = this.dataSource
      .getRepository(Invoice)
      .createQueryBuilder('i')
      .select('COUNT(*)', 'count')
      .where("i.status IN ('issued', 'cancelled')")
      .andWhere('i.issueDate >= :start', { start: months[0].from });
    months.forEach((m, n) => {
      qb.addSelect(
        `COALESCE(SUM(CASE WHEN i.issueDate >= :f${n} AND i.issueDate <= :t${n} THEN i.netCents ELSE 0 END), 0)`,
        `m${n}`,
      ).setParameters({ [`f${n}`]: m.from, [`t${n}`]: m.to });
    });
    return (await qb.getRawOne<Record<string, string | number>>()) ?? {};
  }

  /** The drafts waiting to be issued: how many, and the oldest few. */
  async drafts(_actor: Actor, limit: number): Promise<{ count: number; items: InvoiceResponse[] }> {
    const repo = this.dataSource.getRepository(Invoice);
    const [rows, count] = await repo.findAndCount({
      where: { status: 'draft' },
      order: { createdAt: 'ASC' },
      take: limit,
    });
    return { count, items: await this.reader.responses(rows) };
  }

  private filtered(filter: InvoiceFilter): SelectQueryBuilder<Invoice> {
    const qb = this.dataSource.getRepository(Invoice).createQueryBuilder('i');
    if (filter.customerId)
      qb.andWhere('i.customerId = :customerId', { customerId: filter.customerId });
    if (filter.from) qb.andWhere('i.issueDate >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('i.issueDate <= :to', { to: filter.to });
    if (filter.state) this.whereState(qb, filter.state);
    if (filter.age) {
      const [from, to] = ageDueRange(filter.age, this.clock.today());
      qb.andWhere(OPEN);
      if (from) qb.andWhere('i.dueDate >= :ageFrom', { ageFrom: from });
      if (to) qb.andWhere('i.dueDate <= :ageTo', { ageTo: to });
    }
    return qb;
  }

  private whereState(qb: SelectQueryBuilder<Invoice>, state: InvoiceFilterState): void {
    const payable = `i.status = 'issued' AND i.kind <> 'cancellation'`;
    switch (state) {
      case 'draft':
        qb.andWhere(`i.status = 'draft'`);
        break;
      case 'issued':
        qb.andWhere(`${payable} AND ${PAID} = 0 AND i.dueCents > 0`);
        break;
      case 'partly_paid':
        qb.andWhere(`${payable} AND ${PAID} > 0 AND ${PAID} < i.dueCents`);
        break;
      case 'paid':
        qb.andWhere(`${payable} AND ${PAID} >= i.dueCents`);
        break;
      case 'overdue':
        qb.andWhere(`${OPEN} AND i.dueDate < :today`, { today: this.clock.today() });
        break;
      case 'cancelled':
        // The cancelled invoices and their Stornorechnungen.
        qb.andWhere(`(i.status = 'cancelled' OR i.kind = 'cancellation')`);
        break;
    }
  }
}

/** Due dates [from, to] (inclusive; null = open end) of an age bucket on `today`. */
export function ageDueRange(age: ReceivableAge, today: string): [string | null, string | null] {
  switch (age) {
    case 'current':
      return [today, null];
    case '1-30':
      return [addDays(today, -30), addDays(today, -1)];
    case '31-60':
      return [addDays(today, -60), addDays(today, -31)];
    case '61-90':
      return [addDays(today, -90), addDays(today, -61)];
    case '90+':
      return [null, addDays(today, -91)];
  }
}

/** The `count` months up to and including the month of `today`, oldest first. */
export function lastMonths(today: string, count: number): Omit<MonthRevenue, 'netCents'>[] {
  const [year, month] = today.split('-').map(Number);
  const months: Omit<MonthRevenue, 'netCents'>[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const index = year * 12 + (month - 1) - back;
    const y = Math.floor(index / 12);
    const m = (index % 12) + 1;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const mm = String(m).padStart(2, '0');
    months.push({ month: `${y}-${mm}`, from: `${y}-${mm}-01`, to: `${y}-${mm}-${last}` });
  }
  return months;
}
