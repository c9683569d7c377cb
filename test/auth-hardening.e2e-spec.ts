import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { resolveJwtSecret } from '../src/auth/jwt-secret.js';
import { createUser } from './support/factories.js';
import { projectWorld } from './support/projects.js';
import { adminActor, issueStageDocument } from './support/signoff.js';
import { expectStatus } from './support/expect-status.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

describe('Hardening: tokens, rate limits and caching', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });

  afterAll(async () => {
    await t.close();
  });

  const sign = (payload: object, options: jwt.SignOptions = {}) =>
    jwt.sign(payload, resolveJwtSecret(t.config), { algorithm: 'HS256', ...options });

  it('refuses a token without expiry and one whose subject is not a UUID with 401', async () => {
    const me = await t.http.get('/auth/me').set(bearer(t.adminToken)).expect(200);
    // Everything but the one defect as in a real token.
    const { pwd } = jwt.decode(t.adminToken) as { pwd: string };
    const valid = sign({ sub: me.body.id, pwd }, { expiresIn: 60 });
    await t.http.get('/auth/me').set(bearer(valid)).expect(200);
    for (const token of [
      sign({ sub: me.body.id, pwd }),
      sign({ sub: 'not-a-uuid', pwd }, { expiresIn: 60 }),
      sign({ sub: 42, pwd }, { expiresIn: 60 }),
      sign({ pwd }, { expiresIn: 60 }),
      sign({ sub: me.body.id, pwd: 'another-password' }, { expiresIn: 60 }),
    ]) {
      const response = await t.http.get('/auth/me').set(bearer(token));
      expectStatus(response, 401);
    }
  });

  it('ends the tokens issued before a password change', async () => {
    const user = await createUser(t, 'consultant');
    const second = await t.login(user.email, user.password);
    await t.http
      .post('/auth/password')
      .set(bearer(user.token))
      .send({ currentPassword: user.password, newPassword: 'a-new-password-4711' })
      .expect(204);
    for (const token of [user.token, second]) {
      expectStatus(await t.http.get('/auth/me').set(bearer(token)), 401);
    }
    const fresh = await t.login(user.email, 'a-new-password-4711');
    await t.http.get('/auth/me').set(bearer(fresh)).expect(200);
  });

  it('answers 429 with Retry-After', async () => {
    const attempt = () =>
      t.http.post('/auth/login').send({ email: 'who@example.com', password: 'wrong' });
    let last = await attempt();
    for (let i = 0; i < 5 && last.status !== 429; i++) last = await attempt();
    expectStatus(last, 429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('marks every API answer, downloads included, as not to be cached', async () => {
    const world = await projectWorld(t);
    const document = await issueStageDocument(
      t,
      await adminActor(t),
      world.customerId,
      randomUUID(),
      'solution-document',
    );
    const answers = [
      await t.http.get('/auth/me').set(bearer(t.adminToken)),
      await t.http.get('/customers').set(bearer(t.adminToken)),
      await t.http.get(`/documents/${document.id}/pdf`).set(bearer(t.adminToken)),
      await t.http.get('/nothing-here').set(bearer(t.adminToken)),
      await t.http.get('/auth/me'),
    ];
    expect(answers.map((a) => [a.status, a.headers['cache-control']])).toEqual([
      [200, 'no-store'],
      [200, 'no-store'],
      [200, 'no-store'],
      [404, 'no-store'],
      [401, 'no-store'],
    ]);
  });
});
