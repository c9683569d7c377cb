import { addDays } from '../../common/clock.js';
import { roundDiv, type Cents } from '../../common/money.js';

/**
 * The dunning rules, pure: which reminder level is due, and what a reminder claims (fee,
 * the flat fee of § 288 Abs. 5 BGB, default interest). The service reads the facts and the
 * settings, this file decides; the unit spec checks it against hand-computed figures.
 */

/** 0 = Zahlungserinnerung (friendly reminder), 1 = 1. Mahnung, 2 = 2. Mahnung. */
export const REMINDER_LEVELS = [0, 1, 2] as const;
export type ReminderLevel = (typeof REMINDER_LEVELS)[number];

export interface LevelSettings {
  /** The level is due this many days after the invoice's due date. */
  daysAfterDue: number;
  feeCents: Cents;
  claimInterest: boolean;
}

/** The Basiszinssatz (§ 247 BGB) from a day on, in basis points of a percent: 1,27 % = 127. */
export interface BaseRate {
  validFrom: string;
  rateBp: number;
}

export interface DunningSettings {
  levels: [LevelSettings, LevelSettings, LevelSettings];
  /** Claim the 40 € flat fee of § 288 Abs. 5 BGB, once per invoice, from the 1. Mahnung on. */
  claimFlatFee: boolean;
  baseRates: BaseRate[];
}

/** § 288 Abs. 5 Satz 1 BGB: 40 Euro, only where the debtor is not a consumer. */
export const FLAT_FEE_CENTS = 4000;

/**
 * Percentage points above the base rate: 9 between businesses (§ 288 Abs. 2 BGB), 5 where a
 * consumer is involved (§ 288 Abs. 1 Satz 2 BGB).
 */
export const interestMarginBp = (business: boolean) => (business ? 900 : 500);

export interface PaymentEvent {
  day: string;
  amountCents: Cents;
}

export interface InterestInput {
  /** What the invoice asks to be paid (its amount due). */
  principalCents: Cents;
  dueDate: string;
  /** The last day interest is counted for (the reminder's date), inclusive. */
  until: string;
  payments: readonly PaymentEvent[];
  baseRates: readonly BaseRate[];
  business: boolean;
}

/** One stretch of days with the same principal and the same rate. */
export interface InterestPeriod {
  from: string;
  to: string;
  days: number;
  principalCents: Cents;
  /** Yearly rate: base rate + margin, basis points of a percent (1,27 % + 9 = 1027). */
  rateBp: number;
  interestCents: Cents;
}

/** Days from `from` to `to` (to − from), both YYYY-MM-DD. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The base rate in force on `day`: the latest entry that began on or before it. */
export function baseRateOn(rates: readonly BaseRate[], day: string): number | null {
  const inForce = rates
    .filter((r) => r.validFrom <= day)
    .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  return inForce.length > 0 ? inForce[inForce.length - 1].rateBp : null;
}

/**
 * Default interest (Verzugszinsen, § 288 BGB) on the open amount, split wherever the base rate
 * or the principal changes.
 *
 * - Days: interest runs from the day after the due date (§ 187 Abs. 1 BGB: the day of the
 *   event does not count; default begins when the agreed payment date passes, § 286 Abs. 2
 *   Nr. 1 BGB) through `until`, inclusive: exact calendar days.
 * - Day count convention act/365 ("taggenau, Jahr zu 365 Tagen"): interest = principal × rate ×
 *   days / 365, also in leap years. The BGB names no convention; act/365 is the one German
 *   courts and the Bundesbank's own Basiszinssatz examples use for § 288 claims, and the one
 *   a debtor can check by hand. Interest is simple: no interest on interest (§ 289 Satz 1 BGB).
 * - A payment received on day P lowers the principal from P on (the day it arrives is a day
 *   the paid part no longer owes interest for); payments are applied to the principal.
 * - Rounding: each period half up to the cent; the claim is the sum of the printed periods,
 *   so the table on the reminder adds up.
 */
