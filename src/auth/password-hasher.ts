import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { BoundedConcurrency } from './bounded-concurrency.js';
import { hashPassword, verifyPassword } from './password.js';

/** Seconds a client is asked to wait when every hashing slot is taken. */
export const HASHING_RETRY_AFTER_SECONDS = 5;

/**
 * Every password hash and check goes through here. scrypt at the production cost takes
 * 128 MiB and a second of a core, on libuv's thread pool, which document reads share: forty
 * failed logins once kept a PDF download waiting half a minute. A few hashes run at once
 * (PASSWORD_HASH_CONCURRENCY, below the pool size); the rest wait briefly in a bounded queue
 * or get 503 with Retry-After. The limit is per instance, as the pool it protects is.
 */
@Injectable()
export class PasswordHasher {
  private readonly slots: BoundedConcurrency;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { concurrency, queue, waitMs } = config.passwordHashing;
    this.slots = new BoundedConcurrency(
      { concurrency, maxWaiting: queue, waitMs },
      () =>
        new DomainError(
          'unavailable',
          'AUTH.BUSY',
          'Too many sign-ins at once; try again in a few seconds.',
          { retryAfterSeconds: HASHING_RETRY_AFTER_SECONDS },
        ),
    );
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() => hashPassword(password, this.config.passwordScryptLogN));
  }

  verify(password: string, stored: string): Promise<boolean> {
    return this.slots.run(() => verifyPassword(password, stored));
  }
}
