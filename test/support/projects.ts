import {
  configureCompany,
  createCustomer,
  createUser,
  offsetDays,
  type CreatedUser,
} from './factories.js';
import { bearer, type TestApp } from './test-app.js';
import { expectStatus } from './expect-status.js';

export interface ProjectWorld {
  customerId: string;
  consultant: CreatedUser;
  finance: CreatedUser;
  customerUser: CreatedUser;
  serviceRateId: string;
}

/** A configured company, a price list entry, a customer with a user, staff users. */
export async function projectWorld(t: TestApp): Promise<ProjectWorld> {
  await configureCompany(t);
  const code = `CONS${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  const rate = await t.http
    .post('/price-list/services')
    .set(bearer(t.adminToken))
    .send({ code, name: 'IT-Beratung', unit: 'hour', rateCents: 12_000 })
    .expect(201);
  const customer = await createCustomer(t, { name: 'Möbelhaus Schäfer KG' });
  return {
    customerId: customer.id,
    consultant: await createUser(t, 'consultant', { name: 'Klara Beraterin' }),
    finance: await createUser(t, 'finance'),
    customerUser: await createUser(t, 'customer', {
      customerId: customer.id,
      name: 'Jörg Schäfer',
    }),
    serviceRateId: rate.body.id,
  };
}

/** A small helper around one project: calls that keep track of the version. */
export function projectClient(t: TestApp, id: string) {
  let version = 0;
  // Response bodies are checked by the tests themselves.
  const remember = (body: any): any => {
    version = body.version;
    return body;
  };
  return {
    get version() {
      return version;
    },
    async read(token: string) {
      return remember((await t.http.get(`/projects/${id}`).set(bearer(token)).expect(200)).body);
    },
    async patch(token: string, path: string, body: Record<string, unknown>, status = 200) {
      const response = await t.http
        .patch(`/projects/${id}${path}`)
        .set(bearer(token))
        .send({ version, ...body });
      expectStatus(response, status);
      if (status === 200) remember(response.body);
      return response.body;
    },
    async post(token: string, path: string, body: Record<string, unknown> = {}, status = 200) {
      const response = await t.http.post(`/projects/${id}${path}`).set(bearer(token)).send(body);
      expectStatus(response, status);
      if (
        response.status < 300 &&
        typeof response.body.version === 'number' &&
        'stage' in response.body
      )
        remember(response.body);
      return response.body;
    },
  };
}

export async function readyForReview(
  t: TestApp,
  world: ProjectWorld,
  billingMode = 'fixed_price',
  hours = '10',
) {
  const created = await t.http
    .post('/projects')
    .set(bearer(world.consultant.token))
    .send({ customerId: world.customerId, title: 'Migration des Mailservers', billingMode })
    .expect(201);
  const p = projectClient(t, created.body.id);
  const token = world.consultant.token;
  await p.read(token);
  await p.patch(token, '', {
    background: 'Der Exchange-Server 2016 läuft aus.',
    goals: 'Umzug nach Microsoft 365.',
  });
  await p.post(
    token,
    '/requirements',
    {
      version: p.version,
      text: 'Alle Postfächer werden übernommen',
      priority: 'must',
      acceptanceCriterion: 'Stichprobe von 10 Postfächern vollständig',
      solution: 'Migration mit dem Migrations-Assistenten',
    },
    201,
  );
  await p.post(token, '/start-solution');
  await p.post(
    token,
    '/items',
    {
      version: p.version,
      title: 'Migration',
      quantity: hours,
      unit: 'hour',
      serviceRateId: world.serviceRateId,
    },
    201,
  );
  await p.patch(token, '', { validUntil: offsetDays(30) });
  return { id: created.body.id as string, p };
}

/**
 * A project taken through approval, work, QA and the customer's acceptance (for invoicing
 * tests). `onApproved` runs while the project is approved, e.g. to issue a down payment.
 */
export async function acceptedProject(
  t: TestApp,
  world: ProjectWorld,
  options: { billingMode?: string; hours?: string; minutes?: number[] } = {},
) {
  const { id, p } = await readyForReview(t, world, options.billingMode, options.hours);
  const staff = world.consultant.token;
  await p.post(staff, '/send');
  await p.post(world.customerUser.token, '/approve', {});
  await p.post(staff, '/schedule', { completionDate: offsetDays(60) });
  await p.post(staff, '/start-work');
  for (const minutes of options.minutes ?? []) {
    await t.http
      .post(`/projects/${id}/time-entries`)
      .set(bearer(staff))
      .send({
        day: offsetDays(0),
        minutes,
        description: 'Migration',
        serviceRateId: world.serviceRateId,
      })
      .expect(201);
  }
  await p.post(staff, '/submit-qa');
  const rounds = (await t.http.get(`/projects/${id}/qa-rounds`).set(bearer(staff)).expect(200))
    .body as Array<{ checks: Array<{ id: string }> }>;
  for (const check of rounds[0].checks) {
    await t.http
      .put(`/projects/${id}/qa-checks/${check.id}`)
      .set(bearer(staff))
      .send({ result: 'passed' })
      .expect(200);
  }
  await p.post(staff, '/complete-qa');
  await p.post(world.customerUser.token, '/accept', {});
  return { id, p };
}
