import type { VatCategory } from './invoice-totals.js';
import type { InvoiceSnapshot } from './invoice-snapshot.js';

/**
 * Which VAT rules an invoice follows, decided from the company profile and the customer by
 * `VAT_CASE_TABLE` below. Customers are businesses (the company serves companies; there is no
 * private-customer case), so the place of a service is where the customer is established
 * (§3a Abs. 2 UStG):
 * - standard: German VAT at the line's rate (19 % or 7 %);
 * - reverse_charge: a business customer in another EU member state: not German turnover, the
 *   customer owes its country's VAT (Art. 196 MwStSystRL); the invoice carries both VAT IDs
 *   and the note "Steuerschuldnerschaft des Leistungsempfängers" (§14a Abs. 1 UStG);
 * - third_country: a customer outside the EU (e.g. Switzerland): the service is not taxable
 *   in Germany, no VAT, the note "Nicht im Inland steuerbare Leistung"; EN 16931 category O,
 *   whose e-invoice carries no VAT identifiers (BR-O-02), so the seller is identified by its
 *   tax number;
 * - small_business: the company is a Kleinunternehmer (§19 UStG) selling in Germany: no VAT,
 *   the §19 note.
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
  // §13b UStG is the rule for German recipients; this supply is taxed in the customer's
  // member state, where Art. 196 of the VAT directive makes the customer owe the VAT.
  de: 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge; Leistungsort beim Leistungsempfänger, § 3a Abs. 2 UStG; § 14a Abs. 1 UStG, Art. 196 MwStSystRL).',
  en: 'Reverse charge: VAT to be accounted for by the recipient (Steuerschuldnerschaft des Leistungsempfängers; place of supply in the recipient’s country, § 3a (2) UStG; § 14a (1) UStG, Art. 196 Directive 2006/112/EC).',
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
  customerVatId: string | null;
}

/** Where the customer is established, as far as VAT asks (the company is German). */
export type CustomerVatPlace =
  'domestic' | 'eu_with_vat_id' | 'eu_without_vat_id' | 'third_country';

export interface VatCaseRule {
  companySmallBusiness: boolean;
  customer: CustomerVatPlace;
  vatCase: VatCase;
  /** The legal reason, for the reader of this table. */
  reason: string;
}

/**
 * Every combination of company and customer, and why it is taxed as it is. §19 UStG exempts
 * only a small business's German turnover (§19 Abs. 1 Satz 1: "Umsätze im Sinne des § 1 Abs. 1
 * Nr. 1"), so it changes nothing for services whose place of supply is abroad.
 */
export const VAT_CASE_TABLE: readonly VatCaseRule[] = [
  {
    companySmallBusiness: false,
    customer: 'domestic',
    vatCase: 'standard',
    reason: 'Place of supply in Germany (§3a Abs. 2 UStG): taxable at 19 % or 7 % (§12 UStG).',
  },
  {
    companySmallBusiness: false,
    customer: 'eu_with_vat_id',
    vatCase: 'reverse_charge',
    reason:
      'Place of supply in the customer’s member state (§3a Abs. 2 UStG): the customer owes the VAT (Art. 196 MwStSystRL); note and both VAT IDs on the invoice (§14a Abs. 1 UStG).',
  },
  {
    companySmallBusiness: false,
    customer: 'eu_without_vat_id',
    vatCase: 'reverse_charge',
    reason:
      'Still a business customer abroad (§3a Abs. 2 UStG); §14a Abs. 1 needs its VAT ID, so issuing is refused until it is entered (missingInvoiceFields).',
  },
  {
    companySmallBusiness: false,
    customer: 'third_country',
    vatCase: 'third_country',
    reason:
      'Place of supply outside the EU (§3a Abs. 2 UStG): not taxable in Germany, EN 16931 category O.',
  },
  {
    companySmallBusiness: true,
    customer: 'domestic',
    vatCase: 'small_business',
    reason: 'German turnover of a small business: no VAT charged (§19 Abs. 1 UStG), the §19 note.',
  },
  {
    companySmallBusiness: true,
    customer: 'eu_with_vat_id',
    vatCase: 'reverse_charge',
    reason:
      'Place of supply abroad (§3a Abs. 2 UStG), so not German turnover and §19 does not apply: reverse charge (Art. 196 MwStSystRL, §14a Abs. 1 UStG); the company needs a VAT ID (§27a UStG).',
  },
  {
    companySmallBusiness: true,
    customer: 'eu_without_vat_id',
    vatCase: 'reverse_charge',
    reason:
      'As with a VAT ID (§3a Abs. 2 UStG, §19 does not apply); issuing is refused until the customer’s VAT ID is entered (§14a Abs. 1 UStG).',
  },
  {
    companySmallBusiness: true,
    customer: 'third_country',
    vatCase: 'third_country',
    reason:
      'Place of supply outside the EU (§3a Abs. 2 UStG): not taxable in Germany, so §19 does not apply; category O.',
  },
];

export function customerVatPlaceOf(facts: VatCaseFacts): CustomerVatPlace {
  if (facts.customerCountry === facts.companyCountry) return 'domestic';
  if (!EU_COUNTRIES.has(facts.customerCountry)) return 'third_country';
  return facts.customerVatId?.trim() ? 'eu_with_vat_id' : 'eu_without_vat_id';
}

export function vatCaseOf(facts: VatCaseFacts): VatCase {
  const customer = customerVatPlaceOf(facts);
  const rule = VAT_CASE_TABLE.find(
    (r) => r.companySmallBusiness === facts.companySmallBusiness && r.customer === customer,
  );
  // The table covers every combination; the spec checks that it does.
  if (!rule) throw new Error(`No VAT case for ${facts.companySmallBusiness} / ${customer}`);
  return rule.vatCase;
}

/**
 * Whether the printed invoice shows VAT at all (a rate per line, VAT lines, "brutto"). Only
 * German VAT and reverse charge (0 %, the customer's VAT) do; a §19 invoice must not show VAT
 * (a shown amount would be owed, §14c UStG), and a category O invoice has no rate.
 */
const SHOWS_VAT: Record<VatCase, boolean> = {
  standard: true,
  reverse_charge: true,
  third_country: false,
  small_business: false,
};

export function showsVat(vatCase: VatCase): boolean {
  return SHOWS_VAT[vatCase];
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
