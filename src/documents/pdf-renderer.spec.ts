import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pdfText } from '../../test/support/pdf-text.js';
import { describe, expect, it } from '@jest/globals';
import { parseLayout } from './layout-markup.js';
import { PdfRenderer, type CacheLimits } from './pdf-renderer.js';
import { loadTheme } from './theme.js';

const TEMPLATES = join(import.meta.dirname, '../../templates');
const renderer = new PdfRenderer(loadTheme(TEMPLATES));

interface Drawn {
  text: string;
  x: number;
  width: number;
}

/** Every text item of page 1 with its position and width, as a reader draws it (pdfjs). */
async function drawnText(bytes: Buffer): Promise<Drawn[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const content = await (await pdf.getPage(1)).getTextContent();
  await pdf.destroy();
  return content.items.flatMap((item) =>
    'str' in item && item.str.trim() !== ''
      ? [{ text: item.str, x: item.transform[4] as number, width: item.width }]
      : [],
  );
}

async function render(body: string): Promise<Buffer> {
  const layout = parseLayout(
    `<document title="T" page-label="Seite {page} von {pages}">${body}</document>`,
  );
  return renderer.render(layout, {
    creationDate: new Date('2026-11-22T09:30:00Z'),
    documentId: '0123456789abcdef0123456789abcdef',
  });
}

describe('PdfRenderer text', () => {
  it('draws kerned and mixed-style text exactly as wide as it was measured: right-aligned cells share one right edge', async () => {
    // Kerning pairs (AV, VA, AT, To, Wa, Te) and a bold/italic mix, against plain digits.
    const cells = ['AVATAR Tower', '1.234,56 €', 'Wave <b>VAT</b> <i>Tee</i>', 'Tätigkeit'];
    const rows = cells.map((cell, i) => `<row><cell>r${i}</cell><cell>${cell}</cell></row>`);
    const drawn = await drawnText(
      await render(`<table widths="50,50" align="left,right">${rows.join('')}</table>`),
    );
    const rightEdge = (words: string[]) => {
      const items = drawn.filter((item) => words.some((word) => item.text.includes(word)));
      expect(items.length).toBeGreaterThan(0);
      return Math.max(...items.map((item) => item.x + item.width));
    };
    const edges = [
      rightEdge(['AVATAR', 'Tower']),
      rightEdge(['1.234,56']),
      rightEdge(['Wave', 'VAT', 'Tee']),
      rightEdge(['Tätigkeit']),
    ];
    for (const edge of edges) expect(edge).toBeCloseTo(edges[1], 1);
  });

  it('places each run of a mixed-style line where the previous one ends', async () => {
    const drawn = await drawnText(await render('<p>Wave <b>VATA</b><i>Tower</i> Tee</p>'));
    const bold = drawn.find((item) => item.text.includes('VATA'))!;
    const italic = drawn.find((item) => item.text.includes('Tower'))!;
    expect(bold).toBeDefined();
    expect(italic.x).toBeCloseTo(bold.x + bold.width, 1);
  });
});

/** A renderer with fonts of its own: nothing another test drew is in its caches. */
const freshRenderer = (limits?: Partial<CacheLimits>) =>
  new PdfRenderer(loadTheme(TEMPLATES), limits);

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Renders each line as a one-paragraph document and extracts the paragraph back with pdfjs. */
async function roundTrip(pdf: PdfRenderer, line: string): Promise<string> {
  const layout = parseLayout(
    `<document title="T" page-label="§"><p>${escapeXml(line)}</p></document>`,
  );
  const bytes = await pdf.render(layout, {
    creationDate: new Date('2026-11-22T09:30:00Z'),
    documentId: '0123456789abcdef0123456789abcdef',
  });
  const lines = (await pdfText(bytes)).text.split('\n').filter((l) => l !== '' && l !== '§');
  return lines.join(' ');
}

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('PdfRenderer letter head', () => {
  it('keeps a gutter between the longest info label and its value', async () => {
    const drawn = await drawnText(
      await render(
        `<letter brand="B"><sender>S</sender><address>A</address><info>` +
          `<item label="Rechnungsnr.">RE-1</item>` +
          `<item label="Leistungszeitraum">01.11.–30.11.2026</item></info></letter><p>x</p>`,
      ),
    );
    const at = (text: string) => drawn.find((item) => item.text.includes(text))!;
    const label = at('Leistungszeitraum');
    const value = at('01.11.');
    expect(label.text.trim()).toBe('Leistungszeitraum');
    const mm = 72 / 25.4;
    expect(value.x - (label.x + label.width)).toBeGreaterThanOrEqual(2 * mm);
    // The values still line up in one column.
    expect(at('RE-1').x).toBeCloseTo(value.x, 1);
  });
});

