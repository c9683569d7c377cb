/**
 * Percentages (VAT rates, surcharges) travel as decimal strings ("19", "7.5", "19.00") and are
 * kept as integer basis points (1900), so no rate is ever a binary float.
 */
export const PERCENT_PATTERN = /^\d{1,3}(\.\d{1,2})?$/;

export function percentToBasisPoints(percent: string): number {
  if (!PERCENT_PATTERN.test(percent)) throw new Error(`not a percentage: ${percent}`);
  const [whole, fraction = ''] = percent.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function basisPointsToPercent(basisPoints: number): string {
  const sign = basisPoints < 0 ? '-' : '';
  const abs = Math.abs(basisPoints);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
