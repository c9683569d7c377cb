import { describe, expect, it } from '@jest/globals';
import {
  formatDate,
  formatDateTime,
  formatPeriod,
  formatMoney,
  formatPercent,
  formatQuantity,
  NBSP,
} from './locale-format.js';

// Written with a plain space for readability; the formatters join amount and unit with U+00A0.
const nb = (text: string) =>
  text.replace(/ (?=[€%U])/g, NBSP).replace(/(\d) (?=[A-Z][a-z])/, `$1${NBSP}`);

describe('money from integer cents', () => {
  it.each([
    [123456, '1.234,56 €', '€1,234.56'],
    [0, '0,00 €', '€0.00'],
    [5, '0,05 €', '€0.05'],
    [-123456, '-1.234,56 €', '-€1,234.56'],
    [100, '1,00 €', '€1.00'],
    [123456789012, '1.234.567.890,12 €', '€1,234,567,890.12'],
    [99999, '999,99 €', '€999.99'],
  ])('%i ct → %s / %s', (cents, de, en) => {
    expect(formatMoney(cents, 'de')).toBe(nb(de));
    expect(formatMoney(cents, 'en')).toBe(en);
  });

  it.each([1.5, Number.NaN, 2 ** 60])('refuses the non-integer amount %s', (value) => {
    expect(() => formatMoney(value, 'de')).toThrow(RangeError);
  });
});

describe('quantities from thousandths', () => {
  it.each([
    [1250, '1,25', '1.25'],
    [1000, '1', '1'],
    [38000, '38', '38'],
    [1234500, '1.234,5', '1,234.5'],
    [-500, '-0,5', '-0.5'],
    [1, '0,001', '0.001'],
  ])('%i → %s / %s', (milli, de, en) => {
    expect(formatQuantity(milli, 'de')).toBe(de);
    expect(formatQuantity(milli, 'en')).toBe(en);
  });
});

describe('percentages from basis points', () => {
  it.each([
    [1900, '19 %', '19%'],
    [700, '7 %', '7%'],
    [750, '7,5 %', '7.5%'],
    [1625, '16,25 %', '16.25%'],
    [0, '0 %', '0%'],
  ])('%i bp → %s / %s', (bp, de, en) => {
    expect(formatPercent(bp, 'de')).toBe(nb(de));
    expect(formatPercent(bp, 'en')).toBe(en);
  });
});

describe('dates and times', () => {
  it.each([
    ['2026-11-22', '22.11.2026', '22 November 2026'],
    ['2026-01-05', '05.01.2026', '5 January 2026'],
    ['2024-02-29', '29.02.2024', '29 February 2024'],
  ])('%s → %s / %s', (day, de, en) => {
    expect(formatDate(day, 'de')).toBe(de);
    expect(formatDate(day, 'en')).toBe(nb(en));
  });

  it.each([
    ['2026-11-01', '2026-11-30', '01.11.2026 – 30.11.2026', '1–30 November 2026'],
    ['2026-10-28', '2026-11-03', '28.10.2026 – 03.11.2026', '28 October – 3 November 2026'],
    ['2026-12-28', '2027-01-03', '28.12.2026 – 03.01.2027', '28 December 2026 – 3 January 2027'],
    ['2026-11-04', '2026-11-04', '04.11.2026', '4 November 2026'],
  ])('period %s – %s → %s / %s', (from, to, de, en) => {
    expect(formatPeriod(from, to, 'de')).toBe(de);
    // Every day and its month stay together.
    expect(formatPeriod(from, to, 'en')).toBe(en.replace(/(\d) (?=[A-Z][a-z])/g, `$1${NBSP}`));
  });

  it.each(['22.11.2026', '2026-13-01', '2026-11-22T10:00:00Z', ''])('refuses %j', (day) => {
    expect(() => formatDate(day, 'de')).toThrow(RangeError);
  });

  it('prints instants in the given time zone, across daylight saving time', () => {
    expect(formatDateTime('2026-10-26T15:42:00Z', 'de', 'Europe/Berlin')).toBe(
      `26.10.2026, 16:42${NBSP}Uhr`,
    );
    expect(formatDateTime('2026-07-01T22:30:00Z', 'de', 'Europe/Berlin')).toBe(
      `02.07.2026, 00:30${NBSP}Uhr`,
    );
    expect(formatDateTime('2026-07-01T22:30:00Z', 'en', 'Europe/London')).toBe(
      `1${NBSP}July 2026, 23:30`,
    );
  });
});