describe('PdfRenderer text layer across documents', () => {
  // Each pair: a document with composed glyphs (or ligature candidates), then one with their
  // base letters, rendered in that order by one renderer.
  it.each([
    ['Österreich Öl', 'Oktober P-4711 Ost'],
    ['Äpfel Ärger', 'Apfel Anruf'],
    ['Übergabe Ü', 'Umzug Uhr'],
    ['café élan', 'cafe elan'],
    ['niño Ñandú', 'nino Nandu'],
    ['Straße Maß', 'Strasse Mass'],
    ['finden Pflaume Effizienz fließen', 'f i l Feld'],
  ])('keeps every letter of "%s" and then "%s"', async (composed, base) => {
    const pdf = freshRenderer();
    expect(await roundTrip(pdf, composed)).toBe(composed);
    expect(await roundTrip(pdf, base)).toBe(base);
    expect(await roundTrip(pdf, composed)).toBe(composed);
  });

  // Every document's subset starts with a fixed set of glyphs (Latin-1, Latin Extended-A,
  // punctuation); a glyph outside it (Cyrillic, Greek, Romanian Ș) joins that document's subset.
  it.each([
    ['Москва Ωμέγα Ștefan Straße', 'Strasse Maß Ayşe Łódź 12,50 €'],
    ['Ελλάδα fließen', 'fließen Øresund'],
  ])(
    'keeps every letter of "%s" (outside the fixed subset) around "%s"',
    async (outside, fixed) => {
      const pdf = freshRenderer();
      expect(await roundTrip(pdf, fixed)).toBe(fixed);
      expect(await roundTrip(pdf, outside)).toBe(outside);
      expect(await roundTrip(pdf, fixed)).toBe(fixed);
    },
  );

  it('extracts exactly the source text from 120 random documents in a row (seeded)', async () => {
    const random = seeded(20261122);
    const alphabet = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßéèêáàñçøåÉÑ'];
    const ligatures = ['fi', 'fl', 'ff', 'ffi'];
    const word = () => {
      let text = random() < 0.3 ? ligatures[Math.floor(random() * ligatures.length)] : '';
      const length = 1 + Math.floor(random() * 7);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      return text;
    };
    const pdf = freshRenderer();
    const mismatches: string[] = [];
    for (let n = 0; n < 120; n++) {
      const line = Array.from({ length: 1 + Math.floor(random() * 6) }, word).join(' ');
      const extracted = await roundTrip(pdf, line);
      if (extracted !== line) mismatches.push(`#${n}: ${line} → ${extracted}`);
    }
    expect(mismatches).toEqual([]);
  });
});

/** The XMP packet of a PDF (PDFKit writes it uncompressed), parsed: property name → text. */
function xmpProperties(bytes: Buffer): Record<string, string> {
  const raw = bytes.toString('utf8');
  const start = raw.indexOf('<x:xmpmeta');
  const end = raw.indexOf('</x:xmpmeta>') + '</x:xmpmeta>'.length;
  expect(start).toBeGreaterThan(0);
  const properties: Record<string, string> = {};
  const open: string[] = [];
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => open.push(tag.name));
  parser.on('closetag', () => open.pop());
  parser.on('text', (text) => {
    const property = open.findLast((name) => !name.startsWith('rdf:'));
    if (text.trim() !== '' && property) properties[property] = text;
  });
  parser.write(raw.slice(start, end)).close();
  return properties;
}

/** A PDF date as PDFKit writes it (D:YYYYMMDDHHmmssZ) in XMP's form. */
const isoOfPdfDate = (value: string) =>
  value.replace(/^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z.*$/, '$1-$2-$3T$4:$5:$6Z');

