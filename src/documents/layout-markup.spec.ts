import { describe, expect, it } from '@jest/globals';
import { checkTemplateMarkup, MarkupError, parseLayout } from './layout-markup.js';

const doc = (body: string) =>
  `<document title="T" page-label="Seite {page} von {pages}">${body}</document>`;

function markupError(markup: string): MarkupError {
  try {
    parseLayout(markup);
  } catch (error) {
    if (error instanceof MarkupError) return error;
    throw error;
  }
  throw new Error('expected a MarkupError');
}

describe('layout markup', () => {
  it('parses headings, paragraphs with bold and italic, and collapses white space', () => {
    const layout = parseLayout(
      doc('<h1>Titel</h1>\n<p>  Ein   <b>fetter</b> und <i>kursiver</i>\n Text </p>'),
    );
    expect(layout.pageLabel).toBe('Seite {page} von {pages}');
    expect(layout.blocks).toEqual([
      { type: 'heading', level: 1, content: [{ text: 'Titel', bold: false, italic: false }] },
      {
        type: 'paragraph',
        style: 'normal',
        align: 'left',
        content: [
          { text: 'Ein ', bold: false, italic: false },
          { text: 'fetter', bold: true, italic: false },
          { text: ' und ', bold: false, italic: false },
          { text: 'kursiver', bold: false, italic: true },
          { text: ' Text', bold: false, italic: false },
        ],
      },
    ]);
  });

  it('decodes entities Handlebars escapes with', () => {
    const layout = parseLayout(doc('<p>M&amp;S &lt;x&gt; &#x27;a&#x27; &#x3D; &quot;b&quot;</p>'));
    const [paragraph] = layout.blocks;
    expect(paragraph).toMatchObject({ content: [{ text: `M&S <x> 'a' = "b"` }] });
  });

  it('parses a table with widths, alignment, head and row styles', () => {
    const layout = parseLayout(
      doc(
        '<table widths="1,3" align="left,right"><head><cell>A</cell><cell>B</cell></head>' +
          '<row style="muted"><cell>1</cell><cell>2<br/>3</cell></row></table>',
      ),
    );
    expect(layout.blocks[0]).toMatchObject({
      type: 'table',
      widths: [1, 3],
      align: ['left', 'right'],
      head: [[{ text: 'A' }], [{ text: 'B' }]],
      rows: [{ style: 'muted', cells: [[{ text: '1' }], [{ text: '2' }, null, { text: '3' }]] }],
    });
  });

  it('reads the letterhead, footer columns, signatures and totals', () => {
    const layout = parseLayout(
      doc(
        '<footer><column>A<br/>B</column><column>C</column></footer>' +
          '<letter><sender>S</sender><address>X<br/>Y</address><info><item label="Datum">1.1.</item></info></letter>' +
          '<totals><line label="Netto">1 €</line><line label="Brutto" strong="true">2 €</line></totals>' +
          '<signatures><signature role="Auftraggeber" name="Jördis Weiß" detail="Ort, Datum"/></signatures>',
      ),
    );
    expect(layout.footer).toHaveLength(2);
    expect(layout.letter?.info).toEqual([
      { label: 'Datum', value: [{ text: '1.1.', bold: false, italic: false }] },
    ]);
    expect(layout.blocks[0]).toMatchObject({
      type: 'totals',
      lines: [{ strong: false }, { strong: true }],
    });
    expect(layout.blocks[1]).toEqual({
      type: 'signatures',
      parties: [{ role: 'Auftraggeber', name: 'Jördis Weiß', detail: 'Ort, Datum' }],
    });
  });

  it.each([
    [doc('\n<tabel/>'), 2, 'unknown element <tabel>'],
    [doc('\n\n<p colour="red">x</p>'), 3, 'unknown attribute colour on <p>'],
    [doc('<p style="huge">x</p>'), 1, 'style="huge" on <p> must be one of'],
    [doc('<ul><p>x</p></ul>'), 1, '<p> is not allowed inside <ul>'],
    [doc('<ul>loose text</ul>'), 1, 'not allowed inside <ul>'],
    [doc('<p>x</b></p>'), 1, ''],
    [doc('<table widths="1,2"><row><cell>a</cell></row></table>'), 1, 'widths names 2'],
    [
      doc('<table><row><cell>a</cell></row><row><cell>a</cell><cell>b</cell></row></table>'),
      1,
      'cells',
    ],
    ['<p>no document</p>', 1, 'root element must be <document>'],
  ])('refuses bad markup with its line: %s', (markup, line, reason) => {
    const error = markupError(markup);
    expect(error.line).toBe(line);
    expect(error.reason).toContain(reason);
  });
});

describe('template markup check (expressions blanked out)', () => {
  it('accepts a body template whose elements belong in <document>', () => {
    expect(() => checkTemplateMarkup('<h1>   </h1>\n<p>     </p>', false)).not.toThrow();
  });

  it('refuses a body element outside <document> and reports its line', () => {
    expect(() => checkTemplateMarkup('<h1>x</h1>\n\n<cell>x</cell>', false)).toThrow(
      expect.objectContaining({ line: 3, reason: '<cell> is not allowed inside <document>' }),
    );
  });

  it('lets a partial hold any known element, but no unknown one', () => {
    expect(() => checkTemplateMarkup('<row><cell> </cell></row>', true)).not.toThrow();
    expect(() => checkTemplateMarkup('<row>\n<celll/></row>', true)).toThrow(
      expect.objectContaining({ line: 2 }),
    );
  });
});
