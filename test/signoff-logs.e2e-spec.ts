import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectWorld, type ProjectWorld } from './support/projects.js';
import { binary, solutionSentForSignoff } from './support/signoff.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A sign-off link is a credential: whoever reads the logs must not be able to use it. */
describe('sign-off tokens never reach the log or an error answer', () => {
  let t: TestApp;
  let world: ProjectWorld;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(
      { RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0', LOG_LEVEL: 'info' },
      { logDestination: { write: (line: string) => void lines.push(line) } },
    );
    world = await projectWorld(t);
  });
  afterAll(() => t.close());

  it('redacts the token in request URLs (any case), in the Referer and in problem instances', async () => {
    const { token } = await solutionSentForSignoff(t, world);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    const before = lines.length;

    await t.http.get(`/signoff/${token}`).expect(200);
    await t.http
      .get(`/SignOff/${token}/document.pdf`)
      .set('Referer', `http://127.0.0.1/signoff/${token}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    // An invalid decision: the answer names the rule but not the link.
    const refused = await t.http
      .post(`/signoff/${token}/approve`)
      .set('Accept', 'application/json')
      .send({ signerName: '' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(refused.body)).not.toContain(token);
    // A wrong token is logged redacted too.
    await t.http.get(`/signoff/${'x'.repeat(43)}`);

    const logged = lines.slice(before).join('');
    expect(logged).toContain('/signoff/[token]');
    expect(logged).toContain('/SignOff/[token]/document.pdf');
    expect(logged).toContain('http://127.0.0.1/signoff/[token]');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('x'.repeat(43));
  });
});
