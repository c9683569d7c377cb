/** The error codes the auth module answers with; clients match on them, so they are a contract. */
export const AUTH_ERROR_CODES = [
  'AUTH.BUSY',
  'AUTH.INVALID_CREDENTIALS',
  'USER.EMAIL_TAKEN',
  'USER.NOT_FOUND',
  'USER.SELF_LOCKOUT',
  'USER.VERSION_CONFLICT',
] as const;
export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

// Registers the codes with `DomainError` (common/ imports no module; the modules add to it).
declare module '../common/domain-error.js' {
  interface ErrorCodes {
    auth: AuthErrorCode;
  }
}
