import { describe, expect, it } from '@jest/globals';
import {
  minutesToMilliHours,
  minutesToMilliWorkUnits,
  roundUpToIncrement,
} from './billable-time.js';

describe('billing per started increment', () => {
  it.each([
    [1, 15, 15],
    [14, 15, 15],
    [15, 15, 15],
    [16, 15, 30],
    [30, 15, 30],
    [31, 15, 45],
    [61, 15, 75],
    [7, 6, 12],
  ])('%i min at %i-min increments bills %i min', (minutes, increment, billed) => {
    expect(roundUpToIncrement(minutes, increment)).toBe(billed);
  });

  it.each([0, -1, 1.5])('refuses %s minutes', (minutes) => {
    expect(() => roundUpToIncrement(minutes, 15)).toThrow(RangeError);
  });

  it('converts billed minutes to exact hour quantities and to started work units', () => {
    expect(minutesToMilliHours(75)).toBe(1250);
    expect(minutesToMilliHours(15)).toBe(250);
    expect(() => minutesToMilliHours(10)).toThrow(RangeError);
    expect(minutesToMilliWorkUnits(16, 15)).toBe(2000);
    expect(minutesToMilliWorkUnits(15, 15)).toBe(1000);
  });
});
