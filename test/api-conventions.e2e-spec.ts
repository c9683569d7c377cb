import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

describe('API conventions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports health with the database checked, without authentication', async () => {
    const response = await t.http.get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('sends security headers', async () => {
    const response = await t.http.get('/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('serves OpenAPI docs at /api/docs', async () => {
    const page = await t.http.get('/api/docs').expect(200);
    expect(page.text).toContain('swagger');
    // Swagger UI runs an inline script: its page alone may, every other answer may not.
    expect(page.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    const login = await t.http.get('/login').expect(200);
    expect(login.headers['content-security-policy']).toContain("script-src 'self';");
    const spec = await t.http.get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/auth/login',
        '/customers',
        '/customers/{id}',
        '/audit/verify',
        '/health',
      ]),
    );
    // Every operation: a summary, who may call it, and its problem+json error answers.
    const lacking: string[] = [];
    for (const [path, item] of Object.entries(
      spec.body.paths as Record<string, Record<string, Record<string, unknown>>>,
    )) {
      for (const [method, operation] of Object.entries(item)) {
        const roles = operation['x-roles'] as string[] | undefined;
        const responses = operation.responses as Record<string, { content?: object }>;
        const problems = Object.entries(responses).filter(
          ([status, answer]) =>
            Number(status) >= 400 && answer.content && 'application/problem+json' in answer.content,
        );
        if (!operation.summary || !roles?.length || problems.length === 0) {
          lacking.push(`${method.toUpperCase()} ${path}`);
        }
      }
    }
    expect(lacking).toEqual([]);
    const issue = spec.body.paths['/invoices/{id}/issue'].post;
    expect(issue['x-roles']).toEqual(['finance', 'admin']);
    expect(Object.keys(issue.responses)).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '409', '422']),
    );
  });

  it('answers unknown routes and malformed JSON with problem+json', async () => {
    const missing = await t.http.get('/nothing-here').set(bearer(t.adminToken)).expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body).toMatchObject({
      status: 404,
      code: 'ROUTE.NOT_FOUND',
      instance: '/nothing-here',
    });
    const malformed = await t.http
      .post('/customers')
      .set(bearer(t.adminToken))
      .set('content-type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(malformed.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(malformed.body.code).toBe('REQUEST.INVALID');
  });

  it('keeps the company profile and price list behind roles, with exact amounts', async () => {
    const company = await t.http.get('/company').set(bearer(t.adminToken)).expect(200);
    expect(company.body).toMatchObject({
      defaultVatRate: '19.00',
      currency: 'EUR',
      billingIncrementMinutes: 15,
      missing: expect.arrayContaining(['legalName', 'vatId or taxNumber', 'iban']),
    });
    const updated = await t.http
      .patch('/company')
      .set(bearer(t.adminToken))
      .send({
        legalName: 'Beispiel IT-Service GmbH',
        street: 'Am Markt 3',
        postalCode: '04109',
        city: 'Leipzig',
        vatId: 'DE123456789',
        iban: 'DE02120300000000202051',
        defaultVatRate: '19',
        version: company.body.version,
      })
      .expect(200);
    // A GmbH names its register entry and managing directors on every letter (§35a GmbHG).
    expect(updated.body.missing).toEqual(['commercialRegister', 'managingDirectors']);
    const complete = await t.http
      .patch('/company')
      .set(bearer(t.adminToken))
      .send({
        commercialRegister: 'Amtsgericht Leipzig, HRB 12345',
        managingDirectors: 'Anna Beispiel',
        version: updated.body.version,
      })
      .expect(200);
    expect(complete.body.missing).toEqual([]);
    const soleTrader = await t.http
      .patch('/company')
      .set(bearer(t.adminToken))
      .send({
        legalForm: 'sole_proprietor',
        managingDirectors: null,
        version: complete.body.version,
      })
      .expect(200);
    expect(soleTrader.body).toMatchObject({ legalForm: 'sole_proprietor', missing: [] });
    const badIncrement = await t.http
      .patch('/company')
      .set(bearer(t.adminToken))
      .send({ billingIncrementMinutes: 10, version: soleTrader.body.version })
      .expect(400);
    expect(badIncrement.body.errors[0].field).toBe('billingIncrementMinutes');

    const service = await t.http
      .post('/price-list/services')
      .set(bearer(t.adminToken))
      .send({
        code: 'CONSULTING',
        name: 'Beratung',
        unit: 'hour',
        rateCents: 12_000,
        afterHoursSurchargePercent: 50,
      })
      .expect(201);
    expect(service.body).toMatchObject({ rateCents: 12000, active: true });
    const float = await t.http
      .post('/price-list/services')
      .set(bearer(t.adminToken))
      .send({ code: 'X1', name: 'X', unit: 'hour', rateCents: 99.5 })
      .expect(400);
    expect(float.body.errors[0].field).toBe('rateCents');
    const list = await t.http
      .get('/price-list/services?active=true')
      .set(bearer(t.adminToken))
      .expect(200);
    expect(list.body.items.map((s: { code: string }) => s.code)).toContain('CONSULTING');
  });
});
