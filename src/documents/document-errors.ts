/** The error codes the documents module answers with; clients match on them, so they are a contract. */
export const DOCUMENT_ERROR_CODES = [
  'DOCUMENT.HAS_ATTACHMENTS',
  'DOCUMENT.INTEGRITY_FAILED',
  'DOCUMENT.NOT_FOUND',
] as const;
export type DocumentErrorCode = (typeof DOCUMENT_ERROR_CODES)[number];

// Registers the codes with `DomainError` (common/ imports no module; the modules add to it).
declare module '../common/domain-error.js' {
  interface ErrorCodes {
    documents: DocumentErrorCode;
  }
}
