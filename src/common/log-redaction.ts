/**
 * Sign-off links carry their credential in the path (`/signoff/<token>`). Whoever reads the
 * logs must not be able to sign in the customer's name, so every URL that reaches a log line
 * or an error answer goes through here. Express matches routes case-insensitively, so the
 * redaction does too.
 */
const SIGNOFF_TOKEN = /(\/signoff\/)[^/?#]+/gi;

export function redactUrl(url: string): string;
export function redactUrl(url: string | undefined): string | undefined;
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(SIGNOFF_TOKEN, '$1[token]');
}

interface LoggedRequest {
  url?: string;
  headers?: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * The request as pino-http logs it: URL redacted, and the Referer too — the sign-off page's
 * own requests (the inline PDF) name the page they came from. Credentials in headers are
 * removed by pino's `redact` paths.
 */
export function redactRequest(req: LoggedRequest): LoggedRequest {
  const headers = req.headers && {
    ...req.headers,
    ...(typeof req.headers.referer === 'string' && {
      referer: redactUrl(req.headers.referer),
    }),
  };
  return { ...req, url: redactUrl(req.url), ...(headers && { headers }) };
}
