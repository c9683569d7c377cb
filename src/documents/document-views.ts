import type { Cents, MilliQuantity } from '../common/money.js';
import type { Unit } from '../company/units.js';

/**
 * The view models templates render. A mapper in the owning module builds them from its
 * entities; templates never see an entity. Every value is exact — cents, thousandths,
 * YYYY-MM-DD days, basis points — and formatted only in the template (helpers `money`,
 * `date`, `quantity`, `percent`). A view is stored verbatim as the document's snapshot.
 *
 * This file holds only what the shared partials render (letterhead, address window, line
 * items, totals, signatures). Each kind's own view type lives in the module that issues it and
 * is added to `DocumentViews` there (see `document-kind.ts`).
 */

/**
 * Every document kind and its view type. Empty here: each owning module adds its kinds by
 * declaration merging, next to the view type, e.g. in `invoicing/invoice-view.ts`:
 *
 *     declare module '../documents/document-views.js' {
 *       interface DocumentViews { invoice: InvoiceView }
 *     }
 *
 * so the documents module knows no kind, while `render('invoice', locale, view)` is still
 * checked against `InvoiceView`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the modules
export interface DocumentViews {}

export type DocumentKind = Extract<keyof DocumentViews, string>;

export const DOCUMENT_LOCALES = ['de', 'en'] as const;
export type DocumentLocale = (typeof DOCUMENT_LOCALES)[number];

/** A calendar day, YYYY-MM-DD. */
export type Day = string;
/** An instant, ISO 8601 with offset, e.g. 2026-11-22T14:05:00Z. */
export type Instant = string;

/** The issuing company: letterhead, sender line and the footer (§35a GmbHG details, bank). */
export interface CompanyView {
  legalName: string;
  street: string;
  postalCode: string;
  city: string;
  countryCode: string;
  email: string | null;
  phone: string | null;
  website: string | null;
  vatId: string | null;
  taxNumber: string | null;
  commercialRegister: string | null;
  managingDirectors: string | null;
  bankName: string | null;
  iban: string | null;
  bic: string | null;
}

/** The recipient in the address window. */
export interface CustomerView {
  number: string;
  name: string;
  /** "z. Hd." line: the contact the document is addressed to. */
  attention: string | null;
  street: string;
  postalCode: string;
  city: string;
  /** Printed only for recipients abroad, in the document's language. */
  countryName: string | null;
  vatId: string | null;
}

export interface PersonView {
  name: string;
  /** Position or role, e.g. "Geschäftsführer", "Projektleitung". */
  role: string | null;
}

/** Who signs: one party each side. `signedAt` stays null on unsigned documents. */
export interface SignatoryView extends PersonView {
  place: string | null;
  signedAt: Instant | null;
}

/** What every letter-style document has: sender, recipient, date, references. */
export interface LetterView {
  company: CompanyView;
  customer: CustomerView;
  /** The document date printed in the info block. */
  documentDate: Day;
  projectNumber: string;
  projectTitle: string;
  /** Our contact for this project, printed in the info block. */
  contact: { name: string; email: string | null; phone: string | null };
}

/** A printed line counts in any of the company's units (see company/units.ts). */
export type LineUnit = Unit;

export interface LineItemView {
  /** Position number as printed, e.g. "1.2". */
  position: string;
  title: string;
  description: string | null;
  quantity: MilliQuantity;
  unit: LineUnit;
  unitPriceCents: Cents;
  netCents: Cents;
  /** Optional items are offered but not part of the total unless chosen. */
  optional: boolean;
}

export interface VatLineView {
  rateBasisPoints: number;
  baseCents: Cents;
  amountCents: Cents;
}

/** Totals computed by the domain (EN 16931 rules); the template only prints them. */
export interface TotalsView {
  netCents: Cents;
  vat: VatLineView[];
  grossCents: Cents;
}
