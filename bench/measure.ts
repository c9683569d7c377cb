import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Timing helpers and the table printer: figures only, never assertions. */
export interface Timing {
  runs: number;
  median: number;
  p90: number;
  /**
   * Mean CPU time of this thread per run (NaN where the work runs elsewhere: Chromium). A
   * mean, not a median: the kernel counts a thread's CPU time in ticks of a few ms on this VM,
   * so single samples are coarse while their mean is not.
   */
  cpuMean: number;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(samples: number[], cpuSamples: number[] = []): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    cpuMean:
      cpuSamples.length > 0
        ? cpuSamples.reduce((sum, ms) => sum + ms, 0) / cpuSamples.length
        : Number.NaN,
  };
}

/**
 * CPU milliseconds of the calling thread: a render in-process runs on it (PDFKit compresses
 * synchronously), so this is its cost whatever else the machine runs; wall time is not.
 */
const threadCpuMs = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

/** Runs `fn` once, returning its wall and CPU milliseconds. */
async function timeOne(fn: () => Promise<unknown>): Promise<[number, number]> {
  const cpu = threadCpuMs();
  const start = performance.now();
  await fn();
  return [performance.now() - start, threadCpuMs() - cpu];
}

/** Runs `fn` sequentially: `warmup` times unmeasured, then `runs` times, each timed alone. */
export async function timeRuns(
  fn: () => Promise<unknown>,
  warmup: number,
  runs: number,
): Promise<Timing> {
  const [timing] = await timeAlternating([fn], warmup, runs, 1);
  return timing;
}

/**
 * Times several functions against each other: each warmed up, then `runs` times each in
 * `rounds` alternating blocks (a, b, a, b, …), so a machine that gets busier or quieter
 * meanwhile moves every figure alike and their ratios stay readable.
 */
export async function timeAlternating(
  fns: ReadonlyArray<() => Promise<unknown>>,
  warmup: number,
  runs: number,
  rounds = 4,
): Promise<Timing[]> {
  for (const fn of fns) for (let i = 0; i < warmup; i++) await fn();
  const wall = fns.map((): number[] => []);
  const cpu = fns.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    const block = Math.floor(runs / rounds) + (round < runs % rounds ? 1 : 0);
    for (const [k, fn] of fns.entries()) {
      for (let i = 0; i < block; i++) {
        const [ms, cpuMs] = await timeOne(fn);
        wall[k].push(ms);
        cpu[k].push(cpuMs);
      }
    }
  }
  return wall.map((samples, k) => summarize(samples, cpu[k]));
}

/**
 * Runs `fn` and tells what share of the whole machine's CPU time other processes took
 * meanwhile: all cores' busy time minus this process's own (every thread of it). A share
 * near zero means the figures were measured on an otherwise idle machine.
 */
export async function withOthersShare<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const machine = () =>
    cpus().reduce(
      (sum, cpu) => {
        const { idle, ...busy } = cpu.times;
        const busyMs = Object.values(busy).reduce((a, b) => a + b, 0);
        return { busy: sum.busy + busyMs, total: sum.total + busyMs + idle };
      },
      { busy: 0, total: 0 },
    );
  const before = machine();
  const own = process.cpuUsage();
  const result = await fn();
  const after = machine();
  const ownUsage = process.cpuUsage(own);
  const ownMs = (ownUsage.user + ownUsage.system) / 1000;
  const total = after.total - before.total;
  const others = Math.max(0, after.busy - before.busy - ownMs);
  return [result, total > 0 ? others / total : 0];
}

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '–');
export const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)}×` : '–');
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** A plain-text table; numbers (and '–') right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = (cell: string) => /^[+–\d.,×%<> -]+( ms| MiB| docs\/s)?$/.test(cell);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        numeric(cell) && i > 0 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The repository's templates folder, from the sources and from the compiled bench alike. */
export function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'templates', 'theme.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('templates/theme.json not found above the bench');
    dir = parent;
  }
  return join(dir, 'templates');
}
