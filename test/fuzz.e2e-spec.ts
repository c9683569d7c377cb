import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getMetadataStorage } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createCustomer, createTicket, createUser } from './support/factories.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Operation {
  method: 'post' | 'put' | 'patch';
  path: string;
  dto: string;
  anonymous: boolean;
}

interface OpenApi {
  paths: Record<string, Record<string, OperationObject>>;
}

interface OperationObject {
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
}

/** Every route with a request body, as the app documents it. */
function bodyRoutes(doc: OpenApi): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).flatMap(([method, operation]) => {
      if (!['post', 'put', 'patch'].includes(method) || !operation.requestBody) return [];
      const ref = Object.values(operation.requestBody.content)[0]?.schema.$ref;
      if (!ref) return [];
      return [
        {
          method: method as Operation['method'],
          path,
          dto: ref.split('/').pop()!,
          anonymous: !operation.security?.length,
        },
      ];
    }),
  );
}

/**
 * The DTO's fields from class-validator's metadata: the OpenAPI schemas list only the fields
 * with @ApiProperty unless the Nest CLI's swagger plugin compiled the code (Jest's SWC does not).
 */
function fieldsOf(dto: string): string[] {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<NewableFunction, Array<{ propertyName: string }>>;
  };
  const fields = new Set<string>();
  for (const [target, metadatas] of storage.validationMetadatas) {
    let type: NewableFunction | null = target;
    // Inherited DTOs (PartialType, extends) register under their own name or a parent's.
    while (type && type !== Function.prototype) {
      if (type.name === dto) metadatas.forEach((m) => fields.add(m.propertyName));
      type = Object.getPrototypeOf(type) as NewableFunction | null;
    }
  }
  return [...fields];
}

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

/** One value of each kind the fields must refuse, applied to all fields at once. */
const BAD_VALUES: Array<[string, unknown]> = [
  ['null', null],
  ['an object', { a: 1 }],
  ['an array', ['x']],
  ['a number', 12345],
  ['a boolean', true],
  ['text', 'not what this field takes'],
  ['control characters', 'a\u0000b\u001bc\u007f'],
  ['a huge string', 'x'.repeat(20_000)],
  ['a huge number', 1e308],
  ['2^53 + 1', 2 ** 53 + 1],
  ['a negative number', -2_147_483_649],
  ['a fraction', 0.5],
  ['deep nesting', JSON.parse(nested(50)) as unknown],
  ['nested nulls', [{ a: null, b: 'x\u0000' }]],
];

/** Bodies that break the shape itself, whatever the DTO. */
const RAW_BODIES = [
  nested(10_000),
  '[]',
  '"text"',
  '12',
  'null',
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  '{"unexpectedField":1}',
  '{"a":',
];

describe('Fuzzing every body route', () => {
  let t: TestApp;
  let customerToken: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    const customer = await createCustomer(t);
    customerToken = (await createUser(t, 'customer', { customerId: customer.id })).token;
    const ticket = await createTicket(t, customer.id);
    const template = await t.http
      .post('/project-templates')
      .set(bearer(t.adminToken))
      .send({
        name: 'Fuzz',
        billingMode: 'fixed_price',
        background: 'B',
        goals: 'G',
        requirements: [],
        items: [],
      })
      .expect(201);
    const users = await t.http.get('/users').set(bearer(t.adminToken)).expect(200);
    ids = {
      customers: customer.id,
      contactId: customer.contacts[0].id,
      'support/tickets': ticket.id,
      'project-templates': template.body.id as string,
      users: users.body.items[0].id as string,
    };
  });

  afterAll(async () => {
    await t.close();
  });

  /** Path parameters from seeded records where there is one, otherwise a fresh UUID. */
  function fill(path: string): string {
    const collection = Object.keys(ids).find((c) => path.startsWith(`/${c}/`));
    return path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name === 'id' && collection) return ids[collection];
      if (name === 'key') return 'invoice';
      if (name === 'token') return 'a'.repeat(43);
      return ids[name] ?? randomUUID();
    });
  }

  async function rowCounts(): Promise<Record<string, number>> {
    const dataSource = t.app.get(DataSource);
    const postgres = t.config.database.kind === 'postgres';
    const schema = t.config.database.kind === 'postgres' ? t.config.database.schema : '';
    const tables = await dataSource.query<Array<{ name: string }>>(
      postgres
        ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`
        : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
      postgres ? [schema] : [],
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      // Login attempts count against the rate limit before validation: that is their purpose.
      if (name === 'rate_limit_buckets') continue;
      const table = postgres ? `"${schema}"."${name}"` : `"${name}"`;
      const [row] = await dataSource.query<Array<{ n: number | string }>>(
        `SELECT COUNT(*) AS n FROM ${table}`,
      );
      counts[name] = Number(row.n);
    }
    return counts;
  }

  it('answers every generated bad body without a 500 and changes nothing', async () => {
    const doc = (await t.http.get('/api/docs/openapi.json').expect(200)).body as OpenApi;
    const routes = bodyRoutes(doc);
    expect(routes.length).toBeGreaterThan(60);
    const before = await rowCounts();
    const failures: string[] = [];
    let sent = 0;
    let withFields = 0;

    for (const route of routes) {
      const fields = fieldsOf(route.dto);
      if (fields.length > 0) withFields++;
      const bodies: Array<[string, string]> = [
        ...(fields.length > 0
          ? BAD_VALUES.map(([kind, value]): [string, string] => [
              kind,
              JSON.stringify(Object.fromEntries(fields.map((field) => [field, value]))),
            ])
          : []),
        ...RAW_BODIES.map((raw): [string, string] => [`raw ${raw.slice(0, 20)}`, raw]),
      ];
      const token = route.anonymous
        ? null
        : route.path.startsWith('/portal/')
          ? customerToken
          : t.adminToken;
      const url = fill(route.path);
      for (const [kind, body] of bodies) {
        const request = t.http[route.method](url).set('content-type', 'application/json');
        if (token) void request.set(bearer(token));
        const response = await request.send(body);
        sent++;
        if (response.status >= 500 || response.status < 400) {
          failures.push(`${route.method.toUpperCase()} ${url} with ${kind}: ${response.status}`);
        }
      }
    }

    expect(failures).toEqual([]);
    // The DTOs were found: all but bodies with no fields of their own.
    expect(withFields).toBeGreaterThan(routes.length - 5);
    expect(sent).toBeGreaterThan(1000);
    expect(await rowCounts()).toEqual(before);
  });
});
