import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { offsetDays } from './support/factories.js';
import { projectWorld, readyForReview, type ProjectWorld } from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { csrfOf, getPage, pageLogin } from './support/web.js';

/*
 * The console's issue-17 leftovers: reordering requirements (API and page), change requests of
 * several lines, revision diffs in readable values, and field errors in the page's language.
 */
describe('console: reorder, change requests of several lines, readable diffs', () => {
  let t: TestApp;
  let world: ProjectWorld;
  let cookie: string;
  let customerCookie: string;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    world = await projectWorld(t);
    cookie = await pageLogin(t, world.consultant.email, world.consultant.password);
    customerCookie = await pageLogin(t, world.customerUser.email, world.customerUser.password);
  });
  afterAll(() => t.close());

  const post = (path: string, form: Record<string, string | string[]>, csrf: string) =>
    t.http
      .post(path)
      .set('Cookie', cookie)
      .set('Referer', `http://127.0.0.1${path.split('/').slice(0, 4).join('/')}`)
      .set('Host', '127.0.0.1')
      .type('form')
      .send({ ...form, _csrf: csrf });
  const api = async (id: string) =>
    (await t.http.get(`/projects/${id}`).set(bearer(t.adminToken)).expect(200)).body;
  const texts = (project: { requirements: Array<{ text: string }> }) =>
    project.requirements.map((r) => r.text);
  const trail = async (id: string) =>
    (
      await t.http
        .get(`/audit?entityType=project&entityId=${id}&pageSize=100`)
        .set(bearer(t.adminToken))
        .expect(200)
    ).body.items as Array<{ action: string; changes: Record<string, unknown> }>;

  async function threeRequirements() {
    const { id, p } = await readyForReview(t, world);
    for (const text of ['Zweite Anforderung', 'Dritte Anforderung']) {
      await p.post(
        world.consultant.token,
        '/requirements',
        { version: p.version, text, priority: 'should', acceptanceCriterion: 'prüfbar' },
        201,
      );
    }
    return { id, p };
  }

  it('moves a requirement through the API with the version lock and an audit entry', async () => {
    const { id, p } = await threeRequirements();
    const before = await p.read(world.consultant.token);
    const third = before.requirements[2];
    const moved = await t.http
      .patch(`/projects/${id}/requirements/${third.id}`)
      .set(bearer(world.consultant.token))
      .send({ version: before.version, position: 1 })
      .expect(200);
    expect(texts(moved.body)).toEqual([
      'Dritte Anforderung',
      'Alle Postfächer werden übernommen',
      'Zweite Anforderung',
    ]);
    expect(moved.body.requirements.map((r: { number: number }) => r.number)).toEqual([1, 2, 3]);
    const entry = (await trail(id)).find((e) => e.action === 'requirement_changed');
    expect(entry?.changes).toMatchObject({ requirementId: third.id, position: { from: 3, to: 1 } });

    // A stale version is a conflict and moves nothing.
    await t.http
      .patch(`/projects/${id}/requirements/${third.id}`)
      .set(bearer(world.consultant.token))
      .send({ version: before.version, position: 3 })
      .expect(409);
    // Past the end of the list: refused at the field, nothing moved.
    const beyond = await t.http
      .patch(`/projects/${id}/requirements/${third.id}`)
      .set(bearer(world.consultant.token))
      .send({ version: moved.body.version, position: 4 })
      .expect(400);
    expect(beyond.body.errors).toEqual([
      { field: 'position', messages: ['position must be at most 3'] },
    ]);
    const after = await api(id);
    expect(texts(after)).toEqual(texts(moved.body));
    expect(after.version).toBe(moved.body.version);
  });

  it('moves requirements up and down from the concept paper, without JavaScript', async () => {
    const { id } = await threeRequirements();
    let html = await getPage(t, `/console/projects/${id}`, cookie);
    const project = await api(id);
    const [first, second] = project.requirements;
    const moveForm = (rid: string) => `/console/projects/${id}/requirements/${rid}/move`;
    // The first has no "up", the last no "down".
    const firstBlock = html.slice(html.indexOf(first.text), html.indexOf(second.text));
    expect(firstBlock).toContain('data-move="down"');
    expect(firstBlock).not.toContain('data-move="up"');
    expect(html.match(/data-move="up"/g)).toHaveLength(2);
    expect(html.match(/data-move="down"/g)).toHaveLength(2);

    const down = await post(
      moveForm(first.id),
      { version: String(project.version), position: '2' },
      csrfOf(html),
    ).expect(303);
    expect(down.headers.location).toBe(`/console/projects/${id}#requirements`);
    const moved = await api(id);
    expect(texts(moved)).toEqual([second.text, first.text, 'Dritte Anforderung']);

    // The form of the page before the move is stale now: "changed by someone else", no move.
    const stale = await post(
      moveForm(first.id),
      { version: String(project.version), position: '1' },
      csrfOf(html),
    ).expect(303);
    html = await getPage(t, stale.headers.location, cookie);
    expect(html).toContain('geändert');
    expect(texts(await api(id))).toEqual(texts(moved));
  });

  it('drafts a change request of several lines; a negative line is refused in German', async () => {
    const { id, p } = await readyForReview(t, world);
    const staff = world.consultant.token;
    await p.post(staff, '/send');
    await p.post(world.customerUser.token, '/approve', {});
    let html = await getPage(t, `/console/projects/${id}`, cookie);
    expect(html.match(/name="lineTitle"/g)).toHaveLength(5);
    const rows = (lines: string[][]) => ({
      lineTitle: lines.map((l) => l[0]),
      lineQuantity: lines.map((l) => l[1]),
      lineUnit: lines.map((l) => l[2]),
      linePrice: lines.map((l) => l[3]),
    });
    const empty = ['', '1', 'hour', ''];
    const crPath = `/console/projects/${id}/change-requests`;
    const listCrs = async () =>
      (await t.http.get(`/projects/${id}/change-requests`).set(bearer(staff)).expect(200)).body;

    const refused = await post(
      crPath,
      {
        title: 'Gutschrift',
        description: 'Weniger Postfächer',
        ...rows([['Minderaufwand', '1', 'flat', '-100'], empty, empty, empty, empty]),
      },
      csrfOf(html),
    ).expect(303);
    html = await getPage(t, refused.headers.location, cookie);
    expect(html).toContain('id="lines.0.unitPrice-error">Bitte einen Betrag wie 120,00 eingeben.');
    expect(await listCrs()).toEqual([]);

    await post(
      crPath,
      {
        title: 'Zusätzliche Geräte',
        description: 'Drucker und Scanner im Empfang',
        newCompletionDate: offsetDays(80),
        ...rows([
          ['Druckereinrichtung', '1', 'flat', '150'],
          empty,
          ['Scanner', '2,5', 'hour', '120,50'],
          empty,
          empty,
        ]),
      },
      csrfOf(html),
    ).expect(303);
    const [cr] = await listCrs();
    expect(cr).toMatchObject({
      title: 'Zusätzliche Geräte',
      deltaNetCents: 15_000 + 30_125,
      lines: [
        { title: 'Druckereinrichtung', unit: 'flat', unitPriceCents: 15_000 },
        { title: 'Scanner', quantity: '2.5', unit: 'hour', unitPriceCents: 12_050 },
      ],
    });

    // No line at all: refused, nothing drafted.
    html = await getPage(t, `/console/projects/${id}`, cookie);
    const none = await post(
      crPath,
      { title: 'Leer', description: 'nichts', ...rows([empty, empty, empty, empty, empty]) },
      csrfOf(html),
    ).expect(303);
    html = await getPage(t, none.headers.location, cookie);
    expect(html).toContain('Bitte mindestens 1 eintragen.');
    expect(await listCrs()).toHaveLength(1);
  });

  it('shows field errors of the estimate form in German', async () => {
    const { id } = await readyForReview(t, world);
    const before = await api(id);
    let html = await getPage(t, `/console/projects/${id}`, cookie);
    const refused = await post(
      `/console/projects/${id}/items`,
      { version: String(before.version), title: '', quantity: 'viel', unit: 'hour' },
      csrfOf(html),
    ).expect(303);
    html = await getPage(t, refused.headers.location, cookie);
    expect(html).toContain('id="title-error">Bitte ausfüllen.');
    expect(html).toContain('id="quantity-error">Das Format stimmt nicht.');
    expect(html).not.toMatch(/must match|should not be empty/);
    expect((await api(id)).items).toHaveLength(before.items.length);
  });

  it('shows a changed VAT rate, validity and terms as people read them', async () => {
    const { id, p } = await readyForReview(t, world);
    const staff = world.consultant.token;
    await p.post(staff, '/send');
    await p.post(world.customerUser.token, '/request-changes', { comment: 'Bitte 7 %' });
    await p.read(staff);
    await p.patch(staff, '', { vatRate: '7', validUntil: offsetDays(40), terms: 'Zahlbar sofort' });
    await p.post(staff, '/send');

    const [y, m, d] = offsetDays(40).split('-');
    const console = await getPage(t, `/console/projects/${id}/revisions?from=1&to=2`, cookie);
    expect(console).toContain('19\u00a0%');
    expect(console).toContain('7\u00a0%');
    expect(console).not.toContain('>1900<');
    expect(console).toContain(`${d}.${m}.${y}`);
    expect(console).toContain('Zahlbar sofort');

    const portal = await getPage(t, `/portal/projects/${id}`, customerCookie);
    const diff = portal.slice(portal.indexOf('data-testid="diff"'));
    expect(diff).toContain('19\u00a0%');
    expect(diff).toContain('7\u00a0%');
    expect(diff).not.toMatch(/19 %|1900/);
    expect(diff).toContain(`${d}.${m}.${y}`);
  });

  it('edits an estimate line on its own page (no JavaScript) and inline (htmx), totals from the service', async () => {
    const { id, p } = await readyForReview(t, world);
    const staff = world.consultant.token;
    await p.post(
      staff,
      '/items',
      {
        version: p.version,
        title: 'Schulung',
        quantity: '2',
        unit: 'hour',
        unitPriceCents: 9000,
        optional: true,
      },
      201,
    );
    const before = await api(id);
    const line = before.items.find((i: { title: string }) => i.title === 'Schulung');
    const editPath = `/console/projects/${id}/items/${line.id}/edit`;

    // Without JavaScript: a page with the line's values, then post → redirect → get.
    let html = await getPage(t, editPath, cookie);
    expect(html).toContain('<html');
    expect(html).toContain(`value="Schulung"`);
    expect(html).toContain('value="90,00"');
    expect(html).toMatch(/name="optional" value="on" checked/);
    const saved = await post(
      `/console/projects/${id}/items/${line.id}`,
      {
        version: String(before.version),
        title: 'Schulung vor Ort',
        quantity: '3,5',
        unit: 'hour',
        serviceRateId: '',
        unitPrice: '90,00',
        optional: 'off',
      },
      csrfOf(html),
    ).expect(303);
    expect(saved.headers.location).toBe(`/console/projects/${id}#estimate`);
    const edited = await api(id);
    const after = edited.items.find((i: { id: string }) => i.id === line.id);
    expect(after).toMatchObject({
      title: 'Schulung vor Ort',
      quantity: '3.5',
      optional: false,
      netCents: 31_500,
    });
    expect(edited.totals.netCents).toBe(before.totals.netCents + 31_500);

    // htmx: the row comes as a form fragment, saving answers the table with the new totals.
    const row = await t.http
      .get(editPath)
      .set('Cookie', cookie)
      .set('HX-Request', 'true')
      .expect(200);
    expect(row.text.trimStart()).toMatch(/^<tr id="item-/);
    expect(row.text).not.toContain('<html');
    const swapped = await post(
      `/console/projects/${id}/items/${line.id}`,
      {
        version: String(edited.version),
        title: 'Schulung vor Ort',
        quantity: '1',
        unit: 'day',
        serviceRateId: '',
        unitPrice: '800',
        optional: ['off', 'on'],
      },
      csrfOf(html),
    )
      .set('HX-Request', 'true')
      .expect(200);
    const fresh = await api(id);
    expect(fresh.items.find((i: { id: string }) => i.id === line.id)).toMatchObject({
      unit: 'day',
      optional: true,
      netCents: 80_000,
    });
    expect(swapped.text.trimStart()).toMatch(/^(<!--[^]*?-->\s*)?<div id="estimate-table">/);
    const euro = (cents: number) =>
      new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(cents / 100);
    expect(swapped.text).toContain(euro(fresh.totals.grossCents));
    expect(swapped.text).toContain(euro(fresh.totals.optionalNetCents));
    expect(JSON.parse(String(swapped.headers['hx-trigger']))).toEqual({
      projectVersion: { version: fresh.version },
    });

    // A stale version is refused and changes nothing.
    html = await getPage(t, editPath, cookie);
    await post(
      `/console/projects/${id}/items/${line.id}`,
      {
        version: String(edited.version),
        title: 'Zu spät',
        quantity: '1',
        unit: 'day',
        serviceRateId: '',
        unitPrice: '1',
        optional: 'off',
      },
      csrfOf(html),
    ).expect(303);
    expect((await api(id)).items.find((i: { id: string }) => i.id === line.id).title).toBe(
      'Schulung vor Ort',
    );
  });
});
