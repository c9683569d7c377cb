/** The error codes the company module answers with; clients match on them, so they are a contract. */
export const COMPANY_ERROR_CODES = [
  'COMPANY.VERSION_CONFLICT',
  'SERVICE.CODE_TAKEN',
  'SERVICE.NOT_FOUND',
  'SERVICE.VERSION_CONFLICT',
] as const;
export type CompanyErrorCode = (typeof COMPANY_ERROR_CODES)[number];

// Registers the codes with `DomainError` (common/ imports no module; the modules add to it).
declare module '../common/domain-error.js' {
  interface ErrorCodes {
    company: CompanyErrorCode;
  }
}
