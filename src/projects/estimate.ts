import { lineNet, sum, vatAmount, type Cents, type MilliQuantity } from '../common/money.js';
import { UNITS, type Unit } from '../company/units.js';

/**
 * The company's units but months: a monthly fee is a running charge billed on invoices, not
 * something a project estimate (a fixed piece of work) is priced in.
 */
export type ItemUnit = Exclude<Unit, 'month'>;
export const ITEM_UNITS: readonly ItemUnit[] = UNITS.filter(
  (unit): unit is ItemUnit => unit !== 'month',
);

export interface EstimateLine {
  id: string;
  title: string;
  description: string | null;
  quantity: MilliQuantity;
  unit: ItemUnit;
  unitPriceCents: Cents;
  /** The customer may choose it when approving; not part of the price unless chosen. */
  optional: boolean;
}

export interface EstimateTotals {
  lines: Array<{ id: string; netCents: Cents; optional: boolean; included: boolean }>;
  /** Sum of the lines that are always part of the offer. */
  requiredNetCents: Cents;
  /** Sum of all optional lines, chosen or not (what the customer could add). */
  optionalNetCents: Cents;
  /** Required lines plus the chosen optional ones: the price. */
  netCents: Cents;
  vatRateBp: number;
  vatCents: Cents;
  grossCents: Cents;
}

/**
 * EN 16931 arithmetic: each line's net is rounded to the cent, VAT is computed once on the sum
 * of the line nets (one rate per project), gross = net + VAT.
 */
export function estimateTotals(
  lines: readonly EstimateLine[],
  vatRateBp: number,
  chosenOptionalIds: readonly string[] = [],
): EstimateTotals {
  const computed = lines.map((line) => ({
    id: line.id,
    netCents: lineNet(line.quantity, line.unitPriceCents),
    optional: line.optional,
    included: !line.optional || chosenOptionalIds.includes(line.id),
  }));
  const netCents = sum(computed.filter((l) => l.included).map((l) => l.netCents));
  const vatCents = vatAmount(netCents, vatRateBp);
  return {
    lines: computed,
    requiredNetCents: sum(computed.filter((l) => !l.optional).map((l) => l.netCents)),
    optionalNetCents: sum(computed.filter((l) => l.optional).map((l) => l.netCents)),
    netCents,
    vatRateBp,
    vatCents,
    grossCents: netCents + vatCents,
  };
}

/** Chosen ids that are not optional lines of the offer, if any. */
export function invalidOptionChoices(
  lines: readonly EstimateLine[],
  chosen: readonly string[],
): string[] {
  const optional = new Set(lines.filter((l) => l.optional).map((l) => l.id));
  return chosen.filter((id) => !optional.has(id));
}
