// First: it sets the bench's DATABASE_URL before the app's modules load.
import { benchDatabaseUrl } from './bench-database.js';
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { encodeCursor } from '../src/common/pagination.js';
import { bulkSeed, type SeedSizes } from './bulk-seed.js';
import { templatesDir } from './measure.js';
import { measureRequestLog } from './request-log.js';

/**
 * `npm run bench:api`: the built app (`dist/main.js`, production configuration, one process
 * per size) on PostgreSQL (`DATABASE_URL`, else the database `freigabe_bench`), two schemas
 * seeded in bulk: 10,000 and 100,000 projects (with customers, revisions, document metadata,
 * invoices, payments and audit entries in proportion) and in both 20,000 tickets of which
 * 5,000 are open. autocannon drives each scenario for
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
  /**
   * The contention lines only: milliseconds that backends of the bench's database spent
   * waiting for a lock during the run, per request of the line, by the lock waited for
   * (sampled from pg_stat_activity, see `sampleLockWaits`).
   */
  lockWaits?: Record<LockClass, number>;
  /** The contention lines only: the app process's CPU during the run, in cores (2 = both). */
  appCores?: number;
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
 * the other until the PATCH run ends, then again while as many clients render previews (the
 * CPU without the locks). Were the audit chain's head locked during the render, every PATCH
 * would wait for a render and the second line would fall far behind the third; the lock waits
 * sampled in each run (`observed`) say so directly.
 */
async function contention(ctx: Context): Promise<Line[]> {
  const alone = await observed(ctx, () => patchProjects(ctx));
  const issuers = startIssuers(ctx, await oneCustomer(ctx.db));
  const during = await observed(ctx, () => patchProjects(ctx));
  const issued = await issuers.stop();
  // The control: the same number of clients rendering invoice previews (a PDF through the
  // same render pool, no number, no audit entry, no transaction), so the PATCH run competes
  // for the two cores about as it does with the issuers, but for no lock.
  const previewers = startPreviewers(ctx, await webSession(ctx));
  const control = await observed(ctx, () => patchProjects(ctx));
  const previewed = await previewers.stop();
  return [
    { name: 'PATCH /projects/:id alone (contention baseline)', figures: alone },
    { name: `PATCH /projects/:id while ${ISSUERS} issuers issue`, figures: during },
    { name: `POST /invoices/:id/issue meanwhile (${ISSUERS} issuers)`, figures: issued },
    {
      name: `PATCH /projects/:id while ${ISSUERS} clients render previews (CPU, no locks)`,
      figures: control,
    },
    { name: `GET invoice preview PDF meanwhile (${ISSUERS} clients)`, figures: previewed },
  ];
}

type LockClass = 'audit head' | 'number series' | 'other';

/**
 * A run with its lock waits and the app's CPU: while it runs, a connection of its own asks
 * pg_stat_activity every few milliseconds which backends of this database wait for a lock
 * (wait_event_type 'Lock': a row lock shows as 'transactionid' or 'tuple') and what they run;
 * each waiting backend counts the time since the previous sample. The waits are given per
 * request of the run, by the lock the statement waits for (its text names the table).
 */
