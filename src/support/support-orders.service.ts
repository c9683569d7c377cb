import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { Transactions } from '../database/transactions.js';
import { SupportOrder } from './support-desk-extras.entity.js';
import { TicketsService } from './tickets.service.js';

export interface SupportOrderResponse {
  id: string;
  ticketId: string;
  scope: string;
  limitMinutes: number;
  orderedByName: string;
  orderedAt: string;
}

/** An order as the prior-approval rule reads it: approved effort, given at the time of the order. */
export function orderAsApproval(order: Pick<SupportOrder, 'orderedAt' | 'limitMinutes'>) {
  return { status: 'approved', decidedAt: order.orderedAt, estimatedMinutes: order.limitMinutes };
}

const toResponse = (o: SupportOrder): SupportOrderResponse => ({
  id: o.id,
  ticketId: o.ticketId,
  scope: o.scope,
  limitMinutes: o.limitMinutes,
  orderedByName: o.orderedByName,
  orderedAt: o.orderedAt.toISOString(),
});

/**
 * The one-time support order (Einmalige Beauftragung von Support-Dienstleistungen): "extensive
 * billable work needs the customer's explicit order first". A customer user orders billable
 * support on one of their tickets with its scope and a limit; the time rules count the limit as
 * approved effort from the moment of the order (work before it is not covered).
 */
@Injectable()
export class SupportOrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly tickets: TicketsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async order(
    actor: Actor,
    ticketId: string,
    dto: { scope: string; limitMinutes: number },
  ): Promise<SupportOrderResponse> {
    const order = await this.transactions.run(async (tx) => {
      const ticket = await this.tickets.findVisible(actor, ticketId, tx);
      const created = tx.manager.create(SupportOrder, {
        id: randomUUID(),
        ticketId,
        customerId: ticket.customerId,
        scope: dto.scope,
        limitMinutes: dto.limitMinutes,
        orderedByUserId: actor.userId,
        orderedByName: actor.name,
        orderedAt: this.clock.now(),
      });
      await tx.manager.insert(SupportOrder, created);
      await this.audit.record(tx, actor, {
        entityType: 'support_ticket',
        entityId: ticketId,
        action: 'support_ordered',
        changes: { orderId: created.id, scope: dto.scope, limitMinutes: dto.limitMinutes },
      });
      return created;
    });
    return toResponse(order);
  }

  async list(actor: Actor, ticketId: string): Promise<SupportOrderResponse[]> {
    await this.tickets.findVisible(actor, ticketId);
    const rows = await this.dataSource
      .getRepository(SupportOrder)
      .find({ where: { ticketId }, order: { orderedAt: 'ASC', id: 'ASC' } });
    return rows.map(toResponse);
  }
}
