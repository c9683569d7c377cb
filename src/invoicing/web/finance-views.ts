/* Pure view helpers of the finance pages: chart geometry, list links, where a gap is fixed. */

export interface BarInput {
  key: string;
  value: number;
  href: string;
  count?: number;
  label?: string;
  short?: string;
}

/** Chart drawing area in SVG user units; the SVG scales to its container. */
const CHART = { width: 600, height: 180, gap: 8, labelSpace: 24 } as const;

/**
 * Bars scaled to the largest value (negative months, a cancellation outweighing the month's
 * invoices, are drawn as empty). Only geometry: the amounts are the service's.
 */
export function barChart(bars: BarInput[]) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = CHART.width / bars.length;
  const barWidth = slot - CHART.gap;
  const plot = CHART.height - CHART.labelSpace;
  return {
    width: CHART.width,
    height: CHART.height,
    baseline: plot,
    bars: bars.map((bar, i) => {
      const h = bar.value > 0 ? Math.max(2, Math.round((bar.value / max) * (plot - 18))) : 0;
      return {
        ...bar,
        x: Math.round(i * slot + CHART.gap / 2),
        y: plot - h,
        width: Math.round(barWidth),
        height: h,
        labelX: Math.round(i * slot + slot / 2),
        labelY: CHART.height - 6,
        valueY: Math.max(12, plot - h - 4),
      };
    }),
  };
}

/** The invoice list with these filters. */
export function listHref(filter: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter))
    if (typeof value === 'string' && value) params.set(key, value);
  const query = params.toString();
  return `/console/finance/invoices${query ? `?${query}` : ''}`;
}

/** Whole calendar days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The company profile page (the administration's). */
export const COMPANY_PAGE = '/console/admin/company';

/**
 * One item the §14 UStG check found missing, as a label key and the page where it is fixed:
 * the company's data on the company profile, the customer's on the customer page, the rest
 * (service period, lines) on the draft itself.
 */
export function missingItem(field: string, customerId: string) {
  const key = LABELS[field] ?? (field.startsWith('lines.') ? 'lines' : field);
  const href = field.startsWith('company.')
    ? COMPANY_PAGE
    : field.startsWith('customer.')
      ? `/console/customers/${customerId}`
      : '#draft';
  return { field, label: `finance.missing.${key in KNOWN ? key : 'other'}`, href };
}

const LABELS: Record<string, string> = {
  'company.vatId or company.taxNumber': 'companyTaxId',
  'company.legalName': 'companyName',
  'company.street': 'companyAddress',
  'company.postalCode': 'companyAddress',
  'company.city': 'companyAddress',
  'company.countryCode': 'companyAddress',
  'company.iban': 'companyIban',
  'company.vatId': 'companyVatId',
  'company.taxNumber': 'companyTaxNumber',
  'customer.name': 'customerName',
  'customer.street': 'customerAddress',
  'customer.postalCode': 'customerAddress',
  'customer.city': 'customerAddress',
  'customer.countryCode': 'customerAddress',
  'customer.vatId': 'customerVatId',
  issueDate: 'issueDate',
  serviceDate: 'servicePeriod',
};

const KNOWN = Object.fromEntries(
  [...Object.values(LABELS), 'lines'].map((key) => [key, true]),
) as Record<string, true>;

/** "November 2026" / "Nov." (de) or "Nov" (en) for the month of a day. */
export function monthName(day: string, locale: 'de' | 'en', form: 'long' | 'short'): string {
  const format = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    month: form,
    ...(form === 'long' ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  });
  return format.format(new Date(`${day}T00:00:00Z`));
}

/** A line's values as the draft form shows them for editing ("1,5", "120,00" in German). */
export function editableLine(
  line: { quantity: string; unitPriceCents: number; vatRate: string },
  locale: 'de' | 'en',
) {
  const comma = (text: string) => (locale === 'de' ? text.replace('.', ',') : text);
  const cents = line.unitPriceCents;
  const price = `${Math.trunc(cents / 100)}.${String(Math.abs(cents % 100)).padStart(2, '0')}`;
  return {
    ...line,
    quantityText: comma(line.quantity),
    priceText: comma(price),
    vatText: comma(line.vatRate.replace(/\.00$/, '')),
  };
}
