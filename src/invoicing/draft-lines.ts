import type { FieldError } from '../common/domain-error.js';
import { lineNet, parseQuantity, percentOf, sum } from '../common/money.js';
import { percentToBasisPoints } from '../common/percent.js';
import type { ProjectBillingBasis } from '../projects/project-billing.service.js';
import type { InvoiceLineDto } from './invoice.dto.js';
import type { InvoiceLine } from './invoice.entity.js';
import {
  lineContent,
  type AllowanceContent,
  type InvoiceSnapshot,
  type LineContent,
} from './invoice-snapshot.js';
import { invoiceTotals } from './invoice-totals.js';

/** A draft's line: what it says, and where it came from (so issuing can claim the source). */
export type DraftLine = Pick<InvoiceLine, keyof LineContent | 'sourceType' | 'sourceId'>;

/**
 * Sources whose row is a document-level allowance (BG-20), not an invoice line: a draft (and
 * an issued invoice's table) keeps it as a row of minus one flat unit at its amount, so the
 * row's net is the negative allowance; composing makes it an allowance.
 */
const ALLOWANCE_SOURCES: ReadonlySet<InvoiceLine['sourceType']> = new Set([
  'support_goodwill',
  'budget_cap',
  'allowance',
]);

export function isAllowance(line: Pick<DraftLine, 'sourceType'>): boolean {
  return ALLOWANCE_SOURCES.has(line.sourceType);
}

/** An allowance row's reason (title and detail) and positive amount. */
export function allowanceOf(
  line: Pick<DraftLine, 'title' | 'description' | 'quantity' | 'unitPriceCents' | 'vatRateBp'>,
): AllowanceContent {
  return {
    reason: line.description ? `${line.title}: ${line.description}` : line.title,
    amountCents: -lineNet(line.quantity, line.unitPriceCents),
    vatRateBp: line.vatRateBp,
  };
}

/** A draft's rows as what composing takes: the lines, and the allowances apart. */
export function splitAllowances(lines: readonly DraftLine[]): {
  lines: LineContent[];
  allowances: AllowanceContent[];
} {
  return {
    lines: lines.filter((l) => !isAllowance(l)).map(lineContent),
    allowances: lines.filter(isAllowance).map(allowanceOf),
  };
}

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

/** A row of `invoice_lines` as an issued invoice stores it. */
export type IssuedRow = Omit<InvoiceLine, 'id' | 'invoiceId'>;

/**
 * The rows of an issued invoice, written once from its snapshot with their amounts: its lines,
 * then its allowances as rows of minus one flat unit. `drafted` gives the sources (lines and
 * allowances each in snapshot order); without it (a cancellation) they are manual/allowance.
 */
export function issuedRows(
  snapshot: Pick<InvoiceSnapshot, 'lines' | 'allowances'>,
  drafted: readonly DraftLine[] | null,
): IssuedRow[] {
  const lineSources = drafted?.filter((l) => !isAllowance(l));
  const allowanceSources = drafted?.filter(isAllowance);
  const allowances = snapshot.allowances ?? [];
  return [
    ...snapshot.lines.map((line, i) => ({
      ...lineContent(line),
      position: line.position,
      netCents: line.netCents,
      sourceType: lineSources?.[i].sourceType ?? ('manual' as const),
      sourceId: lineSources?.[i].sourceId ?? null,
    })),
    ...allowances.map((a, i) => ({
      position: snapshot.lines.length + i + 1,
      title: a.reason.slice(0, 200),
      description: null,
      quantity: -1000,
      unit: 'flat' as const,
      unitPriceCents: a.amountCents,
      vatRateBp: a.vatRateBp,
      netCents: -a.amountCents,
      sourceType: allowanceSources?.[i].sourceType ?? ('allowance' as const),
      sourceId: allowanceSources?.[i].sourceId ?? null,
    })),
  ];
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
