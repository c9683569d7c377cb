import type { Cents } from '../common/money.js';
import type {
  CompanyView,
  CustomerView,
  Day,
  LineItemView,
  TotalsView,
} from '../documents/document-views.js';

/** The invoice, cancellations included, built by `invoice-document.ts` from its snapshot. */
declare module '../documents/document-views.js' {
  interface DocumentViews {
    invoice: InvoiceView;
  }
}

/** An estimate's line as printed, without the optional flag (an invoice has none), with its rate. */
export interface InvoiceLineView extends Omit<LineItemView, 'optional'> {
  vatRateBasisPoints: number;
}

/** A document-level allowance (goodwill, budget cap) printed under the lines, negative. */
export interface InvoiceAllowanceView {
  reason: string;
  amountCents: Cents;
  vatRateBasisPoints: number;
}

/** A down-payment invoice deducted in a final invoice (§14 Abs. 5 UStG). */
export interface InvoiceDeductionView {
  number: string;
  issueDate: Day;
  netCents: Cents;
  vatCents: Cents;
  grossCents: Cents;
}

/**
 * An invoice, cancellation included, as issued: every §14 UStG field. Built by the invoicing
 * module from the invoice's frozen snapshot, the same one its e-invoice XML is written from.
 */
export interface InvoiceView {
  kind: 'standard' | 'down_payment' | 'final' | 'support' | 'cancellation';
  number: string;
  issueDate: Day;
  subject: string;
  company: CompanyView;
  customer: CustomerView;
  buyerReference: string | null;
  projectNumber: string | null;
  /** Our contact for questions about the invoice. */
  contact: { name: string; email: string | null; phone: string | null };
  serviceFrom: Day | null;
  serviceTo: Day | null;
  vatCase: 'standard' | 'reverse_charge' | 'third_country' | 'small_business';
  /**
   * Whether VAT appears at all: a rate per line, VAT lines, "brutto". False for §19 and for
   * supplies not taxable in Germany, which print only their note (decided in vat-cases.ts).
   */
  showVat: boolean;
  lines: InvoiceLineView[];
  /** Under the lines, each lowering the net total (EN 16931 BG-20). */
  allowances: InvoiceAllowanceView[];
  totals: TotalsView;
  deductions: InvoiceDeductionView[];
  prepaidCents: Cents;
  dueCents: Cents;
  dueDate: Day;
  paymentTermsDays: number;
  preceding: { number: string; issueDate: Day } | null;
  notes: string[];
  /** The EPC payment QR code (GiroCode) as a PNG data URL; null when nothing is due. */
  giroCode: string | null;
}
