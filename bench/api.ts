// First: it sets the bench's DATABASE_URL before the app's modules load.
import { benchDatabaseUrl } from './bench-database.js';
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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
 * Figures only, never assertions. `SCENARIOS=patch,queue` runs only the scenarios whose name
 * contains one of the words, `SIZES=10k` only that size. Every answer that is not 2xx is
 * counted by status, and the first few are printed with their bodies.
 */
const DATABASE_URL = await benchDatabaseUrl();
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const FIRST_PORT = Number(process.env.BENCH_PORT ?? 3917);
const ISSUERS = Number(process.env.BENCH_ISSUERS ?? 2);
/** Non-2xx answers printed with their bodies, per scenario and run. */
const SAMPLES = 3;
const ADMIN = { email: 'bench@example.com', password: randomBytes(12).toString('hex') };

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  /** Non-2xx answers, errors and timeouts by status ("409", "error", "timeout"). */
  statuses: Record<string, number>;
}

/** One line of the table: most scenarios give one, the contention scenario three. */
interface Line {
  name: string;
  figures: Figures;
}

interface Scenario {
  name: string;
  run: (ctx: Context) => Promise<Line[]>;
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
const ALL_SIZES: Array<{ label: string; seed: SeedSizes }> = [
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

const ALL_SCENARIOS: Scenario[] = [
  single('GET /health (floor)', (c) => load(c, { path: '/health' })),
  single('GET /projects (first page)', (c) => load(c, { path: '/projects' })),
  single('GET /projects at a fixed 300 req/s', (c) => load(c, { path: '/projects', rate: 300 })),
  single('GET /projects?after= (middle, cursor)', async (c) =>
    load(c, { path: `/projects?after=${await middleCursor(c.db)}` }),
  ),
  single('GET /projects?page=250 (offset)', (c) => load(c, { path: '/projects?page=250' })),
  single('GET /projects/:id', async (c) =>
    load(c, { path: `/projects/${await oneProject(c.db)}` }),
  ),
  single('PATCH /projects/:id (audited)', (c) => patchProjects(c)),
  { name: `PATCH /projects/:id while ${ISSUERS} issuers issue invoices`, run: contention },
  single('GET /customers (first page)', (c) => load(c, { path: '/customers' })),
  single('GET /invoices (first page)', (c) => load(c, { path: '/invoices' })),
  single('GET /audit (first page)', (c) => load(c, { path: '/audit' })),
  single('GET /support/queue (200 items)', (c) => load(c, { path: '/support/queue' })),
  single('GET /support/queue?pageSize=20', (c) => load(c, { path: '/support/queue?pageSize=20' })),
];

const SCENARIOS = pick(ALL_SCENARIOS, (s) => s.name, process.env.SCENARIOS);
const SIZES = pick(ALL_SIZES, (s) => s.label, process.env.SIZES);

function single(name: string, run: (ctx: Context) => Promise<Figures>): Scenario {
  return { name, run: async (ctx) => [{ name, figures: await run(ctx) }] };
}

/** The entries whose name contains one of the comma-separated words (all without a filter). */
function pick<T>(all: T[], name: (entry: T) => string, filter: string | undefined): T[] {
  const words = (filter ?? '')
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== '');
  if (words.length === 0) return all;
  const picked = all.filter((entry) => words.some((w) => name(entry).toLowerCase().includes(w)));
  if (picked.length === 0) throw new Error(`nothing matches ${filter}`);
  return picked;
}

/**
 * Both sizes are seeded and served at once and the rounds alternate between them scenario by
 * scenario, so a machine that gets busier or quieter meanwhile moves both columns alike.
 */
async function main(): Promise<void> {
  printLoad('start');
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
          for (const { name, figures } of await scenario.run(ctx)) {
            const bySize = results.get(name) ?? new Map<string, Figures[]>();
            bySize.set(ctx.label, [...(bySize.get(ctx.label) ?? []), figures]);
            results.set(name, bySize);
            console.log(`  round ${round} ${ctx.label} ${name}: ${format(figures)}`);
          }
        }
      }
    }
    printLoad('end');
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
  await configureCompany(ctx);
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

