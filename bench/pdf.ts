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

// ---- one core, in-process ------------------------------------------------------------------

const rows: string[][] = [];
const ours = new Map<string, Timing>();
const [, othersShare] = await withOthersShare(async () => {
  for (const { name, job } of documents) {
    progress(`${RUNS} renders: ${name}`);
    const timing = await timeRuns(() => engine.render(job), WARMUP, RUNS);
    ours.set(name, timing);
    rows.push([`${name} (ours)`, String(timing.runs), ms(timing.median), ms(timing.p90), '1.0×']);
  }
});
const reference = ours.get(invoice.name)!;

// Distinct invoices: every render a different generated invoice (buyer, number, dates, amounts,
// 4–40 lines), as a real customer base issues them; the jobs are prepared before timing, then
// the preparation (compose, CII XML, GiroCode, view) is timed alone and with the render.
progress(`${RUNS} renders: distinct invoices`);
const distinct = await Promise.all(
  Array.from({ length: WARMUP + RUNS }, (_, i) => generatedInvoiceJob(i + 1)),
);
const cycling = <T>(items: readonly T[]) => {
  let i = 0;
  return () => items[i++ % items.length];
};
const nextDistinct = cycling(distinct);
const [distinctTiming] = await withOthersShare(() =>
  timeRuns(() => engine.render(nextDistinct()), WARMUP, RUNS),
);
let generated = 100_000;
const preparation = await timeRuns(() => generatedInvoiceJob(generated++), WARMUP, RUNS);
const issuing = await timeRuns(
  async () => engine.render(await generatedInvoiceJob(generated++)),
  WARMUP,
  RUNS,
);
const row = (name: string, timing: Timing, versus: string) =>
  rows.push([name, String(timing.runs), ms(timing.median), ms(timing.p90), versus]);
row('distinct invoices, 4–40 lines (ours)', distinctTiming, '1.0×');
row('    job preparation alone (CII XML, GiroCode, view)', preparation, '–');
row('    preparation + render (issuing-equivalent)', issuing, '–');

const baseline = (
  name: string,
  timing: Timing | { skipped: string },
  against: Timing = reference,
) => {
  if ('skipped' in timing) rows.push([name, '–', '–', '–', `skipped: ${timing.skipped}`]);
  else row(name, timing, ratio(timing.median / against.median));
};

progress('baseline (a): fonts parsed per document');
const naive = naiveFontRenderer(engine, dir);
baseline(
  '(a) invoice, TTFs read and parsed per document',
  await timeRuns(() => naive(invoice.job), WARMUP, BASELINE_RUNS),
);

progress('baseline (b): plain PDFKit');
const view = invoice.job.view as InvoiceView;
const issuedAt = new Date(invoice.job.issuedAt);
const theme = loadTheme(dir);
baseline(
  '(b) invoice, plain PDFKit + Helvetica (not embedded)',
  await timeRuns(() => renderPlainInvoice(view, 'helvetica', issuedAt), WARMUP, BASELINE_RUNS),
);
baseline(
  '    invoice, plain PDFKit + embedded fonts (cached)',
  await timeRuns(() => renderPlainInvoice(view, theme.fonts, issuedAt), WARMUP, BASELINE_RUNS),
);
const plainDistinct = cycling(distinct);
const plainHelveticaDistinct = await timeRuns(
  () => renderPlainInvoice(plainDistinct().view as InvoiceView, 'helvetica', issuedAt),
  WARMUP,
  BASELINE_RUNS,
);
baseline('    distinct invoices, plain PDFKit + Helvetica', plainHelveticaDistinct, distinctTiming);

progress('baseline (c): Chromium');
const fonts = await serveFonts(dir);
const distinctView = (n: number) => distinct[n % distinct.length].view as InvoiceView;
const chromiumFast = await chromiumTiming(
  (n) => invoiceHtml(distinctView(n), dir, fonts.url),
  (n) => invoiceFooterHtml(distinctView(n)),
  5,
  CHROMIUM_RUNS,
).finally(() => fonts.close());
baseline(
  '(c) distinct invoices, Chromium, fonts from a cached local URL',
  chromiumFast,
  distinctTiming,
);
const chromium = await chromiumTiming(
  () => invoiceHtml(view, dir),
  () => invoiceFooterHtml(view),
  5,
  CHROMIUM_RUNS,
);
baseline(
  `    invoice, Chromium, fonts inlined as base64 (one page reused${'pages' in chromium ? `, ${chromium.pages} pages` : ''})`,
  chromium,
);

log(`Rendering on one core: in-process, sequential, after ${WARMUP} warm-up renders`);
log(table(['document', 'runs', 'median ms', 'p90 ms', 'vs. ours'], rows));
log(
  `other processes took ${(othersShare * 100).toFixed(0)} % of the machine's CPU while "ours" rendered`,
);
if (othersShare > 0.1) log('note: the machine was not idle; the one-core figures are inflated');
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
  progress(`${DOCS} invoices on a pool of ${size}`);
  // npm run bench:pdf exposes gc: start from a collected heap, so the growth is the pool's,
  // worker start-up (templates, theme and fonts loaded once per worker) included.
  globalThis.gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  const pool = new RenderPool(size, dir, engine);
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
  health.push(await healthRun(workers, invoice.job, DOCS, HEALTH_IDLE_REQUESTS, dir));
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
if (!('skipped' in chromiumFast)) {
  const faster = chromiumFast.median / distinctTiming.median;
  log(
    `target ≥ 10× faster than the fast Chromium baseline on distinct invoices: ${ratio(faster)}, ${met(faster >= 10)}`,
  );
}
const versusPlain = distinctTiming.median / plainHelveticaDistinct.median;
log(
  `target at or below plain PDFKit + Helvetica on distinct invoices: ${ratio(versusPlain)} of it, ${met(versusPlain <= 1)}`,
);
log(
  `target ≤ ${TARGET.medianMs} ms median per 2-page invoice: ${ms(reference.median)} ms, ${met(reference.median <= TARGET.medianMs)}`,
);
for (const run of health) {
  log(
    `target /health p99 < ${TARGET.healthP99Ms} ms while rendering, ${run.workers} workers: ${ms(run.busy.p99)} ms, ${met(run.busy.p99 < TARGET.healthP99Ms)}`,
  );
}
