import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { SupportTimeEntry } from './billing.entity.js';
import type { TimeReportResponse } from './dto/billing.dto.js';
import { SupportBillingService } from './support-billing.service.js';

/** A day's length with a margin for any time zone: candidates are narrowed by the time report. */
const DAY_MS = 36 * 60 * 60 * 1000;

export interface MonthBilling {
  month: string;
  from: string;
  to: string;
  /** One time report per customer with billable support not yet invoiced in the month. */
  customers: TimeReportResponse[];
}

/** The month's billable support per customer, each priced by the time report (never here). */
@Injectable()
export class SupportBillingOverviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly billing: SupportBillingService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async month(actor: Actor, month = this.clock.today().slice(0, 7)): Promise<MonthBilling> {
    const { from, to } = monthBounds(month);
    const rows = await this.dataSource
      .getRepository(SupportTimeEntry)
      .createQueryBuilder('e')
      .select('DISTINCT e.customerId', 'customerId')
      .where('e.invoicedAt IS NULL')
      .andWhere('e.noCharge = :noCharge', { noCharge: false })
      .andWhere('e.startedAt >= :start AND e.startedAt < :end', {
        start: new Date(Date.parse(`${from}T00:00:00Z`) - DAY_MS),
        end: new Date(Date.parse(`${to}T00:00:00Z`) + 2 * DAY_MS),
      })
      .getRawMany<{ customerId: string }>();
    const reports = await Promise.all(
      rows.map((r) => this.billing.timeReport(actor, { customerId: r.customerId, from, to })),
    );
    return {
      month,
      from,
      to,
      customers: reports
        .filter((r) => r.lines.length > 0)
        .sort((a, b) => a.customer.name.localeCompare(b.customer.name)),
    };
  }
}

/** The first and last day of a month given as YYYY-MM. */
export function monthBounds(month: string): { from: string; to: string } {
  const [year, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
