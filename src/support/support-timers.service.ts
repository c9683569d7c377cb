import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { Transactions } from '../database/transactions.js';
import type { SupportTimeEntryResponse } from './dto/work.dto.js';
import { SupportTimer } from './support-desk-extras.entity.js';
import { TicketsService } from './tickets.service.js';
import { TimeEntriesService } from './time-entries.service.js';

export interface RunningTimer {
  id: string;
  serviceId: string;
  startedAt: string;
}

/**
 * A start/stop timer on a ticket, kept in the database: the page shows the stored start (a
 * reload or another instance sees the same timer) and stopping logs an ordinary time entry
 * from the start to now, through the same rules as a manual entry.
 */
@Injectable()
export class SupportTimersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly tickets: TicketsService,
    private readonly time: TimeEntriesService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async running(actor: Actor, ticketId: string): Promise<RunningTimer | null> {
    const timer = await this.dataSource
      .getRepository(SupportTimer)
      .findOneBy({ ticketId, userId: actor.userId });
    return timer && toRunning(timer);
  }

  async start(actor: Actor, ticketId: string, serviceId: string): Promise<RunningTimer> {
    const timer = await this.transactions.run(async (tx) => {
      await this.tickets.findVisible(actor, ticketId, tx);
      if (await tx.manager.findOneBy(SupportTimer, { ticketId, userId: actor.userId })) {
        throw timerRunning();
      }
      const created = tx.manager.create(SupportTimer, {
        id: randomUUID(),
        ticketId,
        userId: actor.userId,
        serviceId,
        // Entries are whole minutes: the timer starts on the minute.
        startedAt: new Date(Math.floor(this.clock.now().getTime() / 60_000) * 60_000),
      });
      await tx.manager.insert(SupportTimer, created);
      return created;
    });
    return toRunning(timer);
  }

  /**
   * Stops the timer and logs the entry. The timer row is taken first (only one of two stops
   * gets it, so a double click logs once); if logging is refused (e.g. no order yet for billable
   * work), the timer is put back so nothing is lost and the staff can stop it again later.
   */
  async stop(
    actor: Actor,
    ticketId: string,
    work: { description: string; noCharge?: boolean },
  ): Promise<SupportTimeEntryResponse> {
    const timer = await this.transactions.run(async (tx) => {
      await this.tickets.findVisible(actor, ticketId, tx);
      const found = await tx.manager.findOneBy(SupportTimer, { ticketId, userId: actor.userId });
      const deleted = found ? await tx.manager.delete(SupportTimer, { id: found.id }) : null;
      if (!found || deleted?.affected !== 1) {
        throw new DomainError('conflict', 'SUPPORT.TIMER_NOT_RUNNING', 'No timer is running.');
      }
      return found;
    });
    try {
      return await this.time.log(actor, ticketId, {
        serviceId: timer.serviceId,
        startedAt: timer.startedAt.toISOString(),
        minutes: timedMinutes(timer.startedAt, this.clock.now()),
        description: work.description,
        noCharge: work.noCharge,
      });
    } catch (error) {
      await this.transactions.run((tx) => tx.manager.insert(SupportTimer, timer));
      throw error;
    }
  }
}

const toRunning = (t: SupportTimer): RunningTimer => ({
  id: t.id,
  serviceId: t.serviceId,
  startedAt: t.startedAt.toISOString(),
});

const timerRunning = () =>
  new DomainError(
    'conflict',
    'SUPPORT.TIMER_RUNNING',
    'A timer is already running on this ticket.',
  );

/**
 * The timed whole minutes, at least one: a timer stopped within its first minute still logs
 * the minute begun (billing rounds up to started increments anyway).
 */
export function timedMinutes(startedAt: Date, now: Date): number {
  return Math.max(1, Math.floor((now.getTime() - startedAt.getTime()) / 60_000));
}
