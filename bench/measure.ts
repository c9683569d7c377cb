import { existsSync } from 'node:fs';
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
