import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { offsetDays } from './support/factories.js';
import { projectWorld, readyForReview, type ProjectWorld } from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { getPage, pageLogin } from './support/web.js';

describe('staff dashboard', () => {
  let t: TestApp;
  let world: ProjectWorld;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    world = await projectWorld(t);
  });
  afterAll(() => t.close());

  it('shows stage counts, what waits on me, on the customer, and dates due', async () => {
    const { id: sent, p } = await readyForReview(t, world);
    await p.post(world.consultant.token, '/send', { version: p.version });
    const { id: draft } = await readyForReview(t, world);
    const { id: late, p: lateP } = await readyForReview(t, world);
    await lateP.post(world.consultant.token, '/send', { version: lateP.version });
    await lateP.post(world.customerUser.token, '/approve', {});
    await lateP.post(world.consultant.token, '/schedule', { completionDate: offsetDays(3) });
    // Another consultant's project is not on this consultant's dashboard.
    const other = await t.http
      .post('/projects')
      .set(bearer(t.adminToken))
      .send({ customerId: world.customerId, title: 'Fremdes Projekt' })
      .expect(201);

    const cookie = await pageLogin(t, world.consultant.email, world.consultant.password);
    const html = await getPage(t, '/console', cookie);
    const section = (id: string) => html.slice(html.indexOf(`id="${id}"`)).split('</section>')[0];

    expect(html).toContain('Meine Projekte');
    expect(section('by-stage')).toMatch(
      /<span class="count">1<\/span>\s*<span class="stage">Beim Kunden/,
    );
    expect(section('by-stage')).toMatch(
      /<span class="count">1<\/span>\s*<span class="stage">Lösung/,
    );
    expect(section('waiting-me')).toContain(`/console/projects/${draft}`);
    expect(section('waiting-me')).toContain('Lösung fertigstellen und senden');
    expect(section('waiting-me')).not.toContain(`/console/projects/${sent}`);
    expect(section('waiting-customer')).toContain(`/console/projects/${sent}`);
    expect(section('waiting-customer')).toContain('Freigabe der Lösung');
    expect(section('waiting-customer')).toMatch(/\d\d\.\d\d\.\d{4}, \d\d:\d\d/);
    expect(section('due')).toContain(`/console/projects/${late}`);
    expect(html).not.toContain(other.body.id);

    const admin = await pageLogin(t, 'admin@example.com', 'admin-password-123');
    expect(await getPage(t, '/console', admin)).toContain(other.body.id);
  });
});
