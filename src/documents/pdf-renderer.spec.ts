import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from '@jest/globals';
import { parseLayout } from './layout-markup.js';
import { PdfRenderer } from './pdf-renderer.js';
import { loadTheme } from './theme.js';

const renderer = new PdfRenderer(loadTheme(join(import.meta.dirname, '../../templates')));

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
