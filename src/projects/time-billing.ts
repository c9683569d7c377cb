import { roundUpToIncrement } from '../common/billable-time.js';
import { roundDiv, sum, type Cents } from '../common/money.js';

export interface RateForBilling {
  unit: 'hour' | 'work_unit';
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
  if (rate.unit === 'work_unit') return Math.ceil(minutes / workUnitMinutes) * rate.rateCents;
  return roundDiv(roundUpToIncrement(minutes, incrementMinutes) * rate.rateCents, 60);
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
