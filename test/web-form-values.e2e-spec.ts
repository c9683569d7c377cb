import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiDraft } from './support/finance.js';
import { projectClient, projectWorld, type ProjectWorld } from './support/projects.js';
import { ADMIN, bearer, startTestApp, type TestApp } from './support/test-app.js';
import { getPage, pageLogin } from './support/web.js';

/*
 * Page forms never turn what was typed into something else: an empty number field is "not
 * given" (or refused at the field when it is required), never 0; a form refused posts back with
 * its typed values and the errors at their fields.
 */

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#x3D;': '=',
  '&#x60;': '`',
};
const unescape = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#x27|#x3D|#x60);/g, (e) => ENTITIES[e]);
const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** One form of a page (by its action), as its HTML. */
function formOf(html: string, action: string): string {
  const start = html.lastIndexOf('<form', html.indexOf(`action="${action}"`));
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</form>', start));
}

/** What a browser sends for a form as the page rendered it: inputs, selects, textareas. */
function fieldsOf(form: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  const controls =
    /<input\b[^>]*>|<select\b[^>]*>[\s\S]*?<\/select>|<textarea\b[^>]*>[\s\S]*?<\/textarea>/g;
  for (const [control] of form.matchAll(controls)) {
    const tag = /^<[^>]*>/.exec(control)![0];
    const name = attribute(tag, 'name');
    if (!name) continue;
    if (control.startsWith('<input')) {
      const type = attribute(tag, 'type');
      if ((type === 'checkbox' || type === 'radio') && !/\schecked\b/.test(tag)) continue;
      fields.push([name, unescape(attribute(tag, 'value') ?? (type === 'checkbox' ? 'on' : ''))]);
    } else if (control.startsWith('<select')) {
      const options = [...control.matchAll(/<option\b[^>]*>/g)].map((o) => o[0]);
      const chosen = options.find((o) => /\sselected\b/.test(o)) ?? options[0];
      fields.push([name, unescape(attribute(chosen, 'value') ?? '')]);
    } else {
      fields.push([name, unescape(/^<textarea\b[^>]*>([\s\S]*?)<\/textarea>$/.exec(control)![1])]);
    }
  }
  return fields;
}

const encode = (fields: Array<[string, string]>) =>
  fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

