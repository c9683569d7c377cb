import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createCustomer } from './support/factories.js';
import { binaryBody } from './support/pdf-text.js';
import { adminActor, issueStageDocument } from './support/signoff.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Failed logins must not slow down everyone else: scrypt at the production cost (2^17, 128 MiB)
 * runs on libuv's thread pool, which file reads for document downloads share.
 */
describe('A burst of failed logins', () => {
  let t: TestApp;
  let pdfPath: string;

  beforeAll(async () => {
    t = await startTestApp({ PASSWORD_SCRYPT_LOG_N: '17' });
    const customer = await createCustomer(t);
    const document = await issueStageDocument(
      t,
      await adminActor(t),
      customer.id,
      randomUUID(),
      'solution-document',
    );
    pdfPath = `/documents/${document.id}/pdf`;
  });

  afterAll(async () => {
    await t.close();
  });

  const timedDownload = async () => {
    const started = performance.now();
    const response = await t.http
      .get(pdfPath)
      .set(bearer(t.adminToken))
      .buffer(true)
      .parse(binaryBody as never);
    expect(response.status).toBe(200);
    return performance.now() - started;
  };

  it('leaves document downloads fast, and answers every login 401 or 503', async () => {
    await timedDownload();
    const quiet: number[] = [];
    for (let i = 0; i < 5; i++) quiet.push(await timedDownload());

    const burst = Array.from({ length: 40 }, (_, i) =>
      // then() sends the request now; supertest sends nothing until it is awaited.
      t.http
        .post('/auth/login')
        .send({ email: `nobody${i}@example.com`, password: 'wrong' })
        .then((response) => response),
    );
    // Let the server take in the burst (that alone delays the next answer on a busy machine)
    // and start hashing: one hash at this cost takes one to two seconds of a core.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const busy: number[] = [];
    for (let i = 0; i < 5; i++) busy.push(await timedDownload());
    const answers = await Promise.all(burst);

    // Downloads may be slower while the cores also hash; queued behind 40 hashes on the
    // thread pool, the first one took as long as the whole burst (seconds, not milliseconds).
    expect(sum(busy)).toBeLessThan(Math.max(sum(quiet), 100) * 20);
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    expect(statuses).toContain(401);
    for (const refused of answers.filter((a) => a.status === 503)) {
      expect(refused.body).toMatchObject({ code: 'AUTH.BUSY' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
  }, 120_000);
});
