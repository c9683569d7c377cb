import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { configureCompany, createCustomer, createUser } from './support/factories.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { csrfOf, getPage, pageLogin } from './support/web.js';

describe('consultant console: projects', () => {
  let t: TestApp;
  let cookie: string;
  let customerId: string;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    await configureCompany(t);
    customerId = (await createCustomer(t, { name: 'Müller & Söhne GmbH' })).id;
    const consultant = await createUser(t, 'consultant', { name: 'Clara Beraterin' });
    cookie = await pageLogin(t, consultant.email, consultant.password);
  });
  afterAll(() => t.close());

  const post = (path: string, form: Record<string, string>, csrf: string) =>
    t.http
      .post(path)
      .set('Cookie', cookie)
      .type('form')
      .send({ ...form, _csrf: csrf });

  const apiProject = async (id: string) =>
    (await t.http.get(`/projects/${id}`).set(bearer(t.adminToken)).expect(200)).body;

  async function newProject(title: string): Promise<string> {
    const csrf = csrfOf(await getPage(t, `/console/projects/new?customerId=${customerId}`, cookie));
    const created = await post('/console/projects/new', { customerId, title }, csrf).expect(303);
    return created.headers.location.split('/').pop()!;
  }

  it('creates a project, edits the concept paper and the estimate, and starts the solution', async () => {
    const id = await newProject('Mailserver-Migration');
    let html = await getPage(t, `/console/projects/${id}`, cookie);
    expect(html).toContain('Das Projekt ist angelegt.');
    expect(html).toContain('aria-current="step">Konzept');
    const csrf = csrfOf(html);
    let version = (await apiProject(id)).version as number;

    await post(
      `/console/projects/${id}/concept`,
      {
        version: String(version),
        title: 'Mailserver-Migration',
        background: 'Altes System',
        goals: 'Neues System',
      },
      csrf,
    ).expect(303);
    version = (await apiProject(id)).version;
    await post(
      `/console/projects/${id}/requirements`,
      {
        version: String(version),
        text: 'Postfächer umziehen',
        priority: 'must',
        acceptanceCriterion: 'Alle Mails da',
      },
      csrf,
    ).expect(303);
    version = (await apiProject(id)).version;
    await post(
      `/console/projects/${id}/items`,
      {
        version: String(version),
        title: 'Umzug',
        quantity: '2,5',
        unit: 'hour',
        unitPrice: '120,00',
      },
      csrf,
    ).expect(303);

    const project = await apiProject(id);
    expect(project.background).toBe('Altes System');
    expect(project.requirements).toHaveLength(1);
    expect(project.items[0]).toMatchObject({
      quantity: '2.5',
      unitPriceCents: 12000,
      netCents: 30000,
    });
    html = await getPage(t, `/console/projects/${id}`, cookie);
    // Totals as the estimate code computed them, in German format.
    expect(html).toContain('<td class="num">2,5</td>');
    expect(html).toContain('300,00\u00a0€');
    expect(html).toContain(
      `${(project.totals.grossCents / 100).toFixed(2).replace('.', ',')}\u00a0€`,
    );
    expect(html).toContain('data-action="start_solution"');

    await post(
      `/console/projects/${id}/actions/start_solution`,
      { version: String(project.version) },
      csrf,
    ).expect(303);
    expect((await apiProject(id)).stage).toBe('solution');
  });

  it('shows a stale form as "changed by someone else" and changes nothing', async () => {
    const id = await newProject('Konfliktprojekt');
    const html = await getPage(t, `/console/projects/${id}`, cookie);
    const before = await apiProject(id);
    await t.http
      .patch(`/projects/${id}`)
      .set(bearer(t.adminToken))
      .send({ version: before.version, goals: 'von jemand anderem' })
      .expect(200);
    const refused = await post(
      `/console/projects/${id}/concept`,
      { version: String(before.version), title: 'Überschrieben', background: '', goals: 'meins' },
      csrfOf(html),
    )
      .set('Referer', `http://127.0.0.1/console/projects/${id}`)
      .set('Host', '127.0.0.1')
      .expect(303);
    expect(refused.headers.location).toBe(`/console/projects/${id}`);
    expect(await getPage(t, `/console/projects/${id}`, cookie)).toContain(
      'Jemand anderes hat das Projekt inzwischen geändert',
    );
    expect((await apiProject(id)).goals).toBe('von jemand anderem');
  });

  it('refuses an empty requirement next to its field and keeps what was typed', async () => {
    const id = await newProject('Validierung');
    const html = await getPage(t, `/console/projects/${id}`, cookie);
    const { version } = await apiProject(id);
    await post(
      `/console/projects/${id}/requirements`,
      {
        version: String(version),
        text: '',
        priority: 'must',
        acceptanceCriterion: 'Kriterium bleibt',
      },
      csrfOf(html),
    )
      .set('Referer', `http://127.0.0.1/console/projects/${id}`)
      .set('Host', '127.0.0.1')
      .expect(303);
    const again = await getPage(t, `/console/projects/${id}`, cookie);
    expect(again).toContain('id="text-error"');
    expect(again).toContain('Kriterium bleibt');
    expect((await apiProject(id)).requirements).toHaveLength(0);
  });

  it('edits a requirement, adds a price-list line and cancels the project with a reason', async () => {
    const rate = await t.http
      .post('/price-list/services')
      .set(bearer(t.adminToken))
      .send({ code: 'WEB-BER', name: 'Beratung', unit: 'hour', rateCents: 11000 })
      .expect(201);
    const id = await newProject('Bearbeiten');
    const csrf = csrfOf(await getPage(t, `/console/projects/${id}`, cookie));
    let version = (await apiProject(id)).version as number;
    await post(
      `/console/projects/${id}/requirements`,
      { version: String(version), text: 'Alt', priority: 'could', acceptanceCriterion: 'K' },
      csrf,
    ).expect(303);
    const project = await apiProject(id);
    const requirementId = project.requirements[0].id as string;
    const html = await getPage(t, `/console/projects/${id}`, cookie);
    expect(html).toContain(`action="/console/projects/${id}/requirements/${requirementId}"`);
    await post(
      `/console/projects/${id}/requirements/${requirementId}`,
      {
        version: String(project.version),
        text: 'Neu',
        priority: 'must',
        acceptanceCriterion: 'K2',
      },
      csrf,
    ).expect(303);
    version = (await apiProject(id)).version;
    await post(
      `/console/projects/${id}/items`,
      {
        version: String(version),
        title: 'Beratung',
        quantity: '3',
        unit: 'hour',
        serviceRateId: rate.body.id,
      },
      csrf,
    ).expect(303);
    const after = await apiProject(id);
    expect(after.requirements[0]).toMatchObject({ text: 'Neu', priority: 'must' });
    expect(after.items[0]).toMatchObject({ unitPriceCents: 11000, serviceRateId: rate.body.id });

    await post(
      `/console/projects/${id}/cancel`,
      { version: String(after.version), reason: 'Kunde verzichtet' },
      csrf,
    ).expect(303);
    expect(await apiProject(id)).toMatchObject({
      stage: 'cancelled',
      cancelReason: 'Kunde verzichtet',
    });
    expect(await getPage(t, `/console/projects/${id}`, cookie)).toContain('Kunde verzichtet');
  });

  it('loads the history when its section is opened: a fragment for htmx, a page without JS', async () => {
    const id = await newProject('Verlauf');
    const csrf = csrfOf(await getPage(t, `/console/projects/${id}`, cookie));
    const version = (await apiProject(id)).version as number;
    await post(
      `/console/projects/${id}/cancel`,
      { version: String(version), reason: 'Budget gestrichen' },
      csrf,
    ).expect(303);
    const trail = (
      await t.http
        .get(`/audit?entityType=project&entityId=${id}&pageSize=100`)
        .set(bearer(t.adminToken))
        .expect(200)
    ).body.items as Array<{ action: string }>;
    expect(trail.map((entry) => entry.action)).toEqual(expect.arrayContaining(['created']));

    // The project page names where the history is, in both ways, but does not read it.
    const show = await getPage(t, `/console/projects/${id}`, cookie);
    const section = show.slice(show.indexOf('<section id="trail"'));
    expect(section).toContain(`hx-get="/console/projects/${id}/trail"`);
    expect(section).toContain(`href="/console/projects/${id}/trail"`);
    expect(section).not.toContain('Projekt angelegt');

    // With htmx: the entries alone, to go into the opened section.
    const fragment = await t.http
      .get(`/console/projects/${id}/trail`)
      .set('Cookie', cookie)
      .set('HX-Request', 'true')
      .expect(200);
    expect(fragment.text).not.toContain('<html');
    expect(fragment.text).toContain('<ol class="trail">');
    expect(fragment.text).toContain('Projekt angelegt');
    expect(fragment.text).toContain('Budget gestrichen');
    expect((fragment.text.match(/<li>/g) ?? []).length).toBe(trail.length);

    // Without JavaScript: the same entries on a page of its own, with the way back.
    const page = await getPage(t, `/console/projects/${id}/trail`, cookie);
    expect(page).toContain('<html');
    expect(page).toContain(`href="/console/projects/${id}"`);
    expect(page).toContain('Projekt angelegt');
    expect(page).toContain('Budget gestrichen');

    // Someone who may not see the project gets no history either.
    const customerUser = await createUser(t, 'customer', { customerId });
    const customerSession = await pageLogin(t, customerUser.email, customerUser.password);
    await t.http.get(`/console/projects/${id}/trail`).set('Cookie', customerSession).expect(403);
    await t.http
      .get('/console/projects/00000000-0000-4000-8000-000000000000/trail')
      .set('Cookie', cookie)
      .expect(404);
  });

  it('renders script and attribute payloads in every text field inert', async () => {
    const payload = '<script>alert(1)</script>"onmouseover="alert(2)';
    const customer = await createCustomer(t, { name: `${payload} GmbH` });
    const csrf = csrfOf(await getPage(t, '/console/projects/new', cookie));
    const created = await post(
      '/console/projects/new',
      { customerId: customer.id, title: payload },
      csrf,
    ).expect(303);
    const id = created.headers.location.split('/').pop()!;
    let version = (await apiProject(id)).version as number;
    await post(
      `/console/projects/${id}/concept`,
      { version: String(version), title: payload, background: payload, goals: payload },
      csrf,
    ).expect(303);
    version = (await apiProject(id)).version;
    await post(
      `/console/projects/${id}/requirements`,
      { version: String(version), text: payload, priority: 'must', acceptanceCriterion: payload },
      csrf,
    ).expect(303);
    version = (await apiProject(id)).version;
    await post(
      `/console/projects/${id}/items`,
      { version: String(version), title: payload, quantity: '1', unit: 'flat', unitPrice: '1' },
      csrf,
    ).expect(303);

    for (const path of [
      `/console/projects/${id}`,
      `/console/projects?customerId=${customer.id}`,
      '/console',
    ]) {
      const html = await getPage(t, path, cookie);
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('"onmouseover="');
      expect(html).toContain(
        '&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover&#x3D;&quot;alert(2)',
      );
    }
  });

  it('keeps customers out of the console and lets finance read but not change projects', async () => {
    const customerUser = await createUser(t, 'customer', { customerId });
    const customerSession = await pageLogin(t, customerUser.email, customerUser.password);
    await t.http.get('/console/projects').set('Cookie', customerSession).expect(403);

    const finance = await createUser(t, 'finance');
    const session = await pageLogin(t, finance.email, finance.password);
    const list = await getPage(t, '/console/projects', session);
    const csrf = csrfOf(list);
    await t.http.get('/console/projects/new').set('Cookie', session).expect(403);
    const refused = await t.http
      .post('/console/projects/new')
      .set('Cookie', session)
      .type('form')
      .send({ _csrf: csrf, customerId, title: 'Von der Buchhaltung' });
    expect(refused.status).toBe(403);
    expect(list).not.toContain('Von der Buchhaltung');
    const projects = await t.http.get('/projects').set(bearer(t.adminToken)).expect(200);
    expect(projects.body.items.map((p: { title: string }) => p.title)).not.toContain(
      'Von der Buchhaltung',
    );
  });
});