/** The seller's details an invoice needs before it can be issued (§ 14 UStG). */
async function configureCompany(ctx: Context): Promise<void> {
  const headers = { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' };
  const current = (await (await fetch(`${ctx.base}/company`, { headers })).json()) as {
    version: number;
  };
  const response = await fetch(`${ctx.base}/company`, {
    method: 'PATCH',
    headers,
    body: JSON.stringify({
      legalName: 'Bench IT-Service GmbH',
      street: 'Am Markt 3',
      postalCode: '04109',
      city: 'Leipzig',
      vatId: 'DE123456789',
      iban: 'DE02120300000000202051',
      version: current.version,
    }),
  });
  if (!response.ok) throw new Error(`PATCH /company: ${response.status} ${await response.text()}`);
}

function load(
  ctx: Context,
  options: { path: string; requests?: autocannon.Request[]; rate?: number },
): Promise<Figures> {
  const answers = new Answers(ctx.label);
  const requests = (options.requests ?? [{ method: 'GET', path: options.path }]).map((request) => ({
    ...request,
    onResponse: (status: number, body: string) => answers.record(status, body),
  }));
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${ctx.base}${options.path}`,
        overallRate: options.rate,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
        requests,
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const statuses = answers.byStatus();
        if (result.errors > 0) statuses.error = result.errors;
        if (result.timeouts > 0) statuses.timeout = result.timeouts;
        resolve({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          failed: result.non2xx + result.errors + result.timeouts,
          statuses,
        });
      },
    );
  });
}

/**
 * The answers that were not 2xx: counted by status, the first few printed with their body
 * (a conflict, a rate limit and a server error read differently, and the body says which).
 */
class Answers {
  private readonly counts = new Map<number, number>();
  private printed = 0;

  constructor(private readonly label: string) {}

  record(status: number, body: string): void {
    if (status >= 200 && status < 300) return;
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
    if (this.printed++ < SAMPLES) {
      console.log(
        `    ${this.label} answered ${status}: ${body.replace(/\s+/g, ' ').slice(0, 400)}`,
      );
    }
  }

  byStatus(): Record<string, number> {
    return Object.fromEntries([...this.counts].map(([status, n]) => [String(status), n]));
  }
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
  const figures = await load(ctx, { path: '/projects', requests });
  await settle(ctx.db);
  return figures;
}

/**
 * autocannon returns when its time is up, but the app still finishes the PATCHes that were in
 * flight (up to one per connection) and commits them a moment later. A run that read the
 * versions before those commits sends a stale version for those projects, and they answer
 * 409 (PROJECT.VERSION_CONFLICT): that was where the stray non-2xx PATCH answers came from.
 * So the run waits until the versions stop moving.
 */
async function settle(db: pg.Client): Promise<void> {
  let last = '';
  for (let i = 0; i < 50; i++) {
    const { rows } = await db.query<{ sum: string }>(
      `SELECT CAST(sum(version) AS text) AS sum FROM projects WHERE stage = 'concept'`,
    );
    if (rows[0].sum === last) return;
    last = rows[0].sum;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Audited writes while invoices are issued (issue 19, "no global lock held while rendering"):
 * the PATCH run alone, then again while `ISSUERS` loops each create a draft and issue it
 * through the API — number drawn, PDF/A-3 rendered and stored, audit entry — one invoice after
 * the other until the PATCH run ends. Were the audit chain's head locked during the render,
 * every PATCH would wait for a render and the second line would fall far behind the first.
 */
async function contention(ctx: Context): Promise<Line[]> {
  const alone = await patchProjects(ctx);
  const issuers = startIssuers(ctx, await oneCustomer(ctx.db));
  const during = await patchProjects(ctx);
  const issued = await issuers.stop();
  return [
    { name: 'PATCH /projects/:id alone (contention baseline)', figures: alone },
    { name: `PATCH /projects/:id while ${ISSUERS} issuers issue`, figures: during },
    { name: `POST /invoices/:id/issue meanwhile (${ISSUERS} issuers)`, figures: issued },
  ];
}

async function oneCustomer(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM customers ORDER BY number LIMIT 1`,
  );
  return rows[0].id;
}

