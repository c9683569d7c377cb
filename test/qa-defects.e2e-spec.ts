import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { offsetDays } from './support/factories.js';
import { projectWorld, readyForReview, type ProjectWorld } from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Check {
  id: string;
  source: string;
  title: string;
}

describe('QA: a defect stays in every round until it passes or an admin waives it', () => {
  let t: TestApp;
  let world: ProjectWorld;

  beforeAll(async () => {
    t = await startTestApp();
    world = await projectWorld(t);
  });
  afterAll(() => t.close());

  it('carries the customer’s defect through a failed round into the next one', async () => {
    const { id, p } = await readyForReview(t, world);
    const staff = world.consultant.token;
    const roundChecks = async (n: number): Promise<Check[]> =>
      (await t.http.get(`/projects/${id}/qa-rounds`).set(bearer(staff)).expect(200)).body[n - 1]
        .checks;
    const record = (check: Check, result: string, token = staff, note?: string) =>
      t.http
        .put(`/projects/${id}/qa-checks/${check.id}`)
        .set(bearer(token))
        .send({ result, ...(note ? { note } : {}) })
        .expect(200);
    const runRound = async (n: number, results: Record<string, [string, string?]>) => {
      await p.read(staff);
      await p.post(staff, '/submit-qa');
      const checks = await roundChecks(n);
      for (const check of checks) {
        const [result, note] = results[check.title] ?? ['passed'];
        await record(check, result, result === 'waived' ? t.adminToken : staff, note);
      }
      await p.read(staff);
      return { checks, project: await p.post(staff, '/complete-qa') };
    };

    await p.post(staff, '/send');
    await p.post(world.customerUser.token, '/approve', {});
    await p.post(staff, '/schedule', { completionDate: offsetDays(60) });
    await p.post(staff, '/start-work');
    await runRound(1, {});
    await p.post(world.customerUser.token, '/reject', {
      defects: [{ title: 'Signaturen fehlen' }],
    });

    const round2 = await runRound(2, { 'Signaturen fehlen': ['failed', 'Noch immer keine'] });
    expect(round2.project.stage).toBe('in_progress');

    const round3 = await runRound(3, { 'Signaturen fehlen': ['failed', 'Nur in OWA'] });
    expect(round3.checks.map((c) => [c.source, c.title])).toEqual([
      ['requirement', '1. Alle Postfächer werden übernommen'],
      ['defect', 'Signaturen fehlen'],
    ]);
    expect(round3.project.stage).toBe('in_progress');

    const round4 = await runRound(4, {});
    expect(round4.checks.map((c) => c.title)).toContain('Signaturen fehlen');
    expect(round4.project.stage).toBe('acceptance');

    // once passed, the defect is done: a later round (after another rejection) has no check for it
    await p.post(world.customerUser.token, '/reject', {
      defects: [{ title: 'Kalender fehlt' }],
    });
    const round5 = await runRound(5, {
      'Kalender fehlt': ['waived', 'Kunde nutzt den Kalender nicht'],
    });
    expect(round5.checks.map((c) => c.title)).toEqual([
      '1. Alle Postfächer werden übernommen',
      'Kalender fehlt',
    ]);
    expect(round5.project.stage).toBe('acceptance');
  });
});
