import type { NextFunction, Request, Response } from 'express';

/** A PDF answer: no script, framed only by this app's pages (every other answer: 'none'). */
const PDF_CSP = "default-src 'self'; object-src 'self'; frame-ancestors 'self'";

/** Seconds a client waits after a 429 or 503 when the refusal did not say how long. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/**
 * Headers every answer needs, set in one place:
 * - `Cache-Control: no-store` unless a route states its own (the sign-off page's stylesheet):
 *   answers hold customers' and financial data, PDFs included, and must not stay in a browser
 *   or proxy cache.
 * - PDFs may be framed by the app's own pages (frame-ancestors 'self'), HTML never.
 * - `Retry-After` on every 429 and 503, whoever refused: @nestjs/throttler names its header after the
 *   throttler (`Retry-After-login-account`), which clients do not read, and domain limiters
 *   throw a DomainError that knows no response.
 */
export function responseHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  const writeHead = res.writeHead;
  // Headers are final only when they are written; a 429 can be decided by any layer before.
  res.writeHead = function (this: Response, ...args: unknown[]) {
    const status = typeof args[0] === 'number' ? args[0] : this.statusCode;
    if ((status === 429 || status === 503) && !this.getHeader('Retry-After')) {
      this.setHeader('Retry-After', String(retryAfterSeconds(this)));
    }
    if (String(this.getHeader('Content-Type') ?? '').startsWith('application/pdf')) {
      // The app's own pages show PDFs in a frame (sign-off page, previews); nobody else may.
      this.setHeader('Content-Security-Policy', PDF_CSP);
      this.setHeader('X-Frame-Options', 'SAMEORIGIN');
    }
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];
  next();
}

function retryAfterSeconds(res: Response): number {
  const named = Object.entries(res.getHeaders())
    .filter(([name]) => name.startsWith('retry-after-'))
    .map(([, value]) => Number(value))
    .filter((seconds) => Number.isFinite(seconds) && seconds > 0);
  return named.length > 0 ? Math.max(...named) : DEFAULT_RETRY_AFTER_SECONDS;
}
