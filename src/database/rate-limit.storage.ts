import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface.js';
import type { Transactions } from './transactions.js';

type Bucket = {
  hits: number | string;
  expires_at: number | string;
  blocked_until: number | string;
};

/**
 * Rate-limit counters in the database instead of process memory, so several app instances
 * share them (DESIGN: nothing another instance needs lives in memory). One fixed window per
 * key, advanced by a single atomic upsert; a key over its limit is blocked for
 * `blockDuration`.
 */
export class DatabaseRateLimitStorage implements ThrottlerStorage {
  constructor(
    private readonly transactions: Transactions,
    private readonly now: () => number = Date.now,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    return this.transactions.run(async (tx) => {
      const postgres = tx.manager.connection.driver.options.type === 'postgres';
      const [p1, p2, p3] = postgres ? ['$1', '$2', '$3'] : ['?', '?', '?'];
      const sql = `INSERT INTO rate_limit_buckets (key, expires_at, hits, blocked_until)
        VALUES (${p1}, ${p2}, 1, 0)
        ON CONFLICT (key) DO UPDATE SET
          hits = CASE WHEN rate_limit_buckets.expires_at <= ${p3} THEN 1 ELSE rate_limit_buckets.hits + 1 END,
          expires_at = CASE WHEN rate_limit_buckets.expires_at <= ${p3} THEN ${p2} ELSE rate_limit_buckets.expires_at END
        RETURNING hits, expires_at, blocked_until`;
      // SQLite binds anonymous parameters in order; PostgreSQL by number.
      const params = postgres ? [key, now + ttl, now] : [key, now + ttl, now, now, now + ttl];
      const [row] = await tx.manager.query<Bucket[]>(sql, params);
      const hits = Number(row.hits);
      let blockedUntil = Number(row.blocked_until);
      if (hits > limit && blockedUntil <= now) {
        blockedUntil = now + blockDuration;
        await tx.manager.query(
          `UPDATE rate_limit_buckets SET blocked_until = ${p1} WHERE key = ${p2}`,
          [blockedUntil, key],
        );
      }
      if (Math.random() < 0.01) {
        // Forget old keys now and then; a day later nothing depends on them.
        await tx.manager.query(
          `DELETE FROM rate_limit_buckets WHERE expires_at < ${p1} AND blocked_until < ${p2}`,
          [now - 86_400_000, now],
        );
      }
      const isBlocked = blockedUntil > now;
      return {
        totalHits: hits,
        timeToExpire: Math.max(0, Math.ceil((Number(row.expires_at) - now) / 1000)),
        isBlocked,
        timeToBlockExpire: isBlocked ? Math.ceil((blockedUntil - now) / 1000) : 0,
      };
    });
  }
}
