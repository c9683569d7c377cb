import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { boundedTotal } from '../common/pagination.js';
import { CustomersService } from '../customers/customers.service.js';
import type { QueueQuery, QueueResponse } from './dto/ticket.dto.js';
import { placeAt, severityRankSql, type QueueGroup } from './queue-order.js';
import { toTicketResponse } from './support-mappers.js';
import { SupportTicket } from './ticket.entity.js';
import { OPEN_STATUSES } from './ticket-status.js';
import { TicketsService } from './tickets.service.js';

/**
 * The open statuses as SQL literals (constants of this module): the partial index
 * `idx_support_tickets_queue` has this very predicate, so the planner can use it.
 */
const OPEN_SQL = `t.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * The queue is the work list from the top, a page at a time, ranked by the database with the
 * keys of `orderQueue`. Each group (contract customers first) is read in the order of the
 * partial index on open tickets (severity rank, received, number), so a page is an index walk
 * of about a page of tickets, not a sort of every open ticket.
 */
@Injectable()
export class SupportQueueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersService,
    private readonly tickets: TicketsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async queue(actor: Actor, query: QueueQuery): Promise<QueueResponse> {
    const today = this.clock.today();
    const now = this.clock.now();
    const [total, totalCapped] = await boundedTotal(this.openTickets(query));
    // Exact, not bounded: a later page starts inside or after the contract group by it.
    const contractCount =
      query.skip === 0 ? 0 : await this.group(query, 'service_contract', today).getCount();
    const first =
      query.skip === 0 || query.skip < contractCount
        ? await this.page(query, 'service_contract', today, query.skip, query.pageSize)
        : [];
    const rest =
      first.length < query.pageSize
        ? await this.page(
            query,
            'no_service_contract',
            today,
            Math.max(0, query.skip - contractCount),
            query.pageSize - first.length,
          )
        : [];
    const ranked: Array<{ ticket: SupportTicket; group: QueueGroup }> = [
      ...first.map((ticket) => ({ ticket, group: 'service_contract' as const })),
      ...rest.map((ticket) => ({ ticket, group: 'no_service_contract' as const })),
    ];
    const decisions = await this.tickets.latestDecisions(ranked.map((r) => r.ticket.id));
    return {
      asOf: today,
      total,
      totalCapped,
      page: query.page,
      pageSize: query.pageSize,
      limit: query.pageSize,
      items: ranked.map(({ ticket, group }, i) => ({
        ...placeAt(ticket, group, query.skip + i + 1, now),
        ticket: toTicketResponse(ticket, actor, decisions.get(ticket.id) ?? null),
      })),
    };
  }

  private page(
    query: QueueQuery,
    group: QueueGroup,
    today: string,
    offset: number,
    limit: number,
  ): Promise<SupportTicket[]> {
    return this.group(query, group, today)
      .orderBy(severityRankSql('t.severity'), 'ASC')
      .addOrderBy('t.receivedAt', 'ASC')
      .addOrderBy('t.number', 'ASC')
      .offset(offset)
      .limit(limit)
      .getMany();
  }

  private group(query: QueueQuery, group: QueueGroup, today: string) {
    const contract = this.customers.serviceContractCustomersSql('today');
    const member = group === 'service_contract' ? 'IN' : 'NOT IN';
    return this.openTickets(query).andWhere(`t.customerId ${member} (${contract})`, { today });
  }

  private openTickets(query: QueueQuery) {
    const qb = this.dataSource.getRepository(SupportTicket).createQueryBuilder('t').where(OPEN_SQL);
    if (query.assigneeId) qb.andWhere('t.assigneeId = :assignee', { assignee: query.assigneeId });
    if (query.severity) qb.andWhere('t.severity = :severity', { severity: query.severity });
    if (query.customerId) qb.andWhere('t.customerId = :customer', { customer: query.customerId });
    return qb;
  }
}
