import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Timing helpers and the table printer: figures only, never assertions. */
export interface Timing {
  runs: number;
  median: number;
  p90: number;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { runs: sorted.length, median: percentile(sorted, 50), p90: percentile(sorted, 90) };
}

/** Runs `fn` sequentially: `warmup` times unmeasured, then `runs` times, each timed alone. */
export async function timeRuns(
  fn: () => Promise<unknown>,
  warmup: number,
  runs: number,
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
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
