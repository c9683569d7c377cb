import 'reflect-metadata';
import { loadavg } from 'node:os';
import { loadConfig } from '../src/config/app-config.js';
import { DOCUMENT_KINDS } from '../src/document-kinds.js';
import { DocumentEngine } from '../src/documents/document-engine.js';
import { RenderPool } from '../src/documents/render-pool.js';
import { generatedInvoiceJob } from './invoice-generator.js';
import { mib, templatesDir } from './measure.js';

/**
 * `npm run bench:pdf-soak`: SOAK_DOCS (default 20,000) distinct realistic invoices
 * (`invoice-generator.ts`: every one its own buyer, number, dates, amounts and lines, every
 * tenth with words no other invoice has) through the app's RenderPool with the default number
 * of workers, 32 in flight, prepared on the main thread as the app prepares them. The process's
 * RSS (workers are threads of it) is printed after the warm-up and at 5,000 and SOAK_DOCS
 * documents, each after a forced GC of the main thread. Flat means every cache on the
 * document path is bounded. Prints, asserts nothing; run it once, it takes minutes.
 */
const DOCS = Number(process.env.SOAK_DOCS ?? 20_000);
const IN_FLIGHT = 32;
const CHECKPOINTS = new Set([1_000, 2_500, 5_000, 10_000, 15_000, DOCS]);
const log = (line: string) => process.stdout.write(`${line}\n`);

const dir = templatesDir();
const config = loadConfig({}).documents;
const workers = config.renderWorkers;
const engine = DocumentEngine.load(dir, DOCUMENT_KINDS);
// The app's worker bounds (RENDER_WORKER_HEAP_MB, RENDER_WORKER_RECYCLE_DOCS) as it starts them.
const pool = new RenderPool(workers, dir, engine, {
  heapMb: config.renderWorkerHeapMb,
  recycleDocs: config.renderWorkerRecycleDocs,
});

// The pool's workers are unref'd: this keeps the process alive while their heaps are asked.
const keepAlive = setInterval(() => undefined, 1_000);
const memory = async (label: string) => {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  const heaps = await pool.workerHeaps();
  const workers = heaps.map((h) => `${mib(h.used)}/${mib(h.total)}`).join(', ');
  const { recycled } = pool.stats();
  log(
    `${label.padEnd(26)} rss ${mib(rss).padStart(10)}  main heap ${mib(heapUsed).padStart(10)}  worker heaps used/reserved ${workers}  (workers replaced: ${recycled})`,
  );
};

log(
  `soak: ${DOCS} distinct invoices through a pool of ${workers} workers (heap limit ${config.renderWorkerHeapMb} MiB, replaced after ${config.renderWorkerRecycleDocs} documents); load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
await memory('before the pool');
await pool.warm([await generatedInvoiceJob(0)], 5);
await memory('after warm-up');
const started = performance.now();
let next = 1;
let done = 0;
async function lane(): Promise<void> {
  while (next <= DOCS) {
    const n = next++;
    await pool.render(await generatedInvoiceJob(n, n % 10 === 0));
    done++;
    if (CHECKPOINTS.has(done)) await memory(`after ${done} documents`);
  }
}
await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
const seconds = (performance.now() - started) / 1000;
log(`${(DOCS / seconds).toFixed(0)} documents/s including job preparation on the main thread`);
log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
await pool.close();
clearInterval(keepAlive);
