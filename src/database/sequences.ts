import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Tx } from './transactions.js';

type ValueRow = { value: number | string };

/**
 * Gapless counters (customer numbers now, invoice numbers later). The UPDATE locks the counter
 * row until the surrounding transaction ends, so concurrent callers queue on it and a
 * rolled-back transaction gives its number back: no duplicates, no gaps.
 */
@Injectable()
export class Sequences {
  async next(tx: Tx, name: string): Promise<number> {
    const postgres = tx.manager.connection.driver.options.type === 'postgres';
    const param = postgres ? '$1' : '?';
    await tx.manager.query(
      `INSERT INTO number_sequences (name, value) VALUES (${param}, 0) ON CONFLICT (name) DO NOTHING`,
      [name],
    );
    const result = await tx.manager.query<ValueRow[] | [ValueRow[], number]>(
      `UPDATE number_sequences SET value = value + 1 WHERE name = ${param} RETURNING value`,
      [name],
    );
    // TypeORM's PostgreSQL driver answers UPDATE … RETURNING with [rows, affected].
    const rows = postgres ? (result as [ValueRow[], number])[0] : (result as ValueRow[]);
    return Number(rows[0].value);
  }

  /** The number `next` would give now (a counter never used gives 1); reads, locks nothing. */
  async peek(manager: EntityManager, name: string): Promise<number> {
    const postgres = manager.connection.driver.options.type === 'postgres';
    const rows = await manager.query<ValueRow[]>(
      `SELECT value FROM number_sequences WHERE name = ${postgres ? '$1' : '?'}`,
      [name],
    );
    return rows.length ? Number(rows[0].value) + 1 : 1;
  }
}
