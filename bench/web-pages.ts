import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.setup.js';
import { WebRenderer } from '../src/web/web-renderer.service.js';
import { loadConfig } from '../src/config/app-config.js';
import { percentile, templatesDir } from './measure.js';

/**
 * `npm run bench:web` (PostgreSQL: DATABASE_URL): server time of the consultant's dashboard
 * and project page against the API's `GET /projects/:id`, for a consultant with PROJECTS
 * (default 10,000) projects, in one run on a fresh schema. Requests go sequentially over one
 * keep-alive connection; the figure is the time to the full answer. Prints, asserts nothing.
 */
const PROJECTS = Number(process.env.PROJECTS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 300);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const STAGES = ['concept', 'solution', 'in_review', 'approved', 'scheduled', 'in_progress', 'qa'];
const log = (line: string) => process.stdout.write(`${line}\n`);

const url = process.env.DATABASE_URL;
if (!url) throw new Error('bench:web needs DATABASE_URL (PostgreSQL)');
const schema = `bench_${randomBytes(4).toString('hex')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'freigabe-bench-'));
const password = randomBytes(12).toString('hex');
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: 'error',
  DATA_DIR: dataDir,
  DATABASE_SCHEMA: schema,
  JWT_SECRET: randomBytes(32).toString('hex'),
  ADMIN_EMAIL: 'admin@example.com',
  ADMIN_PASSWORD: password,
  PASSWORD_SCRYPT_LOG_N: '14',
  MAIL_POLL_SECONDS: '0',
  RENDER_WORKERS: '1',
  TEMPLATES_DIR: templatesDir(),
});
const probe = installProbe();
const app = await createApp(config);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
try {
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const call = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    request(`${base}${path}`, method, headers, body, agent);
  const json = { 'content-type': 'application/json' };
  const admin = JSON.parse(
    (
      await call(
        'POST',
        '/auth/login',
        json,
        JSON.stringify({ email: 'admin@example.com', password }),
      )
    ).body,
  ) as { accessToken: string };
  const auth = { ...json, authorization: `Bearer ${admin.accessToken}` };
  const customer = JSON.parse(
    (
      await call(
        'POST',
        '/customers',
        auth,
        JSON.stringify({
          name: 'Bench GmbH',
          street: 'Weg 1',
          postalCode: '10115',
          city: 'Berlin',
          contacts: [{ name: 'Eva Bench', email: 'eva@bench.example', isSignatory: true }],
        }),
      )
    ).body,
  ) as { id: string };
  const consultantPassword = 'bench-password-123';
  const consultant = JSON.parse(
    (
      await call(
        'POST',
        '/users',
        auth,
        JSON.stringify({
          email: 'consultant@bench.example',
          password: consultantPassword,
          role: 'consultant',
          name: 'Bench',
        }),
      )
    ).body,
  ) as { id: string };
  const login = await call(
    'POST',
    '/auth/login',
    json,
    JSON.stringify({ email: 'consultant@bench.example', password: consultantPassword }),
  );
  const bearer = {
    authorization: `Bearer ${(JSON.parse(login.body) as { accessToken: string }).accessToken}`,
  };
  const project = JSON.parse(
    (
      await call(
        'POST',
        '/projects',
        { ...json, ...bearer },
        JSON.stringify({ customerId: customer.id, title: 'Bench-Projekt' }),
      )
    ).body,
  ) as { id: string; version: number };
  let version = project.version;
  for (let i = 0; i < 10; i++) {
    const answer = await call(
      'POST',
      `/projects/${project.id}/requirements`,
      { ...json, ...bearer },
      JSON.stringify({
        version,
        text: `Anforderung ${i}`,
        priority: 'must',
        acceptanceCriterion: 'erfüllt',
      }),
    );
    version = (JSON.parse(answer.body) as { version: number }).version;
  }
  await bulkProjects(app.get(DataSource), customer.id, consultant.id);

  // The login form first: its CSRF token goes back in the form and in its cookie.
  const loginForm = await call('GET', '/login', {});
  const loginCookie = String(loginForm.headers['set-cookie']?.[0]).split(';')[0];
  const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(loginForm.body)?.[1] ?? '';
  const form = { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie };
  const page = await call(
    'POST',
    '/login',
    form,
    `email=consultant%40bench.example&password=${consultantPassword}&_csrf=${loginCsrf}`,
  );
  const cookie = { cookie: String(page.headers['set-cookie']?.[0]).split(';')[0] };

  type Measured = { median: number; cpuMs: number };
  const measure = async (
    label: string,
    path: string,
    headers: Record<string, string>,
  ): Promise<Measured> => {
    for (let i = 0; i < 30; i++) await call('GET', path, headers);
    const samples: number[] = [];
    let bytes = 0;
    probe.reset();
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const answer = await call('GET', path, headers);
      samples.push(performance.now() - start);
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status}`);
      bytes = Buffer.byteLength(answer.body);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000 / RUNS;
    const rendered = label.startsWith('page') ? probe.renderAlone(RUNS) : NaN;
    samples.sort((a, b) => a - b);
    const [median, p99] = [percentile(samples, 50), percentile(samples, 99)];
    log(
      `${label.padEnd(34)} median ${median.toFixed(1).padStart(6)} ms   p99 ${p99.toFixed(1).padStart(6)} ms   CPU ${cpuMs.toFixed(2)} ms   ${(bytes / 1024).toFixed(0)} KiB   ${probe.summary(RUNS)}${Number.isNaN(rendered) ? '' : ` (template alone: CPU ${rendered.toFixed(2)} ms)`}`,
    );
    if (process.env.SHOW_QUERIES) {
      probe.reset(true);
      await call('GET', path, headers);
      const captured = [...probe.sql];
      probe.reset();
      for (const [sql, params] of captured) log(await explained(app.get(DataSource), sql, params));
    }
    return { median, cpuMs };
  };
  log(
    `${PROJECTS} projects of one consultant, PostgreSQL, ${RUNS} sequential requests each, ` +
      `${ROUNDS} alternating rounds (CPU: this process's user+system time per request)`,
  );
  const ratios: { show: number; dashboard: number; showCpu: number; dashboardCpu: number }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    log(`round ${round}`);
    const api = await measure('API  GET /projects/:id', `/projects/${project.id}`, bearer);
    const profiled = async (page: 'project' | 'dashboard', run: () => Promise<Measured>) => {
      const profiling =
        process.env.PROFILE && round === ROUNDS && (process.env.PROFILE_PAGE ?? 'project') === page
          ? await startProfile()
          : null;
      const measured = await run();
      if (profiling) await profiling.stop(process.env.PROFILE!);
      return measured;
    };
    const show = await profiled('project', () =>
      measure('page GET /console/projects/:id', `/console/projects/${project.id}`, cookie),
    );
    const dashboard = await profiled('dashboard', () =>
      measure('page GET /console (dashboard)', '/console', cookie),
    );
    ratios.push({
      show: show.median / api.median,
      dashboard: dashboard.median / api.median,
      showCpu: show.cpuMs / api.cpuMs,
      dashboardCpu: dashboard.cpuMs / api.cpuMs,
    });
  }
  const med = (key: keyof (typeof ratios)[number]) =>
    percentile(
      ratios.map((r) => r[key]).sort((a, b) => a - b),
      50,
    ).toFixed(2);
  log(
    `median of rounds — project page / API: ${med('show')}× (CPU ${med('showCpu')}×)   ` +
      `dashboard / API: ${med('dashboard')}× (CPU ${med('dashboardCpu')}×)`,
  );
} finally {
  await app.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * PROFILE=<file>: a CPU profile of the last round's project pages, or of its dashboards with
 * PROFILE_PAGE=dashboard (open it in Chrome's DevTools).
 */
async function startProfile() {
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async (file: string) => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** One statement of a page with its execution time (EXPLAIN ANALYZE); SHOW_PLANS: slow plans. */
async function explained(dataSource: DataSource, sql: string, params: unknown[]): Promise<string> {
  const line = sql.replace(/\s+/g, ' ').slice(0, 130);
  if (!/^\s*\(?SELECT/i.test(sql)) return `    ${''.padEnd(24)} ${line}`;
  type Plan = { 'QUERY PLAN': [{ 'Execution Time': number; Plan: { 'Node Type': string } }] };
  const [row] = await dataSource.query<[Plan]>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
  const top = row['QUERY PLAN'][0];
  const plan = `${top['Execution Time'].toFixed(2)} ms ${top.Plan['Node Type']}`;
  let text = '';
  if (process.env.SHOW_PLANS && top['Execution Time'] > 0.3) {
    const rows = await dataSource.query<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN ANALYZE ${sql}`,
      params,
    );
    text = `\n${sql}\n${JSON.stringify(params)}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`;
  }
  return `    ${plan.padEnd(24)} ${line}${text}`;
}

/** The consultant's other projects, written in one statement (the API would take minutes). */
async function bulkProjects(dataSource: DataSource, customerId: string, consultantId: string) {
  await dataSource.query(
    `INSERT INTO projects (id, number, customer_id, title, stage, billing_mode, background, goals,
       vat_rate_bp, current_revision, completion_date, created_by, created_at, updated_at)
     SELECT gen_random_uuid(), 'B-' || n, $1, 'Projekt ' || n, ($3::text[])[1 + n % $4],
       'fixed_price', '', '', 1900, 1, CURRENT_DATE + (n % 60 - 20), $2,
       now() - n * interval '1 hour', now() - n * interval '1 minute'
     FROM generate_series(1, $5) AS n`,
    [customerId, consultantId, STAGES, STAGES.length, PROJECTS - 1],
  );
  // As autovacuum would have by now (it vacuums after inserts too): index-only scans need it.
  await dataSource.query('VACUUM ANALYZE projects');
}

function request(
  target: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  agent: http.Agent,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Where a request's time goes: SQL statements sent and the time until each answer arrived
 * (summed, so queries run in parallel count each), and the time spent rendering templates.
 */
function installProbe() {
  const stats = { queries: 0, dbMs: 0, renderMs: 0, sql: [] as [string, unknown[]][], keep: false };
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
    stats.queries++;
    if (stats.keep) stats.sql.push([String(args[0]), (args[1] as unknown[]) ?? []]);
    const start = performance.now();
    const answer = query.apply(this, args);
    if (answer instanceof Promise) {
      answer.then(
        () => (stats.dbMs += performance.now() - start),
        () => undefined,
      );
    }
    return answer;
  };
  for (const method of ['page', 'fragment'] as const) {
    const render = WebRenderer.prototype[method] as (...args: unknown[]) => void;
    (WebRenderer.prototype as unknown as Record<string, unknown>)[method] = function (
      this: WebRenderer,
      ...args: unknown[]
    ) {
      const start = performance.now();
      try {
        render.apply(this, args);
      } finally {
        stats.renderMs += performance.now() - start;
      }
      if (method === 'page') lastPage = { renderer: this, args };
    };
  }
  let lastPage: { renderer: WebRenderer; args: unknown[] } | null = null;
  /** The last page rendered again `times` times into a response that discards it: CPU per render. */
  const renderAlone = (times: number): number => {
    if (!lastPage) return NaN;
    const { renderer, args } = lastPage;
    const discard = { status: () => discard, setHeader: () => discard, end: () => discard };
    const before = process.threadCpuUsage();
    for (let i = 0; i < times; i++)
      renderer.page(discard as never, ...(args.slice(1) as [never, never, never]));
    const cpu = process.threadCpuUsage(before);
    return (cpu.user + cpu.system) / 1000 / times;
  };
  return {
    renderAlone,
    get sql() {
      return stats.sql;
    },
    reset(keep = false) {
      Object.assign(stats, { queries: 0, dbMs: 0, renderMs: 0, sql: [], keep });
    },
    summary(runs: number) {
      return `${(stats.queries / runs).toFixed(1)} queries, DB ${(stats.dbMs / runs).toFixed(1)} ms, render ${(stats.renderMs / runs).toFixed(1)} ms per request`;
    },
  };
}
