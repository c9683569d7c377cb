import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, type Logger } from 'typeorm';
import { bulkSeed } from '../bench/bulk-seed.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Every list endpoint's query, as the service builds it, is planned by PostgreSQL over
 * ~20,000 rows per table and must not read its main table sequentially or sort a tenth of
 * it or more: each page must come from an index range. The SQL is captured from the running
 * app (TypeORM's logger sees every query), so the test guards the real queries, not a copy.
 * SQLite is not the scale target and has no comparable planner output: on SQLite this file
 * skips itself.
 */
const onPostgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? '');
const describeOnPostgres = onPostgres ? describe : describe.skip;
if (!onPostgres) {
  console.info('list-plans.e2e-spec: skipped, it EXPLAINs on PostgreSQL only (set DATABASE_URL)');
}

const ROWS = 20_000;
/** A sort of more rows than this share of the table counts as sorting the whole table. */
const SORT_SHARE_LIMIT = 0.1;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Plan Rows': number;
  Plans?: PlanNode[];
}

interface CapturedQuery {
  sql: string;
  params: unknown[];
}

describeOnPostgres('list queries at 20,000 rows are served by indexes (PostgreSQL)', () => {
  let t: TestApp;
  let dataSource: DataSource;
  let captured: CapturedQuery[] | null = null;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.app.get(DataSource);
    await bulkSeed((sql, params) => dataSource.query(sql, params), {
      customers: 2_000,
      projects: ROWS,
      tickets: ROWS,
      openTickets: 1_000,
      invoices: ROWS,
      payments: 5_000,
      documents: ROWS,
      auditEntries: ROWS,
      projectTime: ROWS,
      supportTime: ROWS,
      outboxMails: ROWS,
    });
    const one = async (sql: string) => (await dataSource.query<{ id: string }[]>(sql))[0].id;
    ids.customer = await one(`SELECT id FROM customers WHERE number = 'B-0000042'`);
    ids.project = await one(`SELECT id FROM projects WHERE number = 'B-P-0000001'`);
    ids.ticket = await one(`SELECT id FROM support_tickets WHERE number = 'B-T-0000001'`);
    ids.invoice = await one(`SELECT id FROM invoices WHERE number = 'B-R-0000001'`);
    ids.user = await one(`SELECT id FROM users ORDER BY created_at LIMIT 1`);
    const [{ email }] = await dataSource.query<{ email: string }[]>(
      `SELECT email FROM users ORDER BY created_at LIMIT 1`,
    );
    ids.actor = encodeURIComponent(email);
    const original = dataSource.logger;
    const capturing: Logger = {
      logQuery: (sql, params) => captured?.push({ sql, params: (params as unknown[]) ?? [] }),
      logQueryError: (...args) => original.logQueryError(...args),
      logQuerySlow: (...args) => original.logQuerySlow(...args),
      logSchemaBuild: (...args) => original.logSchemaBuild(...args),
      logMigration: (...args) => original.logMigration(...args),
      log: (...args) => original.log(...args),
    };
    Object.defineProperty(dataSource, 'logger', { value: capturing, configurable: true });
  }, 180_000);
  afterAll(() => t?.close());

  const withIds = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]);

  /** The ordered SELECTs on `table` that one request ran: its page queries. */
  async function pageQueries(path: string, table: string): Promise<CapturedQuery[]> {
    captured = [];
    await t.http.get(path).set(bearer(t.adminToken)).expect(200);
    // TypeORM names the table with its schema: FROM "test_…"."projects" "p".
    const from = new RegExp(`FROM ("[^"]+"\\.)?"${table}"`);
    const queries = captured.filter((q) => q.sql.startsWith('SELECT') && from.test(q.sql));
    captured = null;
    return queries.filter((q) => q.sql.includes('ORDER BY'));
  }

  async function problems(query: CapturedQuery, table: string): Promise<string[]> {
    const [{ count }] = await dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM ${table}`,
    );
    const rows = await dataSource.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
      `EXPLAIN (FORMAT JSON) ${query.sql}`,
      query.params,
    );
    const found: string[] = [];
    const visit = (node: PlanNode) => {
      if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === table) {
        found.push(`Seq Scan on ${table}`);
      }
      if (node['Node Type'] === 'Sort' && node['Plan Rows'] > count * SORT_SHARE_LIMIT) {
        found.push(`Sort of ${node['Plan Rows']} of ${count} rows`);
      }
      node.Plans?.forEach(visit);
    };
    visit(rows[0]['QUERY PLAN'][0].Plan);
    return found;
  }

  const LISTS: Array<[table: string, path: string]> = [
    ['customers', '/customers'],
    ['projects', '/projects'],
    ['projects', '/projects?customerId={customer}'],
    ['projects', '/projects?stage=qa'],
    ['projects', '/projects?customerId={customer}&stage=concept'],
    ['invoices', '/invoices'],
    ['invoices', '/invoices?status=issued'],
    ['invoices', '/invoices?customerId={customer}'],
    ['invoice_payments', '/payments'],
    ['invoice_payments', '/payments?invoiceId={invoice}'],
    ['invoices', '/payments/open'],
    ['invoices', '/payments/overdue'],
    ['invoices', '/payments/open?customerId={customer}'],
    ['support_tickets', '/support/tickets'],
    ['support_tickets', '/support/tickets?open=true'],
    ['support_tickets', '/support/tickets?status=closed'],
    ['support_tickets', '/support/tickets?customerId={customer}'],
    ['support_tickets', '/support/queue'],
    ['support_tickets', '/support/queue?severity=high&pageSize=20'],
    ['support_tickets', '/support/queue?customerId={customer}'],
    ['support_tickets', '/support/queue?assigneeId={user}'],
    ['audit_entries', '/audit'],
    ['audit_entries', '/audit?entityType=project'],
    ['audit_entries', '/audit?entityType=project&entityId={project}'],
    ['documents', '/projects/{project}/documents'],
    ['project_time_entries', '/projects/{project}/time-entries'],
    ['support_time_entries', '/support/tickets/{ticket}/time-entries'],
  ];

  /*
   * The audit viewer's filters (console page and API alike: the same service query), in every
   * combination: actor, subject type, subject id, action and period. The values are the rare
   * ones (the seeded log is one actor's `updated` entries), so a missing index shows.
   */
  const AUDIT_FILTERS = [
    'actor={actor}',
    'entityType=project',
    'entityId={project}',
    'action=created',
    'from=2025-01-02&to=2025-01-03',
  ];
  const AUDIT_COMBINATIONS = [
    ...Array.from({ length: 2 ** AUDIT_FILTERS.length - 1 }, (_, bits) =>
      AUDIT_FILTERS.filter((_, i) => ((bits + 1) >> i) & 1).join('&'),
    ),
    'from=2025-01-02',
    'to=2025-01-03',
  ].map((query): [string, string] => ['audit_entries', `/audit?${query}`]);
  const OUTBOX_LISTS: Array<[table: string, path: string]> = [
    ['mail_outbox', '/mail/outbox'],
    ...['queued', 'sending', 'sent', 'failed'].map((status): [string, string] => [
      'mail_outbox',
      `/mail/outbox?status=${status}`,
    ]),
  ];

  it.each([...LISTS, ...AUDIT_COMBINATIONS, ...OUTBOX_LISTS])('%s: GET %s', async (table, path) => {
    const queries = await pageQueries(withIds(path), table);
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) expect(await problems(query, table)).toEqual([]);
  });

  const CURSOR_LISTS: Array<[table: string, path: string]> = [
    ['customers', '/customers'],
    ['projects', '/projects'],
    ['invoices', '/invoices'],
    ['support_tickets', '/support/tickets'],
    ['audit_entries', '/audit'],
    ['audit_entries', '/audit?actor=bench'],
    ['project_time_entries', '/projects/{project}/time-entries'],
    ['mail_outbox', '/mail/outbox'],
    ['mail_outbox', '/mail/outbox?status=sent'],
  ];

  it.each(CURSOR_LISTS)('%s after a cursor: GET %s', async (table, path) => {
    const first = await t.http.get(withIds(path)).set(bearer(t.adminToken)).expect(200);
    const cursor = (first.body as { nextCursor: string }).nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const separator = path.includes('?') ? '&' : '?';
    const queries = await pageQueries(`${withIds(path)}${separator}after=${cursor}`, table);
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) expect(await problems(query, table)).toEqual([]);
  });
});
