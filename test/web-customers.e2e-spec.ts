import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createContract, createCustomer, createUser } from './support/factories.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { expectStatus } from './support/expect-status.js';
import { getPage, pageLogin } from './support/web.js';

describe('consultant console: customers', () => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    const consultant = await createUser(t, 'consultant');
    cookie = await pageLogin(t, consultant.email, consultant.password);
  });
  afterAll(() => t.close());

  it('searches customers by name, as a page and as an htmx fragment', async () => {
    await createCustomer(t, { name: 'Gärtnerei Blümel OHG' });
    await createCustomer(t, { name: 'Schreinerei Holzwurm GmbH' });
    const page = await getPage(t, '/console/customers?q=blüm', cookie);
    expect(page).toContain('Gärtnerei Blümel OHG');
    expect(page).not.toContain('Holzwurm');
    expect(page).toContain('<html');

    const fragment = await t.http
      .get('/console/customers?q=holz')
      .set('Cookie', cookie)
      .set('HX-Request', 'true')
      .expect(200);
    expect(fragment.text).toContain('Schreinerei Holzwurm GmbH');
    expect(fragment.text).not.toContain('<html');
    expect(fragment.text).toMatch(/^<div id="customer-results"/);
  });

  it('answers a form’s customer picker with the matching choices, the only match chosen', async () => {
    const one = await createCustomer(t, { name: 'Picker Einzeltreffer KG' });
    await createCustomer(t, { name: 'Picker Zweiter AG' });
    const picker = (query: string, who = cookie) =>
      t.http.get(`/console/customers/picker?${query}`).set('Cookie', who).set('HX-Request', 'true');

    const found = await picker(
      'picker=manual-customer&field=customerId&required=1&customerQuery=einzel',
    );
    expectStatus(found, 200);
    expect(found.text).toMatch(/^<div id="manual-customer-select"/);
    expect(found.text).toContain('<select id="manual-customer" name="customerId" required');
    expect(found.text).toContain(
      `<option value="${one.id}" selected>Picker Einzeltreffer KG (${one.number})</option>`,
    );
    expect(found.text).not.toContain('Zweiter');
    expect(found.text).toContain('Ein Kunde zur Auswahl.');

    const both = await picker('picker=manual-customer&field=customerId&customerQuery=picker');
    expect(both.text).toContain('Picker Zweiter AG');
    expect(both.text).not.toContain(' selected');
    expect(both.text).toContain('2 Kunden zur Auswahl.');
    const none = await picker('picker=manual-customer&field=customerId&customerQuery=gibtsnicht');
    expect(none.text).toContain('Kein Kunde passt zur Suche.');

    // The ids it writes into the page are checked: no markup through them.
    expectStatus(await picker('picker=%22%3E%3Cscript%3E&field=customerId'), 400);
    expectStatus(await picker('picker=x&field=customer%22Id'), 400);
    // Staff only: a customer's user may not list customers.
    const customerUser = await createUser(t, 'customer', { customerId: one.id });
    const theirs = await pageLogin(t, customerUser.email, customerUser.password);
    expectStatus(await picker('picker=x&field=customerId', theirs), 403);
  });

  it('shows a customer with contacts, contracts and the projects fragment', async () => {
    const customer = await createCustomer(t, {
      name: 'Kanzlei Recht & Billig',
      notes: 'zahlt pünktlich',
    });
    await createContract(t, customer.id, 'service');
    await createContract(t, customer.id, 'data_processing');
    const project = await t.http
      .post('/projects')
      .set(bearer(t.adminToken))
      .send({ customerId: customer.id, title: 'Neue Telefonanlage' })
      .expect(201);

    const html = await getPage(t, `/console/customers/${customer.id}`, cookie);
    expect(html).toContain('Kanzlei Recht &amp; Billig');
    expect(html).toContain('Jörg Weiß');
    expect(html).toContain('Service- und Wartungsvertrag');
    expect(html).toContain('AV-Vertrag (Art. 28 DSGVO)');
    expect(html).toContain('zahlt pünktlich');
    expect(html).toContain(`hx-get="/console/projects?customerId=${customer.id}"`);

    const projects = await t.http
      .get(`/console/projects?customerId=${customer.id}`)
      .set('Cookie', cookie)
      .set('HX-Request', 'true')
      .expect(200);
    expect(projects.text).toContain(`/console/projects/${project.body.id}`);
    expect(projects.text).not.toContain('<html');
  });

  it('answers an unknown customer with a 404 page', async () => {
    const response = await t.http
      .get('/console/customers/00000000-0000-4000-8000-000000000000')
      .set('Cookie', cookie)
      .expect(404);
    expect(response.text).toContain('Diesen Kunden gibt es nicht.');
  });
});
