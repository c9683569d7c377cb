/** The error codes the signoff module answers with; clients match on them, so they are a contract. */
export const SIGNOFF_ERROR_CODES = [
  'SIGNOFF.ALREADY_DECIDED',
  'SIGNOFF.DOCUMENT_MISMATCH',
  'SIGNOFF.NOT_FOUND',
  'SIGNOFF.NOT_OPEN',
  'SIGNOFF.RATE_LIMITED',
  'SIGNOFF.REVOKED',
  'SIGNOFF.TOKEN_EXPIRED',
  'SIGNOFF.TOKEN_INVALID',
  'SIGNOFF.TOKEN_REVOKED',
  'SIGNOFF.TOKEN_USED',
] as const;
export type SignoffErrorCode = (typeof SIGNOFF_ERROR_CODES)[number];

// Registers the codes with `DomainError` (common/ imports no module; the modules add to it).
declare module '../common/domain-error.js' {
  interface ErrorCodes {
    signoff: SignoffErrorCode;
  }
}