describe('page forms keep what was typed', () => {
  let t: TestApp;
  let world: ProjectWorld;
  let consultant: string;
  let finance: string;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    world = await projectWorld(t);
    consultant = await pageLogin(t, world.consultant.email, world.consultant.password);
    finance = await pageLogin(t, world.finance.email, world.finance.password);
    admin = await pageLogin(t, ADMIN.email, ADMIN.password);
  });
  afterAll(() => t.close());

  /** Posts a form as the browser would, from the page at `from` (its Referer). */
  const post = (cookie: string, action: string, from: string, fields: Array<[string, string]>) =>
    t.http
      .post(action)
      .set('Cookie', cookie)
      .set('Referer', `http://127.0.0.1${from}`)
      .set('Host', '127.0.0.1')
      .type('form')
      .send(encode(fields));
  /** The form's fields with some changed (by name; a name repeated changes its first). */
  const change = (fields: Array<[string, string]>, changes: Record<string, string>) =>
    fields.map(([name, value]): [string, string] => [
      name,
      name in changes ? changes[name] : value,
    ]);
  const api = async (token: string, path: string) =>
    (await t.http.get(path).set(bearer(token)).expect(200)).body;

  describe('an empty number field is not 0', () => {
    it('finance draft: an emptied payment term stays as it was; a line’s description survives the save', async () => {
      const { id } = await apiDraft(
        t,
        world.finance.token,
        world.customerId,
        { unitPriceCents: 10_000 },
        {
          paymentTermsDays: 30,
          lines: [
            {
              title: 'Arbeit',
              description: 'Fernwartung, zwei Termine',
              quantity: '1',
              unit: 'hour',
              unitPriceCents: 10_000,
            },
          ],
        },
      );
      const path = `/console/finance/invoices/${id}`;
      for (const empty of ['', '  ']) {
        const form = formOf(await getPage(t, path, finance), `${path}/draft`);
        const saved = await post(
          finance,
          `${path}/draft`,
          path,
          change(fieldsOf(form), { subject: `Wartung [${empty}]`, paymentTermsDays: empty }),
        );
        expect(saved.status).toBe(303);
        const invoice = await api(world.finance.token, `/invoices/${id}`);
        expect(invoice.subject).toBe(`Wartung [${empty}]`);
        expect(invoice.paymentTermsDays).toBe(30);
        expect(invoice.lines).toMatchObject([
          { title: 'Arbeit', description: 'Fernwartung, zwei Termine', unitPriceCents: 10_000 },
        ]);
      }
    });

    it('dunning settings: an emptied required number is refused at its field, nothing saved', async () => {
      const before = await api(world.finance.token, '/invoices/reminders/settings');
      const path = '/console/finance/reminders';
      const form = formOf(await getPage(t, path, finance), `${path}/settings`);
      expect(fieldsOf(form).find(([name]) => name === 'days0')).toBeDefined();
      const refused = await post(
        finance,
        `${path}/settings`,
        path,
        change(fieldsOf(form), { days0: '', fee1: '7,50' }),
      );
      expect(refused.status).toBe(303);
      const html = await getPage(t, path, finance);
      expect(html).toContain('id="days0-error">Bitte eine ganze Zahl eingeben.</p>');
      // What was typed elsewhere in the form comes back.
      expect(formOf(html, `${path}/settings`)).toMatch(/name="fee1"[^>]*value="7,50"/);
      await expect(api(world.finance.token, '/invoices/reminders/settings')).resolves.toEqual(
        before,
      );
    });

    it('support settings: a threshold of spaces stays as it was (0 would mean "always ask")', async () => {
      await t.http
        .patch('/support/settings')
        .set(bearer(t.adminToken))
        .send({
          version: (await api(t.adminToken, '/support/settings')).version,
          approvalThresholdWorkUnits: 4,
        })
        .expect(200);
      const path = '/console/admin/support-settings';
      const form = formOf(await getPage(t, path, admin), path);
      const saved = await post(
        admin,
        path,
        path,
        change(fieldsOf(form), {
          approvalThresholdWorkUnits: '  ',
          analysisFeeBilledPercent: '40',
        }),
      );
      expect(saved.status).toBe(303);
      const settings = await api(t.adminToken, '/support/settings');
      expect(settings).toMatchObject({
        approvalThresholdWorkUnits: 4,
        analysisFeeBilledPercent: '40.00',
      });
    });

    it('estimate line: no price typed takes the price list’s; neither price nor service is refused at the price', async () => {
      const created = await t.http
        .post('/projects')
        .set(bearer(world.consultant.token))
        .send({ customerId: world.customerId, title: 'Netzwerk erneuern' })
        .expect(201);
      const p = projectClient(t, created.body.id);
      await p.read(world.consultant.token);
      const path = `/console/projects/${created.body.id}`;
      const action = `${path}/items`;

      const form = fieldsOf(formOf(await getPage(t, path, consultant), action));
      const added = await post(
        consultant,
        action,
        path,
        change(form, {
          title: 'Switches tauschen',
          quantity: '2',
          serviceRateId: world.serviceRateId,
          unitPrice: '',
        }),
      );
      expect(added.status).toBe(303);
      const project = await api(world.consultant.token, `/projects/${created.body.id}`);
      expect(project.items).toMatchObject([
        { title: 'Switches tauschen', unitPriceCents: 12_000, netCents: 24_000 },
      ]);

      const again = fieldsOf(formOf(await getPage(t, path, consultant), action));
      const refused = await post(
        consultant,
        action,
        path,
        change(again, { title: 'Kabel', quantity: '3', serviceRateId: '', unitPrice: ' ' }),
      );
      expect(refused.status).toBe(303);
      const html = await getPage(t, path, consultant);
      expect(formOf(html, action)).toContain(
        'id="unitPriceCents-error">Bitte einen Preis eingeben oder eine Leistung aus der Preisliste wählen.</p>',
      );
      expect(formOf(html, action)).toContain('value="Kabel"');
      const after = await api(world.consultant.token, `/projects/${created.body.id}`);
      expect(after.items).toHaveLength(1);
    });

    it('revisions: empty "from" and "to" are no choice, not revision 0', async () => {
      const created = await t.http
        .post('/projects')
        .set(bearer(world.consultant.token))
        .send({ customerId: world.customerId, title: 'Ohne Revision' })
        .expect(201);
      const response = await t.http
        .get(`/console/projects/${created.body.id}/revisions?from=&to=`)
        .set('Cookie', consultant);
      expect(response.status).toBe(200);
    });
  });

  describe('requirement edited in place', () => {
    it('a refused edit shows the errors at its fields, open, with the typed text; an emptied solution clears it', async () => {
      const created = await t.http
        .post('/projects')
        .set(bearer(world.consultant.token))
        .send({ customerId: world.customerId, title: 'Telefonanlage' })
        .expect(201);
      const id = created.body.id as string;
      const p = projectClient(t, id);
      await p.read(world.consultant.token);
      const withRequirement = await p.post(
        world.consultant.token,
        '/requirements',
        {
          version: p.version,
          text: 'Jeder Platz hat ein Telefon',
          priority: 'should',
          acceptanceCriterion: 'Rundruf an alle Plätze',
          solution: 'IP-Telefone an PoE',
        },
        201,
      );
      const requirement = withRequirement.requirements[0] as { id: string };
      const path = `/console/projects/${id}`;
      const action = `${path}/requirements/${requirement.id}`;
      const before = await api(world.consultant.token, `/projects/${id}`);

      const page = await getPage(t, path, consultant);
      expect(formOf(page, action)).toContain(`name="_form" value="requirement-${requirement.id}"`);
      const long = 'x'.repeat(5001);
      const refused = await post(
        consultant,
        action,
        path,
        change(fieldsOf(formOf(page, action)), {
          text: '  ',
          priority: 'must',
          acceptanceCriterion: long,
          solution: 'Softphones & Headsets <USB>',
        }),
      );
      expect(refused.status).toBe(303);
      const html = await getPage(t, path, consultant);
      const form = formOf(html, action);
      expect(form).toContain('id="text-error">Bitte ausfüllen.</p>');
      expect(form).toContain('id="acceptanceCriterion-error">Höchstens 5000 Zeichen.</p>');
      expect(form).toMatch(/name="acceptanceCriterion"[^>]*aria-invalid="true"/);
      expect(fieldsOf(form)).toEqual(
        expect.arrayContaining([
          ['text', '  '],
          ['priority', 'must'],
          ['acceptanceCriterion', long],
          ['solution', 'Softphones & Headsets <USB>'],
        ]),
      );
      // The folded edit is open, so the errors are seen; the add form shows none of them.
      expect(html.slice(html.lastIndexOf('<details', html.indexOf(`action="${action}"`)))).toMatch(
        /^<details class="edit" open>/,
      );
      expect(formOf(html, `${path}/requirements`)).not.toContain('field-error');
      expect(await api(world.consultant.token, `/projects/${id}`)).toEqual(before);

      // Sent again with the solution emptied: saved, and the solution is gone (not kept).
      const fixed = await post(
        consultant,
        action,
        path,
        change(fieldsOf(form), {
          text: 'Jeder Platz hat ein Telefon mit Display',
          acceptanceCriterion: 'Rundruf an alle Plätze',
          solution: '',
        }),
      );
      expect(fixed.status).toBe(303);
      const after = await api(world.consultant.token, `/projects/${id}`);
      expect(after.requirements[0]).toMatchObject({
        text: 'Jeder Platz hat ein Telefon mit Display',
        priority: 'must',
        acceptanceCriterion: 'Rundruf an alle Plätze',
        solution: null,
      });
    });
  });
});
