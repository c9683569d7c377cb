import { describe, expect, it } from '@jest/globals';
import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { isConnectionLost, isDatabaseUnavailable } from './database-unavailable.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const wrapped = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('database errors that mean "away", not "broken"', () => {
  it.each([
    // PostgreSQL (pg): the server ended the session, or refuses new ones.
    [
      'pg_terminate_backend',
      wrapped(withCode('terminating connection due to administrator command', '57P01')),
      true,
      true,
    ],
    [
      'server crash',
      wrapped(withCode('terminating connection because of crash', '57P02')),
      true,
      true,
    ],
    ['server starting up', withCode('the database system is starting up', '57P03'), true, true],
    ['connection failure class 08', wrapped(withCode('connection failure', '08006')), true, true],
    [
      'socket closed under a query',
      wrapped(new Error('Connection terminated unexpectedly')),
      true,
      true,
    ],
    [
      'broken client reused',
      new Error('Client has encountered a connection error and is not queryable'),
      true,
      true,
    ],
    [
      'server unreachable',
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      true,
      true,
    ],
    ['connection reset', wrapped(withCode('read ECONNRESET', 'ECONNRESET')), true, true],
    ['runner released under a transaction', new QueryRunnerAlreadyReleasedError(), true, true],
    ['runner released under a manager', new QueryRunnerProviderAlreadyReleasedError(), true, true],
    ['too many connections', withCode('sorry, too many clients already', '53300'), true, false],
    // Pool exhausted: pg-pool's connection timeout, as TypeORM passes it on.
    ['pool timeout', new Error('timeout exceeded when trying to connect'), true, false],
    ['connect timeout', new Error('Connection terminated due to connection timeout'), true, false],
    // SQLite (better-sqlite3): locked past the busy timeout, or the handle is closed.
    ['sqlite busy', wrapped(withCode('database is locked', 'SQLITE_BUSY')), true, false],
    ['sqlite closed', wrapped(new TypeError('The database connection is not open')), true, true],
    // Real faults stay 500 / their own status.
    ['unique violation', wrapped(withCode('duplicate key value', '23505')), false, false],
    ['syntax error', wrapped(withCode('syntax error at or near', '42601')), false, false],
    [
      'serialization failure',
      wrapped(withCode('could not serialize access', '40001')),
      false,
      false,
    ],
    [
      'sqlite constraint',
      wrapped(withCode('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_UNIQUE')),
      false,
      false,
    ],
    [
      'plain bug',
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      false,
      false,
    ],
    ['not an error', 'timeout exceeded when trying to connect', false, false],
  ])('%s: unavailable %s, connection lost %s', (_name, error, unavailable, lost) => {
    expect({ unavailable: isDatabaseUnavailable(error), lost: isConnectionLost(error) }).toEqual({
      unavailable,
      lost,
    });
  });
});
