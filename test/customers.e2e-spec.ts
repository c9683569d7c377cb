import { expectStatus } from './support/expect-status.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCustomer, createUser, offsetDays } from './support/factories.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

describe('customers, contacts and contracts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const addContract = (customerId: string, body: Record<string, unknown>) =>
    t.http.post(`/customers/${customerId}/contracts`).set(bearer(t.adminToken)).send(body);
  const coverage = async (customerId: string) => {
    const response = await t.http
      .get(`/customers/${customerId}`)
      .set(bearer(t.adminToken))
      .expect(200);
    return {
      service: response.body.hasActiveServiceContract as boolean,
      av: response.body.hasActiveDataProcessingAgreement as boolean,
    };
  };

  it('creates a customer with contacts and a gapless customer number', async () => {
    const first = await createCustomer(t, { name: 'Bäckerei Müßig GmbH', language: 'en' });
    const second = await createCustomer(t);
    expect(first.number).toMatch(/^K-\d{5}$/);
    expect(Number(second.number.slice(2))).toBe(Number(first.number.slice(2)) + 1);
    const read = await t.http.get(`/customers/${first.id}`).set(bearer(t.adminToken)).expect(200);
    expect(read.body).toMatchObject({
      name: 'Bäckerei Müßig GmbH',
      language: 'en',
      countryCode: 'DE',
      hasActiveServiceContract: false,
      hasActiveDataProcessingAgreement: false,
      contacts: [{ name: 'Jörg Weiß', isSignatory: true, salutation: null }],
    });
  });

  it('keeps how a contact is greeted (ms, mr or none) and refuses anything else', async () => {
    const customer = await createCustomer(t, {
      contacts: [{ name: 'Eva Müller', email: 'eva@kunde.example', salutation: 'ms' }],
    });
    const contacts = await t.http
      .get(`/customers/${customer.id}/contacts`)
      .set(bearer(t.adminToken))
      .expect(200);
    const eva = (contacts.body as Array<{ id: string; salutation: string; version: number }>)[0];
    expect(eva.salutation).toBe('ms');
    const cleared = await t.http
      .patch(`/customers/${customer.id}/contacts/${eva.id}`)
      .set(bearer(t.adminToken))
      .send({ salutation: null, version: eva.version });
    expectStatus(cleared, 200);
    expect(cleared.body.salutation).toBeNull();
    const wrong = await t.http
      .patch(`/customers/${customer.id}/contacts/${eva.id}`)
      .set(bearer(t.adminToken))
      .send({ salutation: 'Frau', version: cleared.body.version });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('salutation');
  });

  it('answers an unknown field with 400 naming it, and writes nothing', async () => {
    const before = await t.http.get('/customers').set(bearer(t.adminToken)).expect(200);
    const response = await t.http
      .post('/customers')
      .set(bearer(t.adminToken))
      .send({ name: 'X', street: 'a', postalCode: '1', city: 'b', discount: 50 })
      .expect(400)
      .expect('content-type', /application\/problem\+json/);
    expect(response.body).toMatchObject({
      code: 'VALIDATION.FAILED',
      errors: [{ field: 'discount', messages: ['property discount should not exist'] }],
    });
    expect(response.body.detail).toContain('discount');
    const after = await t.http.get('/customers').set(bearer(t.adminToken)).expect(200);
    expect(after.body.total).toBe(before.body.total);
  });

  it('names nested fields: contacts.0.email', async () => {
    const response = await t.http
      .post('/customers')
      .set(bearer(t.adminToken))
      .send({
        name: 'X',
        street: 'a',
        postalCode: '1',
        city: 'b',
        contacts: [{ name: 'A', email: 'nope' }],
      })
      .expect(400);
    expect(response.body.errors).toEqual([
      { field: 'contacts.0.email', messages: ['email must be an email'] },
    ]);
  });

  it('scopes a customer user to its own customer: others answer 404', async () => {
    const own = await createCustomer(t);
    const other = await createCustomer(t);
    const user = await createUser(t, 'customer', { customerId: own.id });
    await t.http.get(`/customers/${own.id}`).set(bearer(user.token)).expect(200);
    const foreign = await t.http.get(`/customers/${other.id}`).set(bearer(user.token)).expect(404);
    expect(foreign.body.code).toBe('CUSTOMER.NOT_FOUND');
    // Exactly as for a customer that does not exist.
    const missing = await t.http
      .get('/customers/00000000-0000-4000-8000-000000000000')
      .set(bearer(user.token))
      .expect(404);
    expect(missing.body.detail.replace(/[0-9a-f-]{36}/, 'ID')).toBe(
      foreign.body.detail.replace(/[0-9a-f-]{36}/, 'ID'),
    );
    await t.http.get(`/customers/${other.id}/contacts`).set(bearer(user.token)).expect(404);
    await t.http.get(`/customers/${other.id}/contracts`).set(bearer(user.token)).expect(404);
    const list = await t.http.get('/customers').set(bearer(user.token)).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([own.id]);
    expect(list.body.items[0].notes).toBeUndefined();
  });

  it('answers a malformed id with 400 naming the parameter', async () => {
    const response = await t.http
      .get('/customers/not-a-uuid')
      .set(bearer(t.adminToken))
      .expect(400);
    expect(response.body.errors).toEqual([{ field: 'id', messages: ['id must be a UUID'] }]);
  });

  it('tells whether a service contract and an AV agreement are active today', async () => {
    const customer = await createCustomer(t);
    await addContract(customer.id, { kind: 'update', startDate: offsetDays(-30) }).expect(201);
    expect(await coverage(customer.id)).toEqual({ service: false, av: false });

    await addContract(customer.id, {
      kind: 'service',
      startDate: offsetDays(-365),
      endDate: offsetDays(-1),
    }).expect(201);
    expect(await coverage(customer.id)).toEqual({ service: false, av: false });

    const renewed = await addContract(customer.id, {
      kind: 'service',
      startDate: offsetDays(0),
    }).expect(201);
    expect(renewed.body.inForce).toBe(true);
    expect(await coverage(customer.id)).toEqual({ service: true, av: false });

    await addContract(customer.id, {
      kind: 'data_processing',
      startDate: offsetDays(-10),
      signedOn: offsetDays(-10),
    }).expect(201);
    expect(await coverage(customer.id)).toEqual({ service: true, av: true });

    // Terminating the service contract as of yesterday ends the priority today.
    await t.http
      .patch(`/customers/${customer.id}/contracts/${renewed.body.id}`)
      .set(bearer(t.adminToken))
      .send({ endDate: offsetDays(-1), startDate: offsetDays(-2), version: renewed.body.version })
      .expect(200);
    expect(await coverage(customer.id)).toEqual({ service: false, av: true });
  });

  it('refuses contracts whose dates cannot stand', async () => {
    const customer = await createCustomer(t);
    const backwards = await addContract(customer.id, {
      kind: 'service',
      startDate: '2026-05-01',
      endDate: '2026-04-30',
    }).expect(400);
    expect(backwards.body.errors[0].field).toBe('endDate');
    const unsigned = await addContract(customer.id, {
      kind: 'data_processing',
      startDate: '2026-01-01',
    }).expect(400);
    expect(unsigned.body.errors[0].field).toBe('signedOn');
    const invalidDay = await addContract(customer.id, {
      kind: 'service',
      startDate: '2026-02-30',
    }).expect(400);
    expect(invalidDay.body.errors[0].field).toBe('startDate');
  });

  it('lets only admin and finance record contracts', async () => {
    const customer = await createCustomer(t);
    const consultant = await createUser(t, 'consultant');
    await t.http
      .post(`/customers/${customer.id}/contracts`)
      .set(bearer(consultant.token))
      .send({ kind: 'service', startDate: '2026-01-01' })
      .expect(403);
  });

  it('clears optional customer fields given as null, and keeps required ones from null', async () => {
    const customer = await createCustomer(t, {
      vatId: 'DE123456789',
      email: 'info@leeren.example',
      invoiceEmail: 'rechnung@leeren.example',
      phone: '030 1234',
      buyerReference: '991-12345-67',
      notes: 'intern',
    });
    const cleared = await t.http.patch(`/customers/${customer.id}`).set(bearer(t.adminToken)).send({
      vatId: null,
      email: null,
      invoiceEmail: null,
      phone: null,
      buyerReference: null,
      notes: null,
      version: customer.version,
    });
    expectStatus(cleared, 200);
    expect(cleared.body).toMatchObject({
      vatId: null,
      email: null,
      invoiceEmail: null,
      phone: null,
      buyerReference: null,
      notes: null,
    });
    // A required field is not optional: null there is refused by name, nothing written.
    const refused = await t.http
      .patch(`/customers/${customer.id}`)
      .set(bearer(t.adminToken))
      .send({ city: null, version: cleared.body.version });
    expectStatus(refused, 400);
    expect(refused.body.errors).toEqual([{ field: 'city', messages: ['city must not be null'] }]);
  });

  it('clears a contact’s phone and position given as null', async () => {
    const customer = await createCustomer(t, {
      contacts: [
        { name: 'Eva Müller', email: 'eva@leeren.example', phone: '0170', position: 'IT' },
      ],
    });
    const [eva] = customer.contacts as Array<{ id: string; version?: number }>;
    const cleared = await t.http
      .patch(`/customers/${customer.id}/contacts/${eva.id}`)
      .set(bearer(t.adminToken))
      .send({ phone: null, position: null, version: eva.version });
    expectStatus(cleared, 200);
    expect(cleared.body).toMatchObject({ phone: null, position: null, name: 'Eva Müller' });
    const refused = await t.http
      .patch(`/customers/${customer.id}/contacts/${eva.id}`)
      .set(bearer(t.adminToken))
      .send({ email: null, version: cleared.body.version });
    expectStatus(refused, 400);
    expect(refused.body.errors[0].field).toBe('email');
  });

  it('clears a contract’s reference, terms and signing day given as null (AV needs the day)', async () => {
    const customer = await createCustomer(t);
    const service = await addContract(customer.id, {
      kind: 'service',
      startDate: offsetDays(-10),
      reference: 'SV-9',
      signedOn: offsetDays(-11),
      terms: 'Reaktionszeit 4 h',
    }).expect(201);
    const cleared = await t.http
      .patch(`/customers/${customer.id}/contracts/${service.body.id}`)
      .set(bearer(t.adminToken))
      .send({ reference: null, terms: null, signedOn: null, version: service.body.version });
    expectStatus(cleared, 200);
    expect(cleared.body).toMatchObject({ reference: null, terms: null, signedOn: null });

    const av = await addContract(customer.id, {
      kind: 'data_processing',
      startDate: offsetDays(-10),
      signedOn: offsetDays(-10),
    }).expect(201);
    const refused = await t.http
      .patch(`/customers/${customer.id}/contracts/${av.body.id}`)
      .set(bearer(t.adminToken))
      .send({ signedOn: null, version: av.body.version });
    expectStatus(refused, 400);
    expect(refused.body.errors[0].field).toBe('signedOn');
    expect((await coverage(customer.id)).av).toBe(true);
  });

  it('refuses a stale version with 409: of concurrent edits exactly one wins', async () => {
    const customer = await createCustomer(t);
    const results = await Promise.all(
      ['Erste', 'Zweite', 'Dritte', 'Vierte'].map((name) =>
        t.http
          .patch(`/customers/${customer.id}`)
          .set(bearer(t.adminToken))
          .send({ name: `${name} GmbH`, version: customer.version }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409]);
    const conflict = results.find((r) => r.status === 409)!;
    expect(conflict.body.code).toBe('CUSTOMER.VERSION_CONFLICT');
    const winner = results.find((r) => r.status === 200)!;
    const read = await t.http
      .get(`/customers/${customer.id}`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect(read.body.name).toBe(winner.body.name);
    expect(read.body.version).toBe(customer.version + 1);
  });

  it('pages every list and refuses page sizes over 100', async () => {
    await createCustomer(t);
    await createCustomer(t);
    const page = await t.http
      .get('/customers?page=1&pageSize=1')
      .set(bearer(t.adminToken))
      .expect(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThanOrEqual(2);
    const tooBig = await t.http
      .get('/customers?pageSize=500')
      .set(bearer(t.adminToken))
      .expect(400);
    expect(tooBig.body.errors[0].field).toBe('pageSize');
  });

  it('finds customers by part of the name, case-insensitively', async () => {
    await createCustomer(t, { name: 'Zahnarztpraxis Öztürk' });
    const found = await t.http.get('/customers?q=ZAHNARZT').set(bearer(t.adminToken)).expect(200);
    expect(found.body.items.map((c: { name: string }) => c.name)).toContain(
      'Zahnarztpraxis Öztürk',
    );
  });
});
