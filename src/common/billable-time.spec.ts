import { describe, expect, it } from '@jest/globals';
import {
  billedMinutes,
  billedQuantity,
  billedValueCents,
  minutesToMilliHours,
  minutesToMilliWorkUnits,
  roundUpToIncrement,
  type BilledUnit,
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

/**
 * One entry billed: expected minutes, quantity (‰ of the unit) and value worked out by hand:
 * the minutes rounded up to the next multiple of the increment (hours) or of the unit's length
 * (work units); hours as billed minutes / 60 in thousandths, work units as started units × 1000;
 * the value as quantity × rate, rounded half away from zero. `null` where the billed hours are
 * no whole number of thousandths (the increment is not a multiple of 3 and the billed minutes
 * are not either): the quantity is refused, never rounded, so a value can never differ from
 * the invoice line that would bill it.
 */
const HOURLY = 12_000; // 120,00 € per hour
const PER_UNIT = 9_000; // 90,00 € per work unit
const cases: Array<
  [BilledUnit, number, number, number, [number, number, number] | [number, null, null]]
> = [
  // unit, raw minutes, increment or unit length, rate → billed minutes, quantity, cents
  ['hour', 1, 15, HOURLY, [15, 250, 3000]],
  ['hour', 15, 15, HOURLY, [15, 250, 3000]],
  ['hour', 16, 15, HOURLY, [30, 500, 6000]],
  ['hour', 61, 15, HOURLY, [75, 1250, 15000]],
  ['hour', 1, 3, HOURLY, [3, 50, 600]],
  ['hour', 7, 6, HOURLY, [12, 200, 2400]],
  ['hour', 61, 60, HOURLY, [120, 2000, 24000]],
  ['hour', 1, 15, 9_999, [15, 250, 2500]], // 2499,75 ct rounds up
  ['hour', 1, 15, 10_001, [15, 250, 2500]], // 2500,25 ct rounds down
  ['hour', 1, 6, 10_001, [6, 100, 1000]], // 1000,1 ct
  // Increments that are not multiples of 3 minutes.
  ['hour', 25, 10, HOURLY, [30, 500, 6000]],
  ['hour', 55, 10, HOURLY, [60, 1000, 12000]],
  ['hour', 5, 10, HOURLY, [10, null, null]], // 166,67 ‰ h
  ['hour', 9, 4, HOURLY, [12, 200, 2400]],
  ['hour', 5, 4, HOURLY, [8, null, null]], // 133,33 ‰ h
  ['hour', 14, 5, HOURLY, [15, 250, 3000]],
  ['hour', 1, 7, HOURLY, [7, null, null]],
  ['hour', 21, 20, HOURLY, [40, null, null]], // 666,67 ‰ h
  ['hour', 21, 7, HOURLY, [21, 350, 4200]],
  // Work units count started units: exact for any unit length.
  ['work_unit', 15, 15, PER_UNIT, [15, 1000, 9000]],
  ['work_unit', 16, 15, PER_UNIT, [30, 2000, 18000]],
  ['work_unit', 5, 10, PER_UNIT, [10, 1000, 9000]],
  ['work_unit', 15, 7, PER_UNIT, [21, 3000, 27000]],
  ['work_unit', 41, 20, PER_UNIT, [60, 3000, 27000]],
  ['work_unit', 59, 1, PER_UNIT, [59, 59000, 531000]],
  ['work_unit', 1, 240, PER_UNIT, [240, 1000, 9000]],
];

describe('billedMinutes, billedQuantity and billedValueCents of one entry', () => {
  it.each(cases)('%s: %i min at %i-min steps, %i ct', (unit, raw, step, rateCents, expected) => {
    // The increment applies to hours only, the unit length to work units only.
    const rules =
      unit === 'hour'
        ? { billingIncrementMinutes: step, workUnitMinutes: 999 }
        : { billingIncrementMinutes: 999, workUnitMinutes: step };
    const [minutes, quantity, cents] = expected;
    expect(billedMinutes(raw, unit, rules)).toBe(minutes);
    if (quantity === null) {
      expect(() => billedQuantity(raw, unit, rules)).toThrow(RangeError);
      expect(() => billedValueCents(raw, { unit, rateCents }, rules)).toThrow(RangeError);
    } else {
      expect(billedQuantity(raw, unit, rules)).toBe(quantity);
      expect(billedValueCents(raw, { unit, rateCents }, rules)).toBe(cents);
    }
  });

  const rules = { billingIncrementMinutes: 15, workUnitMinutes: 15 };
  it.each<[BilledUnit, number]>([
    ['hour', 0],
    ['hour', -15],
    ['hour', 1.5],
    ['work_unit', 0],
    ['work_unit', -15],
    ['work_unit', 1.5],
  ])('%s: refuses %s minutes', (unit, raw) => {
    expect(() => billedMinutes(raw, unit, rules)).toThrow(RangeError);
    expect(() => billedQuantity(raw, unit, rules)).toThrow(RangeError);
    expect(() => billedValueCents(raw, { unit, rateCents: HOURLY }, rules)).toThrow(RangeError);
  });

  it.each<[BilledUnit, number, number]>([
    ['hour', 0, 15],
    ['hour', 2.5, 15],
    ['work_unit', 15, 0],
  ])('%s: refuses an increment of %s / a unit of %s minutes', (unit, increment, unitLength) => {
    const bad = { billingIncrementMinutes: increment, workUnitMinutes: unitLength };
    expect(() => billedMinutes(15, unit, bad)).toThrow(RangeError);
  });
});
