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
 */
@Injectable()
export class SignoffLimiter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async assertAllowed(ip: string): Promise<void> {
    const since = new Date(this.clock.now().getTime() - MINUTE);
    const failures = await this.dataSource
      .getRepository(SignoffTokenFailure)
      .countBy({ ipAddress: ip, occurredAt: MoreThan(since) });
    if (isRateLimited(failures, this.config.signoff.failuresPerMinute)) {
      throw new DomainError(
        'rate_limited',
        'SIGNOFF.RATE_LIMITED',
        'Too many invalid sign-off links from this address; try again in a minute.',
      );
    }
  }

  async recordFailure(ip: string): Promise<void> {
    const now = this.clock.now();
    const repository = this.dataSource.getRepository(SignoffTokenFailure);
    await repository.insert({ id: randomUUID(), ipAddress: ip, occurredAt: now });
    // Old counts are worthless: keep the table small.
    await repository.delete({
      ipAddress: ip,
      occurredAt: LessThan(new Date(now.getTime() - 60 * MINUTE)),
    });
  }
}
