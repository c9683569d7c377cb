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

export interface VatBreakdownLine {
  category: VatCategory;
  rateBp: number;
  /** Sum of the line nets of this category and rate (BT-116). */
  baseCents: Cents;
  /** VAT on that sum, rounded once (BT-117). */
  amountCents: Cents;
}

export interface InvoiceTotals {
  lineNets: Cents[];
  vat: VatBreakdownLine[];
  /** Sum of line nets (BT-106); no document-level allowances, so also BT-109. */
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
): InvoiceTotals {
  const lineNets = lines.map((l) => lineNet(l.quantity, l.unitPriceCents));
  const groups = new Map<string, VatBreakdownLine>();
  lines.forEach((line, i) => {
    const rateBp = line.vatCategory === 'S' ? line.vatRateBp : 0;
    const key = `${line.vatCategory}:${rateBp}`;
    const group = groups.get(key) ?? {
      category: line.vatCategory,
      rateBp,
      baseCents: 0,
      amountCents: 0,
    };
    group.baseCents += lineNets[i];
    groups.set(key, group);
  });
  const vat = [...groups.values()]
    .map((g) => ({ ...g, amountCents: vatAmount(g.baseCents, g.rateBp) }))
    .sort((a, b) => b.rateBp - a.rateBp || a.category.localeCompare(b.category));
  const netCents = sum(lineNets);
  const vatCents = sum(vat.map((v) => v.amountCents));
  const grossCents = netCents + vatCents;
  return {
    lineNets,
    vat,
    netCents,
    vatCents,
    grossCents,
    prepaidCents,
    dueCents: grossCents - prepaidCents,
  };
}
