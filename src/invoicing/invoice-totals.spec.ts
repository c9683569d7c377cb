import { describe, expect, it } from '@jest/globals';
import { invoiceTotals, type TotalsLineInput } from './invoice-totals.js';

const s = (quantity: number, unitPriceCents: number, vatRateBp = 1900): TotalsLineInput => ({
  quantity,
  unitPriceCents,
  vatCategory: 'S',
  vatRateBp,
});

describe('invoice totals (EN 16931: line nets rounded, VAT per rate on their sum)', () => {
  it.each([
    // lines, net, vat table [rate, base, amount], gross
    ['one line at 19 %', [s(1000, 12000)], 12000, [[1900, 12000, 2280]], 14280],
    [
      '19 % and 7 % side by side',
      [s(2500, 9550), s(1000, 4999, 700), s(333, 1001)],
      23875 + 4999 + 333,
      [
        [1900, 23875 + 333, 4600],
        [700, 4999, 350],
      ],
      23875 + 4999 + 333 + 4600 + 350,
    ],
    // 0.5 × 0.05 € = 0.025 € → 0.03 € (half away from zero), per line
    ['half cent on a line rounds up', [s(500, 5)], 3, [[1900, 3, 1]], 4],
    // VAT on the sum, not per line: 3 × 0.10 € at 7 % = 0.021 € → 0.02 €, not 3 × 0.01 €
    [
      'VAT once on the sum',
      [s(1000, 10, 700), s(1000, 10, 700), s(1000, 10, 700)],
      30,
      [[700, 30, 2]],
      32,
    ],
    // 50 cents at 19 % = 9.5 cents → 10 cents
    ['half cent of VAT rounds up', [s(1000, 50)], 50, [[1900, 50, 10]], 60],
  ] as const)('%s', (_, lines, net, vat, gross) => {
    const totals = invoiceTotals(lines);
    expect(totals.netCents).toBe(net);
    expect(totals.vat.map((v) => [v.rateBp, v.baseCents, v.amountCents])).toEqual(vat);
    expect(totals.grossCents).toBe(gross);
    expect(totals.dueCents).toBe(gross);
  });

  it('reverse charge: one AE group at 0 %, no VAT', () => {
    const totals = invoiceTotals([
      { quantity: 1000, unitPriceCents: 12000, vatCategory: 'AE', vatRateBp: 0 },
      { quantity: 1500, unitPriceCents: 8000, vatCategory: 'AE', vatRateBp: 0 },
    ]);
    expect(totals.vat).toEqual([{ category: 'AE', rateBp: 0, baseCents: 24000, amountCents: 0 }]);
    expect(totals.grossCents).toBe(24000);
  });

  it('§19 small business: category E, gross equals net', () => {
    const totals = invoiceTotals([
      { quantity: 1250, unitPriceCents: 9999, vatCategory: 'E', vatRateBp: 0 },
    ]);
    expect(totals.vat).toEqual([{ category: 'E', rateBp: 0, baseCents: 12499, amountCents: 0 }]);
    expect(totals.grossCents).toBe(12499);
  });

  it('down payments are deducted from the gross: due = gross − prepaid', () => {
    // final: 10 000,00 € net at 19 %; a 30 % down payment of 3 000,00 € + 570,00 € VAT
    const totals = invoiceTotals([s(1000, 1_000_000)], 357_000);
    expect(totals.grossCents).toBe(1_190_000);
    expect(totals.prepaidCents).toBe(357_000);
    expect(totals.dueCents).toBe(833_000);
  });

  it('negated quantities give exactly the negated totals (cancellation), half cents included', () => {
    const lines = [s(500, 5), s(2500, 9550), s(1000, 4999, 700), s(1333, 333)];
    const original = invoiceTotals(lines, 1234);
    const cancellation = invoiceTotals(
      lines.map((l) => ({ ...l, quantity: -l.quantity })),
      -1234,
    );
    expect(cancellation.lineNets).toEqual(original.lineNets.map((n) => -n));
    expect(cancellation.vat.map((v) => v.amountCents)).toEqual(
      original.vat.map((v) => -v.amountCents),
    );
    expect(cancellation.grossCents).toBe(-original.grossCents);
    expect(cancellation.dueCents).toBe(-original.dueCents);
  });

  it('a document-level allowance lowers its rate group before VAT (BT-107, BR-CO-13)', () => {
    // 200,00 € at 19 % and 50,00 € at 7 %; 30,00 € goodwill on the 19 % part
    const totals = invoiceTotals([s(1000, 20_000), s(1000, 5000, 700)], 0, [
      { amountCents: 3000, vatCategory: 'S', vatRateBp: 1900 },
    ]);
    expect(totals.lineTotalCents).toBe(25_000);
    expect(totals.allowanceTotalCents).toBe(3000);
    expect(totals.netCents).toBe(22_000);
    expect(totals.vat.map((v) => [v.rateBp, v.baseCents, v.amountCents])).toEqual([
      [1900, 17_000, 3230],
      [700, 5000, 350],
    ]);
    expect(totals.grossCents).toBe(22_000 + 3230 + 350);
  });
});
