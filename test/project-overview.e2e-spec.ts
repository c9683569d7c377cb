import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProjectGuard } from '../src/projects/project-guard.js';
import { ProjectRecordsService } from '../src/projects/project-records.service.js';
import type { Actor } from '../src/common/access.js';
import { createCustomer } from './support/factories.js';
import { projectWorld, readyForReview, type ProjectWorld } from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { getPage, pageLogin } from './support/web.js';

/**
 * The project page's opening read (ProjectRecordsService.overview): one statement says which
 * lists have rows and names the customer, and the page reads only the lists that have rows.
 */
describe('project overview: which records a project has, in one read', () => {
  let t: TestApp;
  let world: ProjectWorld;
  let records: ProjectRecordsService;
  let guard: ProjectGuard;
  let cookie: string;
  const actorOf = (
    user: { id: string; email: string },
    role: Actor['role'],
    customerId: string | null = null,
  ): Actor => ({ userId: user.id, email: user.email, name: 'Test', role, customerId });

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    world = await projectWorld(t);
    records = t.app.get(ProjectRecordsService);
    guard = t.app.get(ProjectGuard);
    cookie = await pageLogin(t, world.consultant.email, world.consultant.password);
  });
  afterAll(() => t.close());

  it('says a young project has no records, and a sent one has a revision and documents', async () => {
    const { id, p } = await readyForReview(t, world);
    const actor = actorOf(world.consultant, 'consultant');
    const young = await records.overview(actor, id);
    expect(young.customerName).toBe('Möbelhaus Schäfer KG');
    expect(young.project.id).toBe(id);
    // What the actor may do is what the API says for the same project.
    const api = await t.http.get(`/projects/${id}`).set(bearer(world.consultant.token));
    expect(young.allowedActions).toEqual(api.body.allowedActions);
    expect(young.allowedActions).toContain('edit');
    expect(young.has).toEqual({
      revisions: false,
      schedule: false,
      time: false,
      changeRequests: false,
      qaRounds: false,
      documents: false,
    });

    await p.post(world.consultant.token, '/send');
    const sent = await records.overview(actor, id);
    expect(sent.has).toMatchObject({ revisions: true, documents: true, schedule: false });

    // The page shows what the overview found: the customer heading and the sent document.
    const page = await getPage(t, `/console/projects/${id}`, cookie);
    expect(page).toContain(
      `href="/console/projects?customerId=${world.customerId}">Möbelhaus Schäfer KG</a>`,
    );
    expect(page).toContain('Lösungsdokument mit Kostenschätzung');
  });

  it('is 404 for a project of a customer the actor may not see, as findVisible is', async () => {
    const { id } = await readyForReview(t, world);
    const other = await createCustomer(t, { name: 'Andere GmbH' });
    const outsider = actorOf(world.customerUser, 'customer', other.id);
    await expect(records.overview(outsider, id)).rejects.toMatchObject({
      code: 'PROJECT.NOT_FOUND',
    });
    await expect(guard.findVisible(outsider, id)).rejects.toMatchObject({
      code: 'PROJECT.NOT_FOUND',
    });
  });

  it('loads the project once for a shared read that starts with the overview', async () => {
    const { id } = await readyForReview(t, world);
    const actor = actorOf(world.consultant, 'consultant');
    const [overview, again] = await guard.sharedRead(async () => {
      const first = await records.overview(actor, id);
      return [first, await guard.findVisible(actor, id)] as const;
    });
    expect(again).toBe(overview.project);
  });
});
