import { describe, expect, it, jest } from '@jest/globals';
import { BoundedConcurrency } from './bounded-concurrency.js';

class Refused extends Error {}

/** A task that finishes when the test says so, recording when it started. */
function gate(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    task: async () => {
      log.push(`start ${name}`);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('BoundedConcurrency', () => {
  it('runs at most `concurrency` tasks and starts waiting ones in arrival order', async () => {
    const log: string[] = [];
    const slots = new BoundedConcurrency(
      { concurrency: 2, maxWaiting: 5, waitMs: 10_000 },
      () => new Refused(),
    );
    const gates = ['a', 'b', 'c', 'd'].map((name) => gate(log, name));
    const results = gates.map((g) => slots.run(g.task));
    await flush();
    expect(log).toEqual(['start a', 'start b']);
    gates[1].finish();
    await flush();
    expect(log).toEqual(['start a', 'start b', 'start c']);
    gates[0].finish();
    gates[2].finish();
    await flush();
    expect(log).toEqual(['start a', 'start b', 'start c', 'start d']);
    gates[3].finish();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
  });

  it.each([
    [0, 1, ['start a']],
    [1, 2, ['start a']],
    [2, 0, ['start a']],
  ])(
    'with %d waiting allowed, refuses the next %d at once and never runs them',
    async (maxWaiting, extra, started) => {
      const log: string[] = [];
      const slots = new BoundedConcurrency(
        { concurrency: 1, maxWaiting, waitMs: 10_000 },
        () => new Refused(),
      );
      const first = gate(log, 'a');
      const running = slots.run(first.task);
      const waiting = Array.from({ length: maxWaiting }, (_, i) =>
        slots.run(gate(log, `w${i}`).task).catch(() => 'gone'),
      );
      const refused = Array.from({ length: extra }, () => slots.run(() => Promise.resolve('ran')));
      for (const r of refused) await expect(r).rejects.toBeInstanceOf(Refused);
      await flush();
      expect(log).toEqual(started);
      first.finish();
      await running;
      void waiting;
    },
  );

  it('refuses a task that waited longer than waitMs, and frees its place', async () => {
    jest.useFakeTimers();
    try {
      const log: string[] = [];
      const slots = new BoundedConcurrency(
        { concurrency: 1, maxWaiting: 1, waitMs: 1000 },
        () => new Refused(),
      );
      const first = gate(log, 'a');
      const running = slots.run(first.task);
      const late = slots.run(() => Promise.resolve('late'));
      jest.advanceTimersByTime(1001);
      await expect(late).rejects.toBeInstanceOf(Refused);
      const next = gate(log, 'b');
      const queued = slots.run(next.task);
      first.finish();
      await running;
      next.finish();
      await expect(queued).resolves.toBe('b');
      expect(log).toEqual(['start a', 'start b']);
    } finally {
      jest.useRealTimers();
    }
  });
});
