import { Worker } from 'node:worker_threads';
import type { DocumentEngine, RenderJob, RenderResult } from './document-engine.js';
import type { DocumentKind } from './document-views.js';
import type { WorkerRequest, WorkerResponse } from './render.worker.js';

interface Pending {
  id: number;
  job: RenderJob;
  resolve(result: RenderResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
}

/**
 * Renders PDFs on worker threads so the event loop keeps serving requests. Workers start on
 * first demand (an instance that never renders never starts one) and take one job at a
 * time; further jobs wait in a FIFO queue. A worker that dies fails its job and is
 * replaced on the next demand. Size 0 renders inline on the calling thread (tools only).
 */
export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly templatesDir: string,
    private readonly inline: DocumentEngine,
  ) {}

  render(job: RenderJob): Promise<RenderResult> {
    if (this.closed) return Promise.reject(new Error('the render pool is closed'));
    if (this.size === 0) return this.inline.render(job);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Starts every worker now and has them render `jobs` `rounds` times over, so the first
   * customer document after a start is not the slow one: a fresh worker's first renders take
   * several times as long (JIT, font and layout caches cold).
   */
  async warm(jobs: readonly RenderJob[], rounds = 3): Promise<void> {
    if (this.size === 0 || jobs.length === 0) return;
    const warmUps = Array.from({ length: this.size * rounds }, () => jobs).flat();
    await Promise.all(warmUps.map((job) => this.render(job)));
  }

  /** Each started worker's V8 heap (used and reserved bytes), for the soak bench. */
  async workerHeaps(): Promise<Array<{ used: number; total: number }>> {
    const stats = await Promise.all(this.slots.map((slot) => slot.worker.getHeapStatistics()));
    return stats.map((s) => ({ used: s.used_heap_size, total: s.total_heap_size }));
  }

  /** Started workers and queued jobs, for tests and health reporting. */
  stats(): { workers: number; busy: number; queued: number } {
    return {
      workers: this.slots.length,
      busy: this.slots.filter((slot) => slot.current).length,
      queued: this.queue.length,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) {
      pending.reject(new Error('the render pool is closed'));
    }
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((candidate) => candidate.current === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.current = pending;
      // A busy worker keeps the process alive until its job is done; an idle one does not.
      slot.worker.ref();
      const request: WorkerRequest = { id: pending.id, job: pending.job };
      slot.worker.postMessage(request);
    }
  }

  private spawn(): Slot {
    const worker = startWorker(this.templatesDir, this.inline.kinds);
    const slot: Slot = { worker, current: null };
    worker.on('message', (response: WorkerResponse) => {
      const pending = slot.current;
      if (!pending || pending.id !== response.id) return;
      slot.current = null;
      worker.unref();
      if ('error' in response) pending.reject(new Error(response.error));
      else {
        const { bytes } = response;
        pending.resolve({
          bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          templateVersion: response.templateVersion,
        });
      }
      this.dispatch();
    });
    const fail = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      slot.current?.reject(error);
      slot.current = null;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`render worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }
}

/**
 * Starts a render worker. Built code runs render.worker.js directly. Under Jest and tsx the
 * sources are TypeScript whose imports name `.js` files, which Node's own type stripping does
 * not resolve, and a worker does not inherit the parent's loader (`execArgv: ['--import', 'tsx']` does not reach the entry module either), so
 * a small bootstrap registers tsx in the worker before importing the entry.
 */
function startWorker(templatesDir: string, kinds: readonly DocumentKind[]): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./render.worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  const workerData = { templatesDir, kinds };
  if (!fromSource) return new Worker(entry, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
