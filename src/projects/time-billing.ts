import { billedValueCents } from '../common/billable-time.js';
import { sum, type Cents } from '../common/money.js';
import type { ServiceUnit } from '../company/units.js';

export interface RateForBilling {
  unit: ServiceUnit;
  rateCents: Cents;
}

/**
 * The billable value of one time entry under the price list: hours are billed per started
 * increment (quarter hour by default), work units (AE) per started unit. The logged minutes
 * stay as they are; this is computed whenever billing needs it.
 */
export function entryValueCents(
  minutes: number,
  rate: RateForBilling,
  incrementMinutes: number,
  workUnitMinutes: number,
): Cents {
  return billedValueCents(minutes, rate, {
    billingIncrementMinutes: incrementMinutes,
    workUnitMinutes,
  });
}

export function billableValueCents(
  entries: ReadonlyArray<{ minutes: number; billable: boolean; serviceRateId: string }>,
  rates: ReadonlyMap<string, RateForBilling>,
  incrementMinutes: number,
  workUnitMinutes: number,
): Cents {
  return sum(
    entries
      .filter((e) => e.billable)
      .map((e) =>
        entryValueCents(e.minutes, rates.get(e.serviceRateId)!, incrementMinutes, workUnitMinutes),
      ),
  );
}
