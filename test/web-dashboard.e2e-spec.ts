import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createUser, offsetDays } from './support/factories.js';
import { projectWorld, readyForReview, type ProjectWorld } from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { getPage, pageLogin } from './support/web.js';
import { ProjectDashboardService } from '../src/projects/project-dashboard.service.js';

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
  it('lists change requests to send and sent ones, each list in its order, from one read', async () => {
    const { id, p } = await readyForReview(t, world);
    const staff = world.consultant.token;
    await p.post(staff, '/send', { version: p.version });
    await p.post(world.customerUser.token, '/approve', {});
    await p.post(staff, '/schedule', { completionDate: offsetDays(40) });
    const changeRequest = async (title: string) =>
      (
        await t.http
          .post(`/projects/${id}/change-requests`)
          .set(bearer(staff))
          .send({
            title,
            description: title,
            lines: [{ title, quantity: '1', unit: 'hour', unitPriceCents: 12_000 }],
          })
          .expect(201)
      ).body as { id: string; number: number };
    const first = await changeRequest('Archiv');
    const second = await changeRequest('Filiale');
    const third = await changeRequest('Schulung');
    await t.http
      .post(`/projects/${id}/change-requests/${second.id}/send`)
      .set(bearer(staff))
      .expect(200);

    const actor = {
      userId: world.consultant.id,
      email: world.consultant.email,
      name: 'Klara Beraterin',
      role: 'consultant' as const,
      customerId: null,
    };
    const dashboard = await t.app.get(ProjectDashboardService).dashboard(actor);
    const requests = (entries: typeof dashboard.waitingOnMe) =>
      entries
        .filter((e) => e.projectId === id && e.reason === 'change_request')
        .map((e) => ({ number: e.changeRequestNumber, sent: e.sentAt !== null }));
    expect(requests(dashboard.waitingOnMe)).toEqual([
      { number: first.number, sent: false },
      { number: third.number, sent: false },
    ]);
    expect(requests(dashboard.waitingOnCustomer)).toEqual([{ number: second.number, sent: true }]);
    // Every list keeps its order: the oldest-touched first, the nearest date first.
    const waiting = dashboard.waitingOnMe.filter((e) => e.reason !== 'change_request');
    expect(waiting.length).toBeGreaterThan(1);
    const touched: string[] = [];
    for (const entry of waiting) {
      const project = await t.http.get(`/projects/${entry.projectId}`).set(bearer(staff));
      touched.push(project.body.updatedAt as string);
    }
    expect(touched).toEqual([...touched].sort());
    const dates = dashboard.dueSoon.map((e) => e.completionDate ?? '');
    expect(dates).toEqual([...dates].sort());
    expect(dashboard.waitingOnCustomer.every((e) => e.sentAt !== null)).toBe(true);
  });
  it('counts projects per stage as the projects table says, after every kind of change', async () => {
    const dataSource = t.app.get(DataSource);
    const $ = (n: number) => (dataSource.driver.options.type === 'postgres' ? `$${n}` : '?');
    const service = t.app.get(ProjectDashboardService);
    const asActor = (user: { id: string; email: string }, role: 'consultant' | 'admin') => ({
      userId: user.id,
      email: user.email,
      name: 'Test',
      role,
      customerId: null,
    });
    // The truth: counting the projects themselves.
    const counted = async (createdBy?: string) => {
      const rows = await dataSource.query<{ stage: string; n: string | number }[]>(
        `SELECT stage, COUNT(*) AS n FROM projects ${createdBy ? `WHERE created_by = ${$(1)}` : ''} GROUP BY stage`,
        createdBy ? [createdBy] : [],
      );
      return Object.fromEntries(rows.map((r) => [r.stage, Number(r.n)]));
    };
    const shown = async (actor: ReturnType<typeof asActor>) =>
      Object.fromEntries(
        (await service.dashboard(actor)).stages
          .filter((s) => s.count > 0)
          .map((s) => [s.stage, s.count]),
      );
    const consultant = asActor(world.consultant, 'consultant');
    const admin = asActor({ id: 'x', email: 'admin@example.com' }, 'admin');

    const { id, p } = await readyForReview(t, world);
    await p.post(world.consultant.token, '/send', { version: p.version });
    const { p: cancelled } = await readyForReview(t, world);
    await cancelled.post(world.consultant.token, '/cancel', {
      version: cancelled.version,
      reason: 'Kunde hat abgesagt',
    });
    expect(await shown(consultant)).toEqual(await counted(world.consultant.id));
    expect(await shown(admin)).toEqual(await counted());

    // Written past the app (a bulk correction): the counts follow, the owner's change too.
    const other = await createUser(t, 'consultant', { name: 'Zweite Beraterin' });
    await dataSource.query(
      `UPDATE projects SET created_by = ${$(1)}, stage = 'approved' WHERE id = ${$(2)}`,
      [other.id, id],
    );
    expect(await shown(consultant)).toEqual(await counted(world.consultant.id));
    expect(await shown(asActor(other, 'consultant'))).toEqual({ approved: 1 });
    expect(await shown(admin)).toEqual(await counted());
  });
});
