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

describe('minutes outside the hours a contract covers (Europe/Berlin)', () => {
  const businessHours = [1, 2, 3, 4, 5].map((weekday) => ({
    weekday,
    open: '08:00',
    close: '18:00',
  }));
  const extended = [1, 2, 3, 4, 5, 6].map((weekday) => ({
    weekday,
    open: '07:00',
    close: '22:00',
  }));
  const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    open: '00:00',
    close: '23:59',
  }));
  it.each([
    // covered hours, start (UTC), minutes → outside
    ['business hours', businessHours, '2026-11-17T08:00:00Z', 60, 0], // Tue 09:00
    ['business hours', businessHours, '2026-11-17T16:30:00Z', 60, 30], // Tue 17:30–18:30
    ['business hours', businessHours, '2026-11-21T21:00:00Z', 90, 90], // Sat 22:00
    ['Mon–Sat 07–22', extended, '2026-11-21T20:00:00Z', 90, 30], // Sat 21:00–22:30
    ['all week', allWeek, '2026-11-21T21:00:00Z', 90, 0],
    ['business hours, public holiday', businessHours, '2026-12-25T09:00:00Z', 60, 60],
  ] as const)('%s: %s for %i min → %i outside', (_case, hours, start, minutes, outside) => {
    expect(
      afterHoursMinutes(new Date(start), minutes, {
        timeZone: 'Europe/Berlin',
        hours,
        holidays: ['2026-12-25'],
      }),
    ).toBe(outside);
  });
});
