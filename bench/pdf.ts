import 'reflect-metadata';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { loadConfig } from '../src/config/app-config.js';
import { DOCUMENT_KINDS } from '../src/document-kinds.js';
import { DocumentEngine } from '../src/documents/document-engine.js';
import type { InvoiceView } from '../src/invoicing/invoice-view.js';
import { RenderPool } from '../src/documents/render-pool.js';
import { loadTheme } from '../src/documents/theme.js';
import { healthRun, type HealthRun } from './app-health.js';
import { chromiumTiming, countPages, naiveFontRenderer, serveFonts } from './baselines.js';
import { generatedInvoiceJob } from './invoice-generator.js';
import { invoiceFooterHtml, invoiceHtml } from './invoice-html.js';
import {
  mib,
  ms,
  ratio,
  table,
  templatesDir,
  timeAlternating,
  timeRuns,
  withOthersShare,
  type Timing,
} from './measure.js';
import { renderPlainInvoice } from './plain-invoice.js';
import { referenceDocuments } from './reference-documents.js';

/**
 * `npm run bench:pdf`: how fast the real document path (template → layout markup → PDFKit)
 * renders the reference documents and distinct generated invoices (`invoice-generator.ts`;
 * job preparation as a second figure), against baselines measured in the same run (Chromium
 * with its fonts from a cached local URL on the distinct invoices), how many distinct
 * documents per second the worker pool renders, and how responsive the app stays meanwhile.
 * Prints figures; asserts nothing. BENCH_RUNS and BENCH_DOCS shrink a run for a quick look.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const DOCS = Number(process.env.BENCH_DOCS ?? 1000);
const WARMUP = 20;
const BASELINE_RUNS = Math.max(10, Math.round(RUNS / 4));
const CHROMIUM_RUNS = Math.max(5, Math.round(RUNS / 10));
const HEALTH_IDLE_REQUESTS = 500;
const TARGET = { medianMs: 8, healthP99Ms: 20 };

const cores = availableParallelism();
const dir = templatesDir();
const log = (line = '') => process.stdout.write(`${line}\n`);
const progress = (what: string) => process.stderr.write(`… ${what}\n`);

log(
  `freigabe PDF benchmark: ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${process.platform} ${process.arch}`,
);
log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const engine = DocumentEngine.load(dir, DOCUMENT_KINDS);
const documents = await referenceDocuments();
const [invoice] = documents;
for (const { name, job } of documents) {
  const { bytes } = await engine.render(job);
  log(`reference: ${name}: ${countPages(bytes)} pages, ${(bytes.length / 1024).toFixed(0)} KiB`);
}
log();

/**
 * Runs one part of the bench; a part that fails says so in the output and the run goes on
 * (a missing Chromium, a hung page, an app that does not start take only their own figures).
 */
const failures: string[] = [];
async function section<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    const message = `${name} failed: ${error instanceof Error ? error.message : String(error)}`;
    failures.push(message);
    log(message);
    progress(message);
    return undefined;
  }
}

// ---- one core, in-process ------------------------------------------------------------------

const rows: string[][] = [];
const row = (name: string, timing: Timing, versus?: Timing) =>
  rows.push([
    name,
    String(timing.runs),
    ms(timing.median),
    ms(timing.p90),
    ms(timing.cpuMean),
    versus ? ratio(timing.median / versus.median) : '1.0×',
    versus ? ratio(timing.cpuMean / versus.cpuMean) : '1.0×',
  ]);
const failedRow = (name: string) => rows.push([name, '–', '–', '–', '–', 'failed', '–']);
const cycling = <T>(items: readonly T[]) => {
  let i = 0;
  return () => items[i++ % items.length];
};

// Distinct invoices: every render a different generated invoice (buyer, number, dates, amounts,
// 4–40 lines), as a real customer base issues them; the jobs are prepared before timing.
const distinct = await Promise.all(
  Array.from({ length: WARMUP + RUNS }, (_, i) => generatedInvoiceJob(i + 1)),
);
const view = invoice.job.view as InvoiceView;
const issuedAt = new Date(invoice.job.issuedAt);
const theme = loadTheme(dir);

