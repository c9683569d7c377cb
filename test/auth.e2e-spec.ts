import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApp } from '../src/app.setup.js';
import { createCustomer, createUser } from './support/factories.js';
import { ADMIN, bearer, startTestApp, type TestApp } from './support/test-app.js';

describe('authentication and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('logs the first admin in with ADMIN_EMAIL/ADMIN_PASSWORD and returns a bearer token', async () => {
    const response = await t.http.post('/auth/login').send(ADMIN).expect(200);
    expect(response.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 480 * 60,
      user: { email: ADMIN.email, role: 'admin', customerId: null },
    });
    const me = await t.http.get('/auth/me').set(bearer(response.body.accessToken)).expect(200);
    expect(me.body.email).toBe(ADMIN.email);
  });

  it('answers a wrong password with 401 problem+json, and an unknown e-mail alike', async () => {
    const wrong = await t.http
      .post('/auth/login')
      .send({ email: ADMIN.email, password: 'not-the-password' })
      .expect(401)
      .expect('content-type', /application\/problem\+json/);
    expect(wrong.body).toMatchObject({ status: 401, code: 'AUTH.INVALID_CREDENTIALS' });
    const unknown = await t.http
      .post('/auth/login')
      .send({ email: 'nobody@example.com', password: 'whatever-it-is' })
      .expect(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('answers a missing or forged token with 401', async () => {
    const missing = await t.http.get('/customers').expect(401);
    expect(missing.body.code).toBe('AUTH.UNAUTHENTICATED');
    const forged = await t.http
      .get('/customers')
      .set(bearer('eyJhbGciOiJIUzI1NiJ9.e30.x'))
      .expect(401);
    expect(forged.body.code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('answers a consultant calling an admin route with 403', async () => {
    const consultant = await createUser(t, 'consultant');
    const response = await t.http.get('/audit/verify').set(bearer(consultant.token)).expect(403);
    expect(response.body).toMatchObject({ code: 'AUTH.FORBIDDEN', requiredRoles: ['admin'] });
    await t.http
      .post('/users')
      .set(bearer(consultant.token))
      .send({ email: 'x@example.com', name: 'X', role: 'admin' })
      .expect(403);
  });

  it('lets finance read customers but not change users; customers may not create customers', async () => {
    const finance = await createUser(t, 'finance');
    await t.http.get('/customers').set(bearer(finance.token)).expect(200);
    await t.http.get('/users').set(bearer(finance.token)).expect(403);
    const customer = await createCustomer(t);
    const customerUser = await createUser(t, 'customer', { customerId: customer.id });
    await t.http
      .post('/customers')
      .set(bearer(customerUser.token))
      .send({ name: 'Y', street: 'a', postalCode: '1', city: 'b' })
      .expect(403);
  });

  it('rejects the token of a deactivated user at once, and refuses the login', async () => {
    const consultant = await createUser(t, 'consultant');
    const user = await t.http.get(`/users/${consultant.id}`).set(bearer(t.adminToken)).expect(200);
    await t.http
      .patch(`/users/${consultant.id}`)
      .set(bearer(t.adminToken))
      .send({ active: false, version: user.body.version })
      .expect(200);
    await t.http.get('/customers').set(bearer(consultant.token)).expect(401);
    await t.http
      .post('/auth/login')
      .send({ email: consultant.email, password: consultant.password })
      .expect(401);
  });

  it('binds customer users to a customer and staff users to none', async () => {
    const customer = await createCustomer(t);
    const missing = await t.http
      .post('/users')
      .set(bearer(t.adminToken))
      .send({ email: 'c1@example.com', name: 'C', role: 'customer' })
      .expect(400);
    expect(missing.body.errors).toEqual([
      { field: 'customerId', messages: ['customerId is required for role customer'] },
    ]);
    await t.http
      .post('/users')
      .set(bearer(t.adminToken))
      .send({ email: 'c2@example.com', name: 'C', role: 'consultant', customerId: customer.id })
      .expect(400);
  });

  it('generates a password when none is given and shows it once', async () => {
    const response = await t.http
      .post('/users')
      .set(bearer(t.adminToken))
      .send({ email: 'Generated@Example.com', name: 'Gen', role: 'finance' })
      .expect(201);
    expect(response.body.email).toBe('generated@example.com');
    expect(response.body.generatedPassword).toMatch(/^[\w-]{20,}$/);
    await t.login('generated@example.com', response.body.generatedPassword);
    const again = await t.http.get(`/users/${response.body.id}`).set(bearer(t.adminToken));
    expect(again.body.generatedPassword).toBeUndefined();
  });

  it('changes a password only with the current one', async () => {
    const user = await createUser(t, 'consultant');
    await t.http
      .post('/auth/password')
      .set(bearer(user.token))
      .send({ currentPassword: 'wrong-password', newPassword: 'a-new-password-1' })
      .expect(401);
    await t.http
      .post('/auth/password')
      .set(bearer(user.token))
      .send({ currentPassword: user.password, newPassword: 'a-new-password-1' })
      .expect(204);
    await t.login(user.email, 'a-new-password-1');
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers the attempt after the limit with 429 problem+json', async () => {
    const attempt = () =>
      t.http.post('/auth/login').send({ email: 'victim@example.com', password: 'guess-guess' });
    // The admin's own login in startTestApp counted for another account.
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt().expect(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.body.code).toBe('REQUEST.RATE_LIMITED');
    // Another account from the same address is not locked out by that.
    await t.http.post('/auth/login').send(ADMIN).expect(200);
  });

  it('counts attempts across app instances on the same database', async () => {
    const second = await createApp(t.config);
    await second.init();
    try {
      const other = request(second.getHttpServer());
      const attempt = (http: typeof other) =>
        http.post('/auth/login').send({ email: 'shared@example.com', password: 'guess-guess' });
      expect((await attempt(t.http)).status).toBe(401);
      expect((await attempt(other)).status).toBe(401);
      expect((await attempt(t.http)).status).toBe(401);
      expect((await attempt(other)).status).toBe(429);
    } finally {
      await second.close();
    }
  });
});
