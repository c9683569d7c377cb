import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCustomer, createUser, offsetDays } from './support/factories.js';
import { projectClient, projectWorld, type ProjectWorld } from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { getPage, pageLogin } from './support/web.js';

const PAYLOAD = '<script>alert(1)</script>"onmouseover="alert(2)';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover&#x3D;&quot;alert(2)';

/** Every text a person types into a project, through the API, then every page that shows it. */
describe('XSS: user text on every console page is inert', () => {
  let t: TestApp;
  let world: ProjectWorld;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    world = await projectWorld(t);
  });
  afterAll(() => t.close());

  it('escapes script and attribute payloads in every text field of a project', async () => {
    const token = world.consultant.token;
    const customer = await createCustomer(t, {
      name: `${PAYLOAD} GmbH`,
      notes: PAYLOAD,
      contacts: [
        { name: PAYLOAD, email: 'xss@kunde.example', isSignatory: true, position: PAYLOAD },
      ],
    });
    const user = await createUser(t, 'customer', { customerId: customer.id, name: PAYLOAD });
    const created = await t.http
      .post('/projects')
      .set(bearer(token))
      .send({ customerId: customer.id, title: PAYLOAD, billingMode: 'time_and_materials' })
      .expect(201);
    const id = created.body.id as string;
    const p = projectClient(t, id);
    await p.read(token);
    await p.patch(token, '', {
      background: PAYLOAD,
      goals: PAYLOAD,
      terms: PAYLOAD,
      validUntil: offsetDays(30),
    });
    const requirement = {
      text: PAYLOAD,
      priority: 'must',
      acceptanceCriterion: PAYLOAD,
      solution: PAYLOAD,
    };
    await p.post(token, '/requirements', { version: p.version, ...requirement }, 201);
    await p.read(token);
    await p.post(token, '/start-solution');
    const item = {
      title: PAYLOAD,
      description: PAYLOAD,
      quantity: '10',
      unit: 'hour',
      serviceRateId: world.serviceRateId,
    };
    await p.post(token, '/items', { version: p.version, ...item }, 201);
    await p.read(token);
    await p.post(token, '/send');
    await p.post(user.token, '/request-changes', { comment: PAYLOAD });
    await p.read(token);
    await p.post(token, '/send');
    await p.post(user.token, '/approve', {});
    await p.post(token, '/schedule', { completionDate: offsetDays(20) });
    await p.post(token, '/start-work');
    await t.http
      .put(`/projects/${id}/completion-date`)
      .set(bearer(token))
      .send({ completionDate: offsetDays(30), reason: PAYLOAD })
      .expect(200);
    await t.http
      .post(`/projects/${id}/time-entries`)
      .set(bearer(token))
      .send({
        day: offsetDays(0),
        minutes: 30,
        description: PAYLOAD,
        serviceRateId: world.serviceRateId,
      })
      .expect(201);
    await t.http
      .post(`/projects/${id}/change-requests`)
      .set(bearer(token))
      .send({
        title: PAYLOAD,
        description: PAYLOAD,
        lines: [{ title: PAYLOAD, quantity: '1', unit: 'flat', unitPriceCents: 100 }],
      })
      .expect(201);
    await p.read(token);
    await p.post(token, '/submit-qa');
    const rounds = (await t.http.get(`/projects/${id}/qa-rounds`).set(bearer(token))).body;
    await t.http
      .put(`/projects/${id}/qa-checks/${rounds[0].checks[0].id}`)
      .set(bearer(token))
      .send({ result: 'failed', note: PAYLOAD })
      .expect(200);

    const cookie = await pageLogin(t, world.consultant.email, world.consultant.password);
    const pages = [
      `/console/projects/${id}`,
      `/console/projects/${id}/revisions?from=1&to=2`,
      `/console/projects/${id}/signoffs`,
      `/console/projects/${id}/trail`,
      `/console/projects?customerId=${customer.id}`,
      `/console/customers/${customer.id}`,
      `/console/customers/${customer.id}/edit`,
      `/console/customers?q=${encodeURIComponent('<script>')}`,
      '/console',
    ];
    for (const path of pages) {
      const html = await getPage(t, path, cookie);
      expect(html).not.toContain('<script>alert');
      expect(html).not.toMatch(/"onmouseover=/i);
      expect(html).not.toMatch(/\sonmouseover=/i);
      if (!path.startsWith('/console/customers?')) expect(html).toContain(ESCAPED);
    }
  });
});
