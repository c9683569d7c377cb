import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { encodeCursor } from '../src/common/pagination.js';
import { bulkSeed, type SeedSizes } from './bulk-seed.js';
import { templatesDir } from './measure.js';
import { measureRequestLog } from './request-log.js';

/**
 * `npm run bench:api`: the built app (`dist/main.js`, production configuration, one process
 * per size) on PostgreSQL, two schemas seeded in bulk: 10,000 and 100,000 projects (with
 * customers, revisions, document metadata, invoices, payments and audit entries in proportion)
 * and in both 20,000 tickets of which 5,000 are open. autocannon drives each scenario for
 * BENCH_SECONDS per size, BENCH_ROUNDS times; the table gives the medians (req/s, p50, p99) and
 * the ratios 100k/10k. First, what the request log costs per request (`request-log.ts`).
 * Figures only, never assertions.
 */
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const FIRST_PORT = Number(process.env.BENCH_PORT ?? 3917);
const ADMIN = { email: 'bench@example.com', password: randomBytes(12).toString('hex') };

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
}

interface Scenario {
  name: string;
  run: (ctx: Context) => Promise<Figures>;
}

/** One size: its own schema, seeded once, and its own app process. */
interface Context {
  label: string;
  base: string;
  db: pg.Client;
  token: string;
  app: ChildProcess;
  schema: string;
  dataDir: string;
}

const TICKETS = { tickets: 20_000, openTickets: 5_000, projectTime: 1_000, supportTime: 1_000 };
const SIZES: Array<{ label: string; seed: SeedSizes }> = [
  {
    label: '10k',
    seed: {
      ...TICKETS,
      customers: 1_000,
      projects: 10_000,
      invoices: 10_000,
      payments: 5_000,
      documents: 10_000,
      auditEntries: 10_000,
    },
  },
  {
    label: '100k',
    seed: {
      ...TICKETS,
      customers: 10_000,
      projects: 100_000,
      invoices: 100_000,
      payments: 50_000,
      documents: 100_000,
      auditEntries: 100_000,
    },
  },
];

const SCENARIOS: Scenario[] = [
  { name: 'GET /health (floor)', run: (c) => load(c, { path: '/health' }) },
  { name: 'GET /projects (first page)', run: (c) => load(c, { path: '/projects' }) },
  {
    name: 'GET /projects at a fixed 300 req/s',
    run: (c) => load(c, { path: '/projects', rate: 300 }),
  },
  {
    name: 'GET /projects?after= (middle, cursor)',
    run: async (c) => load(c, { path: `/projects?after=${await middleCursor(c.db)}` }),
  },
  {
    name: 'GET /projects?page=250 (offset)',
    run: (c) => load(c, { path: '/projects?page=250' }),
  },
  {
    name: 'GET /projects/:id',
    run: async (c) => load(c, { path: `/projects/${await oneProject(c.db)}` }),
  },
  { name: 'PATCH /projects/:id (audited)', run: (c) => patchProjects(c) },
  { name: 'GET /customers (first page)', run: (c) => load(c, { path: '/customers' }) },
  { name: 'GET /invoices (first page)', run: (c) => load(c, { path: '/invoices' }) },
  { name: 'GET /audit (first page)', run: (c) => load(c, { path: '/audit' }) },
  { name: 'GET /support/queue (200 items)', run: (c) => load(c, { path: '/support/queue' }) },
  {
    name: 'GET /support/queue?pageSize=20',
    run: (c) => load(c, { path: '/support/queue?pageSize=20' }),
  },
];

/**
 * Both sizes are seeded and served at once and the rounds alternate between them scenario by
 * scenario, so a machine that gets busier or quieter meanwhile moves both columns alike.
 */
async function main(): Promise<void> {
  printLogCost();
  const contexts: Context[] = [];
  const results = new Map<string, Map<string, Figures[]>>();
  try {
    for (const [i, size] of SIZES.entries()) {
      contexts.push(await prepare(size.label, size.seed, FIRST_PORT + i));
    }
    for (let round = 1; round <= ROUNDS; round++) {
      for (const scenario of SCENARIOS) {
        for (const ctx of contexts) {
          const figures = await scenario.run(ctx);
          const bySize = results.get(scenario.name) ?? new Map<string, Figures[]>();
          bySize.set(ctx.label, [...(bySize.get(ctx.label) ?? []), figures]);
          results.set(scenario.name, bySize);
          console.log(`  round ${round} ${ctx.label} ${scenario.name}: ${format(figures)}`);
        }
      }
    }
    printTable(results);
  } finally {
    for (const ctx of contexts) await dispose(ctx);
  }
}

