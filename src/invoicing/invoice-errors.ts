/** The error codes the invoicing module answers with; clients match on them, so they are a contract. */
export const INVOICE_ERROR_CODES = [
  'INVOICE.ALREADY_ISSUED',
  'INVOICE.DEDUCTED_IN_FINAL',
  'INVOICE.DRAFT_OUTDATED',
  'INVOICE.FORBIDDEN',
  'INVOICE.IDEMPOTENCY_KEY_REUSED',
  'INVOICE.INCOMPLETE',
  'INVOICE.INVALID_LINES',
  'INVOICE.INTEGRITY_FAILED',
  'INVOICE.LINES_FROM_SOURCE',
  'INVOICE.NOTHING_TO_INVOICE',
  'INVOICE.NOT_CANCELLABLE',
  'INVOICE.NOT_FOUND',
  'INVOICE.NOT_ISSUED',
  'INVOICE.NOT_PAYABLE',
  'INVOICE.NO_RECIPIENT',
  'INVOICE.OVERPAYMENT',
  'INVOICE.PROJECT_ALREADY_INVOICED',
  'INVOICE.PROJECT_MISMATCH',
  'INVOICE.PROJECT_STAGE',
  'INVOICE.VERSION_CONFLICT',
  'INVOICE_SERIES.NOT_FOUND',
  'INVOICE_SERIES.VERSION_CONFLICT',
] as const;
export type InvoiceErrorCode = (typeof INVOICE_ERROR_CODES)[number];

// Registers the codes with `DomainError` (common/ imports no module; the modules add to it).
declare module '../common/domain-error.js' {
  interface ErrorCodes {
    invoicing: InvoiceErrorCode;
  }
}