// Ours and the plain PDFKit baselines alternate in blocks, so load that comes and goes on
// this shared machine hits both; CPU time per render is printed beside the wall time.
let reference: Timing | undefined;
let distinctTiming: Timing | undefined;
let plainHelveticaDistinct: Timing | undefined;
const [, othersShare] = await withOthersShare(async () => {
  await section('reference invoice vs plain PDFKit', async () => {
    progress(`${RUNS} renders each, alternating: reference invoice, ours and plain PDFKit`);
    const [ours, helvetica, embedded] = await timeAlternating(
      [
        () => engine.render(invoice.job),
        () => renderPlainInvoice(view, 'helvetica', issuedAt),
        () => renderPlainInvoice(view, theme.fonts, issuedAt),
      ],
      WARMUP,
      RUNS,
    );
    reference = ours;
    row(`${invoice.name} (ours)`, ours);
    row('(b) invoice, plain PDFKit + Helvetica (not embedded)', helvetica, ours);
    row('    invoice, plain PDFKit + embedded fonts (cached)', embedded, ours);
  });
  for (const { name, job } of documents.slice(1)) {
    await section(name, async () => {
      progress(`${RUNS} renders: ${name}`);
      row(`${name} (ours)`, await timeRuns(() => engine.render(job), WARMUP, RUNS));
    });
  }
  await section('distinct invoices vs plain PDFKit', async () => {
    progress(`${RUNS} renders each, alternating: distinct invoices, ours and plain PDFKit`);
    const ours = cycling(distinct);
    const plain = cycling(distinct);
    [distinctTiming, plainHelveticaDistinct] = await timeAlternating(
      [
        () => engine.render(ours()),
        () => renderPlainInvoice(plain().view as InvoiceView, 'helvetica', issuedAt),
      ],
      WARMUP,
      RUNS,
    );
    row('distinct invoices, 4–40 lines (ours)', distinctTiming);
    row('    distinct invoices, plain PDFKit + Helvetica', plainHelveticaDistinct, distinctTiming);
  });
});
await section('job preparation', async () => {
  progress(`${RUNS} job preparations, alone and with the render`);
  let generated = 100_000;
  const preparation = await timeRuns(() => generatedInvoiceJob(generated++), WARMUP, RUNS);
  const issuing = await timeRuns(
    async () => engine.render(await generatedInvoiceJob(generated++)),
    WARMUP,
    RUNS,
  );
  row('    job preparation alone (CII XML, GiroCode, view)', preparation, distinctTiming);
  row('    preparation + render (issuing-equivalent)', issuing, distinctTiming);
});

const baseline = (
  name: string,
  timing: Timing | { skipped: string } | undefined,
  against: Timing | undefined,
) => {
  if (timing === undefined) failedRow(name);
  else if ('skipped' in timing)
    rows.push([name, '–', '–', '–', '–', `skipped: ${timing.skipped}`, '–']);
  else row(name, timing, against);
};

await section('baseline (a): fonts parsed per document', async () => {
  progress('baseline (a): fonts parsed per document');
  const naive = naiveFontRenderer(engine, dir);
  baseline(
    '(a) invoice, TTFs read and parsed per document',
    await timeRuns(() => naive(invoice.job), WARMUP, BASELINE_RUNS),
    reference,
  );
});

progress('baseline (c): Chromium');
const distinctView = (n: number) => distinct[n % distinct.length].view as InvoiceView;
const chromiumFast = await section('Chromium, fonts from a cached local URL', async () => {
  const fonts = await serveFonts(dir);
  return chromiumTiming(
    (n) => invoiceHtml(distinctView(n), dir, fonts.url),
    (n) => invoiceFooterHtml(distinctView(n)),
    5,
    CHROMIUM_RUNS,
  ).finally(() => fonts.close());
});
baseline(
  '(c) distinct invoices, Chromium, fonts from a cached local URL',
  chromiumFast,
  distinctTiming,
);
const chromium = await section('Chromium, fonts inlined', () =>
  chromiumTiming(
    () => invoiceHtml(view, dir),
    () => invoiceFooterHtml(view),
    5,
    CHROMIUM_RUNS,
  ),
);
baseline(
  `    invoice, Chromium, fonts inlined as base64 (one page reused${chromium && 'pages' in chromium ? `, ${chromium.pages} pages` : ''})`,
  chromium,
  reference,
);

log(`Rendering on one core: in-process, sequential, after ${WARMUP} warm-up renders`);
log(
  table(
    ['document', 'runs', 'median ms', 'p90 ms', 'CPU ms (mean)', 'vs. ours', 'CPU vs. ours'],
    rows,
  ),
);
log(
  `other processes took ${(othersShare * 100).toFixed(0)} % of the machine's CPU while "ours" and plain PDFKit rendered`,
);
if (othersShare > 0.1)
  log('note: the machine was not idle; the wall times are inflated, CPU times less so');
log();

// ---- worker pool ---------------------------------------------------------------------------

