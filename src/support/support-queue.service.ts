import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { CustomersService } from '../customers/customers.service.js';
import type { QueueResponse } from './dto/ticket.dto.js';
import { orderQueue } from './queue-order.js';
import { toTicketResponse } from './support-mappers.js';
import { SupportTicket } from './ticket.entity.js';
import { OPEN_STATUSES } from './ticket-status.js';
import { TicketsService } from './tickets.service.js';

/**
 * The queue answer is capped: it is the work list from the top, not an archive. All open
 * tickets are ranked (the rank depends on contracts, which the database cannot sort by), and
 * the first QUEUE_LIMIT are returned with the total.
 */
export const QUEUE_LIMIT = 200;

@Injectable()
export class SupportQueueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersService,
    private readonly tickets: TicketsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async queue(actor: Actor): Promise<QueueResponse> {
    const open = await this.dataSource
      .getRepository(SupportTicket)
      .findBy({ status: In([...OPEN_STATUSES]) });
    const contracts = await this.customers.contractsOf(open.map((t) => t.customerId));
    const today = this.clock.today();
    const placements = orderQueue(
      open.map((t) => ({
        id: t.id,
        number: t.number,
        severity: t.severity,
        receivedAt: t.receivedAt,
        contracts: contracts.get(t.customerId) ?? [],
      })),
      today,
      this.clock.now(),
    ).slice(0, QUEUE_LIMIT);
    const byId = new Map(open.map((t) => [t.id, t]));
    const decisions = await this.tickets.latestDecisions(placements.map((p) => p.id));
    return {
      asOf: today,
      total: open.length,
      limit: QUEUE_LIMIT,
      items: placements.map(({ id, ...placement }) => ({
        ...placement,
        ticket: toTicketResponse(byId.get(id)!, actor, decisions.get(id) ?? null),
      })),
    };
  }
}
