import type { RenderJob } from '../src/documents/document-engine.js';
import { sampleSolutionDocument } from '../src/projects/stage-document-kinds.js';
import { buildCii } from '../src/invoicing/cii-builder.js';
import { composeInvoice } from '../src/invoicing/invoice-compose.js';
import { FACTURX_XMP, giroCodeImage, toInvoiceView } from '../src/invoicing/invoice-document.js';
import { sampleComposeInput } from '../src/invoicing/invoice-samples.js';
import type { InvoiceUnit, LineContent } from '../src/invoicing/invoice-snapshot.js';

/**
 * The documents the benchmark renders, built the way the app builds them: the invoice goes
 * through composeInvoice → buildCii → toInvoiceView and is rendered as PDF/A-3b with its
 * factur-x.xml, exactly as InvoiceIssuingService stores it; the solution document is the
 * fixture the templates are checked against.
 */
export interface ReferenceDocument {
  name: string;
  job: RenderJob;
}

export const INVOICE_LINES = 38;

const SERVICES: Array<{ title: string; description: string | null; unit: InvoiceUnit }> = [
  { title: 'Migration Postfächer', description: 'inkl. Kalender und Kontakte', unit: 'hour' },
  { title: 'Lizenz-Einrichtung Microsoft 365', description: null, unit: 'flat' },
  { title: 'Vor-Ort-Termin Technik', description: 'Anfahrt Hamburg–Berlin', unit: 'day' },
  { title: 'Handbuch (Druck)', description: null, unit: 'piece' },
  { title: 'Schulung Anwender', description: 'max. zwölf Teilnehmende', unit: 'hour' },
];

/** A standard invoice with 40 lines: two pages. */
export function invoiceLines(count = INVOICE_LINES): LineContent[] {
  return Array.from({ length: count }, (_, i) => {
    const service = SERVICES[i % SERVICES.length];
    return {
      title: `${service.title} ${Math.floor(i / SERVICES.length) + 1}`,
      // Every tenth line carries a description, as real invoices do now and then.
      description: i % 10 === 0 ? service.description : null,
      quantity: 1000 + (i % 7) * 250,
      unit: service.unit,
      unitPriceCents: 4_950 + (i % 9) * 1_275,
      vatRateBp: service.unit === 'piece' ? 700 : 1900,
    };
  });
}

export async function referenceDocuments(): Promise<ReferenceDocument[]> {
  const snapshot = composeInvoice({ ...sampleComposeInput('standard'), lines: invoiceLines() });
  const view = toInvoiceView(
    snapshot,
    { name: 'Anna Beispiel', email: 'anna@beispiel-it.example', phone: null },
    await giroCodeImage(snapshot),
  );
  const base = { draft: false, timeZone: 'Europe/Berlin', issuedAt: '2026-11-22T09:00:00.000Z' };
  return [
    {
      name: `invoice (${INVOICE_LINES} lines, PDF/A-3b + Factur-X)`,
      job: {
        ...base,
        kind: 'invoice',
        locale: 'de',
        view,
        pdfa: true,
        xmpExtension: FACTURX_XMP,
        attachments: [
          {
            name: 'factur-x.xml',
            data: Buffer.from(buildCii(snapshot), 'utf8'),
            mimeType: 'text/xml',
            description: 'Factur-X / ZUGFeRD invoice (EN 16931)',
            relationship: 'Alternative',
          },
        ],
      },
    },
    {
      name: 'solution document',
      job: { ...base, kind: 'solution-document', locale: 'de', view: sampleSolutionDocument('de') },
    },
  ];
}
