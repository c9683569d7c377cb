/** The error codes the support module answers with; clients match on them, so they are a contract. */
export const SUPPORT_ERROR_CODES = [
  'ARTICLE.NOT_FOUND',
  'ARTICLE.VERSION_CONFLICT',
  'QUOTE.NOT_FOUND',
  'SUPPORT.ALREADY_INVOICED',
  'SUPPORT.APPROVAL_REQUIRED',
  'SUPPORT.APPROVED_EFFORT_EXCEEDED',
  'SUPPORT.AV_AGREEMENT_REQUIRED',
  'SUPPORT.CATEGORY_LOCKED',
  'SUPPORT.CONTACT_EMAIL_REQUIRED',
  'SUPPORT.CUSTOMER_NOT_NOTIFIED',
  'SUPPORT.FORBIDDEN',
  'SUPPORT.FREE_CUSTOMER_ERROR_ADMIN_ONLY',
  'SUPPORT.INVALID_STATUS_CHANGE',
  'SUPPORT.NOT_BILLABLE',
  'SUPPORT.NOT_CUSTOMER_ERROR',
  'SUPPORT.NOTHING_TO_REPORT',
  'SUPPORT.QUOTE_NOT_PROPOSED',
  'SUPPORT.TICKET_CLOSED',
  'SUPPORT.VERSION_CONFLICT',
  'SUPPORT_SETTINGS.VERSION_CONFLICT',
  'TICKET.NOT_FOUND',
  'TIME_ENTRY.NOT_FOUND',
] as const;
export type SupportErrorCode = (typeof SUPPORT_ERROR_CODES)[number];

// Registers the codes with `DomainError` (common/ imports no module; the modules add to it).
declare module '../common/domain-error.js' {
  interface ErrorCodes {
    support: SupportErrorCode;
  }
}
