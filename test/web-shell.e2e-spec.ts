import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createCustomer, createUser } from './support/factories.js';
import { loginFormToken, postLogin } from './support/login-form.js';
import { ADMIN, bearer, MovableClock, startTestApp, type TestApp } from './support/test-app.js';
import { cookieValue, csrfOf, getPage, pageLogin, setCookieOf } from './support/web.js';

describe('web shell: sessions, CSRF, access, assets', () => {
  const clock = new MovableClock('Europe/Berlin');
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' }, { clock });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const localeOf = async (email: string) =>
    (
      await db
        .createQueryBuilder()
        .select('u.locale', 'locale')
        .from('users', 'u')
        .where('u.email = :email', { email })
        .getRawOne<{ locale: string | null }>()
    )?.locale;

  it('serves the login page under a strict Content-Security-Policy', async () => {
    const response = await t.http.get('/login').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    const csp: string = response.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.text).toContain('<label for="email">');
  });

  it('logs in with a cookie that is HttpOnly, SameSite=Lax and Path=/', async () => {
    const response = await postLogin(t, { email: ADMIN.email, password: ADMIN.password });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/console');
    const setCookie = setCookieOf(response)!;
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    expect(cookieValue(setCookie)).toMatch(/^freigabe_session=[A-Za-z0-9_-]{43}$/);
    const html = await getPage(t, '/console', cookieValue(setCookie));
    expect(html).toContain('Projekte nach Phase');
  });

  it('refuses a login POST without the login form CSRF token, or with a wrong one', async () => {
    const sessionsBefore = await db.query<unknown[]>('SELECT id FROM web_sessions');
    const { cookie, csrf } = await loginFormToken(t);
    const form = { email: ADMIN.email, password: ADMIN.password };
    const attempts = [
      t.http.post('/login').type('form').send(form),
      t.http
        .post('/login')
        .type('form')
        .send({ ...form, _csrf: csrf }),
      t.http.post('/login').set('Cookie', cookie).type('form').send(form),
      t.http
        .post('/login')
        .set('Cookie', cookie)
        .type('form')
        .send({ ...form, _csrf: 'x' + csrf.slice(1) }),
    ];
    for (const attempt of attempts) {
      const response = await attempt;
      expect(response.status).toBe(403);
      expect(response.text).toContain('Das Formular ist veraltet');
      expect(setCookieOf(response)).toBeUndefined();
    }
    expect(await db.query<unknown[]>('SELECT id FROM web_sessions')).toHaveLength(
      sessionsBefore.length,
    );
    // The form's cookie: only /login receives it, no script reads it, no other site sends it.
    const form2 = await t.http.get('/login').expect(200);
    const set = (form2.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('freigabe_login_csrf='),
    );
    expect(set).toMatch(/; Path=\/login/);
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; SameSite=Strict/);
  });

  it('stores only the SHA-256 of the session token', async () => {
    const cookie = await pageLogin(t, ADMIN.email, ADMIN.password);
    const token = cookie.split('=')[1];
    const rows = await db.query<Array<{ id: string }>>('SELECT id FROM web_sessions');
    expect(rows.some((row) => row.id === token)).toBe(false);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.id))).toBe(true);
  });

  it('refuses a wrong password with the login form again and no session', async () => {
    const response = await postLogin(t, { email: ADMIN.email, password: 'wrong-password-123' });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login?error=AUTH.INVALID_CREDENTIALS');
    expect(setCookieOf(response)).toBeUndefined();
  });

  it('sends a visitor without a session to the login page, and back after login', async () => {
    const response = await t.http.get('/console?tab=1').expect(303);
    expect(response.headers.location).toBe('/login?next=%2Fconsole%3Ftab%3D1');
    const login = await postLogin(t, {
      email: ADMIN.email,
      password: ADMIN.password,
      next: '/console?tab=1',
    });
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/console?tab=1');
    const away = await postLogin(t, {
      email: ADMIN.email,
      password: ADMIN.password,
      next: '//evil.example/x',
    });
    expect(away.status).toBe(303);
    expect(away.headers.location).toBe('/console');
  });

  it('rotates the session at login: the cookie sent along ends', async () => {
    const first = await pageLogin(t, ADMIN.email, ADMIN.password);
    const second = await pageLogin(t, ADMIN.email, ADMIN.password, first);
    expect(second).not.toBe(first);
    await getPage(t, '/console', second);
    const old = await t.http.get('/console').set('Cookie', first).expect(303);
    expect(old.headers.location).toMatch(/^\/login/);
  });

  it('logs out: the session ends and the cookie is cleared', async () => {
    const cookie = await pageLogin(t, ADMIN.email, ADMIN.password);
    const csrf = csrfOf(await getPage(t, '/console', cookie));
    const response = await t.http
      .post('/logout')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    expect(response.headers.location).toBe('/login?notice=loggedOut');
    expect(setCookieOf(response)).toMatch(/Expires=Thu, 01 Jan 1970/);
    await t.http.get('/console').set('Cookie', cookie).expect(303);
  });

  it('refuses a POST without or with a wrong CSRF token and changes nothing', async () => {
    const user = await createUser(t, 'consultant');
    const cookie = await pageLogin(t, user.email, user.password);
    const csrf = csrfOf(await getPage(t, '/account', cookie));

    const without = await t.http
      .post('/account/locale')
      .set('Cookie', cookie)
      .type('form')
      .send({ locale: 'en' });
    expect(without.status).toBe(403);
    expect(without.text).toContain('Das Formular ist veraltet');
    const wrong = await t.http
      .post('/account/locale')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', `${csrf.slice(0, -2)}xx`)
      .type('form')
      .send({ locale: 'en', _csrf: 'forged' });
    expect(wrong.status).toBe(403);
    expect(await localeOf(user.email)).toBeNull();

    // htmx sends the token as a header instead of a form field.
    await t.http
      .post('/account/locale')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrf)
      .type('form')
      .send({ locale: 'en' })
      .expect(303);
    expect(await localeOf(user.email)).toBe('en');
    expect(await getPage(t, '/account', cookie)).toContain('Change password');
  });

  it('ends an idle session: the page sends to login and a POST changes nothing', async () => {
    const user = await createUser(t, 'consultant');
    const cookie = await pageLogin(t, user.email, user.password);
    const csrf = csrfOf(await getPage(t, '/account', cookie));
    clock.advanceMinutes(61);
    const page = await t.http.get('/account').set('Cookie', cookie).expect(303);
    expect(page.headers.location).toBe('/login?next=%2Faccount');
    const post = await t.http
      .post('/account/locale')
      .set('Cookie', cookie)
      .type('form')
      .send({ locale: 'en', _csrf: csrf })
      .expect(303);
    expect(post.headers.location).toBe('/login');
    expect(await localeOf(user.email)).toBeNull();
  });

  it('ends a session at its absolute end however active it was', async () => {
    const cookie = await pageLogin(t, ADMIN.email, ADMIN.password);
    for (let hour = 0; hour < 13; hour++) {
      await getPage(t, '/console', cookie);
      clock.advanceMinutes(59);
    }
    await t.http.get('/console').set('Cookie', cookie).expect(303);
  });

  it('keeps a customer out of staff pages and the session out of the API', async () => {
    const customer = await createCustomer(t, { language: 'en' });
    const user = await createUser(t, 'customer', { customerId: customer.id });
    const cookie = await pageLogin(t, user.email, user.password);
    const response = await t.http.get('/console').set('Cookie', cookie).expect(403);
    // A customer user speaks the customer's language until they choose one.
    expect(response.text).toContain('This page is not available to your role.');
    await t.http.get('/auth/me').set('Cookie', cookie).expect(401);
    await t.http.get('/auth/me').set(bearer(user.token)).expect(200);
    // …and a bearer token opens no page.
    await t.http.get('/console').set(bearer(t.adminToken)).expect(303);
  });

  it('changes the password: errors next to the field, then the other sessions end', async () => {
    const user = await createUser(t, 'consultant');
    const cookie = await pageLogin(t, user.email, user.password);
    const other = await pageLogin(t, user.email, user.password);
    const csrf = csrfOf(await getPage(t, '/account', cookie));
    const refused = await t.http
      .post('/account/password')
      .set('Cookie', cookie)
      .set('Referer', 'http://127.0.0.1/account')
      .set('Host', '127.0.0.1')
      .type('form')
      .send({ _csrf: csrf, currentPassword: user.password, newPassword: 'short' })
      .expect(303);
    expect(refused.headers.location).toBe('/account');
    const withErrors = await getPage(t, '/account', cookie);
    expect(withErrors).toContain('id="newPassword-error"');
    expect(withErrors).toContain('Bitte prüfen Sie die markierten Felder.');
    // The flash is shown once.
    expect(await getPage(t, '/account', cookie)).not.toContain('id="newPassword-error"');

    await t.http
      .post('/account/password')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, currentPassword: user.password, newPassword: 'a-new-password-2026' })
      .expect(303);
    expect(await getPage(t, '/account', cookie)).toContain('Ihr Passwort ist geändert.');
    await t.http.get('/account').set('Cookie', other).expect(303);
  });

  it('serves CSS and htmx from content-hashed URLs, cached for a year', async () => {
    const html = (await t.http.get('/login').expect(200)).text;
    const urls = [...html.matchAll(/(?:href|src)="(\/static\/[0-9a-f]{16}\/[a-z.]+)"/g)].map(
      (match) => match[1],
    );
    expect(urls).toHaveLength(3);
    for (const url of urls) {
      const response = await t.http.get(url).expect(200);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const htmx = urls.find((url) => url.endsWith('/htmx.min.js'))!;
    await t.http.get(htmx.replace(/[0-9a-f]{16}/, '0000000000000000')).expect(404);
  });
});

describe('web shell in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
      RENDER_WORKERS: '1',
      MAIL_POLL_SECONDS: '0',
    });
  });
  afterAll(() => t.close());

  it('marks the session cookie Secure', async () => {
    const response = await postLogin(t, { email: ADMIN.email, password: ADMIN.password });
    expect(response.status).toBe(303);
    expect(setCookieOf(response)).toMatch(/; Secure/);
  });
});
