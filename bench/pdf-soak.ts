import 'reflect-metadata';
import { DOCUMENT_KINDS } from '../src/document-kinds.js';
import { DocumentEngine } from '../src/documents/document-engine.js';
import { composeInvoice } from '../src/invoicing/invoice-compose.js';
import { giroCodeImage, toInvoiceView } from '../src/invoicing/invoice-document.js';
import { sampleComposeInput } from '../src/invoicing/invoice-samples.js';
import { mib, templatesDir } from './measure.js';
import { invoiceLines } from './reference-documents.js';

/**
 * `npm run bench:pdf-soak`: renders SOAK_DOCS (default 3,000) distinct invoices in-process —
 * every one with its own line titles, as a real customer base has its own names and numbers —
 * and prints the memory after a forced GC at the start and after each fifth of them. A heap
 * that keeps growing means a cache on the document path without a bound. Prints, asserts nothing.
 */
const DOCS = Number(process.env.SOAK_DOCS ?? 3000);
const log = (line: string) => process.stdout.write(`${line}\n`);
const engine = DocumentEngine.load(templatesDir(), DOCUMENT_KINDS);

const memory = (label: string) => {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  log(`${label.padEnd(24)} rss ${mib(rss).padStart(10)}  heap ${mib(heapUsed).padStart(10)}`);
};

async function distinctInvoice(n: number) {
  const lines = invoiceLines(12).map((line, i) => ({
    ...line,
    title: `${line.title} Auftrag ${n}-${i} Kd${(n * 7919 + i).toString(36)}`,
  }));
  const snapshot = composeInvoice({ ...sampleComposeInput('standard'), lines });
  const contact = { name: 'Anna Beispiel', email: 'anna@beispiel-it.example', phone: null };
  const view = toInvoiceView(snapshot, contact, await giroCodeImage(snapshot));
  const issuedAt = '2026-11-22T09:00:00.000Z';
  return { kind: 'invoice' as const, locale: 'de' as const, view, draft: false, issuedAt };
}

memory('start');
for (let n = 1; n <= DOCS; n++) {
  await engine.render({ ...(await distinctInvoice(n)), timeZone: 'Europe/Berlin', pdfa: true });
  if (n % Math.max(1, Math.round(DOCS / 5)) === 0 || n === DOCS) memory(`after ${n} documents`);
}
