import { describe, expect, it } from '@jest/globals';
import { closedDays, easterSunday, publicHolidays } from './public-holidays.js';

describe('Easter Sunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('%i → %s', (year, day) => {
    expect(easterSunday(year).toISOString().slice(0, 10)).toBe(day);
  });
});

describe('public holidays of a federal state', () => {
  it('Saxony 2026: the nationwide days, Reformation Day and the Day of Prayer and Repentance', () => {
    expect(publicHolidays('SN', 2026)).toEqual([
      '2026-01-01',
      '2026-04-03', // Good Friday
      '2026-04-06', // Easter Monday
      '2026-05-01',
      '2026-05-14', // Ascension
      '2026-05-25', // Whit Monday
      '2026-10-03',
      '2026-10-31',
      '2026-11-18', // Buß- und Bettag
      '2026-12-25',
      '2026-12-26',
    ]);
  });
  it.each([
    ['BY', '2026-06-04', true], // Corpus Christi (Easter + 60)
    ['SN', '2026-06-04', false],
    ['BW', '2026-01-06', true],
    ['NW', '2026-01-06', false],
    ['BE', '2026-03-08', true],
    ['BB', '2026-04-05', true], // Easter Sunday
    ['TH', '2026-09-20', true],
    ['NW', '2026-11-01', true],
    ['HH', '2026-11-01', false],
    ['SN', '2025-11-19', true], // Buß- und Bettag 2025
  ] as const)('%s: %s is a holiday → %s', (state, day, holiday) => {
    expect(publicHolidays(state, Number(day.slice(0, 4))).includes(day)).toBe(holiday);
  });
  it('adds company days to the computed ones, once each', () => {
    expect(
      closedDays('SN', [2026], ['2026-12-24', '2026-12-25']).filter((d) => d >= '2026-12-01'),
    ).toEqual(['2026-12-24', '2026-12-25', '2026-12-26']);
    expect(closedDays(null, [2026], ['2026-12-24'])).toEqual(['2026-12-24']);
  });
});
