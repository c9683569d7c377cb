import type { Cents, MilliQuantity } from '../common/money.js';
import type { CompanyParty } from '../company/company.service.js';
import type { Unit } from '../company/units.js';
import type { CustomerParty } from '../customers/customers.service.js';
import type { VatBreakdownLine, VatCategory } from './invoice-totals.js';
import type { VatCase } from './vat-cases.js';

/**
 * What an issued invoice froze: every value the PDF and the CII XML are written from. It is
 * stored with the invoice and never changes; both outputs are pure functions of it, so the
 * PDF and the embedded XML cannot disagree.
 */
export const INVOICE_KINDS = [
  'standard',
  'down_payment',
  'final',
  'support',
  'cancellation',
] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/** UNTDID 1001: 380 commercial invoice, 386 prepayment invoice, 384 corrected invoice. */
export type InvoiceTypeCode = '380' | '386' | '384';

/** Invoice lines bill in the company's units (`UNITS` in company/units.ts). */
export type InvoiceUnit = Unit;

/** The seller and buyer as their modules describe them, frozen as they were when issued. */
export type SellerSnapshot = CompanyParty;
export type BuyerSnapshot = CustomerParty;
/** What both parties have: the address and tax identifiers the e-invoice writes for each. */
export type PartySnapshot = Pick<
  SellerSnapshot | BuyerSnapshot,
  'name' | 'street' | 'postalCode' | 'city' | 'countryCode' | 'vatId' | 'taxNumber'
>;

/**
 * An invoice line as issued: the one line shape of invoicing. A draft line is its content plus
 * where it came from (`DraftLine`); composing takes the content and adds position, category and
 * net amount.
 */
export interface InvoiceLineSnapshot {
  position: number;
  title: string;
  description: string | null;
  quantity: MilliQuantity;
  unit: InvoiceUnit;
  unitPriceCents: Cents;
  netCents: Cents;
  vatCategory: VatCategory;
  vatRateBp: number;
}

/** What a line says before it is composed into an invoice. */
export type LineContent = Pick<
  InvoiceLineSnapshot,
  'title' | 'description' | 'quantity' | 'unit' | 'unitPriceCents' | 'vatRateBp'
>;

/** Only the content of a line (drops position, source and amounts). */
export function lineContent(line: LineContent): LineContent {
  return {
    title: line.title,
    description: line.description,
    quantity: line.quantity,
    unit: line.unit,
    unitPriceCents: line.unitPriceCents,
    vatRateBp: line.vatRateBp,
  };
}

/**
 * A document-level allowance (EN 16931 BG-20): goodwill (Kulanz) on support time, the cap of
 * time and materials at the approved budget. Positive amounts lower the invoice; a
 * cancellation negates them. Taxed like the lines of its category and rate.
 */
export interface AllowanceSnapshot {
  /** BT-97, e.g. "Ticket T-00012 · Kulanz: Berechnet werden 50 % des Aufwands". */
  reason: string;
  /** BT-92 */
  amountCents: Cents;
  vatCategory: VatCategory;
  vatRateBp: number;
}

/** What an allowance says before it is composed into an invoice. */
export type AllowanceContent = Pick<AllowanceSnapshot, 'reason' | 'amountCents' | 'vatRateBp'>;

/** A down-payment invoice deducted in a final invoice. */
export interface DeductionSnapshot {
  number: string;
  issueDate: string;
  netCents: Cents;
  vatCents: Cents;
  grossCents: Cents;
  vat: VatBreakdownLine[];
}

export interface InvoiceSnapshot {
  number: string;
  kind: InvoiceKind;
  typeCode: InvoiceTypeCode;
  issueDate: string;
  currency: 'EUR';
  locale: 'de' | 'en';
  subject: string;
  seller: SellerSnapshot;
  buyer: BuyerSnapshot;
  /** BT-10: the customer's reference or, for public-sector customers, the Leitweg-ID. */
  buyerReference: string | null;
  projectNumber: string | null;
  serviceFrom: string | null;
  serviceTo: string | null;
  vatCase: VatCase;
  lines: InvoiceLineSnapshot[];
  /** Absent on invoices issued before allowances were document-level (they had lines). */
  allowances?: AllowanceSnapshot[];
  vat: VatBreakdownLine[];
  totals: {
    netCents: Cents;
    vatCents: Cents;
    grossCents: Cents;
    prepaidCents: Cents;
    dueCents: Cents;
  };
  deductions: DeductionSnapshot[];
  /** The invoice a cancellation cancels (BT-25, BT-26). */
  preceding: { number: string; issueDate: string } | null;
  paymentTermsDays: number;
  dueDate: string;
  /** Legal notes: reverse charge, §19, cancellation text. */
  notes: string[];
}