/** The issuing loops; `stop` ends them and gives invoices issued per second and issue latency. */
function startIssuers(ctx: Context, customerId: string): { stop: () => Promise<Figures> } {
  const answers = new Answers(`${ctx.label} issuer`);
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  let running = true;
  const started = performance.now();
  const send = async (path: string, body: object) => {
    const response = await fetch(`${ctx.base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    answers.record(response.status, text);
    return response.ok ? (JSON.parse(text) as { id: string }) : null;
  };
  const issueOne = async (n: number) => {
    const draft = await send('/invoices', {
      customerId,
      subject: `Bench ${n}`,
      serviceFrom: '2026-11-20',
      lines: [
        { title: `Wartung ${n}`, quantity: '1.5', unit: 'hour', unitPriceCents: 9_500 + n },
        { title: 'Lizenz', quantity: String(1 + (n % 7)), unit: 'piece', unitPriceCents: 4_900 },
      ],
    });
    if (!draft) return false;
    const before = performance.now();
    const invoice = await send(`/invoices/${draft.id}/issue`, {});
    latencies.push(performance.now() - before);
    if (invoice) issued++;
    return invoice !== null;
  };
  const loop = async (issuer: number) => {
    for (let n = 1; running; n++) {
      const ok = await issueOne(issuer * 1_000_000 + n).catch(() => {
        errors++;
        return false;
      });
      // A refusal must not become a busy loop that measures itself.
      if (!ok) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const loops = Array.from({ length: ISSUERS }, (_, i) => loop(i + 1));
  return {
    stop: async () => {
      running = false;
      const seconds = (performance.now() - started) / 1000;
      await Promise.all(loops);
      const statuses = answers.byStatus();
      if (errors > 0) statuses.error = errors;
      const failed = Object.values(statuses).reduce((sum, n) => sum + n, 0);
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) =>
        Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0);
      return { rps: issued / seconds, p50: at(0.5), p99: at(0.99), failed, statuses };
    },
  };
}

/** The machine is shared: the load average says how much else ran meanwhile. */
function printLoad(when: string): void {
  const [one, five] = loadavg();
  console.log(`load average at ${when}: ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min)`);
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
  const byStatus = Object.entries(f.statuses)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
  const failed = f.failed > 0 ? `, ${f.failed} failed (${byStatus})` : '';
  // Invoices issued per second are few: one decimal where the figure is small.
  const rps = f.rps.toFixed(f.rps < 10 ? 1 : 0);
  return `${rps} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms${failed}`;
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
    statuses: runs.reduce<Record<string, number>>((all, r) => {
      for (const [status, n] of Object.entries(r.statuses)) all[status] = (all[status] ?? 0) + n;
      return all;
    }, {}),
  };
}

function printTable(results: Map<string, Map<string, Figures[]>>): void {
  const labels = SIZES.map((s) => s.label);
  const both = labels.length === 2;
  console.log(
    `\n| request (${CONNECTIONS} connections, ${SECONDS} s, median of ${ROUNDS}) | ` +
      labels.map((l) => `${l} projects | `).join('') +
      (both ? '100k/10k req/s | 100k/10k p50 |' : ''),
  );
  console.log(`|---|${labels.map(() => '---|').join('')}${both ? '---|---|' : ''}`);
  for (const [name, bySize] of results) {
    const figures = labels.map((label) => medianOf(bySize.get(label) ?? []));
    const ratios = both
      ? ` ${ratio(figures[1].rps, figures[0].rps)} | ${ratio(figures[1].p50, figures[0].p50)} |`
      : '';
    console.log(`| ${name} | ${figures.map((f) => `${format(f)} | `).join('')}${ratios}`);
  }
  printContention(results);
}

/** PATCH with issuers against PATCH alone, round by round, then the median of the ratios. */
function printContention(results: Map<string, Map<string, Figures[]>>): void {
  const alone = [...results].find(([name]) => name.includes('alone'))?.[1];
  const during = [...results].find(([name]) => name.includes('issuers issue'))?.[1];
  if (!alone || !during) return;
  console.log(
    `\n| PATCH while ${ISSUERS} issuers issue ÷ PATCH alone (median of ${ROUNDS} rounds) | ` +
      'req/s | p50 | p99 |',
  );
  console.log('|---|---|---|---|');
  for (const { label } of SIZES) {
    const a = alone.get(label) ?? [];
    const d = during.get(label) ?? [];
    const of = (key: 'rps' | 'p50' | 'p99') =>
      ratio(median(d.map((f, i) => f[key] / a[i][key])), 1);
    console.log(`| ${label} projects | ${of('rps')} | ${of('p50')} | ${of('p99')} |`);
  }
}

function ratio(a: number, b: number): string {
  return b === 0 || !Number.isFinite(a) ? '–' : (a / b).toFixed(2);
}

await main();
