import { addDays } from '../common/clock.js';
import { formatDate } from '../documents/locale-format.js';
import type {
  AllowanceContent,
  AllowanceSnapshot,
  BuyerSnapshot,
  DeductionSnapshot,
  InvoiceKind,
  InvoiceSnapshot,
  InvoiceTypeCode,
  LineContent,
  SellerSnapshot,
} from './invoice-snapshot.js';
import { invoiceTotals } from './invoice-totals.js';
import { vatCategoryOf, vatNoteOf, type VatCase } from './vat-cases.js';

export interface ComposeInput {
  number: string;
  kind: InvoiceKind;
  issueDate: string;
  locale: 'de' | 'en';
  subject: string;
  seller: SellerSnapshot;
  buyer: BuyerSnapshot;
  buyerReference: string | null;
  projectNumber: string | null;
  serviceFrom: string | null;
  serviceTo: string | null;
  vatCase: VatCase;
  lines: LineContent[];
  allowances?: AllowanceContent[];
  deductions?: DeductionSnapshot[];
  preceding?: { number: string; issueDate: string } | null;
  paymentTermsDays: number;
}

const TYPE_CODES: Record<InvoiceKind, InvoiceTypeCode> = {
  standard: '380',
  support: '380',
  final: '380',
  down_payment: '386',
  // A Stornorechnung with negated amounts: a corrected invoice referencing the original.
  cancellation: '384',
};

/** Builds the frozen invoice: categories from the VAT case, totals, legal notes, due date. */
export function composeInvoice(input: ComposeInput): InvoiceSnapshot {
  const category = vatCategoryOf(input.vatCase);
  const lines = input.lines.map((line, i) => ({
    ...line,
    position: i + 1,
    vatCategory: category,
    vatRateBp: category === 'S' ? line.vatRateBp : 0,
    netCents: 0,
  }));
  const allowances: AllowanceSnapshot[] = (input.allowances ?? []).map((a) => ({
    ...a,
    vatCategory: category,
    vatRateBp: category === 'S' ? a.vatRateBp : 0,
  }));
  const deductions = input.deductions ?? [];
  const totals = invoiceTotals(
    lines,
    deductions.reduce((s, d) => s + d.grossCents, 0),
    allowances,
  );
  lines.forEach((line, i) => (line.netCents = totals.lineNets[i]));
  return {
    number: input.number,
    kind: input.kind,
    typeCode: TYPE_CODES[input.kind],
    issueDate: input.issueDate,
    currency: 'EUR',
    locale: input.locale,
    subject: input.subject,
    seller: input.seller,
    buyer: input.buyer,
    buyerReference: input.buyerReference,
    projectNumber: input.projectNumber,
    serviceFrom: input.serviceFrom,
    serviceTo: input.serviceTo,
    vatCase: input.vatCase,
    lines,
    allowances,
    vat: totals.vat,
    totals: {
      netCents: totals.netCents,
      vatCents: totals.vatCents,
      grossCents: totals.grossCents,
      prepaidCents: totals.prepaidCents,
      dueCents: totals.dueCents,
    },
    deductions,
    preceding: input.preceding ?? null,
    paymentTermsDays: input.paymentTermsDays,
    dueDate: addDays(input.issueDate, input.paymentTermsDays),
    notes: invoiceNotes(input),
  };
}

/** The cancellation's reference to the invoice it cancels, then the VAT case's note. */
function invoiceNotes(input: ComposeInput): string[] {
  const notes: string[] = [];
  if (input.kind === 'cancellation' && input.preceding) {
    notes.push(
      input.locale === 'de'
        ? `Stornorechnung zur Rechnung ${input.preceding.number} vom ${formatDate(input.preceding.issueDate, 'de')}.`
        : `Cancellation of invoice ${input.preceding.number} of ${formatDate(input.preceding.issueDate, 'en')}.`,
    );
  }
  const vatNote = vatNoteOf(input.vatCase, input.locale);
  if (vatNote) notes.push(vatNote);
  return notes;
}

/**
 * The Stornorechnung for an issued invoice: the same lines with negated quantities (prices
 * stay positive, BR-27), so every amount is exactly the original's negated; it references
 * the original's number and date (BT-25, BT-26).
 */
export function composeCancellation(
  original: InvoiceSnapshot,
  number: string,
  issueDate: string,
): InvoiceSnapshot {
  return composeInvoice({
    number,
    kind: 'cancellation',
    issueDate,
    locale: original.locale,
    subject: original.subject,
    seller: original.seller,
    buyer: original.buyer,
    buyerReference: original.buyerReference,
    projectNumber: original.projectNumber,
    serviceFrom: original.serviceFrom,
    serviceTo: original.serviceTo,
    vatCase: original.vatCase,
    lines: original.lines.map((l) => ({ ...l, quantity: -l.quantity })),
    allowances: (original.allowances ?? []).map((a) => ({ ...a, amountCents: -a.amountCents })),
    deductions: original.deductions.map((d) => ({
      ...d,
      netCents: -d.netCents,
      vatCents: -d.vatCents,
      grossCents: -d.grossCents,
      vat: d.vat.map((v) => ({ ...v, baseCents: -v.baseCents, amountCents: -v.amountCents })),
    })),
    preceding: { number: original.number, issueDate: original.issueDate },
    paymentTermsDays: 0,
  });
}
