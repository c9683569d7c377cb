import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { calendarDay, Clock } from '../common/clock.js';
import { DomainError, validationError } from '../common/domain-error.js';
import { toPage, type PageQuery } from '../common/pagination.js';
import { CustomersService } from '../customers/customers.service.js';
import { Transactions } from '../database/transactions.js';
import type {
  PersonalDataActionDto,
  PersonalDataActionPage,
  PersonalDataActionResponse,
} from './dto/work.dto.js';
import { toPersonalDataActionResponse } from './support-mappers.js';
import { PersonalDataAction } from './ticket.entity.js';
import { TicketsService } from './tickets.service.js';

/**
 * The AV gate (GDPR Art. 28): remote sessions, log-file analysis, software installation and
 * monitoring process the customer's personal data on its behalf, which needs a signed data
 * processing agreement in force. Without one, support is limited to advice.
 */
@Injectable()
export class PersonalDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly customers: CustomersService,
    private readonly tickets: TicketsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async record(
    actor: Actor,
    ticketId: string,
    dto: PersonalDataActionDto,
  ): Promise<PersonalDataActionResponse> {
    const now = this.clock.now();
    const performedAt = dto.performedAt ? new Date(dto.performedAt) : now;
    if (performedAt > now) {
      throw validationError([{ field: 'performedAt', messages: ['performedAt is in the future'] }]);
    }
    const action = await this.transactions.run(async (tx) => {
      const ticket = await this.tickets.findVisible(actor, ticketId, tx);
      // The agreement must be in force on the day the action was performed, not on the day it is
      // booked.
      const coverage = await this.customers.coverage(
        ticket.customerId,
        calendarDay(performedAt, this.clock.timeZone),
      );
      if (!coverage.dataProcessingAgreement) {
        throw new DomainError(
          'conflict',
          'SUPPORT.AV_AGREEMENT_REQUIRED',
          `The customer has no data processing agreement (AV-Vertrag) in force on ${coverage.day}: ` +
            'only advice is possible, no remote session, log-file analysis, software installation or monitoring.',
          { action: dto.kind, asOf: coverage.day },
        );
      }
      const created = tx.manager.create(PersonalDataAction, {
        id: randomUUID(),
        ticketId,
        kind: dto.kind,
        description: dto.description,
        performedAt,
        performedById: actor.userId,
        performedByLabel: actor.email,
      });
      await tx.manager.insert(PersonalDataAction, created);
      await this.audit.record(tx, actor, {
        entityType: 'support_ticket',
        entityId: ticketId,
        action: 'personal_data_action_recorded',
        changes: { actionId: created.id, kind: dto.kind, performedAt: performedAt.toISOString() },
      });
      return created;
    });
    return toPersonalDataActionResponse(action);
  }

  async list(actor: Actor, ticketId: string, query: PageQuery): Promise<PersonalDataActionPage> {
    await this.tickets.findVisible(actor, ticketId);
    const result = await this.dataSource.getRepository(PersonalDataAction).findAndCount({
      where: { ticketId },
      order: { performedAt: 'ASC', id: 'ASC' },
      skip: query.skip,
      take: query.pageSize,
    });
    return toPage(result, query, toPersonalDataActionResponse);
  }
}
