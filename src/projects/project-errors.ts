/** The error codes the projects module answers with; clients match on them, so they are a contract. */
export const PROJECT_ERROR_CODES = [
  'CHANGE_REQUEST.INVALID_STATUS',
  'CHANGE_REQUEST.NOT_FOUND',
  'ITEM.NOT_FOUND',
  'PROJECT.BUDGET_EXCEEDED',
  'PROJECT.FORBIDDEN',
  'PROJECT.INCOMPLETE',
  'PROJECT.INVALID_ACTION',
  'PROJECT.NOT_FOUND',
  'PROJECT.OFFER_EXPIRED',
  'PROJECT.QA_INCOMPLETE',
  'PROJECT.REVISION_MISMATCH',
  'PROJECT.TIME_ALREADY_INVOICED',
  'PROJECT.VERSION_CONFLICT',
  'PROJECT.WAIVER_ADMIN_ONLY',
  'QA_CHECK.NOT_FOUND',
  'QA_ROUND.NOT_FOUND',
  'REQUIREMENT.NOT_FOUND',
  'REVISION.NOT_FOUND',
  'TEMPLATE.NAME_TAKEN',
  'TEMPLATE.NOT_FOUND',
  'TEMPLATE.VERSION_CONFLICT',
] as const;
export type ProjectErrorCode = (typeof PROJECT_ERROR_CODES)[number];

// Registers the codes with `DomainError` (common/ imports no module; the modules add to it).
declare module '../common/domain-error.js' {
  interface ErrorCodes {
    projects: ProjectErrorCode;
  }
}
