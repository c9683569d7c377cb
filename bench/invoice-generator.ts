import type { RenderJob } from '../src/documents/document-engine.js';
import { buildCii } from '../src/invoicing/cii-builder.js';
import { composeInvoice, type ComposeInput } from '../src/invoicing/invoice-compose.js';
import { FACTURX_XMP, giroCodeImage, toInvoiceView } from '../src/invoicing/invoice-document.js';
import { sampleComposeInput } from '../src/invoicing/invoice-samples.js';
import type { InvoiceUnit, LineContent } from '../src/invoicing/invoice-snapshot.js';

/**
 * Distinct, realistic invoices for the benchmarks: invoice n has its own buyer (name, street,
 * city, contact), number, dates, line count (4–40), quantities and prices, and line titles
 * drawn from an IT service company's vocabulary — so amounts, dates, numbers and names keep
 * the text caches' key space open, as a real customer base does. Deterministic: the same n
 * gives the same invoice. `newWords` adds a word per line that no other invoice has (project
 * code names, hostnames), the worst case for layout caches.
 */
const COMPANIES = ['Müller', 'Schmidt', 'Becker', 'Hoffmann', 'Wagner', 'Keller', 'Vogel'];
const TRADES = ['Logistik', 'Steuerberatung', 'Zahnarztpraxis', 'Autohaus', 'Bäckerei', 'Verlag'];
const FORMS = ['GmbH', 'GmbH & Co. KG', 'AG', 'e.K.', 'PartG mbB'];
const STREETS = ['Hafenstraße', 'Lindenallee', 'Am Markt', 'Bahnhofstraße', 'Schillerweg'];
const CITIES: Array<[string, string]> = [
  ['20457', 'Hamburg'],
  ['10969', 'Berlin'],
  ['80331', 'München'],
  ['50667', 'Köln'],
  ['04109', 'Leipzig'],
  ['70173', 'Stuttgart'],
];
const PEOPLE = ['Eva Müller', 'Jörg Weiß', 'Ayşe Demir', 'Lukas Brandt', 'Sophie Krämer'];
const WORK: Array<[string, InvoiceUnit]> = [
  ['Migration Postfächer', 'hour'],
  ['Einrichtung Firewall', 'hour'],
  ['Backup-Konzept und Rücksicherungstest', 'flat'],
  ['Lizenz Microsoft 365 Business Standard', 'piece'],
  ['Vor-Ort-Termin Technik', 'day'],
  ['Fernwartung', 'hour'],
  ['Schulung Anwender', 'hour'],
  ['Austausch Switch im Serverraum', 'flat'],
  ['VPN-Zugang für Außendienst', 'piece'],
  ['Dokumentation Netzwerkplan', 'hour'],
  ['Webhosting Jahrespaket', 'flat'],
  ['Zertifikat TLS (Wildcard)', 'piece'],
];
const OBJECTS = ['Standort', 'Filiale', 'Büro', 'Lager', 'Praxis', 'Werkstatt'];

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length];

export function generatedInput(n: number, newWords = false): ComposeInput {
  const base = sampleComposeInput('standard');
  const [postalCode, city] = pick(CITIES, n * 7);
  const day = new Date(Date.UTC(2026, 0, 1) + (n % 330) * 86_400_000).toISOString().slice(0, 10);
  const lineCount = 4 + ((n * 13) % 37);
  const lines: LineContent[] = Array.from({ length: lineCount }, (_, i) => {
    const [title, unit] = pick(WORK, n * 5 + i * 3);
    const where = `${pick(OBJECTS, n + i)} ${pick(CITIES, n + i * 11)[1]}`;
    const code = newWords ? ` Projekt ${(n * 104_729 + i).toString(36)}` : '';
    return {
      title: `${title} ${where}${code}`,
      description: (n + i) % 9 === 0 ? `Ticket T-${2026}-${(n * 31 + i) % 99_999}` : null,
      quantity: unit === 'hour' ? 250 * (1 + ((n + i * 7) % 40)) : 1000 * (1 + ((n + i) % 4)),
      unit,
      unitPriceCents: 3_500 + ((n * 37 + i * 101) % 25_000),
      vatRateBp: unit === 'piece' && i % 5 === 0 ? 700 : 1900,
    };
  });
  return {
    ...base,
    number: `RE-2026-${String(n).padStart(5, '0')}`,
    issueDate: day,
    serviceFrom: day,
    serviceTo: day,
    subject: `${pick(WORK, n)[0]} ${pick(OBJECTS, n * 3)}`,
    projectNumber: `P-${String(n * 3).padStart(5, '0')}`,
    buyer: {
      ...base.buyer,
      number: `K-${String(n % 4000).padStart(5, '0')}`,
      name: `${pick(COMPANIES, n)} ${pick(TRADES, n * 3)} ${pick(FORMS, n * 5)}`,
      attention: pick(PEOPLE, n * 11),
      street: `${pick(STREETS, n * 13)} ${1 + (n % 120)}`,
      postalCode,
      city,
    },
    lines,
  };
}

/**
 * Invoice n as InvoiceIssuingService prepares it: compose, the CII XML, the GiroCode and the
 * view (the job preparation that `bench:pdf` times as a second figure), ready to render as
 * PDF/A-3b with factur-x.xml.
 */
export async function generatedInvoiceJob(n: number, newWords = false): Promise<RenderJob> {
  const snapshot = composeInvoice(generatedInput(n, newWords));
  const contact = { name: 'Anna Beispiel', email: 'anna@beispiel-it.example', phone: null };
  const view = toInvoiceView(snapshot, contact, await giroCodeImage(snapshot));
  return {
    kind: 'invoice',
    locale: 'de',
    view,
    draft: false,
    timeZone: 'Europe/Berlin',
    issuedAt: `${snapshot.issueDate}T09:00:00.000Z`,
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
  };
}
