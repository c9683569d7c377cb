import type { DataSource, QueryRunner, ReplicationMode } from 'typeorm';
import type { EventEmitter } from 'node:events';
import { isConnectionLost } from '../common/database-unavailable.js';

/** A plain read: repeating it changes nothing. `WITH` may hide a write, so it is not one. */
const READ = /^\s*SELECT\b/i;

/**
 * A read outside a transaction that lost its connection is repeated once on a fresh one.
 *
 * This is the one place for "the read after a commit": services commit with
 * `Transactions.run` and then read the result back through the data source. When PostgreSQL
 * ends that pooled connection in between (a restart, a failover, `pg_terminate_backend`), the
 * write is committed but the read fails, and the client would see an error for a write that
 * happened. A SELECT in autocommit mode has no effect, so running it again is safe; inside a
 * transaction nothing is repeated (its work is gone with the connection: the caller sees 503).
 */
export function retryReadsOnLostConnection(dataSource: DataSource): void {
  const driver = dataSource.driver;
  keepLostConnectionsFromCrashing(driver as unknown as { master?: EventEmitter });
  const create = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode: ReplicationMode): QueryRunner => {
    const runner = create(mode);
    const query: QueryRunner['query'] = runner.query.bind(runner);
    runner.query = (async (sql: string, parameters?: unknown[], structured?: boolean) => {
      try {
        return await query(sql, parameters, structured as true);
      } catch (error) {
        if (runner.isTransactionActive || !READ.test(sql) || !isConnectionLost(error)) throw error;
        const fresh = create(mode);
        try {
          return await fresh.query(sql, parameters, structured as true);
        } finally {
          await fresh.release();
        }
      }
    }) as QueryRunner['query'];
    return runner;
  };
}

/**
 * pg emits 'error' on a client whose server session ends while it is checked out and between
 * two queries; a client that a holder got from the pool but has no listener on (a gap pg-pool
 * and TypeORM leave under pg_terminate_backend, seen in the chaos test) would throw it as an
 * uncaught exception and end the process. Every pooled client gets a listener for its
 * lifetime: the error itself reaches the query that runs next (as "not queryable", a 503), and
 * the pool drops the dead client when it is released.
 */
function keepLostConnectionsFromCrashing(driver: { master?: EventEmitter }): void {
  driver.master?.on('connect', (client: EventEmitter) => {
    client.on('error', () => undefined);
  });
}
