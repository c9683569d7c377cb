import { lineNet, sum, vatAmount, type Cents, type MilliQuantity } from '../common/money.js';

/**
 * EN 16931 VAT categories freigabe issues: S standard rate (19 % or 7 %), AE reverse charge
 * (intra-EU B2B services, §13b UStG), O not subject to VAT (B2B services to a customer outside
 * the EU, §3a Abs. 2 UStG), E exempt (small business, §19 UStG).
 */
export type VatCategory = 'S' | 'AE' | 'O' | 'E';

export interface TotalsLineInput {
  quantity: MilliQuantity;
  unitPriceCents: Cents;
  vatCategory: VatCategory;
  vatRateBp: number;
}

/** A document-level allowance (BG-20): goodwill, a budget cap. Positive: it lowers the total. */
export interface TotalsAllowanceInput {
  amountCents: Cents;
  vatCategory: VatCategory;
  vatRateBp: number;
}

export interface VatBreakdownLine {
  category: VatCategory;
  rateBp: number;
  /** Sum of the line nets of this category and rate, less its allowances (BT-116). */
  baseCents: Cents;
  /** VAT on that sum, rounded once (BT-117). */
  amountCents: Cents;
}

export interface InvoiceTotals {
  lineNets: Cents[];
  vat: VatBreakdownLine[];
  /** Sum of line nets (BT-106). */
  lineTotalCents: Cents;
  /** Sum of the document-level allowances (BT-107). */
  allowanceTotalCents: Cents;
  /** BT-109: line total less allowances (BR-CO-13), the base VAT is computed on. */
  netCents: Cents;
  vatCents: Cents;
  grossCents: Cents;
  /** Down payments already invoiced and deducted (BT-113). */
  prepaidCents: Cents;
  /** BT-115: gross minus prepaid. */
  dueCents: Cents;
}

/**
 * The one rounding policy (EN 16931, BR-CO-10…16): each line net is quantity × price rounded
 * half away from zero to the cent; VAT is computed once per (category, rate) on the sum of
 * its line nets; every total is a plain sum of those. Because rounding is symmetric, negated
 * quantities (a cancellation) give exactly the negated totals.
 */
export function invoiceTotals(
  lines: readonly TotalsLineInput[],
  prepaidCents: Cents = 0,
  allowances: readonly TotalsAllowanceInput[] = [],
): InvoiceTotals {
  const lineNets = lines.map((l) => lineNet(l.quantity, l.unitPriceCents));
  const groups = new Map<string, VatBreakdownLine>();
  const addTo = (category: VatCategory, rateBp: number, cents: Cents) => {
    const rate = category === 'S' ? rateBp : 0;
    const key = `${category}:${rate}`;
    const group = groups.get(key) ?? { category, rateBp: rate, baseCents: 0, amountCents: 0 };
    group.baseCents += cents;
    groups.set(key, group);
  };
  lines.forEach((line, i) => addTo(line.vatCategory, line.vatRateBp, lineNets[i]));
  for (const a of allowances) addTo(a.vatCategory, a.vatRateBp, -a.amountCents);
  const vat = [...groups.values()]
    .map((g) => ({ ...g, amountCents: vatAmount(g.baseCents, g.rateBp) }))
    .sort((a, b) => b.rateBp - a.rateBp || a.category.localeCompare(b.category));
  const lineTotalCents = sum(lineNets);
  const allowanceTotalCents = sum(allowances.map((a) => a.amountCents));
  const netCents = lineTotalCents - allowanceTotalCents;
  const vatCents = sum(vat.map((v) => v.amountCents));
  const grossCents = netCents + vatCents;
  return {
    lineNets,
    vat,
    lineTotalCents,
    allowanceTotalCents,
    netCents,
    vatCents,
    grossCents,
    prepaidCents,
    dueCents: grossCents - prepaidCents,
  };
}
