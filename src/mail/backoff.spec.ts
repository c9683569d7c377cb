import { describe, expect, it } from '@jest/globals';
import { afterFailure, retryDelayMs } from './backoff.js';

const minute = 60_000;

describe('retry backoff', () => {
  it.each([
    [0, 0],
    [1, 1 * minute],
    [2, 2 * minute],
    [3, 4 * minute],
    [6, 32 * minute],
    [9, 256 * minute],
    [10, 360 * minute],
    [30, 360 * minute],
  ])('after %i failed attempts waits %i ms', (attempts, delay) => {
    expect(retryDelayMs(attempts)).toBe(delay);
  });

  const now = new Date('2026-11-22T10:00:00Z');
  it.each([
    [1, 8, { status: 'queued', nextAttemptAt: new Date('2026-11-22T10:01:00Z') }],
    [7, 8, { status: 'queued', nextAttemptAt: new Date('2026-11-22T11:04:00Z') }],
    [8, 8, { status: 'failed' }],
    [9, 8, { status: 'failed' }],
  ])('failure %i of at most %i', (attempts, max, expected) => {
    expect(afterFailure(attempts, max, now)).toEqual(expected);
  });
});
