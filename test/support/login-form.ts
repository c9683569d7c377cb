import type { TestApp } from './test-app.js';

/** What the login form hands a browser: its CSRF cookie (for the Cookie header) and token. */
export async function loginFormToken(t: TestApp): Promise<{ cookie: string; csrf: string }> {
  const form = await t.http.get('/login').expect(200);
  const cookies = (form.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  const cookie = cookies.find((c) => c.startsWith('freigabe_login_csrf='))?.split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
  if (!cookie || !csrf) throw new Error('login form without its CSRF token');
  return { cookie, csrf };
}

/** POST /login as the form sends it (token and cookie), plus an optional session cookie. */
export async function postLogin(t: TestApp, form: Record<string, string>, session?: string) {
  const { cookie, csrf } = await loginFormToken(t);
  return t.http
    .post('/login')
    .set('Cookie', session ? `${session}; ${cookie}` : cookie)
    .type('form')
    .send({ ...form, _csrf: csrf });
}
