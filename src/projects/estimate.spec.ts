import { describe, expect, it } from '@jest/globals';
import { estimateTotals, invalidOptionChoices, type EstimateLine } from './estimate.js';

const line = (
  id: string,
  quantity: number,
  unitPriceCents: number,
  optional = false,
): EstimateLine => ({
  id,
  title: id,
  description: null,
  quantity,
  unit: 'hour',
  unitPriceCents,
  optional,
});

describe('estimate totals, checked against hand-computed figures', () => {
  const lines = [
    line('a', 10_000, 12_000), // 10 h × 120,00 € = 1.200,00 €
    line('b', 1_000, 49_999), // 1 × 499,99 €
    line('c', 2_500, 9_550, true), // optional 2,5 h × 95,50 € = 238,75 €
    line('d', 333, 1_999, true), // optional 0,333 × 19,99 € = 6,65667 → 6,66 €
  ];

  it.each([
    // chosen options, net, VAT at 19 %, gross
    [[], 169_999, 32_300, 202_299], // 1.699,99 € × 19 % = 322,9981 → 323,00 €
    [['c'], 193_874, 36_836, 230_710], // 1.938,74 € × 19 % = 368,3606 → 368,36 €
    [['c', 'd'], 194_540, 36_963, 231_503], // 1.945,40 € × 19 % = 369,626 → 369,63 €
  ])('options %j → net %i, VAT %i, gross %i', (chosen, net, vat, gross) => {
    const totals = estimateTotals(lines, 1900, chosen);
    expect(totals).toMatchObject({
      requiredNetCents: 169_999,
      optionalNetCents: 24_541,
      netCents: net,
      vatCents: vat,
      grossCents: gross,
    });
  });

  it('computes VAT once on the sum of the line nets, not per line', () => {
    // Three lines of 0,05 € each: per-line VAT would be 3 × 0,01 €; on the sum 0,15 € × 19 % = 0,0285 → 0,03 €.
    const small = [line('x', 1_000, 5), line('y', 1_000, 5), line('z', 1_000, 5)];
    expect(estimateTotals(small, 1900).vatCents).toBe(3);
    // And 3 × 0,02 € = 0,06 € × 19 % = 0,0114 → 0,01 € (per line it would be 3 × 0,00 €).
    const tiny = [line('x', 1_000, 2), line('y', 1_000, 2), line('z', 1_000, 2)];
    expect(estimateTotals(tiny, 1900).vatCents).toBe(1);
  });

  it('applies 7 % and 0 % rates', () => {
    expect(estimateTotals([line('a', 1_000, 10_050)], 700)).toMatchObject({
      vatCents: 704,
      grossCents: 10_754,
    }); // 7,035 → 7,04 €
    expect(estimateTotals([line('a', 1_000, 10_050)], 0)).toMatchObject({
      vatCents: 0,
      grossCents: 10_050,
    });
  });

  it('names chosen ids that are not optional lines', () => {
    expect(invalidOptionChoices(lines, ['c', 'a', 'nope'])).toEqual(['a', 'nope']);
  });
});
