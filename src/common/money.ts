/**
 * Money is integer cents end to end; quantities are integer thousandths ("milli-units"), so
 * 1.25 h is 1250. Every rounding goes through roundDiv: half away from zero (kaufmännisches
 * Runden), which is also what EN 16931 expects for line and VAT amounts. Amounts are
 * formatted only at the edges (API strings, templates, e-invoice XML).
 */
export type Cents = number;
export type MilliQuantity = number;

export const QUANTITY_PATTERN = /^-?\d{1,9}(\.\d{1,3})?$/;

/** n / d rounded half away from zero, exactly (BigInt, no floats). */
export function roundDiv(n: number | bigint, d: number | bigint): number {
  const num = BigInt(n);
  const den = BigInt(d);
  if (den === 0n) throw new RangeError('division by zero');
  const negative = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  const q = (2n * a + b) / (2n * b);
  const result = Number(negative ? -q : q);
  if (!Number.isSafeInteger(result)) throw new RangeError('amount out of range');
  return result === 0 ? 0 : result;
}

/** Line net = quantity × unit price, rounded to the cent (EN 16931 BT-131). */
export function lineNet(quantity: MilliQuantity, unitPrice: Cents): Cents {
  return roundDiv(BigInt(quantity) * BigInt(unitPrice), 1000n);
}

/** VAT on a net amount at a rate in basis points (1900 = 19 %), rounded to the cent. */
export function vatAmount(net: Cents, rateBasisPoints: number): Cents {
  return roundDiv(BigInt(net) * BigInt(rateBasisPoints), 10_000n);
}

/** A share of an amount, e.g. a 30 % down payment: percent in basis points. */
export function percentOf(amount: Cents, basisPoints: number): Cents {
  return roundDiv(BigInt(amount) * BigInt(basisPoints), 10_000n);
}

export function parseQuantity(text: string): MilliQuantity {
  if (!QUANTITY_PATTERN.test(text)) throw new RangeError(`not a quantity: ${text}`);
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const milli = Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
  return negative ? -milli : milli;
}

/** 1250 → "1.25", 1000 → "1", -500 → "-0.5". */
export function formatQuantity(milli: MilliQuantity): string {
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  const fraction = String(abs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${sign}${Math.trunc(abs / 1000)}${fraction ? `.${fraction}` : ''}`;
}

/** 123456 → "1234.56": the plain decimal form used in the API and in e-invoice XML. */
export function centsToDecimal(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function sum(values: Iterable<Cents>): Cents {
  let total = 0;
  for (const value of values) total += value;
  if (!Number.isSafeInteger(total)) throw new RangeError('amount out of range');
  return total;
}