export function defaultInterest(input: InterestInput): InterestPeriod[] {
  const start = addDays(input.dueDate, 1);
  if (input.until < start) return [];
  const breaks = new Set<string>();
  for (const r of input.baseRates)
    if (r.validFrom > start && r.validFrom <= input.until) breaks.add(r.validFrom);
  for (const p of input.payments) if (p.day > start && p.day <= input.until) breaks.add(p.day);
  const bounds = [start, ...[...breaks].sort(), addDays(input.until, 1)];
  const periods: InterestPeriod[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const from = bounds[i];
    const paid = input.payments.filter((p) => p.day <= from).reduce((n, p) => n + p.amountCents, 0);
    const principalCents = input.principalCents - paid;
    if (principalCents <= 0) break;
    const base = baseRateOn(input.baseRates, from);
    if (base === null) throw new RangeError(`no base rate in force on ${from}`);
    const rateBp = base + interestMarginBp(input.business);
    const days = daysBetween(from, bounds[i + 1]);
    periods.push({
      from,
      to: addDays(bounds[i + 1], -1),
      days,
      principalCents,
      rateBp,
      interestCents: roundDiv(
        BigInt(principalCents) * BigInt(rateBp) * BigInt(days),
        10_000n * 365n,
      ),
    });
  }
  return periods;
}

export interface SentReminder {
  level: ReminderLevel;
  flatFeeCents: Cents;
}

/**
 * The level due on `today`, or null: never skipping a level (a 1. Mahnung follows a
 * Zahlungserinnerung), each when its day after the due date has come, none after the last.
 */
export function dueLevel(
  settings: DunningSettings,
  dueDate: string,
  today: string,
  sent: readonly SentReminder[],
): ReminderLevel | null {
  const next = sent.length === 0 ? 0 : Math.max(...sent.map((s) => s.level)) + 1;
  if (next > 2) return null;
  const level = next as ReminderLevel;
  const day = addDays(dueDate, settings.levels[level].daysAfterDue);
  return today >= day && today > dueDate ? level : null;
}

export interface ReminderClaim {
  level: ReminderLevel;
  openCents: Cents;
  feeCents: Cents;
  flatFeeCents: Cents;
  interest: InterestPeriod[];
  interestCents: Cents;
  /** Fees and flat fee claimed by earlier reminders of the invoice, still owed. */
  earlierFeesCents: Cents;
  totalCents: Cents;
}

export interface ClaimFacts {
  level: ReminderLevel;
  today: string;
  dueDate: string;
  dueCents: Cents;
  payments: readonly PaymentEvent[];
  earlier: readonly (SentReminder & { feeCents: Cents })[];
  business: boolean;
}

/**
 * What a reminder of `level` claims: the open amount, this level's fee, the flat fee of
 * § 288 Abs. 5 BGB once (businesses only, from the 1. Mahnung on, if the settings claim it),
 * the default interest up to today if this level claims it, and the earlier reminders' fees.
 */
export function reminderClaim(settings: DunningSettings, facts: ClaimFacts): ReminderClaim {
  const level = settings.levels[facts.level];
  const paid = facts.payments
    .filter((p) => p.day <= facts.today)
    .reduce((n, p) => n + p.amountCents, 0);
  const openCents = facts.dueCents - paid;
  const flatFeeClaimed = facts.earlier.some((r) => r.flatFeeCents > 0);
  const flatFeeCents =
    settings.claimFlatFee && facts.business && facts.level >= 1 && !flatFeeClaimed
      ? FLAT_FEE_CENTS
      : 0;
  const interest = level.claimInterest
    ? defaultInterest({
        principalCents: facts.dueCents,
        dueDate: facts.dueDate,
        until: facts.today,
        payments: facts.payments,
        baseRates: settings.baseRates,
        business: facts.business,
      })
    : [];
  const interestCents = interest.reduce((n, p) => n + p.interestCents, 0);
  const earlierFeesCents = facts.earlier.reduce((n, r) => n + r.feeCents + r.flatFeeCents, 0);
  return {
    level: facts.level,
    openCents,
    feeCents: level.feeCents,
    flatFeeCents,
    interest,
    interestCents,
    earlierFeesCents,
    totalCents: openCents + level.feeCents + flatFeeCents + interestCents + earlierFeesCents,
  };
}
