import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createUser } from './support/factories.js';
import { expectStatus } from './support/expect-status.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { pageLogin } from './support/web.js';

describe("An admin resets a user's password", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('ends the user’s API tokens and web sessions; only the new password logs in', async () => {
    const user = await createUser(t, 'consultant');
    const session = await pageLogin(t, user.email, user.password);
    await t.http.get('/console').set('Cookie', session).expect(200);

    const reset = await t.http
      .post(`/users/${user.id}/password-reset`)
      .set(bearer(t.adminToken))
      .send({ generate: true });
    expectStatus(reset, 200);
    const generated = reset.body.generatedPassword as string;
    expect(generated.length).toBeGreaterThanOrEqual(12);

    expectStatus(await t.http.get('/auth/me').set(bearer(user.token)), 401);
    const page = await t.http.get('/console').set('Cookie', session);
    expectStatus(page, 303);
    expect(page.headers.location).toMatch(/^\/login/);
    const old = await t.http
      .post('/auth/login')
      .send({ email: user.email, password: user.password });
    expectStatus(old, 401);
    const fresh = await t.login(user.email, generated);
    await t.http.get('/auth/me').set(bearer(fresh)).expect(200);

    const trail = await t.http
      .get(`/audit?entityType=user&entityId=${user.id}`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toContain('password_reset');
  });

  it('takes a given password of at least 12 characters and returns none', async () => {
    const user = await createUser(t, 'finance');
    for (const body of [{}, { generate: false }, { password: 'x'.repeat(12), generate: true }]) {
      const refused = await t.http
        .post(`/users/${user.id}/password-reset`)
        .set(bearer(t.adminToken))
        .send(body);
      expectStatus(refused, 400);
    }
    const short = await t.http
      .post(`/users/${user.id}/password-reset`)
      .set(bearer(t.adminToken))
      .send({ password: 'too-short' });
    expectStatus(short, 400);
    expect(JSON.stringify(short.body)).toContain('password');
    await t.http.get('/auth/me').set(bearer(user.token)).expect(200);

    const reset = await t.http
      .post(`/users/${user.id}/password-reset`)
      .set(bearer(t.adminToken))
      .send({ password: 'chosen-by-the-admin-4711' });
    expectStatus(reset, 200);
    expect(reset.body).toEqual({});
    const fresh = await t.login(user.email, 'chosen-by-the-admin-4711');
    await t.http.get('/auth/me').set(bearer(fresh)).expect(200);
  });

  it('is for admins only, and 404 for an unknown user', async () => {
    const user = await createUser(t, 'consultant');
    const other = await createUser(t, 'consultant');
    const refused = await t.http
      .post(`/users/${other.id}/password-reset`)
      .set(bearer(user.token))
      .send({ password: 'not-allowed-4711-x' });
    expectStatus(refused, 403);
    await t.http.get('/auth/me').set(bearer(other.token)).expect(200);
    const missing = await t.http
      .post(`/users/${randomUUID()}/password-reset`)
      .set(bearer(t.adminToken))
      .send({ generate: true });
    expectStatus(missing, 404);
  });
});
