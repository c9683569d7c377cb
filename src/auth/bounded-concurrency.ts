/**
 * At most `concurrency` tasks run at once; up to `maxWaiting` more wait in arrival order, each
 * for at most `waitMs`. A task that finds the queue full, or waits too long, is refused with
 * `refuse()` and never runs: under a burst, answering "try again" at once is better than
 * answering everyone late.
 */
export class BoundedConcurrency {
  private running = 0;
  private readonly waiting: Array<{ start: () => void }> = [];

  constructor(
    private readonly limits: { concurrency: number; maxWaiting: number; waitMs: number },
    private readonly refuse: () => Error,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.limits.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.limits.maxWaiting) return Promise.reject(this.refuse());
    return new Promise((resolve, reject) => {
      const entry = {
        // The slot passes straight from the finished task to this one: `running` stays.
        start: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        reject(this.refuse());
      }, this.limits.waitMs);
      this.waiting.push(entry);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.start();
    else this.running--;
  }
}
