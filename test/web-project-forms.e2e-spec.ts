import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectWorld, readyForReview, type ProjectWorld } from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { csrfOf, getPage, pageLogin } from './support/web.js';

/*
 * The project page's forms after a refusal (rows typed into the change request come back; a
 * refused form's errors and values stay in that form), and the estimate's live totals.
 */
describe('project page: refused forms keep their own rows, live totals', () => {
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
      .set('Referer', `http://127.0.0.1${path.split('/').slice(0, 4).join('/')}`)
      .set('Host', '127.0.0.1')
      .type('form')
      .send({ ...form, _csrf: csrf });
  const api = async (id: string) =>
    (await t.http.get(`/projects/${id}`).set(bearer(t.adminToken)).expect(200)).body;
  /** One form of the page: from its opening tag (by action) to its end. */
  const formOf = (html: string, action: string) => {
    const start = html.indexOf(`action="${action}"`);
    expect(start).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</form>', start));
  };
  /** The scope a form posts, as the page wrote it. */
  const scopeOf = (form: string) => /name="_form" value="([^"]+)"/.exec(form)?.[1];

  it('a refused change request comes back with every typed row and its error', async () => {
    const { id, p } = await readyForReview(t, world);
    await p.post(world.consultant.token, '/send');
    await p.post(world.customerUser.token, '/approve', {});
    let html = await getPage(t, `/console/projects/${id}`, cookie);
    const action = `/console/projects/${id}/change-requests`;
    expect(scopeOf(formOf(html, action))).toBe('change-request');

    const refused = await post(
      action,
      {
        _form: 'change-request',
        title: 'Zusätzliche Geräte',
        description: 'Drucker & Scanner im Empfang',
        lineTitle: ['Druckereinrichtung', '', 'Scanner <Empfang>', '', ''],
        lineQuantity: ['1', '1', '2,5', '1', '1'],
        lineUnit: ['flat', 'hour', 'day', 'hour', 'hour'],
        linePrice: ['150', '', '-5', '', ''],
      },
      csrfOf(html),
    ).expect(303);
    html = await getPage(t, refused.headers.location, cookie);
    const form = formOf(html, action);
    expect(form).toContain(
      'id="cr-title" name="title" required maxlength="200" value="Zusätzliche Geräte"',
    );
    expect(form).toContain('>Drucker &amp; Scanner im Empfang</textarea>');
    expect(form).toMatch(/id="cr-title-0"[^>]*value="Druckereinrichtung"/);
    expect(form).toMatch(/id="cr-price-0"[^>]*value="150"/);
    expect(form).toMatch(/id="cr-title-2"[^>]*value="Scanner &lt;Empfang&gt;"/);
    expect(form).toMatch(/id="cr-quantity-2"[^>]*value="2,5"/);
    expect(form).toMatch(/id="cr-price-2"[^>]*value="-5"/);
    const unitOf = (row: number) =>
      /<option value="(\w+)" selected>/.exec(
        form.slice(form.indexOf(`id="cr-unit-${row}"`), form.indexOf(`id="cr-price-${row}"`)),
      )?.[1];
    expect([0, 1, 2, 3, 4].map(unitOf)).toEqual(['flat', 'hour', 'day', 'hour', 'hour']);
    expect(form).toMatch(/id="cr-title-1"[^>]*value=""/);
    expect(form).toContain('id="lines.2.unitPrice-error">Bitte einen Betrag wie 120,00 eingeben.');
    expect(form).not.toContain('id="lines.0.unitPrice-error"');
    expect(
      (await t.http.get(`/projects/${id}/change-requests`).set(bearer(t.adminToken)).expect(200))
        .body,
    ).toEqual([]);

    // Shown once: the next visit has the empty form again.
    html = await getPage(t, `/console/projects/${id}`, cookie);
    expect(formOf(html, action)).toMatch(/id="cr-title-0"[^>]*value=""/);
    expect(formOf(html, action)).not.toContain('field-error');
  });

  it("a refused form's error and typed value stay in that form, not in a same-named field", async () => {
    const { id } = await readyForReview(t, world);
    const concept = `/console/projects/${id}/concept`;
    const items = `/console/projects/${id}/items`;
    let html = await getPage(t, `/console/projects/${id}`, cookie);
    expect(scopeOf(formOf(html, concept))).toBe('concept');
    expect(scopeOf(formOf(html, items))).toBe('item');
    const version = String((await api(id)).version);

    // The estimate line form refused: its title comes back, the concept paper's stays.
    const line = await post(
      items,
      {
        _form: 'item',
        version,
        title: 'Schulung',
        quantity: 'viel',
        unit: 'hour',
        unitPrice: '90',
      },
      csrfOf(html),
    ).expect(303);
    html = await getPage(t, line.headers.location, cookie);
    expect(formOf(html, items)).toMatch(/id="item-title"[^>]*value="Schulung"/);
    expect(formOf(html, items)).toMatch(/id="item-quantity"[^>]*value="viel"/);
    expect(formOf(html, items)).toContain('id="quantity-error"');
    expect(formOf(html, concept)).toMatch(
      /id="concept-title"[^>]*value="Migration des Mailservers"/,
    );
    expect(formOf(html, concept)).not.toContain('field-error');
    expect(formOf(html, `/console/projects/${id}/requirements`)).not.toContain('field-error');

    // The concept paper refused (an empty title): its error, and none at the line's title.
    const paper = await post(
      concept,
      { _form: 'concept', version, title: '', background: 'Neu geschrieben' },
      csrfOf(html),
    ).expect(303);
    html = await getPage(t, paper.headers.location, cookie);
    expect(formOf(html, concept)).toContain('id="title-error"');
    expect(formOf(html, concept)).toContain('>Neu geschrieben</textarea>');
    expect(formOf(html, items)).not.toContain('field-error');
    expect(formOf(html, items)).toMatch(/id="item-title"[^>]*value=""/);
    expect(formOf(html, items)).toMatch(/id="item-quantity"[^>]*value="1"/);
    expect((await api(id)).title).toBe('Migration des Mailservers');
  });

  it('previews the totals with the line being typed, nothing saved', async () => {
    const { id } = await readyForReview(t, world);
    const before = await api(id);
    expect(before.totals.grossCents).toBe(142_800);
    const html = await getPage(t, `/console/projects/${id}`, cookie);
    const preview = (form: Record<string, string>, item?: string) =>
      t.http
        .post(`/console/projects/${id}/estimate/preview${item ? `?item=${item}` : ''}`)
        .set('Cookie', cookie)
        .set('HX-Request', 'true')
        .set('Sec-Fetch-Dest', 'empty')
        .set('X-CSRF-Token', csrfOf(html))
        .type('form')
        .send({ _form: 'item', version: String(before.version), title: '', ...form });

    // A new line of 5 hours at 100 €: net 1,700 €, VAT 323 €, gross 2,023 €.
    const added = await preview({ quantity: '5', unit: 'hour', unitPrice: '100' }).expect(200);
    expect(added.text).toMatch(/^<tfoot id="estimate-totals">/);
    expect(added.text).toContain('Vorschau');
    expect(added.text).toContain('1.700,00\u00a0€');
    expect(added.text).toContain('323,00\u00a0€');
    expect(added.text).toContain('data-total="gross">2.023,00\u00a0€');
    // From the price list (120 €), optional: not in the price, shown as optional.
    const optional = await preview({
      quantity: '2',
      unit: 'hour',
      serviceRateId: world.serviceRateId,
      unitPrice: '',
      optional: 'on',
    }).expect(200);
    expect(optional.text).toContain('data-total="gross">1.428,00\u00a0€');
    expect(optional.text).toContain('240,00\u00a0€');

    // The existing line changed to 20 hours: net 2,400 €, gross 2,856 €.
    const [item] = before.items as Array<{ id: string }>;
    const changed = await preview(
      { quantity: '20', unit: 'hour', serviceRateId: world.serviceRateId, unitPrice: '120' },
      item.id,
    ).expect(200);
    expect(changed.text).toContain('data-total="gross">2.856,00\u00a0€');

    // Not a line yet: no answer to swap in (the totals stay), and no error for the page.
    await preview({ quantity: 'viel', unit: 'hour', unitPrice: '100' }).expect(204);
    await preview({ quantity: '0', unit: 'hour', unitPrice: '100' }).expect(204);
    await preview({ quantity: '2', unit: 'hour', unitPrice: '' }).expect(204);
    const after = await getPage(t, `/console/projects/${id}`, cookie);
    expect(after).not.toContain('field-error');
    expect(after).not.toContain('banner-error');

    // Nothing was saved.
    const unchanged = await api(id);
    expect(unchanged.version).toBe(before.version);
    expect(unchanged.items).toEqual(before.items);
    expect(unchanged.totals).toEqual(before.totals);
  });
});
