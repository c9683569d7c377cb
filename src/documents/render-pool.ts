import { Worker } from 'node:worker_threads';
import type { DocumentEngine, RenderJob, RenderResult } from './document-engine.js';
import type { DocumentKind } from './document-views.js';
import type { WorkerRequest, WorkerResponse } from './render.worker.js';

interface Pending {
  id: number;
  job: RenderJob;
  /** Workers that died while rendering this job. */
  deaths: number;
  resolve(result: RenderResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
  rendered: number;
  /** Warming: not yet given jobs; retiring: takes no more jobs, ends when idle. */
  state: 'warming' | 'serving' | 'retiring';
  /** A successor is warming up to take over from this worker. */
  replacing: boolean;
}

/** What bounds a render worker: its V8 heap, and the documents it renders before it is replaced. */
export interface WorkerLimits {
  /** The old generation, MiB (`resourceLimits.maxOldGenerationSizeMb`). */
  heapMb: number;
  recycleDocs: number;
}

/** V8's young generation per worker: enough for a render's short-lived garbage. */
const YOUNG_GENERATION_MB = 16;
/** A worker whose used heap passes this share of its limit is replaced before it runs out. */
const HEAP_SHARE_TO_RECYCLE = 0.9;
const WARM_ROUNDS = 3;

/**
 * Renders PDFs on worker threads so the event loop keeps serving requests. Workers start on
 * first demand (an instance that never renders never starts one) and take one job at a
 * time; further jobs wait in a FIFO queue. Size 0 renders inline on the calling thread
 * (tools only).
 *
 * Each worker's heap is bounded (`WorkerLimits`): unbounded, V8 reserved more than twice the
 * heap a worker used. A worker is replaced after `recycleDocs` documents or when its used
 * heap passes 90 % of its limit: its successor starts and renders the warm-up jobs first
 * (a fresh worker's first renders are several times slower), then takes over, and the old
 * one ends once its job is done. A worker that dies (out of memory, a crash) is replaced on
 * demand and its job is retried once on another worker; a second death fails the job.
 */
export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly limits: WorkerLimits;
  /** The jobs a successor renders before it takes over (`warm`'s, else the last job done). */
  private warmJobs: readonly RenderJob[] = [];
  private nextId = 1;
  private recycled = 0;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly templatesDir: string,
    private readonly inline: DocumentEngine,
    limits: Partial<WorkerLimits> = {},
  ) {
    this.limits = { heapMb: limits.heapMb ?? 96, recycleDocs: limits.recycleDocs ?? 10_000 };
  }

  render(job: RenderJob): Promise<RenderResult> {
    if (this.closed) return Promise.reject(new Error('the render pool is closed'));
    if (this.size === 0) return this.inline.render(job);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, deaths: 0, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Starts every worker now and has them render `jobs` `rounds` times over, so the first
   * customer document after a start is not the slow one: a fresh worker's first renders take
   * several times as long (JIT, font and layout caches cold). Successors of recycled workers
   * are warmed with the same jobs.
   */
  async warm(jobs: readonly RenderJob[], rounds = WARM_ROUNDS): Promise<void> {
    if (this.size === 0 || jobs.length === 0) return;
    this.warmJobs = jobs;
    const warmUps = Array.from({ length: this.size * rounds }, () => jobs).flat();
    await Promise.all(warmUps.map((job) => this.render(job)));
  }

  /** Each serving worker's V8 heap (used, reserved and limit bytes), for the soak bench and tests. */
  async workerHeaps(): Promise<Array<{ used: number; total: number; limit: number }>> {
    const serving = this.slots.filter((slot) => slot.state === 'serving');
    const stats = await Promise.all(serving.map((slot) => slot.worker.getHeapStatistics()));
    return stats.map((s) => ({
      used: s.used_heap_size,
      total: s.total_heap_size,
      limit: s.heap_size_limit,
    }));
  }

  /** Serving workers, busy ones, queued jobs and workers replaced so far, for tests and health. */
  stats(): { workers: number; busy: number; queued: number; recycled: number } {
    const serving = this.slots.filter((slot) => slot.state !== 'warming');
    return {
      workers: serving.length,
      busy: serving.filter((slot) => slot.current).length,
      queued: this.queue.length,
      recycled: this.recycled,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const closed = () => new Error('the render pool is closed');
    for (const pending of this.queue.splice(0)) pending.reject(closed());
    const slots = this.slots.splice(0);
    for (const slot of slots) slot.current?.reject(closed());
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find(
        (candidate) => candidate.state === 'serving' && candidate.current === null,
      );
      const starting = this.slots.filter((candidate) => candidate.state !== 'retiring').length;
      if (!slot && starting < this.size) slot = this.spawn('serving');
      if (!slot) return;
      this.post(slot, this.queue.shift()!);
    }
  }

  private post(slot: Slot, pending: Pending): void {
    slot.current = pending;
    // A busy worker keeps the process alive until its job is done; an idle one does not.
    slot.worker.ref();
    const request: WorkerRequest = { id: pending.id, job: pending.job };
    slot.worker.postMessage(request);
  }

  private spawn(state: Slot['state']): Slot {
    const worker = startWorker(this.templatesDir, this.inline.kinds, this.limits.heapMb);
    const slot: Slot = { worker, current: null, rendered: 0, state, replacing: false };
    worker.on('message', (response: WorkerResponse) => {
      const pending = slot.current;
      if (!pending || pending.id !== response.id) return;
      slot.current = null;
      slot.rendered++;
      worker.unref();
      if ('error' in response) pending.reject(new Error(response.error));
      else {
        const { bytes } = response;
        pending.resolve({
          bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          templateVersion: response.templateVersion,
        });
      }
      if (slot.state === 'retiring') this.retire(slot);
      else if (
        slot.state === 'serving' &&
        !slot.replacing &&
        (slot.rendered >= this.limits.recycleDocs || response.heapShare > HEAP_SHARE_TO_RECYCLE)
      ) {
        this.replace(slot, pending.job);
      }
      if (!this.closed) this.dispatch();
    });
    const died = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return; // retired, closed, or already reported by 'error' before 'exit'
      this.slots.splice(index, 1);
      const pending = slot.current;
      slot.current = null;
      if (pending && !this.closed) {
        pending.deaths++;
        if (pending.deaths > 1) {
          pending.reject(
            new Error(
              `the document could not be rendered: two render workers died on it (${error.message})`,
            ),
          );
        } else this.queue.unshift(pending);
      }
      if (!this.closed) this.dispatch();
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`render worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  /**
   * Starts and warms a successor for `old`, which serves meanwhile; then the successor takes
   * jobs and `old` ends when idle. Should the successor die warming, `old` serves on and is
   * replaced after its next document.
   */
  private replace(old: Slot, lastJob: RenderJob): void {
    old.replacing = true;
    const successor = this.spawn('warming');
    const jobs = this.warmJobs.length > 0 ? this.warmJobs : [lastJob];
    const warmUps = Array.from({ length: WARM_ROUNDS }, () => jobs).flat();
    const warmNext = (): void => {
      if (this.closed || !this.slots.includes(successor)) {
        old.replacing = false;
        return;
      }
      const job = warmUps.shift();
      if (!job) {
        successor.state = 'serving';
        successor.rendered = 0; // its warm-ups count no more than the first workers' own
        this.recycled++;
        if (this.slots.includes(old)) {
          old.state = 'retiring';
          if (old.current === null) this.retire(old);
        }
        this.dispatch();
        return;
      }
      // A warm-up that fails to render (a broken job) still warmed the worker.
      this.post(successor, {
        id: this.nextId++,
        job,
        // Never retried elsewhere: a successor that dies warming ends this replacement.
        deaths: 1,
        resolve: warmNext,
        reject: warmNext,
      });
    };
    warmNext();
  }

  private retire(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    void slot.worker.terminate();
  }
}

/**
 * Starts a render worker. Built code runs render.worker.js directly. Under Jest and tsx the
 * sources are TypeScript whose imports name `.js` files, which Node's own type stripping does
 * not resolve, and a worker does not inherit the parent's loader (`execArgv: ['--import', 'tsx']` does not reach the entry module either), so
 * a small bootstrap registers tsx in the worker before importing the entry.
 */
function startWorker(templatesDir: string, kinds: readonly DocumentKind[], heapMb: number): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./render.worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  const workerData = { templatesDir, kinds };
  const resourceLimits = {
    maxOldGenerationSizeMb: heapMb,
    maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
  };
  if (!fromSource) return new Worker(entry, { workerData, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}
