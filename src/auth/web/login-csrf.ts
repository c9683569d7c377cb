import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error.js';
import { csrfMatches } from '../../web/web-sessions.service.js';

/*
 * The login form has no session yet, so its CSRF token is a double submit: a random token in a
 * cookie only /login receives (HttpOnly, SameSite=Strict) and the same token in the form. A
 * forged cross-site login (logging the victim into the attacker's account) carries neither.
 */
export const LOGIN_CSRF_COOKIE = 'freigabe_login_csrf';

const cookieOptions = (secure: boolean) =>
  ({ httpOnly: true, sameSite: 'strict', secure, path: '/login' }) as const;

function loginCookie(request: Request): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === LOGIN_CSRF_COOKIE) return value.join('=') || null;
  }
  return null;
}

/** The token for the login form: the browser's own if it has one (two tabs), else a new one. */
export function loginCsrfToken(request: Request, response: Response, secure: boolean): string {
  const existing = loginCookie(request);
  const token = existing && /^[A-Za-z0-9_-]{43}$/.test(existing) ? existing : newToken();
  response.cookie(LOGIN_CSRF_COOKIE, token, cookieOptions(secure));
  return token;
}

/** Before the password is checked: the form's token must be the cookie's. */
export function assertLoginCsrf(request: Request, submitted: unknown): void {
  const expected = loginCookie(request);
  if (!expected || !csrfMatches(expected, submitted)) {
    throw new DomainError('forbidden', 'WEB.CSRF_INVALID', 'Missing or wrong login form token');
  }
}

const newToken = () => randomBytes(32).toString('base64url');