const defaultWorkers = loadConfig({}).documents.renderWorkers;
const poolSizes = [...new Set([cores, defaultWorkers, 1])].sort((a, b) => b - a);
const poolRows: string[][] = [];
progress(`preparing ${DOCS} distinct invoices for the pool`);
const poolJobs = await Promise.all(
  Array.from({ length: DOCS }, (_, i) => generatedInvoiceJob(200_000 + i)),
);
for (const size of poolSizes) {
  await section(`pool of ${size}`, () => poolRun(size));
}

async function poolRun(size: number): Promise<void> {
  progress(`${DOCS} invoices on a pool of ${size}`);
  // npm run bench:pdf exposes gc: start from a collected heap, so the growth is the pool's,
  // worker start-up (templates, theme and fonts loaded once per worker) included.
  globalThis.gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  const config = loadConfig({}).documents;
  const pool = new RenderPool(size, dir, engine, {
    heapMb: config.renderWorkerHeapMb,
    recycleDocs: config.renderWorkerRecycleDocs,
  });
  try {
    await pool.warm([invoice.job]);
    const start = performance.now();
    await Promise.all(poolJobs.map((job) => pool.render(job)));
    const seconds = (performance.now() - start) / 1000;
    peak = Math.max(peak, process.memoryUsage.rss());
    poolRows.push([
      `${size}${size === defaultWorkers ? ' (default)' : ''}`,
      (DOCS / seconds).toFixed(0),
      ms((seconds * 1000) / DOCS),
      mib(before),
      mib(peak),
      `+${mib(peak - before)}`,
    ]);
  } finally {
    clearInterval(sampler);
    await pool.close();
  }
}
log(
  `Throughput: ${DOCS} distinct invoices through RenderPool (prepared before; workers warmed first)`,
);
log('RSS of the whole process (workers are threads of it), sampled every 10 ms from pool start');
log(table(['workers', 'docs/s', 'ms/doc', 'RSS before', 'peak RSS', 'growth'], poolRows));
log();

// ---- the app's event loop while rendering ---------------------------------------------------

const healthSizes = [...new Set([cores, Math.max(1, cores - 1)])];
const health: HealthRun[] = [];
for (const workers of healthSizes) {
  progress(`app with RENDER_WORKERS=${workers}: /health idle, then during ${DOCS} renders`);
  const run = await section(`app with RENDER_WORKERS=${workers}`, () =>
    healthRun(workers, invoice.job, DOCS, HEALTH_IDLE_REQUESTS, dir),
  );
  if (run) health.push(run);
}
log(
  `/health latency in ms, sequential over one keep-alive connection; busy = while ${DOCS} invoices render`,
);
log(
  table(
    [
      'RENDER_WORKERS',
      'idle p50',
      'idle p99',
      'busy p50',
      'busy p99',
      'busy/idle p99',
      'busy max',
      'loop delay p99',
      'requests',
      'docs/s',
    ],
    health.map((run) => [
      `${run.workers}${run.workers === defaultWorkers ? ' (default)' : ''}`,
      ms(run.idle.p50),
      ms(run.idle.p99),
      ms(run.busy.p50),
      ms(run.busy.p99),
      ratio(run.busy.p99 / run.idle.p99),
      ms(run.busy.max),
      ms(run.loopDelayP99),
      String(run.busy.requests),
      run.docsPerSecond.toFixed(0),
    ]),
  ),
);
log();

const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
if (chromiumFast && !('skipped' in chromiumFast) && distinctTiming) {
  const faster = chromiumFast.median / distinctTiming.median;
  log(
    `target ≥ 10× faster than the fast Chromium baseline on distinct invoices: ${ratio(faster)}, ${met(faster >= 10)}`,
  );
}
if (distinctTiming && plainHelveticaDistinct) {
  const versusPlain = distinctTiming.median / plainHelveticaDistinct.median;
  const cpuVersusPlain = distinctTiming.cpuMean / plainHelveticaDistinct.cpuMean;
  log(
    `target at or below plain PDFKit + Helvetica on distinct invoices: ${ratio(versusPlain)} of it (CPU ${ratio(cpuVersusPlain)}), ${met(versusPlain <= 1)}`,
  );
}
if (reference) {
  log(
    `target ≤ ${TARGET.medianMs} ms median per 2-page invoice: ${ms(reference.median)} ms, ${met(reference.median <= TARGET.medianMs)}`,
  );
}
for (const run of health) {
  log(
    `target /health p99 < ${TARGET.healthP99Ms} ms while rendering, ${run.workers} workers: ${ms(run.busy.p99)} ms, ${met(run.busy.p99 < TARGET.healthP99Ms)}`,
  );
}
log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (failures.length > 0) {
  log(`${failures.length} part(s) failed:`);
  for (const failure of failures) log(`  ${failure}`);
  process.exitCode = 1;
}
