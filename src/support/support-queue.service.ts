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
 * The queue is the work list from the top, a page at a time. The database ranks the open
 * tickets by the keys of `orderQueue` (contract group, severity, time received, number), so
 * only one page of tickets is loaded and explained.
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
    const qb = this.openTickets(query);
    const [total, totalCapped] = await boundedTotal(qb);
    const group = `CASE WHEN ${this.customers.serviceContractInForceSql('t.customer_id', 'today')} THEN 0 ELSE 1 END`;
    const { entities, raw } = await qb
      .addSelect(group, 'queue_group')
      .setParameter('today', today)
      .orderBy(group, 'ASC')
      .addOrderBy(severityRankSql('t.severity'), 'ASC')
      .addOrderBy('t.receivedAt', 'ASC')
      .addOrderBy('t.number', 'ASC')
      .offset(query.skip)
      .limit(query.pageSize)
      .getRawAndEntities<{ queue_group: number | string }>();
    const decisions = await this.tickets.latestDecisions(entities.map((t) => t.id));
    return {
      asOf: today,
      total,
      totalCapped,
      page: query.page,
      pageSize: query.pageSize,
      limit: query.pageSize,
      items: entities.map((ticket, i) => {
        const inGroup: QueueGroup =
          Number(raw[i].queue_group) === 0 ? 'service_contract' : 'no_service_contract';
        return {
          ...placeAt(ticket, inGroup, query.skip + i + 1, now),
          ticket: toTicketResponse(ticket, actor, decisions.get(ticket.id) ?? null),
        };
      }),
    };
  }

  private openTickets(query: QueueQuery) {
    const qb = this.dataSource
      .getRepository(SupportTicket)
      .createQueryBuilder('t')
      .where('t.status IN (:...open)', { open: [...OPEN_STATUSES] });
    if (query.assigneeId) qb.andWhere('t.assigneeId = :assignee', { assignee: query.assigneeId });
    if (query.severity) qb.andWhere('t.severity = :severity', { severity: query.severity });
    if (query.customerId) qb.andWhere('t.customerId = :customer', { customer: query.customerId });
    return qb;
  }
}
