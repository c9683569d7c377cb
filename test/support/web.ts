import { expect } from '@jest/globals';
import { postLogin } from './login-form.js';
import type { TestApp } from './test-app.js';

/** The session cookie a response sets (`freigabe_session=…`), with its attributes. */
export function setCookieOf(response: { headers: Record<string, unknown> }): string | undefined {
  const cookies = (response.headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.find((cookie) => cookie.startsWith('freigabe_session='));
}

/** `freigabe_session=<token>`, ready for a Cookie header. */
export function cookieValue(setCookie: string): string {
  return setCookie.split(';')[0];
}

/** Logs in through the login form; returns the Cookie header value of the new session. */
export async function pageLogin(
  t: TestApp,
  email: string,
  password: string,
  cookie?: string,
): Promise<string> {
  // The login form's CSRF token first, as a browser gets it (see login-form.ts).
  const response = await postLogin(t, { email, password }, cookie);
  expect(response.status).toBe(303);
  const setCookie = setCookieOf(response);
  expect(setCookie).toBeDefined();
  return cookieValue(setCookie!);
}

/** The CSRF token a page's forms carry. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('page has no CSRF field');
  return match[1];
}

/** GETs a page with the session and returns its HTML (expects 200). */
export async function getPage(t: TestApp, path: string, cookie: string): Promise<string> {
  const response = await t.http.get(path).set('Cookie', cookie);
  if (response.status !== 200) {
    throw new Error(`GET ${path}: ${response.status} ${response.headers.location ?? ''}`);
  }
  return response.text;
}
