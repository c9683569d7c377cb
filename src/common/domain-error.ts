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

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
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

/** 404 for records that do not exist and for records the caller may not see alike. */
export function notFound(entity: string, id: string): DomainError {
  return new DomainError(
    'not_found',
    `${entity.toUpperCase()}.NOT_FOUND`,
    `${entity} ${id} not found`,
  );
}
