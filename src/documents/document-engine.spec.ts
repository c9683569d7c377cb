import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { pdfText } from '../../test/support/pdf-text.js';
import { DocumentEngine, type RenderJob } from './document-engine.js';
import { sampleViews } from '../../test/support/document-samples.js';
import { DOCUMENT_KINDS } from '../document-kinds.js';
import { sampleSolutionDocument } from '../projects/stage-document-kinds.js';
import type { DocumentKind, DocumentLocale, SignatoryView } from './document-views.js';
import { formatDate, formatMoney } from './locale-format.js';

const TEMPLATES = join(import.meta.dirname, '../../templates');
let engine: DocumentEngine;

beforeAll(() => {
  engine = DocumentEngine.load(TEMPLATES, DOCUMENT_KINDS);
});

const job = (
  kind: DocumentKind,
  locale: DocumentLocale,
  overrides: Partial<RenderJob> = {},
): RenderJob => ({
  kind,
  locale,
  view: sampleViews(locale)[kind],
  draft: false,
  timeZone: 'Europe/Berlin',
  issuedAt: '2026-11-22T09:30:00.000Z',
  ...overrides,
});

/** Text with no-break spaces as plain spaces, so expectations read naturally. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

const HEADINGS: Record<DocumentKind, Record<DocumentLocale, string>> = {
  'concept-paper': { de: 'Konzeptpapier', en: 'Concept paper' },
  'solution-document': {
    de: 'Lösungsdokument mit Kostenschätzung',
    en: 'Solution document and cost estimate',
  },
  'order-confirmation': { de: 'Auftragsbestätigung', en: 'Order confirmation' },
  'change-request': { de: 'Nachtrag N-1', en: 'Change request N-1' },
  'qa-protocol': { de: 'QA-Protokoll – Runde 1', en: 'QA protocol – round 1' },
  'acceptance-protocol': { de: 'Abnahmeprotokoll', en: 'Acceptance protocol' },
  'time-report': { de: 'Leistungsnachweis', en: 'Time report' },
  invoice: { de: 'Schlussrechnung RE-2026-00042', en: 'Final invoice RE-2026-00042' },
  'payment-reminder': { de: '1. Mahnung', en: 'First reminder' },
};

/** Amounts each document must show, in the locale's format. */
function amountsOf(kind: DocumentKind, locale: DocumentLocale): number[] {
  const views = sampleViews(locale);
  switch (kind) {
    case 'solution-document':
      return [
        views[kind].totals.netCents,
        views[kind].totals.grossCents,
        views[kind].lineItems[4].netCents,
      ];
    case 'order-confirmation':
      return [views[kind].agreedFee.grossCents, views[kind].chosenOptions[0].netCents];
    case 'change-request':
      return [views[kind].costDelta.netCents, views[kind].newAgreed.grossCents];
    case 'time-report':
      return [views[kind].netCents, views[kind].lines[1].netCents, views[kind].goodwillCents];
    case 'invoice':
      return [views[kind].totals.grossCents, views[kind].prepaidCents, views[kind].dueCents];
    case 'payment-reminder':
      return [views[kind].totalCents, views[kind].interestCents, views[kind].flatFeeCents];
    default:
      return [];
  }
}

function signatoriesOf(kind: DocumentKind, locale: DocumentLocale): SignatoryView[] {
  const view = sampleViews(locale)[kind] as {
    signatories?: { company: SignatoryView; customer: SignatoryView };
  };
  return view.signatories ? [view.signatories.company, view.signatories.customer] : [];
}

const CASES = DOCUMENT_KINDS.flatMap((kind) =>
  (['de', 'en'] as const).map((locale) => [kind, locale] as const),
);

describe.each(CASES)('%s in %s', (kind, locale) => {
  it('renders the fixture with names, locale amounts, umlauts, page numbers and signatures', async () => {
    const { bytes } = await engine.render(job(kind, locale));
    const { pages, text: raw, info } = await pdfText(bytes);
    const text = plain(raw);
    const view = sampleViews(locale)[kind];

    expect(text).toContain(HEADINGS[kind][locale]);
    expect(text).toContain(view.customer.name);
    expect(text).toContain(view.company.legalName);
    expect(text).toContain(view.projectNumber);
    expect(text).toContain('Jörg Krämer');
    for (const letter of ['ä', 'ö', 'ü', 'ß']) expect(text).toContain(letter);

    pages.forEach((page, index) => {
      const label =
        locale === 'de'
          ? `Seite ${index + 1} von ${pages.length}`
          : `Page ${index + 1} of ${pages.length}`;
      expect(plain(page)).toContain(label);
    });
    for (const cents of amountsOf(kind, locale))
      expect(text).toContain(plain(formatMoney(cents, locale)));
    for (const person of signatoriesOf(kind, locale)) {
      expect(text).toContain(person.name);
      expect(text).toContain(locale === 'de' ? 'Auftraggeber' : 'Client');
      expect(text).toContain(locale === 'de' ? 'Auftragnehmer' : 'Contractor');
    }
    expect(info.Title).toContain(view.projectNumber);
    expect(text).not.toMatch(/ENTWURF|DRAFT/);
  });
});

