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
 * The request as pino-http logs it, compact: id, method and URL redacted, and the Referer
 * (redacted too: the sign-off page's own requests, the inline PDF, name the page they came
 * from). No other header reaches the log, so no credential can.
 */
export function compactRequest(req: LoggedRequest): LoggedRequest {
  const referer = req.headers?.referer;
  return {
    id: req.id,
    method: req.method,
    url: redactUrl(req.url),
    ...(typeof referer === 'string' && { referer: redactUrl(referer) }),
  };
}
