import type { VatCategory } from './invoice-totals.js';
import type { InvoiceSnapshot } from './invoice-snapshot.js';

/**
 * Which VAT rules an invoice follows, decided from the company profile and the customer.
 * Customers are businesses (the company serves companies; there is no private-customer
 * case), so the place of a service is where the customer is established (§3a Abs. 2 UStG):
 * - small_business: the company is a Kleinunternehmer (§19 UStG): no VAT, the §19 note;
 * - reverse_charge: a customer in another EU member state (B2B): 0 %, the buyer owes the VAT
 *   (§13b UStG), both VAT IDs printed, the note "Steuerschuldnerschaft des Leistungsempfängers";
 * - third_country: a customer outside the EU (e.g. Switzerland): the service is not taxable
 *   in Germany, no VAT, the note "Nicht im Inland steuerbare Leistung"; EN 16931 category O,
 *   whose e-invoice carries no VAT identifiers (BR-O-02), so the seller is identified by its
 *   tax number;
 * - standard: German VAT at the line's rate (19 % or 7 %).
 */
export type VatCase = 'standard' | 'reverse_charge' | 'third_country' | 'small_business';

export const EU_COUNTRIES = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
]);

export const REVERSE_CHARGE_NOTE = {
  de: 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge, §13b UStG / Art. 196 MwStSystRL).',
  en: 'Reverse charge: VAT to be accounted for by the recipient (Steuerschuldnerschaft des Leistungsempfängers, Art. 196 Directive 2006/112/EC).',
} as const;

export const THIRD_COUNTRY_NOTE = {
  de: 'Nicht im Inland steuerbare Leistung (Leistungsort beim Leistungsempfänger, § 3a Abs. 2 UStG).',
  en: 'Not subject to German VAT: the place of supply is the recipient’s country (§ 3a (2) UStG).',
} as const;

export const SMALL_BUSINESS_NOTE = {
  de: 'Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.',
  en: 'No VAT is charged under § 19 UStG (small business exemption).',
} as const;

export interface VatCaseFacts {
  companySmallBusiness: boolean;
  companyCountry: string;
  customerCountry: string;
}

export function vatCaseOf(facts: VatCaseFacts): VatCase {
  if (facts.companySmallBusiness) return 'small_business';
  if (facts.customerCountry === facts.companyCountry) return 'standard';
  if (EU_COUNTRIES.has(facts.customerCountry)) return 'reverse_charge';
  return 'third_country';
}

const CATEGORIES: Record<VatCase, VatCategory> = {
  standard: 'S',
  reverse_charge: 'AE',
  third_country: 'O',
  small_business: 'E',
};

export function vatCategoryOf(vatCase: VatCase): VatCategory {
  return CATEGORIES[vatCase];
}

/** The legal note a VAT case prints on the invoice (and carries as BT-120), if any. */
export function vatNoteOf(vatCase: VatCase, locale: 'de' | 'en'): string | null {
  if (vatCase === 'reverse_charge') return REVERSE_CHARGE_NOTE[locale];
  if (vatCase === 'third_country') return THIRD_COUNTRY_NOTE[locale];
  if (vatCase === 'small_business') return SMALL_BUSINESS_NOTE[locale];
  return null;
}

/** BT-120 / BT-121: the exemption reason text and code for a category. */
export function exemptionOf(
  category: VatCategory,
  locale: 'de' | 'en',
): { reason: string; code: string | null } | null {
  if (category === 'AE') return { reason: REVERSE_CHARGE_NOTE[locale], code: 'VATEX-EU-AE' };
  if (category === 'O') return { reason: THIRD_COUNTRY_NOTE[locale], code: 'VATEX-EU-O' };
  // No VATEX code exists for the German small-business rule; the text suffices (BR-E-10).
  if (category === 'E') return { reason: SMALL_BUSINESS_NOTE[locale], code: null };
  return null;
}

export const ALLOWED_STANDARD_RATES_BP = [1900, 700] as const;

/**
 * §14 Abs. 4 UStG (and what EN 16931 needs to accept the invoice), checked before a number is
 * given: the names of what is missing, empty when the invoice may be issued.
 */
export function missingInvoiceFields(invoice: InvoiceSnapshot): string[] {
  const missing: string[] = [];
  const { seller, buyer } = invoice;
  for (const field of ['name', 'street', 'postalCode', 'city', 'countryCode'] as const) {
    if (!seller[field]?.trim()) missing.push(`company.${field === 'name' ? 'legalName' : field}`);
  }
  if (!seller.vatId && !seller.taxNumber) missing.push('company.vatId or company.taxNumber');
  if (!seller.iban) missing.push('company.iban');
  for (const field of ['name', 'street', 'postalCode', 'city', 'countryCode'] as const) {
    if (!buyer[field]?.trim()) missing.push(`customer.${field}`);
  }
  if (invoice.vatCase === 'reverse_charge') {
    if (!buyer.vatId) missing.push('customer.vatId');
    if (!seller.vatId) missing.push('company.vatId');
  }
  // Category O forbids VAT identifiers in the e-invoice (BR-O-02): the tax number is then the
  // seller's tax identification there (BT-32, §14 Abs. 4 Nr. 2 UStG).
  if (invoice.vatCase === 'third_country' && !seller.taxNumber) missing.push('company.taxNumber');
  if (!invoice.issueDate) missing.push('issueDate');
  if (!invoice.number) missing.push('number');
  if (invoice.lines.length === 0) missing.push('lines');
  invoice.lines.forEach((line) => {
    if (!line.title.trim()) missing.push(`lines.${line.position}.title`);
    if (line.quantity === 0) missing.push(`lines.${line.position}.quantity`);
    if (
      line.vatCategory === 'S' &&
      !(ALLOWED_STANDARD_RATES_BP as readonly number[]).includes(line.vatRateBp)
    ) {
      missing.push(`lines.${line.position}.vatRate`);
    }
  });
  // A down payment is invoiced before the service; §14 Abs. 4 Nr. 6 then needs no date.
  if (invoice.kind !== 'down_payment' && (!invoice.serviceFrom || !invoice.serviceTo)) {
    missing.push('serviceDate');
  }
  if (invoice.kind === 'cancellation' && !invoice.preceding) missing.push('precedingInvoice');
  return missing;
}
