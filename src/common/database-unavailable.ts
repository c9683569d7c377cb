/**
 * Which database errors mean "the database is away for now" (answer 503, the client may try
 * again) rather than a fault in the request or the code (500). Both drivers, and whether the
 * error comes wrapped in TypeORM's QueryFailedError (`driverError`) or bare (a failed connect).
 */

/** PostgreSQL SQLSTATEs: the session was ended by the server, or it accepts none now. */
const PG_LOST = new Set(['57P01', '57P02', '57P03']);
const PG_REFUSED = new Set(['53300']);
/** Node socket errors on the way to the server. */
const SOCKET = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
/** pg raises these without a code. */
const PG_LOST_MESSAGES = [
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable',
];
/** Waiting for a pooled connection (or a new one) took longer than DATABASE_CONNECT_TIMEOUT_MS. */
const POOL_TIMEOUT_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
];
const SQLITE_CLOSED = 'The database connection is not open';
/**
 * TypeORM's answer when the connection under a query runner was dropped after a connection
 * error (its pg 'error' listener releases it) and the runner's holder goes on using it.
 */
const RUNNER_RELEASED = [
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
];

interface CodedError extends Error {
  code?: unknown;
  driverError?: unknown;
}

function rootOf(error: unknown): CodedError | null {
  if (!(error instanceof Error)) return null;
  const driverError = (error as CodedError).driverError;
  return driverError instanceof Error ? driverError : error;
}

/**
 * The connection a query ran on is gone: the statement did not run to an answer on it. A read
 * outside a transaction may be repeated on a fresh connection.
 */
export function isConnectionLost(error: unknown): boolean {
  const root = rootOf(error);
  if (!root) return false;
  const code = typeof root.code === 'string' ? root.code : '';
  return (
    PG_LOST.has(code) ||
    code.startsWith('08') ||
    SOCKET.has(code) ||
    PG_LOST_MESSAGES.some((m) => root.message.includes(m)) ||
    RUNNER_RELEASED.includes(root.name) ||
    root.message.includes(SQLITE_CLOSED)
  );
}

/** The database cannot serve now: lost or refused connections, an exhausted pool, a lock. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const root = rootOf(error);
  if (!root) return false;
  const code = typeof root.code === 'string' ? root.code : '';
  return (
    isConnectionLost(error) ||
    PG_REFUSED.has(code) ||
    code === 'SQLITE_BUSY' ||
    POOL_TIMEOUT_MESSAGES.some((m) => root.message.includes(m))
  );
}
