import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { DomainError, STATUS_BY_KIND } from './domain-error.js';
import { redactUrl } from './log-redaction.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Seconds a client should wait after a 503 because the database is away: a restarted or
 * failed-over PostgreSQL is usually back within seconds, and a pool frees up sooner.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  [extra: string]: unknown;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'ROUTE.NOT_FOUND',
  405: 'REQUEST.METHOD_NOT_ALLOWED',
  409: 'REQUEST.CONFLICT',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.RATE_LIMITED',
};

/** RFC 9457 problem+json for every error the API returns. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    // The instance names the request path, which for a sign-off link holds its credential.
    const problem = toProblem(exception, redactUrl(request.originalUrl ?? request.url));
    if (problem.status >= 500 && problem.status !== 503) {
      this.logger.error(
        { err: exception, code: problem.code, path: problem.instance },
        exception instanceof Error ? exception.message : 'unhandled error',
      );
    } else if (exception instanceof QueryFailedError) {
      // The answer leaves out which constraint or value it was; the log keeps it.
      this.logger.warn(
        { err: exception, code: problem.code, path: problem.instance },
        exception.message,
      );
    }
    if (response.headersSent) return;
    if (typeof problem.retryAfterSeconds === 'number') {
      response.setHeader('Retry-After', String(problem.retryAfterSeconds));
    } else if (problem.status === 503) {
      response.setHeader('Retry-After', DATABASE_RETRY_AFTER_SECONDS);
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}

/** The problem an exception answers with: the API's body, and the web pages' error texts. */
export function toProblem(exception: unknown, instance: string): ProblemBody {
  if (exception instanceof DomainError) {
    const status = STATUS_BY_KIND[exception.kind];
    return {
      ...exception.details,
      type: `urn:freigabe:problem:${exception.code.toLowerCase()}`,
      title: titleFor(status),
      status,
      // An integrity failure's message names internals; the log has it, the client does not.
      detail:
        exception.kind === 'integrity'
          ? 'Stored data failed its integrity check.'
          : exception.message,
      code: exception.code,
      instance,
    };
  }
  const databaseProblem = databaseRefusal(exception);
  if (databaseProblem) {
    return {
      type: `urn:freigabe:problem:${databaseProblem.code.toLowerCase()}`,
      title: titleFor(databaseProblem.status),
      status: databaseProblem.status,
      detail: databaseProblem.detail,
      code: databaseProblem.code,
      instance,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = CODE_BY_STATUS[status] ?? `HTTP.${status}`;
    return {
      type: `urn:freigabe:problem:${code.toLowerCase()}`,
      title: titleFor(status),
      status,
      detail: messageOf(exception),
      code,
      instance,
    };
  }
  if (isDatabaseUnavailable(exception)) {
    // Not a fault of the request or the code: the same request may succeed in a moment. A
    // write that answers 503 may still have committed (the commit's answer can be what was
    // lost), so clients retry with what makes writes safe to repeat (versions, Idempotency-Key).
    return {
      type: 'urn:freigabe:problem:database.unavailable',
      title: titleFor(503),
      status: 503,
      detail: 'The database is not available right now; try again shortly.',
      code: 'DATABASE.UNAVAILABLE',
      instance,
    };
  }
  return {
    type: 'urn:freigabe:problem:internal',
    title: titleFor(500),
    status: 500,
    detail: 'An unexpected error occurred.',
    code: 'INTERNAL',
    instance,
  };
}

// better-sqlite3 names the constraint kind; PostgreSQL uses SQLSTATE 23505.
const UNIQUE_VIOLATIONS = new Set([
  '23505',
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
]);

/**
 * What the database refused, when the client caused it: a unique constraint is a conflict
 * with an existing record (two requests racing past a service's own check, or a route that
 * has none), and a PostgreSQL data exception (SQLSTATE class 22: a value out of range, a
 * byte sequence text cannot hold) is bad input the validation let through. Both are the
 * client's to fix, not a 500; the constraint's name stays in the log, not in the answer.
 */
export function databaseRefusal(
  exception: unknown,
): { status: number; code: string; detail: string } | null {
  if (!(exception instanceof QueryFailedError)) return null;
  const code = (exception.driverError as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return null;
  if (UNIQUE_VIOLATIONS.has(code)) {
    return {
      status: 409,
      code: 'REQUEST.DUPLICATE',
      detail: 'A record with the same unique value exists already.',
    };
  }
  if (/^22[0-9A-Z]{3}$/.test(code)) {
    return {
      status: 400,
      code: 'REQUEST.INVALID_VALUE',
      detail: 'A value is out of range or not valid text.',
    };
  }
  return null;
}

function titleFor(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

function messageOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}