async function prepare(label: string, seed: SeedSizes, port: number): Promise<Context> {
  const schema = `bench_api_${label}_${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'freigabe-bench-api-'));
  const base = `http://127.0.0.1:${port}`;
  const app = await startApp(schema, dataDir, port);
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  await db.query(`SET search_path = ${schema}`);
  const ctx = { label, base, db, app, schema, dataDir, token: await login(base) };
  const started = Date.now();
  await bulkSeed((sql, params) => db.query(sql, params), seed);
  await db.query('VACUUM ANALYZE');
  console.log(`seeded ${label} projects in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ctx;
}

async function dispose(ctx: Context): Promise<void> {
  await ctx.db.query(`DROP SCHEMA IF EXISTS ${ctx.schema} CASCADE`).catch(() => undefined);
  await ctx.db.end();
  ctx.app.kill('SIGTERM');
  rmSync(ctx.dataDir, { recursive: true, force: true });
}

async function startApp(schema: string, dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(dirname(templatesDir()), 'dist/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      MAIL_POLL_SECONDS: '0',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGTERM');
  throw new Error('the app did not answer /health within 60 s');
}

async function login(base: string): Promise<string> {
  const response = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

function load(
  ctx: Context,
  options: { path: string; requests?: autocannon.Request[]; rate?: number },
): Promise<Figures> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${ctx.base}${options.path}`,
        overallRate: options.rate,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
        requests: options.requests,
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        resolve({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          failed: result.non2xx + result.errors + result.timeouts,
        });
      },
    );
  });
}

/** The project halfway down the list, as the cursor a client would hold there. */
async function middleCursor(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ created_at: string; number: string }>(
    `SELECT CAST(created_at AS text) AS created_at, number FROM projects
     ORDER BY created_at DESC, number DESC OFFSET (SELECT count(*) / 2 FROM projects) LIMIT 1`,
  );
  const order = { list: 'projects', keys: [], direction: 'DESC' } as const;
  return encodeCursor(order, [rows[0].created_at, rows[0].number]);
}

async function oneProject(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM projects ORDER BY number LIMIT 1 OFFSET 4242`,
  );
  return rows[0].id;
}

/**
 * A title change per request, going round the concept-stage projects with the version each
 * one has now (read before the run, counted up as the run writes), so optimistic locking
 * refuses none: the write, its history and its audit entry.
 */
async function patchProjects(ctx: Context): Promise<Figures> {
  const { rows } = await ctx.db.query<{ id: string; version: number }>(
    `SELECT id, version FROM projects WHERE stage = 'concept' ORDER BY number LIMIT 2000`,
  );
  let next = 0;
  const requests: autocannon.Request[] = [
    {
      method: 'PATCH',
      setupRequest: (request) => {
        const project = rows[next++ % rows.length];
        const body = JSON.stringify({ title: `Bench ${next}`, version: project.version++ });
        return { ...request, path: `/projects/${project.id}`, body };
      },
    },
  ];
  return load(ctx, { path: '/projects', requests });
}

function printLogCost(): void {
  console.log(
    '| request log (in-process, 20,000 requests, median of 5) | µs per request | bytes per line |',
  );
  console.log('|---|---|---|');
  for (const cost of measureRequestLog()) {
    console.log(
      `| ${cost.name} | ${cost.microsPerRequest.toFixed(1)} | ${cost.bytesPerLine.toFixed(0)} |`,
    );
  }
  console.log('');
}

function format(f: Figures): string {
  const failed = f.failed > 0 ? `, ${f.failed} failed` : '';
  return `${f.rps.toFixed(0)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms${failed}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function medianOf(runs: Figures[]): Figures {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    failed: runs.reduce((sum, r) => sum + r.failed, 0),
  };
}

function printTable(results: Map<string, Map<string, Figures[]>>): void {
  console.log(
    `\n| request (${CONNECTIONS} connections, ${SECONDS} s, median of ${ROUNDS}) | 10k projects | ` +
      '100k projects | 100k/10k req/s | 100k/10k p50 |',
  );
  console.log('|---|---|---|---|---|');
  for (const [name, bySize] of results) {
    const small = medianOf(bySize.get('10k') ?? []);
    const large = medianOf(bySize.get('100k') ?? []);
    const ratio = (a: number, b: number) => (b === 0 ? '–' : (a / b).toFixed(2));
    console.log(
      `| ${name} | ${format(small)} | ${format(large)} | ${ratio(large.rps, small.rps)} | ` +
        `${ratio(large.p50, small.p50)} |`,
    );
  }
}

await main();
