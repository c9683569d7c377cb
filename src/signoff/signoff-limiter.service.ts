import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, LessThan, MoreThan } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { isRateLimited } from './signoff-token.js';
import { SignoffTokenFailure } from './signoff.entity.js';

const MINUTE = 60_000;

/**
 * Wrong sign-off tokens per address and minute, counted in the database: several app
 * instances behind a load balancer share the count, which an in-memory throttler would not.
 *
 * An attempt is counted before its token is checked: its row is written first, then the
 * address's rows of the last minute are counted. Counting first and writing after the check
 * let parallel requests all see the same small count (57 checks passed a limit of 10). Written
 * first, the n-th attempt to commit counts at least n rows, so at most `limit` are checked
 * whatever the concurrency. An attempt whose token is valid, or that is refused, is taken back:
 * only wrong tokens that were checked count.
 */
@Injectable()
export class SignoffLimiter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts an attempt from `ip` as a wrong token, or refuses it (429); returns its id. */
  async begin(ip: string): Promise<string> {
    const now = this.clock.now();
    const repository = this.dataSource.getRepository(SignoffTokenFailure);
    const id = randomUUID();
    await repository.insert({ id, ipAddress: ip, occurredAt: now });
    const counted = await repository.countBy({
      ipAddress: ip,
      occurredAt: MoreThan(new Date(now.getTime() - MINUTE)),
    });
    if (isRateLimited(counted - 1, this.config.signoff.failuresPerMinute)) {
      await this.forgive(id);
      throw new DomainError(
        'rate_limited',
        'SIGNOFF.RATE_LIMITED',
        'Too many invalid sign-off links from this address; try again in a minute (a valid link too).',
      );
    }
    // Old counts are worthless: keep the table small.
    await repository.delete({
      ipAddress: ip,
      occurredAt: LessThan(new Date(now.getTime() - 60 * MINUTE)),
    });
    return id;
  }

  /** The attempt's token was valid (or it never got checked): it is not a failure. */
  async forgive(attemptId: string): Promise<void> {
    await this.dataSource.getRepository(SignoffTokenFailure).delete({ id: attemptId });
  }
}
