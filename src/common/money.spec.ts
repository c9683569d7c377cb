import { describe, expect, it } from '@jest/globals';
import {
  centsToDecimal,
  formatQuantity,
  lineNet,
  parseQuantity,
  percentOf,
  roundDiv,
  vatAmount,
} from './money.js';

describe('roundDiv rounds half away from zero', () => {
  it.each([
    [5, 10, 1],
    [4, 10, 0],
    [15, 10, 2],
    [-5, 10, -1],
    [-4, 10, 0],
    [-15, 10, -2],
    [0, 7, 0],
    [7, 7, 1],
  ])('%i / %i = %i', (n, d, expected) => {
    expect(roundDiv(n, d)).toBe(expected);
  });
});

describe('line net = quantity × unit price, rounded to the cent', () => {
  it.each([
    // quantity (thousandths), unit price (cents), net (cents)
    [1000, 12000, 12000], // 1 h × 120,00 €
    [1250, 12000, 15000], // 1.25 h × 120,00 €
    [333, 1999, 666], // 0.333 × 19,99 € = 6,65667 → 6,66 €
    [1500, 1, 2], // 1.5 × 0,01 € = 0,015 → 0,02 € (half up)
    [500, 1, 1], // 0.5 × 0,01 € = 0,005 → 0,01 €
    [-1500, 1, -2], // cancellations round symmetrically
    [2500, 3333, 8333], // 2.5 × 33,33 € = 83,325 → 83,33 €
  ])('%i‰ × %i ct = %i ct', (quantity, price, expected) => {
    expect(lineNet(quantity, price)).toBe(expected);
  });
});

describe('VAT per rate', () => {
  it.each([
    [10000, 1900, 1900],
    [8333, 1900, 1583], // 83,33 € × 19 % = 15,8327 → 15,83 €
    [250, 1900, 48], // 2,50 € × 19 % = 0,475 → 0,48 €
    [-250, 1900, -48],
    [1050, 700, 74], // 10,50 € × 7 % = 0,735 → 0,74 €
    [99999, 0, 0],
  ])('%i ct × %i bp = %i ct', (net, rate, expected) => {
    expect(vatAmount(net, rate)).toBe(expected);
  });

  it('takes percentages of amounts, e.g. a 30 % down payment', () => {
    expect(percentOf(123457, 3000)).toBe(37037); // 370,371 → 370,37 €
  });
});

describe('quantities and decimals', () => {
  it.each([
    ['1', 1000],
    ['1.25', 1250],
    ['0.001', 1],
    ['-2.5', -2500],
    ['12.300', 12300],
  ])('parses %s', (text, milli) => {
    expect(parseQuantity(text)).toBe(milli);
  });

  it.each(['1.2345', '1,5', 'abc', '', '1e3'])('rejects %s', (text) => {
    expect(() => parseQuantity(text)).toThrow(RangeError);
  });

  it('formats quantities and cents without trailing noise', () => {
    expect(formatQuantity(1250)).toBe('1.25');
    expect(formatQuantity(1000)).toBe('1');
    expect(formatQuantity(-500)).toBe('-0.5');
    expect(centsToDecimal(123456)).toBe('1234.56');
    expect(centsToDecimal(-5)).toBe('-0.05');
    expect(centsToDecimal(0)).toBe('0.00');
  });
});