async function observed(ctx: Context, run: () => Promise<Figures>): Promise<Figures> {
  const sampler = new pg.Client({ connectionString: DATABASE_URL });
  await sampler.connect();
  const waits: Record<LockClass, number> = { 'audit head': 0, 'number series': 0, other: 0 };
  let running = true;
  const sampling = (async () => {
    let last = performance.now();
    while (running) {
      const { rows } = await sampler.query<{ query: string }>(
        `SELECT query FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      const now = performance.now();
      for (const { query } of rows) waits[lockClass(query)] += now - last;
      last = now;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const cpuBefore = processCpuMs(ctx.app.pid);
  const started = performance.now();
  try {
    const figures = await run();
    const cores = (processCpuMs(ctx.app.pid) - cpuBefore) / (performance.now() - started);
    const requests = Math.max(1, figures.rps * SECONDS);
    const perRequest = Object.fromEntries(
      Object.entries(waits).map(([lock, ms]) => [lock, ms / requests]),
    ) as Record<LockClass, number>;
    return { ...figures, lockWaits: perRequest, appCores: cores };
  } finally {
    running = false;
    await sampling;
    await sampler.end();
  }
}

function lockClass(query: string): LockClass {
  if (/\baudit_head\b/i.test(query)) return 'audit head';
  if (/\bnumber_sequences\b/i.test(query)) return 'number series';
  return 'other';
}

/** CPU time (user + system) of a process so far, from /proc (Linux), in milliseconds. */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** An admin's web session (the preview is a console page): the login form, then its post. */
async function webSession(ctx: Context): Promise<string> {
  const form = await fetch(`${ctx.base}/login`);
  const formCookie = form.headers.getSetCookie()[0].split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const login = await fetch(`${ctx.base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: formCookie },
    body: new URLSearchParams({ email: ADMIN.email, password: ADMIN.password, _csrf: csrf }),
  });
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0];
  if (login.status !== 303 || !cookie) throw new Error(`web login: ${login.status}`);
  return cookie;
}

async function oneCustomer(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM customers ORDER BY number LIMIT 1`,
  );
  return rows[0].id;
}

/** The preview loops: an invoice draft preview PDF after the other, per client. */
function startPreviewers(ctx: Context, cookie: string): { stop: () => Promise<Figures> } {
  const answers = new Answers(`${ctx.label} previewer`);
  return startLoops(answers, async (latencies) => {
    const before = performance.now();
    const response = await fetch(`${ctx.base}/console/admin/documents/invoice/de.pdf`, {
      headers: { cookie },
    });
    const body = await response.arrayBuffer();
    latencies.push(performance.now() - before);
    answers.record(response.status, response.ok ? '' : Buffer.from(body).toString('utf8'));
    return response.ok;
  });
}

/** The issuing loops; `stop` ends them and gives invoices issued per second and issue latency. */
function startIssuers(ctx: Context, customerId: string): { stop: () => Promise<Figures> } {
  const answers = new Answers(`${ctx.label} issuer`);
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
  return startLoops(answers, async (latencies, n) => {
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
    return invoice !== null;
  });
}

/**
 * `ISSUERS` loops of one piece of work after the other until `stop`, which gives the pieces
 * done per second and their latency (what `one` timed).
 */
function startLoops(
  answers: Answers,
  one: (latencies: number[], n: number) => Promise<boolean>,
): { stop: () => Promise<Figures> } {
  const latencies: number[] = [];
  let done = 0;
  let errors = 0;
  let running = true;
  const started = performance.now();
  const loop = async (client: number) => {
    for (let n = 1; running; n++) {
      const ok = await one(latencies, client * 1_000_000 + n).then(
        (ok) => {
          if (ok) done++;
          return ok;
        },
        () => {
          errors++;
          return false;
        },
      );
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
      return { rps: done / seconds, p50: at(0.5), p99: at(0.99), failed, statuses };
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
  const cpu = f.appCores === undefined ? '' : `, app CPU ${f.appCores.toFixed(2)} cores`;
  const waits = f.lockWaits
    ? `, lock wait per request ${Object.entries(f.lockWaits)
        .map(([lock, ms]) => `${lock} ${ms.toFixed(2)} ms`)
        .join(', ')}`
    : '';
  return `${rps} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms${failed}${cpu}${waits}`;
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
    ...(runs.every((r) => r.appCores !== undefined)
      ? { appCores: median(runs.map((r) => r.appCores!)) }
      : {}),
    ...(runs.every((r) => r.lockWaits)
      ? {
          lockWaits: {
            'audit head': median(runs.map((r) => r.lockWaits!['audit head'])),
            'number series': median(runs.map((r) => r.lockWaits!['number series'])),
            other: median(runs.map((r) => r.lockWaits!.other)),
          },
        }
      : {}),
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

/**
 * PATCH with issuers, and PATCH with the CPU-only control, against PATCH alone, round by round,
 * then the median of the ratios; then the lock waits of the three runs. If the issuers' line
 * falls as far as the control's, the drop is the CPU the renders take, not a lock.
 */
function printContention(results: Map<string, Map<string, Figures[]>>): void {
  const find = (word: string) => [...results].find(([name]) => name.includes(word))?.[1];
  const alone = find('alone');
  const runs = [
    { name: `with ${ISSUERS} issuers`, bySize: find('issuers issue') },
    { name: `with ${ISSUERS} previewers (CPU only)`, bySize: find('render previews') },
  ];
  if (!alone || !runs[0].bySize) return;
  console.log(
    `\n| PATCH /projects/:id ÷ PATCH alone (median of ${ROUNDS} rounds) | req/s | p50 | p99 |`,
  );
  console.log('|---|---|---|---|');
  for (const { label } of SIZES) {
    const a = alone.get(label) ?? [];
    for (const run of runs) {
      const d = run.bySize?.get(label);
      if (!d) continue;
      const of = (key: 'rps' | 'p50' | 'p99') =>
        ratio(median(d.map((f, i) => f[key] / a[i][key])), 1);
      console.log(`| ${label}, ${run.name} | ${of('rps')} | ${of('p50')} | ${of('p99')} |`);
    }
  }
  console.log(
    `\n| PATCH run (median of ${ROUNDS}) | lock wait per PATCH: audit head | number series | ` +
      'other | app CPU (cores) |',
  );
  console.log('|---|---|---|---|---|');
  for (const { label } of SIZES) {
    for (const run of [{ name: 'alone', bySize: alone }, ...runs]) {
      const f = run.bySize?.get(label);
      if (!f) continue;
      const m = medianOf(f);
      const w = m.lockWaits ?? { 'audit head': NaN, 'number series': NaN, other: NaN };
      console.log(
        `| ${label}, ${run.name} | ${w['audit head'].toFixed(2)} ms | ` +
          `${w['number series'].toFixed(2)} ms | ${w.other.toFixed(2)} ms | ` +
          `${m.appCores?.toFixed(2) ?? '–'} |`,
      );
    }
  }
}

function ratio(a: number, b: number): string {
  return b === 0 || !Number.isFinite(a) ? '–' : (a / b).toFixed(2);
}

await main();
