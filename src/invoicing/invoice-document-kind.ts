import { vatAmount } from '../common/money.js';
import { documentKind } from '../documents/document-kind.js';
import type { DocumentLocale } from '../documents/document-views.js';
import {
  lineItems,
  SAMPLE_COMPANY,
  SAMPLE_CUSTOMERS,
  SAMPLE_VAT_RATE,
  totalsOf,
} from '../documents/letter-samples.js';
import type { InvoiceView } from './invoice-view.js';
import { REMINDER_DOCUMENT_KINDS } from './reminders/payment-reminder-document-kind.js';
import { vatNoteOf } from './vat-cases.js';

/** The invoice (cancellations included) and the payment reminder as document kinds. */
export const INVOICING_DOCUMENT_KINDS = [
  documentKind('invoice', sampleInvoice),
  ...REMINDER_DOCUMENT_KINDS,
] as const;

/** A 1 × 1 PNG standing in for the generated payment QR code. */
const SAMPLE_QR =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** A final invoice deducting one down payment; the English one is reverse charge (Ireland). */
export function sampleInvoice(locale: DocumentLocale): InvoiceView {
  const items = lineItems([
    {
      title: 'Migration',
      description: null,
      quantity: 12_000,
      unit: 'hour',
      unitPriceCents: 12_000,
    },
    {
      title: 'Lizenz-Einrichtung',
      description: null,
      quantity: 1000,
      unit: 'flat',
      unitPriceCents: 49_999,
    },
  ]);
  const reverse = locale === 'en';
  const totals = totalsOf(items.map((i) => i.netCents));
  if (reverse) {
    totals.vat = [{ rateBasisPoints: 0, baseCents: totals.netCents, amountCents: 0 }];
    totals.grossCents = totals.netCents;
  }
  const deduction = { number: 'RE-2026-00017', issueDate: '2026-10-01', netCents: 58_200 };
  const deductionVat = reverse ? 0 : vatAmount(deduction.netCents, SAMPLE_VAT_RATE);
  const prepaidCents = deduction.netCents + deductionVat;
  return {
    kind: 'final',
    number: 'RE-2026-00042',
    issueDate: '2026-11-24',
    subject: locale === 'de' ? 'Migration des Mailservers' : 'Mail server migration',
    company: SAMPLE_COMPANY,
    customer: SAMPLE_CUSTOMERS[locale],
    buyerReference: null,
    projectNumber: 'P-00007',
    contact: { name: 'Jörg Krämer', email: 'j.kraemer@nordwerk-it.example', phone: null },
    serviceFrom: '2026-11-20',
    serviceTo: '2026-11-20',
    vatCase: reverse ? 'reverse_charge' : 'standard',
    showVat: true,
    lines: items.map((i) => ({ ...i, vatRateBasisPoints: reverse ? 0 : SAMPLE_VAT_RATE })),
    allowances: [],
    totals,
    deductions: [{ ...deduction, vatCents: deductionVat, grossCents: prepaidCents }],
    prepaidCents,
    dueCents: totals.grossCents - prepaidCents,
    dueDate: '2026-12-08',
    paymentTermsDays: 14,
    preceding: null,
    notes: reverse ? [vatNoteOf('reverse_charge', 'en')!] : [],
    giroCode: SAMPLE_QR,
  };
}
