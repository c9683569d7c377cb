// First: it sets the bench's DATABASE_URL before the app's modules load.
import { benchDatabaseUrl } from './bench-database.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import { createApp } from '../src/app.setup.js';
import type { Actor } from '../src/common/access.js';
import { loadConfig } from '../src/config/app-config.js';
import { QueueQuery } from '../src/support/dto/ticket.dto.js';
import { SupportQueueService } from '../src/support/support-queue.service.js';
import { bulkSeed } from './bulk-seed.js';
import { templatesDir } from './measure.js';

/**
 * `npm run bench:queue`: where the time of the support queue's first page goes, in-process on
 * PostgreSQL with the bench's 20,000 tickets (5,000 open) and 10,000 projects. It calls the
 * queue service as the controller does (QUEUE_CALLS times after a warm-up) and times each SQL
 * statement at the query runner, the whole call, and the JSON the controller would send; the
 * rest of the call is the JavaScript around the statements (entity mapping, reason, response).
 * Then `EXPLAIN ANALYZE` of each statement. Figures only.
 */
const DATABASE_URL = await benchDatabaseUrl();
const CALLS = Number(process.env.QUEUE_CALLS ?? 300);
const PAGE_SIZES = [20, 200];

interface Statement {
  sql: string;
  params: unknown[];
  ms: number;
}

async function main(): Promise<void> {
  console.log(`load average at start: ${loadavg()[0].toFixed(2)}`);
  const schema = `bench_queue_${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'freigabe-bench-queue-'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    DATA_DIR: dataDir,
    TEMPLATES_DIR: templatesDir(),
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    LOG_LEVEL: 'warn',
    MAIL_POLL_SECONDS: '0',
  });
  const app = await createApp(config);
  await app.init();
  const dataSource = app.get(DataSource);
  try {
    await bulkSeed((sql, params) => dataSource.query(sql, params), {
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
    });
    await dataSource.query('VACUUM ANALYZE');
    const [admin] = await dataSource.query<Array<{ id: string; email: string }>>(
      `SELECT id, email FROM users ORDER BY created_at LIMIT 1`,
    );
    const actor: Actor = {
      userId: admin.id,
      email: admin.email,
      name: 'Bench',
      role: 'admin',
      customerId: null,
    };
    const queue = app.get(SupportQueueService);
    for (const pageSize of PAGE_SIZES) {
      await profile(dataSource, queue, actor, pageSize);
    }
  } finally {
    await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`load average at end: ${loadavg()[0].toFixed(2)}`);
}

async function profile(
  dataSource: DataSource,
  queue: SupportQueueService,
  actor: Actor,
  pageSize: number,
): Promise<void> {
  const query = Object.assign(new QueueQuery(), { page: 1, pageSize });
  const calls: Array<{ total: number; statements: Statement[]; json: number; bytes: number }> = [];
  for (let i = 0; i < CALLS + 20; i++) {
    const statements: Statement[] = [];
    const restore = timeStatements(statements);
    const started = performance.now();
    const response = await queue.queue(actor, query);
    const total = performance.now() - started;
    restore();
    const jsonStarted = performance.now();
    const body = JSON.stringify(response);
    const json = performance.now() - jsonStarted;
    if (i >= 20) calls.push({ total, statements, json, bytes: Buffer.byteLength(body) });
  }
  const first = calls[0];
  console.log(`\nqueue page 1, pageSize ${pageSize}, ${CALLS} calls (medians, ms):`);
  console.log(`  whole service call   ${median(calls.map((c) => c.total)).toFixed(2)}`);
  first.statements.forEach((statement, i) => {
    const ms = median(calls.map((c) => c.statements[i]?.ms ?? 0));
    console.log(`  statement ${i + 1}          ${ms.toFixed(2)}  ${oneLine(statement.sql)}`);
  });
  const sqlTotal = median(calls.map((c) => c.statements.reduce((sum, s) => sum + s.ms, 0)));
  const js = median(calls.map((c) => c.total - c.statements.reduce((sum, s) => sum + s.ms, 0)));
  console.log(`  all statements       ${sqlTotal.toFixed(2)}`);
  console.log(`  JavaScript around    ${js.toFixed(2)}`);
  console.log(`  JSON.stringify       ${median(calls.map((c) => c.json)).toFixed(2)}`);
  console.log(`  answer size          ${(first.bytes / 1024).toFixed(1)} KiB`);
  for (const [i, statement] of first.statements.entries()) {
    const plan = await dataSource.query<Array<{ 'QUERY PLAN': string }>>(
      `EXPLAIN ANALYZE ${statement.sql}`,
      statement.params,
    );
    console.log(`  plan of statement ${i + 1}:`);
    for (const row of plan) console.log(`    ${row['QUERY PLAN']}`);
  }
}

/** Times every statement the app sends through TypeORM until the returned function is called. */
function timeStatements(into: Statement[]): () => void {
  const prototype = PostgresQueryRunner.prototype as unknown as {
    query: (sql: string, params?: unknown[], ...rest: unknown[]) => Promise<unknown>;
  };
  const original = prototype.query;
  prototype.query = async function (this: unknown, sql, params, ...rest) {
    const started = performance.now();
    try {
      return await original.call(this, sql, params, ...rest);
    } finally {
      into.push({ sql, params: params ?? [], ms: performance.now() - started });
    }
  };
  return () => {
    prototype.query = original;
  };
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ');
  return flat.length > 110 ? `${flat.slice(0, 110)}…` : flat;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

await main();
