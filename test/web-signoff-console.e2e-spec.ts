import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectWorld, readyForReview, type ProjectWorld } from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { csrfOf, getPage, pageLogin } from './support/web.js';

describe('consultant console: sign-offs and decisions given on paper', () => {
  let t: TestApp;
  let world: ProjectWorld;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    world = await projectWorld(t);
    cookie = await pageLogin(t, world.consultant.email, world.consultant.password);
  });
  afterAll(() => t.close());

  const post = (path: string, form: Record<string, string | string[]>, csrf: string) =>
    t.http
      .post(path)
      .set('Cookie', cookie)
      .type('form')
      .send({ ...form, _csrf: csrf });

  it('sends the solution document for sign-off, resends and revokes', async () => {
    const { id, p } = await readyForReview(t, world);
    await p.post(world.consultant.token, '/send');
    let html = await getPage(t, `/console/projects/${id}/signoffs`, cookie);
    const documentId = /<option value="([0-9a-f-]{36})">Lösungsdokument/.exec(html)?.[1];
    expect(documentId).toBeDefined();
    const contacts = (
      await t.http.get(`/customers/${world.customerId}/contacts`).set(bearer(t.adminToken))
    ).body as Array<{ id: string; name: string }>;

    await post(
      `/console/projects/${id}/signoffs`,
      { documentId: documentId!, contactIds: contacts[0].id },
      csrfOf(html),
    ).expect(303);
    html = await getPage(t, `/console/projects/${id}/signoffs`, cookie);
    expect(html).toContain('Zur Freigabe gesendet.');
    expect(html).toContain(contacts[0].name);
    const first = /signoffs\/([0-9a-f-]{36})\/resend/.exec(html)![1];
    expect((await t.http.get(`/signoffs/${first}`).set(bearer(t.adminToken))).body).toMatchObject({
      status: 'open',
      projectId: id,
      revision: 1,
    });

    await post(`/console/projects/${id}/signoffs/${first}/resend`, {}, csrfOf(html)).expect(303);
    expect((await t.http.get(`/signoffs/${first}`).set(bearer(t.adminToken))).body.status).toBe(
      'superseded',
    );
    html = await getPage(t, `/console/projects/${id}/signoffs`, cookie);
    const second = /signoffs\/([0-9a-f-]{36})\/revoke/.exec(html)![1];
    await post(
      `/console/projects/${id}/signoffs/${second}/revoke`,
      { reason: 'Falsche Fassung' },
      csrfOf(html),
    ).expect(303);
    expect((await t.http.get(`/signoffs/${second}`).set(bearer(t.adminToken))).body.status).toBe(
      'revoked',
    );
  });

  it('refuses a send without a contact next to the field', async () => {
    const { id, p } = await readyForReview(t, world);
    await p.post(world.consultant.token, '/send');
    const html = await getPage(t, `/console/projects/${id}/signoffs`, cookie);
    const documentId = /<option value="([0-9a-f-]{36})">Lösungsdokument/.exec(html)![1];
    await post(`/console/projects/${id}/signoffs`, { documentId }, csrfOf(html))
      .set('Referer', `http://127.0.0.1/console/projects/${id}/signoffs`)
      .set('Host', '127.0.0.1')
      .expect(303);
    expect(await getPage(t, `/console/projects/${id}/signoffs`, cookie)).toContain(
      'id="contactIds-error"',
    );
  });

  it('records an approval given on paper with the signature details', async () => {
    const { id, p } = await readyForReview(t, world);
    await p.post(world.consultant.token, '/send');
    const html = await getPage(t, `/console/projects/${id}`, cookie);
    expect(html).toContain('Entscheidung des Kunden erfassen');
    await post(
      `/console/projects/${id}/paper-decision`,
      {
        version: String(p.version),
        decision: 'approve',
        signerName: 'Jörg Schäfer',
        method: 'paper',
        signedAt: '2026-11-20T14:30',
      },
      csrfOf(html),
    ).expect(303);
    const project = (await t.http.get(`/projects/${id}`).set(bearer(t.adminToken))).body;
    expect(project.stage).toBe('approved');
    expect(project.approval).toMatchObject({ approvedBy: 'Jörg Schäfer', method: 'paper' });
    expect(project.approval.approvedAt).toBe('2026-11-20T13:30:00.000Z');
  });
});
