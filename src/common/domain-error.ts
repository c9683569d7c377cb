/**
 * A business failure with a stable code. The exception filter maps the kind to an HTTP status
 * and renders problem+json; clients and tests match on `code`, never on the message.
 */
export type DomainErrorKind =
  | 'validation' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'gone' // 410
  | 'unprocessable' // 422
  | 'rate_limited' // 429
  | 'integrity' // 500: stored data failed its own check
  | 'unavailable'; // 503: busy right now; the answer says when to retry

export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  unprocessable: 422,
  rate_limited: 429,
  integrity: 500,
  unavailable: 503,
};

/** The codes common/ itself answers with: the request, validation, access and the database. */
export const COMMON_ERROR_CODES = [
  'AUTH.FORBIDDEN',
  'AUTH.UNAUTHENTICATED',
  'DATABASE.UNAVAILABLE',
  'REQUEST.CONFLICT',
  'REQUEST.DUPLICATE',
  'REQUEST.INVALID',
  'REQUEST.INVALID_CURSOR',
  'REQUEST.INVALID_VALUE',
  'REQUEST.METHOD_NOT_ALLOWED',
  'REQUEST.RATE_LIMITED',
  'REQUEST.TOO_DEEP',
  'REQUEST.TOO_LARGE',
  'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  'ROUTE.NOT_FOUND',
  'VALIDATION.FAILED',
] as const;

/**
 * Every error code, one member per module. common/ imports no module, so each module adds its
 * own union here by declaration merging (`declare module '../common/domain-error.js'` in its
 * `*-errors.ts`, next to the runtime list the code-format test reads): a code no module
 * declared, or a typo, does not compile.
 */
export interface ErrorCodes {
  common: (typeof COMMON_ERROR_CODES)[number];
}
export type ErrorCode = ErrorCodes[keyof ErrorCodes];
/** `X.NOT_FOUND` and `X.VERSION_CONFLICT` codes, by their prefix. */
export type NotFoundCode = Extract<ErrorCode, `${string}.NOT_FOUND`>;
export type VersionConflictPrefix = ErrorCode extends infer C
  ? C extends `${infer P}.VERSION_CONFLICT`
    ? P
    : never
  : never;

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: ErrorCode,
    message: string,
    /** Extra members of the problem body, e.g. `errors`, `allowedActions`, `currentStage`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export interface FieldError {
  field: string;
  messages: string[];
}

export function validationError(errors: FieldError[]): DomainError {
  const detail = errors.map((e) => `${e.field}: ${e.messages.join('; ')}`).join(' | ');
  return new DomainError('validation', 'VALIDATION.FAILED', detail, { errors });
}

/**
 * 404 for records that do not exist and for records the caller may not see alike. The message
 * names the record as `name` (by default the code's prefix in lower case).
 */
export function notFound(
  code: NotFoundCode,
  id: string,
  name = code.slice(0, code.indexOf('.')).toLowerCase(),
): DomainError {
  return new DomainError('not_found', code, `${name} ${id} not found`);
}
