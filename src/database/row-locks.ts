import type { Tx } from './transactions.js';

/**
 * Pessimistic row locks, held until the surrounding transaction ends, for the few places where
 * a check and the write it guards must not interleave with another transaction's (two payments
 * into one open amount, two billable entries past one approval threshold, a claim and a
 * category change, the audit chain's head).
 *
 * PostgreSQL: `SELECT … FOR UPDATE`. SQLite: nothing to do, because `Transactions.run` queues
 * every unit of work of the one process behind the other (see transactions.ts), so no other
 * transaction can run between the check and the write; the embedded database has no row locks.
 */

type RowId = string | number;

/** Locks one row by id. */
export async function lockRow(tx: Tx, table: string, id: RowId): Promise<void> {
  if (!isPostgres(tx)) return;
  await tx.manager.query(`SELECT id FROM ${identifier(table)} WHERE id = $1 FOR UPDATE`, [id]);
}

/**
 * Locks rows by id, always in ascending id order, so two transactions locking overlapping sets
 * queue behind each other instead of deadlocking.
 */
export async function lockRows(tx: Tx, table: string, ids: readonly RowId[]): Promise<void> {
  if (!isPostgres(tx) || ids.length === 0) return;
  await tx.manager.query(
    `SELECT id FROM ${identifier(table)} WHERE id = ANY($1) ORDER BY id FOR UPDATE`,
    [[...new Set(ids)]],
  );
}

/**
 * Reads columns of one row and locks it (PostgreSQL) in a single statement: for a row whose
 * current values decide what is written next, like a chain's head.
 */
export async function readLocked<R extends object>(
  tx: Tx,
  table: string,
  id: RowId,
  columns: readonly string[],
): Promise<R | undefined> {
  const postgres = isPostgres(tx);
  const [row] = await tx.manager.query<R[]>(
    `SELECT ${columns.map(identifier).join(', ')} FROM ${identifier(table)} WHERE id = ${
      postgres ? '$1 FOR UPDATE' : '?'
    }`,
    [id],
  );
  return row;
}

function isPostgres(tx: Tx): boolean {
  return tx.manager.connection.driver.options.type === 'postgres';
}

// Table and column names come from code, never from a request; this keeps it so.
function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return name;
}
