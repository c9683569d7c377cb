import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { offsetDays } from './support/factories.js';
import { binary } from './support/signoff.js';
import { projectWorld, readyForReview, type ProjectWorld } from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { csrfOf, getPage, pageLogin } from './support/web.js';

describe('consultant console: revisions, documents, schedule, time, QA, change requests', () => {
  let t: TestApp;
  let world: ProjectWorld;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    world = await projectWorld(t);
    cookie = await pageLogin(t, world.consultant.email, world.consultant.password);
  });
  afterAll(() => t.close());

  const post = (path: string, form: Record<string, string>, csrf: string) =>
    t.http
      .post(path)
      .set('Cookie', cookie)
      .set('Referer', `http://127.0.0.1${path.split('/').slice(0, 4).join('/')}`)
      .set('Host', '127.0.0.1')
      .type('form')
      .send({ ...form, _csrf: csrf });
  const api = async (id: string) =>
    (await t.http.get(`/projects/${id}`).set(bearer(t.adminToken)).expect(200)).body;

  it('walks a project from review to QA and a change request on its page', async () => {
    const { id, p } = await readyForReview(t, world, 'time_and_materials');
    const staff = world.consultant.token;
    await p.post(staff, '/send');
    await p.post(world.customerUser.token, '/request-changes', { comment: 'Bitte mit Archiv' });
    await p.post(
      staff,
      '/items',
      { version: p.version, title: 'Archiv', quantity: '2', unit: 'hour', unitPriceCents: 9000 },
      201,
    );
    await p.post(staff, '/send');

    // Revisions: the diff of 1 → 2 names the new line and the changed totals.
    const diff = await getPage(t, `/console/projects/${id}/revisions`, cookie);
    expect(diff).toContain('Was sich von Fassung 1 zu 2 geändert hat');
    expect(diff).toContain('<ins>Archiv · 2 Stunde × 90,00\u00a0€</ins>');
    expect(diff).toContain('1.200,00\u00a0€');
    expect(diff).toContain('1.380,00\u00a0€');

    // Documents: listed with SHA-256, shown inline, downloadable.
    let html = await getPage(t, `/console/projects/${id}`, cookie);
    const documents = (
      (await t.http.get(`/projects/${id}/documents`).set(bearer(staff)).expect(200)).body as {
        items: Array<{ id: string; sha256: string }>;
      }
    ).items;
    expect(documents.length).toBeGreaterThan(0);
    expect(html).toContain(documents[0].sha256);
    const inline = await t.http
      .get(`/console/projects/${id}/documents/${documents[0].id}/pdf`)
      .set('Cookie', cookie)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(inline.headers['content-disposition']).toMatch(/^inline/);
    expect(inline.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect((inline.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const download = await t.http
      .get(`/console/projects/${id}/documents/${documents[0].id}/pdf?download=1`)
      .set('Cookie', cookie)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment/);

    // The customer approves; the consultant schedules, moves the date with a reason, works.
    await p.post(world.customerUser.token, '/approve', {});
    html = await getPage(t, `/console/projects/${id}`, cookie);
    let csrf = csrfOf(html);
    await post(
      `/console/projects/${id}/schedule`,
      { version: String((await api(id)).version), completionDate: offsetDays(30) },
      csrf,
    ).expect(303);
    const refused = await post(
      `/console/projects/${id}/reschedule`,
      { version: String((await api(id)).version), completionDate: offsetDays(40), reason: '' },
      csrf,
    ).expect(303);
    expect(refused.headers.location).toBe(`/console/projects/${id}`);
    expect((await api(id)).completionDate).toBe(offsetDays(30));
    await post(
      `/console/projects/${id}/reschedule`,
      {
        version: String((await api(id)).version),
        completionDate: offsetDays(40),
        reason: 'Lieferverzug der Hardware',
      },
      csrf,
    ).expect(303);
    expect((await api(id)).completionDate).toBe(offsetDays(40));
    await p.read(staff);
    await p.post(staff, '/start-work');

    html = await getPage(t, `/console/projects/${id}`, cookie);
    expect(html).toContain('Lieferverzug der Hardware');
    expect(html).toContain('<meter id="budget-meter"');
    csrf = csrfOf(html);
    await post(
      `/console/projects/${id}/time`,
      {
        day: offsetDays(0),
        duration: '1:30',
        description: 'Postfächer umgezogen',
        serviceRateId: world.serviceRateId,
        billable: 'on',
      },
      csrf,
    ).expect(303);
    const time = (await t.http.get(`/projects/${id}/time-entries`).set(bearer(staff)).expect(200))
      .body.items;
    expect(time).toMatchObject([{ minutes: 90, billable: true }]);
    html = await getPage(t, `/console/projects/${id}`, cookie);
    expect(html).toContain('Postfächer umgezogen');
    expect(html).toContain('180,00\u00a0€ von');

    // A change request drafted and sent from the page.
    await post(
      `/console/projects/${id}/change-requests`,
      {
        title: 'Zusätzliche Postfächer',
        description: 'Fünf weitere Postfächer',
        lineTitle: 'Zusätzliche Postfächer',
        lineQuantity: '5',
        lineUnit: 'piece',
        linePrice: '40',
      },
      csrf,
    ).expect(303);
    const [cr] = (
      await t.http.get(`/projects/${id}/change-requests`).set(bearer(staff)).expect(200)
    ).body;
    expect(cr).toMatchObject({ status: 'draft', deltaNetCents: 20000 });
    await post(`/console/projects/${id}/change-requests/${cr.id}/send`, {}, csrf).expect(303);
    html = await getPage(t, `/console/projects/${id}`, cookie);
    expect(html).toMatch(/gesendet · \d\d\.\d\d\.\d{4}/);

    // QA from the page: one check failed with a note.
    await p.read(staff);
    await p.post(staff, '/submit-qa');
    html = await getPage(t, `/console/projects/${id}`, cookie);
    const rounds = (await t.http.get(`/projects/${id}/qa-rounds`).set(bearer(staff)).expect(200))
      .body;
    const check = rounds[0].checks[0];
    expect(html).toContain(`/console/projects/${id}/qa-checks/${check.id}`);
    await post(
      `/console/projects/${id}/qa-checks/${check.id}`,
      { result: 'failed', note: 'Archiv fehlt' },
      csrfOf(html),
    ).expect(303);
    const after = (await t.http.get(`/projects/${id}/qa-rounds`).set(bearer(staff)).expect(200))
      .body;
    expect(after[0].checks[0]).toMatchObject({ result: 'failed', note: 'Archiv fehlt' });
    expect(await getPage(t, `/console/projects/${id}`, cookie)).toContain('Archiv fehlt');
  });

  it('previews the current content as a watermarked draft PDF', async () => {
    const { id } = await readyForReview(t, world);
    const response = await t.http
      .get(`/console/projects/${id}/draft.pdf?kind=solution-document`)
      .set('Cookie', cookie)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect((response.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
