import { describe, expect, it } from '@jest/globals';
import {
  afterHoursMinutes,
  calendarProblem,
  isWithinBusinessHours,
  type BusinessCalendar,
} from './business-hours.js';

// Mon–Fri 08:00–18:00 in Berlin; 2026-03-10 is a Tuesday (CET, UTC+1).
const calendar: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: '08:00', close: '18:00' })),
  holidays: ['2026-04-03'],
};

const berlin = (local: string) => new Date(`${local}+01:00`);

describe('business hours at the boundaries', () => {
  it.each([
    ['2026-03-10T07:59', false],
    ['2026-03-10T08:00', true],
    ['2026-03-10T17:59', true],
    ['2026-03-10T18:00', false],
    ['2026-03-14T10:00', false], // Saturday
    ['2026-03-15T10:00', false], // Sunday
    ['2026-04-03T10:00', false], // Good Friday (11:00 CEST): a holiday
  ])('%s (Berlin) within business hours: %s', (local, within) => {
    expect(isWithinBusinessHours(berlin(local), calendar)).toBe(within);
  });

  it.each([
    // start (Berlin), minutes worked, minutes after hours
    ['2026-03-10T07:45', 15, 15], // ends exactly at opening
    ['2026-03-10T07:45', 16, 15], // one minute into business hours
    ['2026-03-10T08:00', 60, 0],
    ['2026-03-10T17:45', 15, 0], // ends exactly at closing
    ['2026-03-10T17:45', 30, 15], // 15 of 30 minutes after closing
    ['2026-03-10T18:00', 1, 1],
    ['2026-03-10T17:59', 1, 0],
    ['2026-03-10T22:00', 120, 120], // across midnight into Wednesday night
    ['2026-03-13T17:00', 24 * 60, 23 * 60], // Fri 17:00 → Sat 17:00: only Fri 17–18 is in
  ])('%s + %i min has %i min after hours', (local, worked, outside) => {
    expect(afterHoursMinutes(berlin(local), worked, calendar)).toBe(outside);
  });

  it('follows the local clock across the switch to summer time', () => {
    // 2026-03-29 is a Sunday; Monday 2026-03-30 07:00 CEST is 05:00 UTC.
    expect(afterHoursMinutes(new Date('2026-03-30T05:30:00Z'), 60, calendar)).toBe(30);
  });

  it.each([0, -5, 1.5, 24 * 60 + 1])('refuses %s minutes', (worked) => {
    expect(() => afterHoursMinutes(berlin('2026-03-10T10:00'), worked, calendar)).toThrow(
      RangeError,
    );
  });

  it.each([
    [[{ weekday: 0, open: '08:00', close: '18:00' }], 'weekday must be 1 (Monday) to 7 (Sunday)'],
    [[{ weekday: 1, open: '8:00', close: '18:00' }], 'open and close must be times as HH:MM'],
    [[{ weekday: 1, open: '18:00', close: '08:00' }], 'open must be before close'],
    [[{ weekday: 7, open: '10:00', close: '12:00' }], null],
  ])('checks the calendar %j', (hours, problem) => {
    expect(calendarProblem(hours)).toBe(problem);
  });
});
