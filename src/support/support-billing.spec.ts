import { describe, expect, it } from '@jest/globals';
import { billedMinutes, type BillingRules } from '../common/billable-time.js';
import { buildTimeReport, priceEntry, type BillableEntry } from './support-billing.js';

const rules: BillingRules = { billingIncrementMinutes: 15, workUnitMinutes: 15 };

function entry(overrides: Partial<BillableEntry> = {}): BillableEntry {
  return {
    entryId: 'e1',
    ticketId: 't1',
    ticketNumber: 'T-00001',
    ticketTitle: 'Mail lost',
    startedAt: new Date('2026-03-10T09:00:00Z'),
    day: '2026-03-10',
    description: 'restore',
    rawMinutes: 15,
    afterHoursMinutes: 0,
    service: {
      id: 's1',
      code: 'SUPPORT',
      name: 'Support',
      unit: 'hour',
      rateCents: 12000,
      afterHoursSurchargePercent: 50,
    },
    basis: 'work',
    billedMinutesCap: null,
    goodwillBilledBp: 10_000,
    goodwillReason: null,
    ...overrides,
  };
}

describe('rounding each entry up to the started quarter hour', () => {
  it.each([
    [1, 15, 250, 3000],
    [15, 15, 250, 3000],
    [16, 30, 500, 6000],
    [44, 45, 750, 9000],
    [61, 75, 1250, 15000],
  ])('%i min bills %i min = %i‰ h = %i ct at 120 €/h', (raw, billed, quantity, net) => {
    const line = priceEntry(entry({ rawMinutes: raw }), rules);
    expect(line).toMatchObject({
      billedMinutes: billed,
      quantityMilli: quantity,
      lineNetCents: net,
    });
  });

  it.each([0, -15])('refuses %i minutes', (raw) => {
    expect(() => billedMinutes(raw, 'hour', rules)).toThrow(RangeError);
    expect(() => priceEntry(entry({ rawMinutes: raw }), rules)).toThrow(RangeError);
  });

  it('uses the configured increment', () => {
    expect(billedMinutes(7, 'hour', { ...rules, billingIncrementMinutes: 6 })).toBe(12);
  });

  it.each([
    [1, 1000, 15],
    [15, 1000, 15],
    [16, 2000, 30],
    [31, 3000, 45],
  ])('work units: %i min is %i‰ AE (%i min)', (raw, quantity, billed) => {
    const service = { ...entry().service, unit: 'work_unit' as const, rateCents: 2500 };
    const line = priceEntry(entry({ rawMinutes: raw, service }), rules);
    expect(line).toMatchObject({
      quantityMilli: quantity,
      billedMinutes: billed,
      lineNetCents: (quantity / 1000) * 2500,
    });
  });
});

describe('after-hours surcharge and goodwill', () => {
  it.each([
    // raw, after-hours minutes, surcharge %, base, surcharge
    [30, 0, 50, 6000, 0],
    [30, 30, 50, 6000, 3000],
    [30, 15, 50, 6000, 1500], // half the entry after hours
    [20, 5, 50, 6000, 750], // 6000 × 50 % × 5/20
    [7, 1, 25, 3000, 107], // 3000 × 25 % / 7 = 107.14 → 107
    [30, 30, 0, 6000, 0],
  ])(
    '%i min with %i after hours at +%i %%: base %i, surcharge %i',
    (raw, after, pct, base, sur) => {
      const service = { ...entry().service, afterHoursSurchargePercent: pct };
      const line = priceEntry(entry({ rawMinutes: raw, afterHoursMinutes: after, service }), rules);
      expect(line).toMatchObject({
        baseNetCents: base,
        afterHoursSurchargeCents: sur,
        lineNetCents: base + sur,
      });
    },
  );

  it('bills the goodwill share of base plus surcharge, rounded once', () => {
    const line = priceEntry(
      entry({
        rawMinutes: 50, // 60 min billed → 12000
        afterHoursMinutes: 10, // 12000 × 50 % × 10/50 = 1200
        goodwillBilledBp: 3333,
        goodwillReason: 'cause found only at the end of the analysis',
      }),
      rules,
    );
    // 13200 × 33.33 % = 4399.56 → 4400
    expect(line).toMatchObject({
      baseNetCents: 12000,
      afterHoursSurchargeCents: 1200,
      lineNetCents: 4400,
      goodwillCents: 8800,
      goodwillReason: 'cause found only at the end of the analysis',
    });
  });

  it('builds a report ordered by time with exact totals', () => {
    const report = buildTimeReport(
      { id: 'c1', number: 'K-00001', name: 'Kunde GmbH' },
      { from: '2026-03-01', to: '2026-03-31' },
      [
        entry({ entryId: 'late', startedAt: new Date('2026-03-12T09:00:00Z'), rawMinutes: 16 }),
        entry({ entryId: 'early', startedAt: new Date('2026-03-02T09:00:00Z'), rawMinutes: 1 }),
      ],
      rules,
    );
    expect(report.lines.map((l) => l.entryId)).toEqual(['early', 'late']);
    expect(report.totals).toEqual({
      rawMinutes: 17,
      billedMinutes: 45,
      baseNetCents: 9000,
      afterHoursSurchargeCents: 0,
      goodwillCents: 0,
      netCents: 9000,
    });
  });
});

describe('the analysis fee: capped billed minutes at the decided share', () => {
  it.each([
    // worked, cap, share bp → billed minutes, base, net
    [120, 30, 5000, 30, 6000, 3000],
    [120, 30, 10_000, 30, 6000, 6000],
    [20, 30, 5000, 30, 6000, 3000], // under the cap: rounded as any entry
  ])(
    '%i min, cap %i, share %i bp → %i min, %i ct base, %i ct net',
    (raw, cap, bp, billed, base, net) => {
      const line = priceEntry(
        entry({ rawMinutes: raw, basis: 'analysis', billedMinutesCap: cap, goodwillBilledBp: bp }),
        rules,
      );
      expect([line.billedMinutes, line.baseNetCents, line.lineNetCents]).toEqual([
        billed,
        base,
        net,
      ]);
      expect(line.basis).toBe('analysis');
    },
  );

  it('bills the surcharge on the capped base, for the share worked after hours', () => {
    const line = priceEntry(
      entry({
        rawMinutes: 120,
        afterHoursMinutes: 60,
        basis: 'analysis',
        billedMinutesCap: 30,
        goodwillBilledBp: 10_000,
      }),
      rules,
    );
    expect([line.baseNetCents, line.afterHoursSurchargeCents]).toEqual([6000, 1500]);
  });
});
