import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { keysetPage, type KeysetOrder, type KeysetPage } from '../common/pagination.js';
import { Transactions } from '../database/transactions.js';
import { OutboxMail } from './mail-outbox.entity.js';
import { toOutboxMailResponse, type OutboxMailResponse, type OutboxQuery } from './mail.dto.js';

/** Newest first; the id breaks ties between mails written in the same transaction. */
const OUTBOX_ORDER: KeysetOrder = {
  list: 'outbox',
  keys: [
    { path: 'm.createdAt', kind: 'timestamp' },
    { path: 'm.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

/** The outbox as the admin sees it: what is queued, sent or failed, and a failed mail's retry. */
@Injectable()
export class MailAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(query: OutboxQuery): Promise<KeysetPage<OutboxMailResponse>> {
    const qb = this.dataSource.getRepository(OutboxMail).createQueryBuilder('m');
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    return keysetPage(qb, OUTBOX_ORDER, query, (rows) => rows.map(toOutboxMailResponse));
  }

  /**
   * A failed mail goes back into the queue with a fresh set of attempts (the sender's retries
   * ran out; the admin has fixed the cause or wants one more go). Only a failed mail: a queued
   * one is retried anyway, a sent one must not go out twice. The update is conditional on the
   * status, so two admins clicking at once re-queue it once.
   */
  async retry(actor: Actor, id: string): Promise<OutboxMailResponse> {
    await this.transactions.run(async (tx) => {
      const mail = await tx.manager.findOneBy(OutboxMail, { id });
      if (!mail) throw notFound('MAIL.NOT_FOUND', id);
      const result = await tx.manager.update(
        OutboxMail,
        { id, status: 'failed' },
        { status: 'queued', attempts: 0, nextAttemptAt: this.clock.now(), claimedUntil: null },
      );
      if (result.affected !== 1) {
        throw new DomainError(
          'conflict',
          'MAIL.NOT_FAILED',
          `Only a failed mail can be retried; this one is ${mail.status}`,
        );
      }
      await this.audit.record(tx, actor, {
        entityType: 'mail',
        entityId: id,
        action: 'retried',
        changes: { status: { from: 'failed', to: 'queued' }, attempts: mail.attempts },
      });
    });
    return toOutboxMailResponse(
      await this.dataSource.getRepository(OutboxMail).findOneByOrFail({ id }),
    );
  }
}
