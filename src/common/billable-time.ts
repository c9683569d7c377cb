import { lineNet, type Cents, type MilliQuantity } from './money.js';

/**
 * The one rule for billing logged time, used by project billing (budget, final invoice) and the
 * support desk (time report, support invoice, quote estimates) alike.
 *
 * Time is logged in whole minutes and kept as logged. Billing rounds each entry on its own,
 * never the sum of a day: hourly services up to the started increment (the service terms: per
 * started quarter hour), services priced in work units (AE) up to the started unit. Its value
 * is always the invoice line's: quantity × price, rounded to the cent.
 */

/** How a service is priced (the price list's unit). */
export type BilledUnit = 'hour' | 'work_unit';

/** From the company profile: the billing increment and the length of a work unit (AE). */
export interface BillingRules {
  billingIncrementMinutes: number;
  workUnitMinutes: number;
}

export function roundUpToIncrement(minutes: number, incrementMinutes: number): number {
  assertWholeMinutes(minutes);
  if (!Number.isInteger(incrementMinutes) || incrementMinutes <= 0) {
    throw new RangeError('the increment must be a positive whole number of minutes');
  }
  return Math.ceil(minutes / incrementMinutes) * incrementMinutes;
}

/**
 * Billed minutes as a quantity in thousandths of an hour, e.g. 75 min → 1250 (1.25 h). Exact
 * only for multiples of 3 minutes, which is why billing increments must be multiples of 3:
 * an invoice line must be quantity × price to the cent, so an inexact quantity is refused
 * rather than rounded.
 */
export function minutesToMilliHours(minutes: number): MilliQuantity {
  if ((minutes * 1000) % 60 !== 0) {
    throw new RangeError(`${minutes} min is not a whole number of thousandths of an hour`);
  }
  return (minutes * 1000) / 60;
}

/** Billed minutes as work units (AE) in thousandths; each started unit counts whole. */
export function minutesToMilliWorkUnits(minutes: number, workUnitMinutes: number): MilliQuantity {
  return Math.ceil(minutes / workUnitMinutes) * 1000;
}

/** Minutes billed for one entry: the logged minutes rounded up to the started increment or unit. */
export function billedMinutes(rawMinutes: number, unit: BilledUnit, rules: BillingRules): number {
  return unit === 'work_unit'
    ? roundUpToIncrement(rawMinutes, rules.workUnitMinutes)
    : roundUpToIncrement(rawMinutes, rules.billingIncrementMinutes);
}

/** The invoice quantity of one entry in thousandths of the service's unit. */
export function billedQuantity(
  rawMinutes: number,
  unit: BilledUnit,
  rules: BillingRules,
): MilliQuantity {
  if (unit === 'work_unit') {
    assertWholeMinutes(rawMinutes);
    return minutesToMilliWorkUnits(rawMinutes, rules.workUnitMinutes);
  }
  return minutesToMilliHours(billedMinutes(rawMinutes, unit, rules));
}

/** The net value of one entry at the service's rate: exactly its invoice line's net. */
export function billedValueCents(
  rawMinutes: number,
  rate: { unit: BilledUnit; rateCents: Cents },
  rules: BillingRules,
): Cents {
  return lineNet(billedQuantity(rawMinutes, rate.unit, rules), rate.rateCents);
}

function assertWholeMinutes(minutes: number): void {
  if (!Number.isInteger(minutes) || minutes <= 0) {
    throw new RangeError('minutes must be a positive whole number');
  }
}
