/** The error codes the web shell answers with; pages look their texts up by code. */
export const WEB_ERROR_CODES = ['WEB.ASSET_NOT_FOUND', 'WEB.CSRF_INVALID'] as const;
export type WebErrorCode = (typeof WEB_ERROR_CODES)[number];

declare module '../common/domain-error.js' {
  interface ErrorCodes {
    web: WebErrorCode;
  }
}
