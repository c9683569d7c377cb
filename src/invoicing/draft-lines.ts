import type { FieldError } from '../common/domain-error.js';
import { lineNet, parseQuantity, percentOf, sum } from '../common/money.js';
import { percentToBasisPoints } from '../common/percent.js';
import type { ProjectBillingBasis } from '../projects/project-billing.service.js';
import type { InvoiceLineDto } from './invoice.dto.js';
import type { InvoiceLine } from './invoice.entity.js';
import type { LineContent } from './invoice-snapshot.js';
import { invoiceTotals } from './invoice-totals.js';

/** A draft's line: what it says, and where it came from (so issuing can claim the source). */
export type DraftLine = Pick<InvoiceLine, keyof LineContent | 'sourceType' | 'sourceId'>;

export function fromDto(line: InvoiceLineDto, defaultRateBp: number): DraftLine {
  return {
    title: line.title,
    description: line.description ?? null,
    quantity: parseQuantity(line.quantity),
    unit: line.unit,
    unitPriceCents: line.unitPriceCents,
    vatRateBp: line.vatRate ? percentToBasisPoints(line.vatRate) : defaultRateBp,
    sourceType: 'manual',
    sourceId: null,
  };
}

/** The one line of an Abschlagsrechnung: `bp` of the agreed net fee. */
export function downPaymentLine(
  basis: Pick<ProjectBillingBasis, 'id' | 'number' | 'vatRateBp'>,
  agreedNetCents: number,
  percent: string,
  bp: number,
): DraftLine {
  return {
    title: `Abschlag ${percent} % auf das vereinbarte Honorar (Projekt ${basis.number})`,
    description: null,
    quantity: 1000,
    unit: 'flat',
    unitPriceCents: percentOf(agreedNetCents, bp),
    vatRateBp: basis.vatRateBp,
    sourceType: 'down_payment',
    sourceId: basis.id,
  };
}

/**
 * The lines and service period of a Schlussrechnung: the approved lines and change requests
 * (fixed price) or the unbilled time, capped at the budget (T&M).
 */
export function finalDraft(basis: ProjectBillingBasis): {
  lines: DraftLine[];
  period: { from: string; to: string } | null;
} {
  const rate = basis.vatRateBp;
  if (basis.billingMode === 'fixed_price') {
    return {
      lines: basis.fixedLines.map((l) => withSource(l, rate)),
      period: basis.acceptedOn ? { from: basis.acceptedOn, to: basis.acceptedOn } : null,
    };
  }
  const lines = basis.timeLines.map((l) => withSource(l, rate));
  const value = sum(
    invoiceTotals(lines.map((l) => ({ ...l, vatCategory: 'S' as const }))).lineNets,
  );
  if (basis.agreedNetCents !== null && value > basis.agreedNetCents) {
    // Beyond the approved budget nothing is billed without a change request.
    lines.push({
      title: 'Abzug: Begrenzung auf das freigegebene Budget',
      description: null,
      quantity: -1000,
      unit: 'flat',
      unitPriceCents: value - basis.agreedNetCents,
      vatRateBp: rate,
      sourceType: 'budget_cap',
      sourceId: basis.id,
    });
  }
  const period = basis.workPeriod
    ? { from: basis.workPeriod.from, to: basis.acceptedOn ?? basis.workPeriod.to }
    : null;
  return { lines, period };
}

function withSource(line: ProjectBillingBasis['fixedLines'][number], vatRateBp: number): DraftLine {
  return {
    title: line.title,
    description: line.description,
    quantity: line.quantity,
    unit: line.unit,
    unitPriceCents: line.unitPriceCents,
    vatRateBp,
    sourceType: line.source,
    sourceId: line.sourceId,
  };
}

const pricingKey = (l: DraftLine) =>
  `${l.sourceType}|${l.sourceId}|${l.quantity}|${l.unitPriceCents}|${l.vatRateBp}`;

/** The same lines at the same quantities and prices, in any order. */
export function samePricing(drafted: readonly DraftLine[], now: readonly DraftLine[]): boolean {
  const a = drafted.map(pricingKey).sort();
  const b = now.map(pricingKey).sort();
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

/**
 * Lines entered by hand follow the estimate's rules: quantity above zero, price not below
 * zero (the DTOs refuse others; this catches drafts stored before that rule). Lines the
 * system derives (a budget cap, goodwill) carry their own sign.
 */
export function manualLineErrors(lines: readonly DraftLine[]): FieldError[] {
  return lines.flatMap((l, i) => {
    if (l.sourceType !== 'manual') return [];
    return [
      ...(l.quantity > 0
        ? []
        : [{ field: `lines.${i}.quantity`, messages: ['quantity must be positive'] }]),
      ...(l.unitPriceCents >= 0
        ? []
        : [
            {
              field: `lines.${i}.unitPriceCents`,
              messages: ['unitPriceCents must not be negative'],
            },
          ]),
    ];
  });
}

export function netOf(lines: readonly DraftLine[]): number {
  return lines.reduce((total, l) => total + lineNet(l.quantity, l.unitPriceCents), 0);
}
