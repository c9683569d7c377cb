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
 * `npm run bench:api`: the built app (`dist/main.js`, production configuration, a process of
 * its own) on PostgreSQL, seeded in bulk with 10,000 and then 100,000 projects (customers,
 * revisions, document metadata, invoices, audit entries) and 20,000 tickets of which 5,000
 * are open, driven by autocannon for BENCH_SECONDS per scenario and size. Prints req/s, p50
 * and p99 per scenario and size, and the ratios 100k/10k; first, what the request log costs
 * per request (`request-log.ts`). Figures only, never assertions.
 */
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const BASE = `http://127.0.0.1:${PORT}`;
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

interface Context {
  db: pg.Client;
  token: string;
}

const SIZES: Array<{ label: string; projects: number; seed: SeedSizes; batch: string }> = [
  {
    label: '10k',
    projects: 10_000,
    batch: 'B',
    seed: {
      customers: 1_000,
      projects: 10_000,
      tickets: 20_000,
      openTickets: 5_000,
      invoices: 10_000,
      payments: 5_000,
      documents: 10_000,
      auditEntries: 10_000,
      projectTime: 1_000,
      supportTime: 1_000,
    },
  },
  {
    label: '100k',
    projects: 100_000,
    batch: 'C',
    seed: {
      customers: 9_000,
      projects: 90_000,
      tickets: 0,
      openTickets: 0,
      invoices: 90_000,
      payments: 45_000,
      documents: 90_000,
      auditEntries: 90_000,
      projectTime: 0,
      supportTime: 0,
    },
  },
];

const SCENARIOS: Scenario[] = [
  { name: 'GET /health (floor)', run: (c) => load(c, { path: '/health' }) },
  { name: 'GET /projects (first page)', run: (c) => load(c, { path: '/projects' }) },
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
  { name: 'GET /invoices (first page)', run: (c) => load(c, { path: '/invoices' }) },
  { name: 'GET /audit (first page)', run: (c) => load(c, { path: '/audit' }) },
  { name: 'GET /support/queue (200 items)', run: (c) => load(c, { path: '/support/queue' }) },
  {
    name: 'GET /support/queue?pageSize=20',
    run: (c) => load(c, { path: '/support/queue?pageSize=20' }),
  },
];

async function main(): Promise<void> {
  printLogCost();
  const schema = `bench_api_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'freigabe-bench-api-'));
  const app = await startApp(schema, dataDir);
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  await db.query(`SET search_path = ${schema}`);
  const results = new Map<string, Figures[]>();
  try {
    const token = await login();
    for (const size of SIZES) {
      const started = Date.now();
      await bulkSeed((sql, params) => db.query(sql, params), size.seed, size.batch);
      await db.query('VACUUM ANALYZE');
      console.log(
        `seeded ${size.label} projects in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      for (const scenario of SCENARIOS) {
        const figures = await scenario.run({ db, token });
        results.set(scenario.name, [...(results.get(scenario.name) ?? []), figures]);
        console.log(`  ${size.label} ${scenario.name}: ${format(figures)}`);
      }
    }
    printTable(results);
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.end();
    app.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startApp(schema: string, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(dirname(templatesDir()), 'dist/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(PORT),
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
    const up = await fetch(`${BASE}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGTERM');
  throw new Error('the app did not answer /health within 60 s');
}

async function login(): Promise<string> {
  const response = await fetch(`${BASE}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

function load(
  ctx: Context,
  options: { path: string; requests?: autocannon.Request[] },
): Promise<Figures> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${BASE}${options.path}`,
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
 * A title change on a different concept-stage project per request (each at its version 1), so
 * optimistic locking never refuses one: the write, its history and its audit entry.
 */
async function patchProjects(ctx: Context): Promise<Figures> {
  const { rows } = await ctx.db.query<{ id: string; version: number }>(
    `SELECT id, version FROM projects WHERE stage = 'concept' AND version = 1 ORDER BY number LIMIT 8000`,
  );
  let next = 0;
  const requests: autocannon.Request[] = [
    {
      method: 'PATCH',
      setupRequest: (request) => {
        const project = rows[next++ % rows.length];
        return {
          ...request,
          path: `/projects/${project.id}`,
          body: JSON.stringify({ title: `Bench ${next}`, version: project.version }),
        };
      },
    },
  ];
  return load(ctx, { path: '/projects', requests });
}

function printLogCost(): void {
  console.log('| request log (in-process, 50,000 requests) | µs per request | bytes per line |');
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

function printTable(results: Map<string, Figures[]>): void {
  console.log(
    `\n| request (${CONNECTIONS} connections, ${SECONDS} s) | 10k projects | 100k projects | ` +
      `100k/10k req/s | 100k/10k p50 |`,
  );
  console.log('|---|---|---|---|---|');
  for (const [name, [small, large]] of results) {
    if (!large) continue;
    const ratio = (a: number, b: number) => (b === 0 ? '–' : (a / b).toFixed(2));
    console.log(
      `| ${name} | ${format(small)} | ${format(large)} | ${ratio(large.rps, small.rps)} | ` +
        `${ratio(large.p50, small.p50)} |`,
    );
  }
}

await main();
