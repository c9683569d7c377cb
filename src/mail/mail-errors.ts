/** The error codes the mail module answers with; clients match on them, so they are a contract. */
export const MAIL_ERROR_CODES = ['MAIL.NOT_FOUND', 'MAIL.NOT_FAILED'] as const;
export type MailErrorCode = (typeof MAIL_ERROR_CODES)[number];

// Registers the codes with `DomainError` (common/ imports no module; the modules add to it).
declare module '../common/domain-error.js' {
  interface ErrorCodes {
    mail: MailErrorCode;
  }
}
