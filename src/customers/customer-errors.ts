/** The error codes the customers module answers with; clients match on them, so they are a contract. */
export const CUSTOMER_ERROR_CODES = [
  'CONTACT.NOT_FOUND',
  'CONTACT.VERSION_CONFLICT',
  'CONTRACT.NOT_FOUND',
  'CONTRACT.VERSION_CONFLICT',
  'CUSTOMER.NOT_FOUND',
  'CUSTOMER.VERSION_CONFLICT',
] as const;
export type CustomerErrorCode = (typeof CUSTOMER_ERROR_CODES)[number];

// Registers the codes with `DomainError` (common/ imports no module; the modules add to it).
declare module '../common/domain-error.js' {
  interface ErrorCodes {
    customers: CustomerErrorCode;
  }
}
