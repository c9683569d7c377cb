import { describe, expect, it } from '@jest/globals';
import {
  daysBetween,
  defaultInterest,
  dueLevel,
  reminderClaim,
  type BaseRate,
  type DunningSettings,
} from './dunning-rules.js';

// Basiszinssatz as published by the Bundesbank (§ 247 BGB), in basis points of a percent.
const RATES: BaseRate[] = [
  { validFrom: '2016-07-01', rateBp: -88 },
  { validFrom: '2025-01-01', rateBp: 227 },
  { validFrom: '2025-07-01', rateBp: 127 },
];

const SETTINGS: DunningSettings = {
  levels: [
    { daysAfterDue: 7, feeCents: 0, claimInterest: false },
    { daysAfterDue: 21, feeCents: 500, claimInterest: true },
    { daysAfterDue: 35, feeCents: 1000, claimInterest: true },
  ],
  claimFlatFee: true,
  baseRates: RATES,
};

/*
 * Every figure below is computed by hand: interest = principal × (base + margin) × days / 365,
 * each period rounded half up to the cent. Days run from the day after the due date through
 * the reminder's date, inclusive.
 */
describe('default interest (§ 288 BGB, act/365)', () => {
  it.each([
    {
      name: '21 days at 1,27 % + 9 = 10,27 %: 1.000,00 € × 0,1027 × 21/365 = 5,9088 → 5,91 €',
      input: {
        principalCents: 100_000,
        dueDate: '2026-01-19',
        until: '2026-02-09',
        payments: [],
        business: true,
      },
      periods: [['2026-01-20', '2026-02-09', 21, 100_000, 1027, 591]],
    },
    {
      name: 'a consumer: 5 points (§ 288 Abs. 1): 1.000 € × 0,0627 × 21/365 = 3,6074 → 3,61 €',
      input: {
        principalCents: 100_000,
        dueDate: '2026-01-19',
        until: '2026-02-09',
        payments: [],
        business: false,
      },
      periods: [['2026-01-20', '2026-02-09', 21, 100_000, 627, 361]],
    },
    {
      name: 'the base rate changes on 1 July: 15 days at 11,27 % (11,5788 €), 20 at 10,27 % (14,0685 €)',
      input: {
        principalCents: 250_000,
        dueDate: '2025-06-15',
        until: '2025-07-20',
        payments: [],
        business: true,
      },
      periods: [
        ['2025-06-16', '2025-06-30', 15, 250_000, 1127, 1158],
        ['2025-07-01', '2025-07-20', 20, 250_000, 1027, 1407],
      ],
    },
    {
      name: 'partial payments lower the principal from the day they arrive',
      input: {
        principalCents: 119_000,
        dueDate: '2026-03-31',
        until: '2026-05-10',
        payments: [
          { day: '2026-04-15', amountCents: 50_000 },
          { day: '2026-05-01', amountCents: 19_000 },
        ],
        business: true,
      },
      // 1.190 € × 0,1027 × 14/365 = 4,6876; 690 € × 16 days = 3,1063; 500 € × 10 days = 1,4068
      periods: [
        ['2026-04-01', '2026-04-14', 14, 119_000, 1027, 469],
        ['2026-04-15', '2026-04-30', 16, 69_000, 1027, 311],
        ['2026-05-01', '2026-05-10', 10, 50_000, 1027, 141],
      ],
    },
    {
      name: 'a negative base rate, and a leap year still counts 365 days: 30 days at 8,12 % = 6,6740 €',
      input: {
        principalCents: 100_000,
        dueDate: '2020-01-31',
        until: '2020-03-01',
        payments: [],
        business: true,
      },
      periods: [['2020-02-01', '2020-03-01', 30, 100_000, 812, 667]],
    },
    {
      name: 'paid in full: interest stops the day the payment arrives (5 days = 1,4068 €)',
      input: {
        principalCents: 100_000,
        dueDate: '2026-01-19',
        until: '2026-02-09',
        payments: [{ day: '2026-01-25', amountCents: 100_000 }],
        business: true,
      },
      periods: [['2026-01-20', '2026-01-24', 5, 100_000, 1027, 141]],
    },
    {
      name: 'nothing on or before the due date',
      input: {
        principalCents: 100_000,
        dueDate: '2026-01-19',
        until: '2026-01-19',
        payments: [],
        business: true,
      },
      periods: [],
    },
  ])('$name', ({ input, periods }) => {
    const result = defaultInterest({ ...input, baseRates: RATES });
    expect(
      result.map((p) => [p.from, p.to, p.days, p.principalCents, p.rateBp, p.interestCents]),
    ).toEqual(periods);
  });

  it('counts calendar days across months and years', () => {
    expect(daysBetween('2026-01-19', '2026-02-09')).toBe(21);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('refuses a period without a base rate', () => {
    expect(() =>
      defaultInterest({
        principalCents: 100,
        dueDate: '2010-01-01',
        until: '2010-02-01',
        payments: [],
        baseRates: RATES,
        business: true,
      }),
    ).toThrow(/no base rate/);
  });
});

describe('the level due', () => {
  const level = (sent: number[]) => sent.map((l) => ({ level: l as 0 | 1 | 2, flatFeeCents: 0 }));
  it.each([
    { today: '2026-01-25', sent: [], due: null, why: '6 days overdue: the reminder comes after 7' },
    { today: '2026-01-26', sent: [], due: 0, why: 'day 7: Zahlungserinnerung' },
    { today: '2026-02-20', sent: [], due: 0, why: 'late, but no level is skipped' },
    { today: '2026-02-08', sent: [0], due: null, why: 'day 20: the 1. Mahnung comes on day 21' },
    { today: '2026-02-09', sent: [0], due: 1, why: 'day 21: 1. Mahnung' },
    { today: '2026-02-23', sent: [0, 1], due: 2, why: 'day 35: 2. Mahnung' },
    { today: '2026-06-01', sent: [0, 1, 2], due: null, why: 'no level after the 2. Mahnung' },
  ])('$why', ({ today, sent, due }) => {
    expect(dueLevel(SETTINGS, '2026-01-19', today, level(sent))).toBe(due);
  });
});

describe('what a reminder claims', () => {
  const facts = { dueDate: '2026-01-19', dueCents: 100_000, payments: [], business: true };

  it('a Zahlungserinnerung: only the open amount', () => {
    const claim = reminderClaim(SETTINGS, { ...facts, level: 0, today: '2026-01-26', earlier: [] });
    expect(claim).toMatchObject({
      openCents: 100_000,
      feeCents: 0,
      flatFeeCents: 0,
      interestCents: 0,
    });
    expect(claim.totalCents).toBe(100_000);
  });

  it('the 1. Mahnung: fee 5,00 €, flat fee 40,00 €, interest 5,91 € → 1.050,91 €', () => {
    const claim = reminderClaim(SETTINGS, {
      ...facts,
      level: 1,
      today: '2026-02-09',
      earlier: [{ level: 0, feeCents: 0, flatFeeCents: 0 }],
    });
    expect(claim).toMatchObject({
      feeCents: 500,
      flatFeeCents: 4000,
      interestCents: 591,
      earlierFeesCents: 0,
    });
    expect(claim.totalCents).toBe(105_091);
  });

  it('the 2. Mahnung: the flat fee only once; earlier fees still owed; 35 days = 9,85 €', () => {
    const claim = reminderClaim(SETTINGS, {
      ...facts,
      level: 2,
      today: '2026-02-23',
      earlier: [
        { level: 0, feeCents: 0, flatFeeCents: 0 },
        { level: 1, feeCents: 500, flatFeeCents: 4000 },
      ],
    });
    expect(claim).toMatchObject({
      feeCents: 1000,
      flatFeeCents: 0,
      interestCents: 985,
      earlierFeesCents: 4500,
    });
    expect(claim.totalCents).toBe(100_000 + 1000 + 985 + 4500);
  });

  it('no flat fee for a consumer, and none when the settings do not claim it', () => {
    const args = { ...facts, level: 1 as const, today: '2026-02-09', earlier: [] };
    expect(reminderClaim(SETTINGS, { ...args, business: false }).flatFeeCents).toBe(0);
    expect(reminderClaim({ ...SETTINGS, claimFlatFee: false }, args).flatFeeCents).toBe(0);
  });

  it('a partial payment lowers the open amount and the interest', () => {
    const claim = reminderClaim(SETTINGS, {
      ...facts,
      level: 1,
      today: '2026-02-09',
      payments: [{ day: '2026-02-01', amountCents: 40_000 }],
      earlier: [],
    });
    // 12 days (20.01.–31.01.) on 1.000 € = 3,3764 → 3,38; 9 days (01.02.–09.02.) on 600 € = 1,5194 → 1,52
    expect(claim.openCents).toBe(60_000);
    expect(claim.interest.map((p) => p.interestCents)).toEqual([338, 152]);
    expect(claim.interestCents).toBe(490);
  });
});
