/**
 * Time is logged in whole minutes and kept as logged. Billing rounds each entry up to the
 * started increment (the service terms: per started quarter hour) when it is billed, never
 * by rewriting the entry.
 */
export function roundUpToIncrement(minutes: number, incrementMinutes: number): number {
  if (!Number.isInteger(minutes) || minutes <= 0) {
    throw new RangeError('minutes must be a positive whole number');
  }
  if (!Number.isInteger(incrementMinutes) || incrementMinutes <= 0) {
    throw new RangeError('the increment must be a positive whole number of minutes');
  }
  return Math.ceil(minutes / incrementMinutes) * incrementMinutes;
}

/**
 * Billed minutes as a quantity in thousandths of an hour, e.g. 75 min → 1250 (1.25 h). Exact
 * only for multiples of 3 minutes, which is why billing increments must be multiples of 3:
 * an invoice line must be quantity × price to the cent.
 */
export function minutesToMilliHours(minutes: number): number {
  if ((minutes * 1000) % 60 !== 0) {
    throw new RangeError(`${minutes} min is not a whole number of thousandths of an hour`);
  }
  return (minutes * 1000) / 60;
}

/** Billed minutes as work units (AE) in thousandths; each started unit counts whole. */
export function minutesToMilliWorkUnits(minutes: number, workUnitMinutes: number): number {
  return Math.ceil(minutes / workUnitMinutes) * 1000;
}
