import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../src/app.setup.js';
import { loadConfig } from '../src/config/app-config.js';
import type { RenderJob } from '../src/documents/document-engine.js';
import type { InvoiceView } from '../src/invoicing/invoice-view.js';
import { DocumentsService } from '../src/documents/documents.service.js';
import { percentile } from './measure.js';

/**
 * Event-loop responsiveness of the real app: production configuration on a fresh SQLite
 * database, listening on an ephemeral port on 127.0.0.1. `/health` (which also queries the
 * database) is requested sequentially over one keep-alive connection, first idle, then while
 * `docs` invoices render through the app's own render pool (DocumentsService, as the
 * invoicing module calls it). The client runs on the same event loop, so every stall of the
 * loop shows in its latencies.
 */
export interface Latency {
  requests: number;
  p50: number;
  p99: number;
  max: number;
}

export interface HealthRun {
  workers: number;
  idle: Latency;
  busy: Latency;
  /** Event-loop delay (perf_hooks histogram) while rendering, ms. */
  loopDelayP99: number;
  docsPerSecond: number;
}

export async function healthRun(
  workers: number,
  invoice: RenderJob,
  docs: number,
  idleRequests: number,
  templatesDir: string,
): Promise<HealthRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'freigabe-bench-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    DATA_DIR: dataDir,
    SQLITE_PATH: join(dataDir, 'bench.sqlite'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: 'admin@example.com',
    ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    PASSWORD_SCRYPT_LOG_N: '14',
    MAIL_POLL_SECONDS: '0',
    RENDER_WORKERS: String(workers),
    TEMPLATES_DIR: templatesDir,
  });
  const app = await createApp(config);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const health = () => get(`http://127.0.0.1:${port}/health`, agent);
    const documents = app.get(DocumentsService);
    const render = () =>
      documents.render('invoice', invoice.locale, invoice.view as InvoiceView, {
        issuedAt: new Date(invoice.issuedAt),
        pdfa: invoice.pdfa,
        attachments: invoice.attachments,
        xmpExtension: invoice.xmpExtension,
      });

    // Start every worker (each loads templates and fonts) before anything is measured.
    await Promise.all(Array.from({ length: Math.max(1, workers) * 2 }, render));
    // Warm the request path up (JIT) and start from a collected heap, so idle means idle.
    for (let i = 0; i < 200; i++) await health();
    globalThis.gc?.();
    const idle: number[] = [];
    for (let i = 0; i < idleRequests; i++) idle.push(await health());

    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    let outstanding = docs;
    const start = performance.now();
    const rendered = Promise.all(
      Array.from({ length: docs }, () => render().finally(() => (outstanding -= 1))),
    );
    const busy: number[] = [];
    while (outstanding > 0) busy.push(await health());
    await rendered;
    const seconds = (performance.now() - start) / 1000;
    loop.disable();
    return {
      workers,
      idle: latency(idle),
      busy: latency(busy),
      loopDelayP99: loop.percentile(99) / 1e6,
      docsPerSecond: docs / seconds,
    };
  } finally {
    agent.destroy();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** One GET; resolves with its latency in ms once the whole response has arrived. */
function get(url: string, agent: http.Agent): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`${url} answered ${response.statusCode}`));
          response.resume();
          return;
        }
        response.resume();
        response.on('end', () => resolve(performance.now() - start));
      })
      .on('error', reject);
  });
}
