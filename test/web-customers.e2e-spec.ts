import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createContract, createCustomer, createUser } from './support/factories.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
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
