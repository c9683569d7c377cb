import { describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { lockRow, lockRows, readLocked } from './row-locks.js';
import type { Tx } from './transactions.js';

/** A unit of work on `type` that records the statements it is sent. */
function recordingTx(type: 'postgres' | 'better-sqlite3', rows: unknown[] = []) {
  const sent: Array<[string, unknown[]]> = [];
  const manager = {
    connection: { driver: { options: { type } } },
    query: (sql: string, params: unknown[]) => {
      sent.push([sql, params]);
      return Promise.resolve(rows);
    },
  } as unknown as EntityManager;
  return { tx: { manager } as Tx, sent };
}

describe('row locks on PostgreSQL', () => {
  it('locks one row with SELECT … FOR UPDATE', async () => {
    const { tx, sent } = recordingTx('postgres');
    await lockRow(tx, 'support_tickets', 't-1');
    expect(sent).toEqual([['SELECT id FROM support_tickets WHERE id = $1 FOR UPDATE', ['t-1']]]);
  });

  it('locks several rows once each, in id order', async () => {
    const { tx, sent } = recordingTx('postgres');
    await lockRows(tx, 'support_tickets', ['b', 'a', 'b']);
    expect(sent).toEqual([
      ['SELECT id FROM support_tickets WHERE id = ANY($1) ORDER BY id FOR UPDATE', [['b', 'a']]],
    ]);
  });

  it('sends nothing for no rows', async () => {
    const { tx, sent } = recordingTx('postgres');
    await lockRows(tx, 'support_tickets', []);
    expect(sent).toEqual([]);
  });

  it('reads and locks in one statement', async () => {
    const { tx, sent } = recordingTx('postgres', [{ last_seq: '4', last_hash: 'h' }]);
    await expect(readLocked(tx, 'audit_head', 1, ['last_seq', 'last_hash'])).resolves.toEqual({
      last_seq: '4',
      last_hash: 'h',
    });
    expect(sent).toEqual([
      ['SELECT last_seq, last_hash FROM audit_head WHERE id = $1 FOR UPDATE', [1]],
    ]);
  });
});

describe('row locks on SQLite, whose units of work already run one at a time', () => {
  it('send no statement to lock', async () => {
    const { tx, sent } = recordingTx('better-sqlite3');
    await lockRow(tx, 'projects', 'p-1');
    await lockRows(tx, 'projects', ['p-1', 'p-2']);
    expect(sent).toEqual([]);
  });

  it('still read the row', async () => {
    const { tx, sent } = recordingTx('better-sqlite3', [{ last_seq: 4, last_hash: 'h' }]);
    await expect(readLocked(tx, 'audit_head', 1, ['last_seq', 'last_hash'])).resolves.toEqual({
      last_seq: 4,
      last_hash: 'h',
    });
    expect(sent).toEqual([['SELECT last_seq, last_hash FROM audit_head WHERE id = ?', [1]]]);
  });
});

describe('names', () => {
  it.each(['projects; DROP TABLE x', 'Projects', '"projects"', ''])(
    'refuses %j as a table name',
    async (table) => {
      await expect(lockRow(recordingTx('postgres').tx, table, 'x')).rejects.toThrow(
        'not a plain SQL identifier',
      );
    },
  );

  it('refuses a column that is no plain name', async () => {
    await expect(readLocked(recordingTx('postgres').tx, 'audit_head', 1, ['*'])).rejects.toThrow(
      'not a plain SQL identifier',
    );
  });
});
