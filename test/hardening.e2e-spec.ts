import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCustomer } from './support/factories.js';
import { expectStatus } from './support/expect-status.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

/** `[[[[…]]]]` nested `levels` deep: about two bytes per level. */
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

const fieldsOf = (body: { errors?: Array<{ field: string }> }) =>
  (body.errors ?? []).map((e) => e.field);

describe('Hardening: hostile input gets a 400, never a 500', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['/auth/login', false],
    ['/verify', false],
    ['/customers', true],
    ['/auth/password', true],
  ])('refuses a body nested 10,000 deep on %s with 400 problem+json', async (path, signedIn) => {
    for (const body of [nested(10_000), `{"a":${nested(40)}}`]) {
      const request = t.http.post(path).set('content-type', 'application/json');
      if (signedIn) void request.set(bearer(t.adminToken));
      const response = await request.send(body);
      expectStatus(response, 400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'REQUEST.TOO_DEEP' });
    }
  });

  it('refuses a deeply nested body on the sign-off form with its 400 page', async () => {
    const response = await t.http
      .post(`/signoff/${'a'.repeat(43)}/approve`)
      .set('content-type', 'application/json')
      .send(nested(10_000));
    expectStatus(response, 400);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });

  it('accepts bodies nested as deep as the DTOs go', async () => {
    const customer = await createCustomer(t, {
      contacts: [{ name: 'Anna Tief', email: 'anna.tief@kunde.example', isSignatory: true }],
    });
    expect(customer.contacts).toHaveLength(1);
  });

  it.each([
    ['a NUL byte', 'Kunde\u0000GmbH'],
    ['an escape character', 'Kunde\u001b[31m GmbH'],
    ['a DEL', 'Kunde\u007f GmbH'],
  ])('refuses %s in a text field with 400 naming the field', async (_, name) => {
    const response = await t.http
      .post('/customers')
      .set(bearer(t.adminToken))
      .send({
        name: 'Kunde GmbH',
        street: 'Lindenstraße 12',
        postalCode: '10969',
        city: 'Berlin',
        contacts: [{ name, email: 'x@kunde.example', isSignatory: true }],
      });
    expectStatus(response, 400);
    expect(fieldsOf(response.body)).toEqual(['contacts.0.name']);
  });

  it('keeps tabs and line breaks in text', async () => {
    const customer = await createCustomer(t, { street: 'Lindenstraße 12\r\n\tHinterhaus' });
    const read = await t.http.get(`/customers/${customer.id}`).set(bearer(t.adminToken));
    expect(read.body.street).toBe('Lindenstraße 12\r\n\tHinterhaus');
  });

  it('refuses null where a field cannot be cleared, and clears where it can', async () => {
    const company = await t.http.get('/company').set(bearer(t.adminToken)).expect(200);
    const version = company.body.version as number;
    const refused = await t.http
      .patch('/company')
      .set(bearer(t.adminToken))
      .send({ legalName: null, version });
    expectStatus(refused, 400);
    expect(fieldsOf(refused.body)).toEqual(['legalName']);

    const contacts = await t.http
      .post('/customers')
      .set(bearer(t.adminToken))
      .send({ name: 'K GmbH', street: 'S 1', postalCode: '10969', city: 'Berlin', contacts: null });
    expectStatus(contacts, 400);
    expect(fieldsOf(contacts.body)).toContain('contacts');

    const customer = await createCustomer(t);
    const ticket = await t.http
      .post('/support/tickets')
      .set(bearer(t.adminToken))
      .send({ customerId: null, title: 'T', description: 'D', severity: 'normal' });
    expectStatus(ticket, 400);
    expect(fieldsOf(ticket.body)).toEqual(['customerId']);

    const signoff = await t.http
      .post('/signoffs')
      .set(bearer(t.adminToken))
      .send({
        subject: { subject: 'project_revision', projectId: null, revision: 1 },
        contactIds: [customer.contacts[0].id],
      });
    expectStatus(signoff, 400);
    expect(fieldsOf(signoff.body)).toContain('subject.projectId');

    const cleared = await t.http
      .patch('/company')
      .set(bearer(t.adminToken))
      .send({ phone: null, version });
    expectStatus(cleared, 200);
    expect(cleared.body.phone).toBeNull();
  });

  it.each([1e308, 2 ** 53 + 1, 2 ** 31, -1])(
    'refuses version %d with 400 naming the field',
    async (version) => {
      const response = await t.http
        .patch('/company')
        .set(bearer(t.adminToken))
        .send({ city: 'Leipzig', version });
      expectStatus(response, 400);
      expect(fieldsOf(response.body)).toEqual(['version']);
    },
  );

  it('answers a rename onto an existing name with 409, like a create', async () => {
    const template = (name: string) => ({
      name,
      billingMode: 'fixed_price',
      background: 'B',
      goals: 'G',
      requirements: [],
      items: [],
    });
    await t.http.post('/project-templates').set(bearer(t.adminToken)).send(template('Mail A'));
    const b = await t.http
      .post('/project-templates')
      .set(bearer(t.adminToken))
      .send(template('Mail B'))
      .expect(201);
    const renamed = await t.http
      .patch(`/project-templates/${b.body.id}`)
      .set(bearer(t.adminToken))
      .send({ name: 'Mail A', version: b.body.version });
    expectStatus(renamed, 409);
    expect(renamed.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(renamed.body).toMatchObject({ code: 'REQUEST.DUPLICATE' });
  });
});