describe('rendering', () => {
  it('formats amounts exactly per locale: 6.399,97 € / €5,055.27 gross for the estimates', async () => {
    const de = plain(
      (await pdfText((await engine.render(job('solution-document', 'de'))).bytes)).text,
    );
    const en = plain(
      (await pdfText((await engine.render(job('solution-document', 'en'))).bytes)).text,
    );
    expect(de).toContain('6.399,97 €');
    expect(de).toContain('1.021,84 €');
    expect(en).toContain('€5,055.27');
    expect(en).toContain('€807.14');
    expect(de).toContain('19.10.2026');
    expect(en).toContain('19 October 2026');
  });

  it('gives byte-identical output for the same snapshot, and different bytes for another', async () => {
    const first = await engine.render(job('solution-document', 'de'));
    const second = await engine.render(job('solution-document', 'de'));
    expect(Buffer.compare(first.bytes, second.bytes)).toBe(0);
    const later = await engine.render(
      job('solution-document', 'de', { issuedAt: '2026-11-23T09:30:00.000Z' }),
    );
    expect(Buffer.compare(first.bytes, later.bytes)).not.toBe(0);
    expect(first.bytes.toString('latin1')).toContain('(D:20261122093000Z)');
  });

  it('takes the trailer ID from the snapshot', async () => {
    const id = (bytes: Buffer) => /\/ID \[<([0-9a-f]+)>/.exec(bytes.toString('latin1'))?.[1];
    const a = await engine.render(job('qa-protocol', 'en'));
    const b = await engine.render(job('qa-protocol', 'en', { draft: true }));
    expect(id(a.bytes)).toMatch(/^[0-9a-f]{32}$/);
    expect(id(a.bytes)).not.toBe(id(b.bytes));
  });

  it('watermarks drafts in the document language', async () => {
    const de = plain(
      (await pdfText((await engine.render(job('concept-paper', 'de', { draft: true }))).bytes))
        .text,
    );
    const en = plain(
      (await pdfText((await engine.render(job('concept-paper', 'en', { draft: true }))).bytes))
        .text,
    );
    expect(de).toContain('ENTWURF');
    expect(en).toContain('DRAFT');
  });

  it('embeds every font and uses no standard PDF font', async () => {
    const pdf = (await engine.render(job('change-request', 'de'))).bytes.toString('latin1');
    const descriptors = pdf.match(/\/Type \/FontDescriptor/g) ?? [];
    const embedded = pdf.match(/\/FontFile2 \d+ 0 R/g) ?? [];
    expect(descriptors.length).toBeGreaterThanOrEqual(2);
    expect(embedded.length).toBe(descriptors.length);
    expect(pdf).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
  });

  it('paginates a 200-row estimate with the table head on every page and no row split', async () => {
    const view = sampleSolutionDocument('de', 192);
    expect(view.lineItems).toHaveLength(200);
    const { pages } = await pdfText(
      (await engine.render(job('solution-document', 'de', { view }))).bytes,
    );
    const tablePages = pages.filter((page) => page.includes('Migration Postfach Außenstelle'));
    expect(tablePages.length).toBeGreaterThanOrEqual(5);
    for (const page of tablePages) {
      expect(page).toMatch(/Pos\.\s*Leistung\s*Menge\s*Einzelpreis\s*Gesamt/);
      const titles = page.match(/Migration Postfach Außenstelle \d+/g)?.length ?? 0;
      const descriptions = page.match(/Übernahme inkl\. Kalender und Kontakte/g)?.length ?? 0;
      expect(descriptions).toBe(titles);
    }
    const all = pages.join('\n');
    for (const n of [1, 96, 192]) {
      expect(all.match(new RegExp(`Migration Postfach Außenstelle ${n}\\b`, 'g'))).toHaveLength(1);
    }
  });

  it('writes PDF/A-3b with an attachment when asked (e-invoices)', async () => {
    const xml = new TextEncoder().encode('<rsm:CrossIndustryInvoice/>');
    const { bytes } = await engine.render(
      job('order-confirmation', 'de', {
        pdfa: true,
        attachments: [
          { name: 'factur-x.xml', data: xml, mimeType: 'text/xml', relationship: 'Alternative' },
        ],
      }),
    );
    const pdf = bytes.toString('latin1');
    expect(pdf).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(pdf).toContain('/AFRelationship /Alternative');
    expect(pdf).toContain('/Type /EmbeddedFile');
    expect(pdf).toContain('/OutputIntents');
  });
});

describe('the QA protocol', () => {
  it.each(['de', 'en'] as const)(
    '%s: testers’ names and dates fit their columns',
    async (locale) => {
      const view = sampleViews(locale)['qa-protocol'];
      const { bytes } = await engine.render(job('qa-protocol', locale));
      const lines = plain((await pdfText(bytes)).text).split('\n');
      const testers = [...new Set(view.checks.map((c) => c.tester).filter((n) => n !== null))];
      expect(testers.length).toBeGreaterThan(0);
      for (const name of testers) expect(lines.some((line) => line.includes(name))).toBe(true);
      const dates = view.checks.flatMap((c) =>
        c.testedOn ? [formatDate(c.testedOn, locale)] : [],
      );
      for (const date of dates) expect(lines.some((line) => line.includes(plain(date)))).toBe(true);
    },
  );
});
