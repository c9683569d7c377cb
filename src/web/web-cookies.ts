import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'freigabe_session';

/** The session token from the Cookie header, if any (no cookie-parser: one cookie to read). */
export function sessionToken(request: Request): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || null;
  }
  return null;
}

/** HttpOnly (no script reads it), SameSite=Lax (no cross-site POST carries it), Secure in production. */
export function setSessionCookie(response: Response, token: string, secure: boolean): void {
  response.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

export function clearSessionCookie(response: Response, secure: boolean): void {
  response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