describe('PdfRenderer metadata', () => {
  const title = `Umzug & "Cloud" <Phase 1> A&B 'Größe' Straße`;
  const author = 'Müller & Söhne <GmbH>';
  const subject = `Rechnung "RE-2026-0042" für Ärzte & Co.`;

  it.each([true, false])(
    'writes every Info field into the XMP, XML-escaped and equal (PDF/A: %s)',
    async (pdfa) => {
      const layout = parseLayout(
        `<document title="${escapeXml(title).replace(/"/g, '&quot;')}" author="${escapeXml(author)}" subject="${escapeXml(subject).replace(/"/g, '&quot;')}" page-label="x"><p>Text</p></document>`,
      );
      const bytes = await renderer.render(layout, {
        creationDate: new Date('2026-11-22T09:30:00Z'),
        documentId: '0123456789abcdef0123456789abcdef',
        pdfa,
      });
      const { info } = await pdfText(bytes);
      const xmp = xmpProperties(bytes);
      expect(info).toMatchObject({
        Title: title,
        Author: author,
        Subject: subject,
        Creator: 'freigabe',
        Producer: 'freigabe (PDFKit)',
      });
      expect(xmp).toMatchObject({
        'dc:title': info.Title,
        'dc:creator': info.Author,
        'dc:description': info.Subject,
        'xmp:CreatorTool': info.Creator,
        'pdf:Producer': info.Producer,
        'xmp:CreateDate': isoOfPdfDate(info.CreationDate as string),
        'xmp:ModifyDate': isoOfPdfDate(info.ModDate as string),
      });
      expect(xmp['xmp:ModifyDate']).toBe('2026-11-22T09:30:00Z');
    },
  );
});

describe('PdfRenderer caches', () => {
  it('keeps one word cache per font below twice its bound over 3,000 distinct words in 30 documents', async () => {
    const limits = { wordsPerFont: 300 };
    const pdf = freshRenderer(limits);
    const random = seeded(3000);
    const letters = 'abcdefghijklmnopqrstuvwxyzäöüß';
    let n = 0;
    const word = () => {
      let text = `w${n++}`;
      for (let i = 0; i < 4; i++) text += letters[Math.floor(random() * letters.length)];
      return text;
    };
    let most = 0;
    for (let doc = 0; doc < 30; doc++) {
      const words = Array.from({ length: 100 }, word);
      const body = `<p>${words.slice(0, 50).join(' ')} <b>${words.slice(50).join(' ')}</b></p>`;
      await pdf.render(parseLayout(`<document title="T" page-label="x">${body}</document>`), {
        creationDate: new Date('2026-11-22T09:30:00Z'),
        documentId: '0123456789abcdef0123456789abcdef',
      });
      const stats = pdf.cacheStats();
      // measuring and drawing share the cache: no more caches than fonts
      expect(stats.length).toBeLessThanOrEqual(4);
      for (const { entries } of stats) {
        expect(entries).toBeLessThan(2 * limits.wordsPerFont);
        most = Math.max(most, entries);
      }
    }
    // The cache filled past one generation: the bound is what kept it there.
    expect(most).toBeGreaterThan(limits.wordsPerFont);
  });

  it('keeps each cache below twice its byte bound when the entry bound is far away', async () => {
    const limits = { wordsPerFont: 1_000_000, bytesPerFont: 30_000 };
    const pdf = freshRenderer(limits);
    let n = 0;
    for (let doc = 0; doc < 20; doc++) {
      const words = Array.from({ length: 100 }, () => `wort${n++}x`);
      const body = `<p>${words.join(' ')}</p>`;
      await pdf.render(parseLayout(`<document title="T" page-label="x">${body}</document>`), {
        creationDate: new Date('2026-11-22T09:30:00Z'),
        documentId: '0123456789abcdef0123456789abcdef',
      });
    }
    const bytes = Math.max(...pdf.cacheStats().map((cache) => cache.bytes));
    // 2,000 distinct words went through: filled past one generation, held below two (a
    // generation turns over with the entry that passes its bound, a few KiB at most).
    expect(bytes).toBeGreaterThanOrEqual(limits.bytesPerFont);
    expect(bytes).toBeLessThan(2 * limits.bytesPerFont + 4096);
  });
});
