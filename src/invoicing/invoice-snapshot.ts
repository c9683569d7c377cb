import type { Cents, MilliQuantity } from '../common/money.js';
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

export const INVOICE_UNITS = ['hour', 'work_unit', 'day', 'piece', 'flat', 'month'] as const;
export type InvoiceUnit = (typeof INVOICE_UNITS)[number];

export interface PartySnapshot {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  countryCode: string;
  vatId: string | null;
  taxNumber: string | null;
}

export interface SellerSnapshot extends PartySnapshot {
  email: string | null;
  phone: string | null;
  website: string | null;
  commercialRegister: string | null;
  managingDirectors: string | null;
  iban: string | null;
  bic: string | null;
  bankName: string | null;
}

export interface BuyerSnapshot extends PartySnapshot {
  number: string;
  attention: string | null;
}

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
