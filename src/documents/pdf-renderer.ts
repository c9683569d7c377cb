import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import type { Align, Block, Inline, LayoutDocument } from './layout-markup.js';

type LetterHead = NonNullable<LayoutDocument['letter']>;
import {
  TextMeasure,
  type CacheStats,
  type Line,
  type ShapedGlyph,
  type ShapedWord,
  type WordCacheLimits,
} from './text-measure.js';
import {
  buildFixedSubset,
  type FixedSubset,
  type FontSubset,
  type SubsetSource,
} from './fixed-subset.js';
import {
  FONT_STYLES,
  type FontStyle,
  type LoadedTheme,
  type ParsedFont,
  type ThemeFile,
} from './theme.js';

/**
 * Draws a parsed layout document with PDFKit: A4, DIN 5008 letter layout on the first page,
 * running header and footer, "Seite x von y". Plain TypeScript without Nest, so it runs in a
 * worker thread, in tools and in tests alike.
 *
 * Layout happens before drawing: blocks become units of known height, the paginator places
 * them (rows never split, headings stay with what follows, at least two lines of a
 * paragraph on either side of a page break, table heads repeat), and only then is anything
 * drawn — so the page count is known when the footers are drawn and no page is buffered.
 */
export interface PdfAttachment {
  name: string;
  data: Uint8Array;
  mimeType: string;
  description?: string;
  /** PDF/A-3 AFRelationship, e.g. 'Alternative' for a Factur-X XML. */
  relationship?: 'Alternative' | 'Data' | 'Source' | 'Supplement' | 'Unspecified';
}

export interface RenderOptions {
  /** The document's creation date; from the snapshot, never "now", so output is repeatable. */
  creationDate: Date;
  /** 32 hex digits: the trailer /ID, derived from the snapshot. */
  documentId: string;
  /** PDF/A-3b (e-invoices): embedded fonts only, XMP metadata, sRGB output intent. */
  pdfa?: boolean;
  attachments?: PdfAttachment[];
  /** Extra XMP (rdf:Description elements) for PDF/A, e.g. the Factur-X `fx:` extension schema. */
  xmpExtension?: string;
  /** Pages added after the document, e.g. a sign-off certificate; see `LayoutAppendix`. */
  appendix?: LayoutAppendix;
}

/**
 * Pages after the document proper. They are paginated on their own and count their own pages
 * ("Zertifikat 1 von 1"), so the document's pages keep exactly the content and "Seite x von y"
 * they had without the appendix.
 */
export interface LayoutAppendix {
  pageLabel: string;
  blocks: Block[];
}

const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89 };

interface TextStyle {
  size: number;
  color: string;
  bold: boolean;
}

interface Unit {
  height: number;
  marginTop: number;
  marginBottom: number;
  keepWithNext: boolean;
  breakBefore: boolean;
  /** The table head to repeat when this unit opens a page. */
  head?: Unit;
  draw(painter: Painter, y: number): void;
}

interface Placed {
  unit: Unit;
  y: number;
}

/** The parts of PDFKit's embedded font the painter uses (PDFKit types don't expose them). */
interface EmbeddedFont {
  font: FontkitFont & ParsedFont;
  id: string;
  ascender: number;
  /** fontkit units to thousandths of the size. */
  scale: number;
  subset: FontSubset;
  /** Advance per subset glyph id, and its code points (the ToUnicode map). */
  widths: Array<number | undefined>;
  unicode: Array<readonly number[] | undefined>;
  layoutCached(text: string): ShapedWord;
  ref(): unknown;
  /** Writes the font program, its descriptor, widths and ToUnicode map; at the document's end. */
  embed(): void;
}

/**
 * Starts a document's subset with the fixed glyphs, so they get the fixed subset's ids, and
 * embeds the font program compressed once per worker when the document used no other glyph.
 * Glyphs the document did not use still get their widths and ToUnicode entries: the font
 * program holds them (PDF/A's CIDSet, written from the widths, must name every glyph in it).
 * A glyph the document used first keeps the code points it was used for, as before.
 */
function useFixedSubset(font: EmbeddedFont, doc: DocInternals, fixed: FixedSubset): void {
  font.subset.glyphs = [...fixed.glyphs];
  font.subset.mapping = { ...fixed.mapping };
  const embed = font.embed.bind(font);
  font.embed = () => {
    for (let gid = 0; gid < fixed.glyphs.length; gid++) {
      font.widths[gid] ??= fixed.widths[gid];
      font.unicode[gid] ??= fixed.unicode[gid];
    }
    // A glyph beyond the fixed ones: PDFKit subsets and compresses this document's font.
    if (font.subset.glyphs.length > fixed.glyphs.length) return embed();
    // PDFKit's embed creates the font program's stream first (`this.document.ref()`) and
    // deflates what `subset.encode()` returns; a stream that has a /Filter is written as given.
    const ref = doc.ref.bind(doc);
    doc.ref = (data?: object) => {
      doc.ref = ref;
      if (data !== undefined) throw new Error('PDFKit no longer creates the font file first');
      return ref({ Filter: 'FlateDecode' });
    };
    font.subset.encode = () => fixed.fontFile;
    try {
      embed();
    } finally {
      doc.ref = ref;
    }
  };
}

type DocInternals = PDFKit.PDFDocument & {
  _id: Buffer;
  _font: EmbeddedFont | null;
  /** Writes the Info fields into the XMP metadata, when the document ends. */
  _addInfo(): void;
};

/** The Info dictionary as PDFKit keeps it. */
interface DocumentInfo {
  Title?: string;
  Author?: string;
  Subject?: string;
  Keywords?: string;
  Creator?: string;
  Producer?: string;
  CreationDate: Date;
  ModDate?: Date;
}

/** A glyph id as four hex digits, from a table for the ids a subset usually has. */
const HEX4 = Array.from({ length: 1024 }, (_, gid) => gid.toString(16).padStart(4, '0'));
function hex4(gid: number): string {
  return HEX4[gid] ?? `0000${gid.toString(16)}`.slice(-4);
}

/** A number as PDFKit writes it into content streams: at most six decimals. */
function pdfNumber(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

interface FontkitFont {
  getGlyph(id: number, codePoints?: number[]): FontkitGlyph | null;
}

/** Fonts whose glyph cache `trackCodePoints` has already wrapped. */
const trackedFonts = new WeakSet<object>();

/**
 * fontkit creates each glyph object once per parsed font and keeps the code points it was
 * first asked for; a glyph first created without any (the base "O" of an "Ö" the subsetter
 * pulls in as a composite component) keeps none, and PDFKit writes that empty mapping into
 * every later document's ToUnicode ("Oktober" extracted as "ktober"). The fonts are parsed
 * once and shared by all documents, so the glyph is given the code points of the text being
 * shaped whenever fontkit names them; the subsetter's lookups, which name none, change
 * nothing. Shaping is synchronous and each shaped word copies its code points at once
 * (`shape` in text-measure.ts), so a later rewrite never reaches a word already shaped.
 */
function trackCodePoints(font: FontkitFont): void {
  if (trackedFonts.has(font)) return;
  trackedFonts.add(font);
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    if (glyph && codePoints && codePoints.length > 0) glyph.codePoints = codePoints;
    return glyph;
  };
}

/** The word cache's bounds per font (text-measure.ts), for tests. */
export type CacheLimits = WordCacheLimits;

export class PdfRenderer {
  private readonly measure: TextMeasure;
  private readonly t: ThemeFile;

  constructor(
    private readonly theme: LoadedTheme,
    limits: Partial<CacheLimits> = {},
  ) {
    this.measure = new TextMeasure(theme.fonts, limits);
    this.t = theme.file;
    for (const font of Object.values(theme.fonts)) trackCodePoints(font as unknown as FontkitFont);
  }

  /** What each font's shaped-word cache holds and its hits and misses, for tests and the soak. */
  cacheStats(): CacheStats[] {
    return this.measure.cacheStats();
  }

  /**
   * Points a document's embedded font at the shared shaped words, which line breaking has
   * mostly shaped already: PDFKit would shape every word anew in each document (its layout
   * cache lives in the document's font). Only PDFKit's own text path (the watermark, a run
   * with a combining mark) still asks the font; the painter reads the words itself. And gives
   * the font the fixed subset (fixed-subset.ts) before its first glyph is encoded.
   */
  private readonly prepareFont = (embedded: EmbeddedFont, doc: DocInternals): void => {
    embedded.layoutCached = (text) => this.measure.shaped(embedded.font, text);
    useFixedSubset(embedded, doc, this.fixedSubset(embedded.font));
  };

  /** One per face of the theme, so at most four, built when a document first uses the face. */
  private readonly fixedSubsets = new Map<object, FixedSubset>();

  private fixedSubset(font: EmbeddedFont['font']): FixedSubset {
    let fixed = this.fixedSubsets.get(font);
    if (!fixed) {
      fixed = buildFixedSubset(font as unknown as SubsetSource);
      this.fixedSubsets.set(font, fixed);
    }
    return fixed;
  }

  async render(layout: LayoutDocument, options: RenderOptions): Promise<Buffer> {
    const pages = this.paginate(layout);
    const doc = this.createDocument(layout, options);
    const painter = new Painter(doc, this.t, this.measure, this.prepareFont);
    const done = collect(doc);
    for (const [index, placed] of pages.entries()) {
      doc.addPage({ size: 'A4', margin: 0 });
      this.drawFurniture(painter, layout, index, pages.length);
      for (const { unit, y } of placed) unit.draw(painter, y);
    }
    if (options.appendix) {
      const appendix: LayoutDocument = {
        ...layout,
        letter: null,
        pageLabel: options.appendix.pageLabel,
        blocks: options.appendix.blocks,
      };
      const appendixPages = this.paginate(appendix);
      for (const [index, placed] of appendixPages.entries()) {
        doc.addPage({ size: 'A4', margin: 0 });
        this.drawFurniture(painter, appendix, index, appendixPages.length);
        for (const { unit, y } of placed) unit.draw(painter, y);
      }
    }
    if (options.pdfa && options.xmpExtension) doc.appendXML(options.xmpExtension);
    for (const attachment of options.attachments ?? []) {
      attachFile(doc, attachment, options.creationDate);
    }
    doc.end();
    return done;
  }

  private createDocument(layout: LayoutDocument, options: RenderOptions): DocInternals {
    if (!/^[0-9a-f]{32}$/.test(options.documentId)) {
      throw new Error('documentId must be 32 lower-case hex digits');
    }
    const doc = new PDFDocument({
      autoFirstPage: false,
      size: 'A4',
      margin: 0,
      // No default font: PDFKit would load Helvetica, a non-embedded standard font.
      font: null as unknown as string,
      pdfVersion: '1.7',
      subset: options.pdfa ? 'PDF/A-3b' : undefined,
      lang: layout.lang || undefined,
      displayTitle: true,
      info: {
        // An empty field is left out of Info, as PDFKit leaves it out of the XMP.
        ...(layout.title ? { Title: layout.title } : {}),
        ...(layout.author ? { Author: layout.author } : {}),
        ...(layout.subject ? { Subject: layout.subject } : {}),
        Creator: 'freigabe',
        Producer: 'freigabe (PDFKit)',
        CreationDate: options.creationDate,
        ModDate: options.creationDate,
      },
    }) as DocInternals;
    // PDFKit's XMP copies Info fields unescaped and leaves out ModDate; write it from Info.
    doc._addInfo = function (this: DocInternals) {
      this.appendXML(xmpOfInfo(this.info as DocumentInfo));
    };
    // PDFKit derives the trailer /ID from the info dictionary; take it from the snapshot.
    doc._id = Buffer.from(options.documentId, 'hex');
    deflateFast(doc);
    for (const style of FONT_STYLES) {
      doc.registerFont(style, this.theme.fonts[style] as unknown as Buffer);
    }
    return doc;
  }

  // ---- pagination -------------------------------------------------------------------------

  private get contentLeft() {
    return this.t.margins.left * MM;
  }
  private get contentWidth() {
    return A4.width - (this.t.margins.left + this.t.margins.right) * MM;
  }
  private get contentBottom() {
    return A4.height - (this.t.margins.bottom + this.t.footerHeight) * MM;
  }
  private pageTop(index: number, layout: LayoutDocument): number {
    if (index === 0 && layout.letter) return this.t.letter.bodyTop * MM;
    return (this.t.margins.top + this.t.headerHeight) * MM;
  }

  private paginate(layout: LayoutDocument): Placed[][] {
    const units = layout.blocks.flatMap((block) => this.units(block));
    const pages: Placed[][] = [[]];
    let y = this.pageTop(0, layout);
    let previousMargin = 0;
    const newPage = () => {
      pages.push([]);
      y = this.pageTop(pages.length - 1, layout);
      previousMargin = 0;
    };
    const fits = (height: number, margin: number) => y + margin + height <= this.contentBottom;
    for (let i = 0; i < units.length; i++) {
      const unit = units[i];
      const atTop = pages[pages.length - 1].length === 0;
      if (unit.breakBefore && !atTop) newPage();
      let margin = atTopOf(pages) ? 0 : Math.max(previousMargin, unit.marginTop);
      const chain = this.chainHeight(units, i, margin);
      const emptyPageRoom = this.contentBottom - this.pageTop(1, layout);
      if (!atTopOf(pages) && !fits(chain, 0) && chain <= emptyPageRoom) {
        newPage();
        margin = 0;
      } else if (!atTopOf(pages) && !fits(unit.height, margin)) {
        newPage();
        margin = 0;
      }
      if (atTopOf(pages) && unit.head && pages.length > 1) {
        const previous = pages[pages.length - 2];
        // A table that continues: its head opens the new page.
        if (previous.length > 0 && previous[previous.length - 1].unit.head === unit.head) {
          pages[pages.length - 1].push({ unit: unit.head, y });
          y += unit.head.height;
        }
      }
      y += margin;
      pages[pages.length - 1].push({ unit, y });
      y += unit.height;
      previousMargin = unit.marginBottom;
    }
    return pages;

    function atTopOf(all: Placed[][]) {
      return all[all.length - 1].length === 0;
    }
  }

  /** Height from unit i through the end of its keep-with-next chain. */
  private chainHeight(units: Unit[], i: number, margin: number): number {
    let height = margin + units[i].height;
    let j = i;
    while (units[j].keepWithNext && j + 1 < units.length && !units[j + 1].breakBefore) {
      const next = units[j + 1];
      height += Math.max(units[j].marginBottom, next.marginTop) + next.height;
      j += 1;
    }
    return height;
  }

  // ---- blocks to units --------------------------------------------------------------------

  private units(block: Block): Unit[] {
    switch (block.type) {
      case 'heading':
        return [this.headingUnit(block)];
      case 'paragraph':
        return this.paragraphUnits(block.content, block.style, block.align);
      case 'list':
        return this.listUnits(block);
      case 'kv':
        return this.kvUnits(block);
      case 'table':
        return this.tableUnits(block);
      case 'totals':
        return [this.totalsUnit(block)];
      case 'signatures':
        return [this.signaturesUnit(block)];
      case 'keep':
        return this.keepUnits(block.blocks);
      case 'page-break':
        return [pageBreakUnit()];
      case 'image':
        return [this.imageUnit(block.src, block.widthMm, block.align)];
      case 'spacer':
        return [plainUnit(block.heightMm * MM, () => undefined)];
      case 'rule':
        return [this.ruleUnit()];
    }
  }

  private headingUnit(block: Extract<Block, { type: 'heading' }>): Unit {
    const s = this.t.sizes;
    const c = this.t.colors;
    const size = [s.h1, s.h2, s.h3][block.level - 1];
    const style = { size, color: block.level === 3 ? c.text : c.accent, bold: true };
    const margins = [
      [0, 3],
      [5, 2],
      [3.5, 1],
    ][block.level - 1];
    const unit = this.textUnit(block.content, style, 'left', margins[0] * MM, margins[1] * MM);
    unit.keepWithNext = true;
    return unit;
  }

  private listUnits(block: Extract<Block, { type: 'list' }>): Unit[] {
    return block.items.map((item, index) =>
      this.listItemUnit(
        item,
        block.ordered ? `${block.start + index}.` : '•',
        index === 0 ? 1 * MM : 0,
        index === block.items.length - 1 ? 2.5 * MM : 0.8 * MM,
      ),
    );
  }

  private kvUnits(block: Extract<Block, { type: 'kv' }>): Unit[] {
    return block.items.map((item, index) =>
      this.kvUnit(
        item,
        index === 0 ? 1 * MM : 0,
        index === block.items.length - 1 ? 3 * MM : 0.6 * MM,
      ),
    );
  }

  private ruleUnit(): Unit {
    const unit = plainUnit(0.5, (p, y) =>
      p.line(this.contentLeft, y, this.contentLeft + this.contentWidth, y, this.t.colors.rule, 0.5),
    );
    unit.marginTop = 2 * MM;
    unit.marginBottom = 2 * MM;
    return unit;
  }

  private lineHeight(size: number): number {
    return size * this.t.lineHeight;
  }

  private textUnit(
    content: Inline,
    style: TextStyle,
    align: Align,
    marginTop: number,
    marginBottom: number,
  ): Unit {
    const lines = this.measure.wrap(content, this.contentWidth, style.size, style.bold);
    const lh = this.lineHeight(style.size);
    return {
      height: lines.length * lh,
      marginTop,
      marginBottom,
      keepWithNext: false,
      breakBefore: false,
      draw: (p, y) =>
        lines.forEach((line, i) =>
          p.textLine(line, this.contentLeft, this.contentWidth, y + i * lh, style, align),
        ),
    };
  }

  /** One unit per line, so paragraphs can break across pages — never leaving a single line. */
  private paragraphUnits(
    content: Inline,
    kind: 'normal' | 'small' | 'muted' | 'lead',
    align: Align,
  ): Unit[] {
    const s = this.t.sizes;
    const style: TextStyle = {
      size: kind === 'small' || kind === 'muted' ? s.small : kind === 'lead' ? s.lead : s.body,
      color: kind === 'muted' ? this.t.colors.muted : this.t.colors.text,
      bold: false,
    };
    const lines = this.measure.wrap(content, this.contentWidth, style.size);
    const lh = this.lineHeight(style.size);
    return lines.map((line, i) => ({
      height: lh,
      marginTop: i === 0 ? 0 : 0,
      marginBottom: i === lines.length - 1 ? 2.2 * MM : 0,
      // Orphans and widows: the first two and the last two lines stay together.
      keepWithNext: lines.length > 1 && (i === 0 || i === lines.length - 2),
      breakBefore: false,
      draw: (p: Painter, y: number) =>
        p.textLine(line, this.contentLeft, this.contentWidth, y, style, align),
    }));
  }

  private listItemUnit(
    item: Inline,
    marker: string,
    marginTop: number,
    marginBottom: number,
  ): Unit {
    const style: TextStyle = { size: this.t.sizes.body, color: this.t.colors.text, bold: false };
    const indent = 5 * MM;
    const lines = this.measure.wrap(item, this.contentWidth - indent, style.size);
    const markerLine: Line = {
      runs: [
        {
          text: marker,
          style: 'regular',
          width: this.measure.width(marker, 'regular', style.size),
        },
      ],
      width: 0,
    };
    const lh = this.lineHeight(style.size);
    return {
      height: lines.length * lh,
      marginTop,
      marginBottom,
      keepWithNext: false,
      breakBefore: false,
      draw: (p, y) => {
        p.textLine(
          markerLine,
          this.contentLeft + 1 * MM,
          indent,
          y,
          { ...style, color: this.t.colors.accent },
          'left',
        );
        lines.forEach((line, i) =>
          p.textLine(
            line,
            this.contentLeft + indent,
            this.contentWidth - indent,
            y + i * lh,
            style,
            'left',
          ),
        );
      },
    };
  }

  private kvUnit(
    item: { label: string; value: Inline },
    marginTop: number,
    marginBottom: number,
  ): Unit {
    const size = this.t.sizes.body;
    const labelWidth = Math.min(50 * MM, this.contentWidth * 0.35);
    const labelStyle: TextStyle = { size, color: this.t.colors.muted, bold: false };
    const valueStyle: TextStyle = { size, color: this.t.colors.text, bold: false };
    const labels = this.measure.wrap(
      [{ text: item.label, bold: false, italic: false }],
      labelWidth - 3 * MM,
      size,
    );
    const values = this.measure.wrap(item.value, this.contentWidth - labelWidth, size);
    const lh = this.lineHeight(size);
    return {
      height: Math.max(labels.length, values.length) * lh,
      marginTop,
      marginBottom,
      keepWithNext: false,
      breakBefore: false,
      draw: (p, y) => {
        labels.forEach((line, i) =>
          p.textLine(line, this.contentLeft, labelWidth, y + i * lh, labelStyle, 'left'),
        );
        values.forEach((line, i) =>
          p.textLine(
            line,
            this.contentLeft + labelWidth,
            this.contentWidth - labelWidth,
            y + i * lh,
            valueStyle,
            'left',
          ),
        );
      },
    };
  }

  private tableUnits(table: Extract<Block, { type: 'table' }>): Unit[] {
    const total = table.widths.reduce((sum, w) => sum + w, 0);
    const widths = table.widths.map((w) => (w / total) * this.contentWidth);
    const xs = widths.map(
      (_, i) => this.contentLeft + widths.slice(0, i).reduce((a, b) => a + b, 0),
    );
    const columns: TableColumns = { xs, widths, align: table.align };
    const size = this.t.sizes.table;
    const c = this.t.colors;
    const head = table.head
      ? this.tableRowUnit(
          columns,
          table.head,
          { size, color: c.text, bold: true },
          c.tableHead,
          false,
        )
      : undefined;
    const units: Unit[] = [];
    if (head) {
      head.keepWithNext = true;
      head.marginTop = 1.5 * MM;
      units.push(head);
    }
    table.rows.forEach((r, index) => {
      const style: TextStyle = {
        size,
        color: r.style === 'muted' ? c.muted : c.text,
        bold: r.style === 'strong',
      };
      const unit = this.tableRowUnit(columns, r.cells, style, null, true);
      unit.head = head;
      if (index === 0 && !head) unit.marginTop = 1.5 * MM;
      if (index === table.rows.length - 1) unit.marginBottom = 3 * MM;
      units.push(unit);
    });
    return units;
  }

  private tableRowUnit(
    columns: TableColumns,
    cells: Inline[],
    style: TextStyle,
    background: string | null,
    rule: boolean,
  ): Unit {
    const padX = 1.5 * MM;
    const padY = 1.1 * MM;
    const { xs, widths, align } = columns;
    const lh = this.lineHeight(style.size);
    const wrapped = cells.map((cell, i) =>
      this.measure.wrap(cell, widths[i] - 2 * padX, style.size, style.bold),
    );
    const height = Math.max(...wrapped.map((lines) => lines.length)) * lh + 2 * padY;
    const left = this.contentLeft;
    const right = left + this.contentWidth;
    return plainUnit(height, (p, y) => {
      if (background) p.rect(left, y, this.contentWidth, height, background);
      wrapped.forEach((lines, i) =>
        lines.forEach((line, n) =>
          p.textLine(line, xs[i] + padX, widths[i] - 2 * padX, y + padY + n * lh, style, align[i]),
        ),
      );
      if (rule) p.line(left, y + height, right, y + height, this.t.colors.rule, 0.4);
    });
  }

  private totalsUnit(block: Extract<Block, { type: 'totals' }>): Unit {
    const size = this.t.sizes.body;
    const lh = this.lineHeight(size) + 0.6 * MM;
    const width = Math.min(85 * MM, this.contentWidth * 0.55);
    const x = this.contentLeft + this.contentWidth - width;
    const c = this.t.colors;
    const lines = block.lines.map((line) => ({
      label: this.measure.wrap(
        [{ text: line.label, bold: line.strong, italic: false }],
        width * 0.6,
        size,
      )[0],
      value: this.measure.wrap(line.value, width * 0.4, size, line.strong)[0],
      strong: line.strong,
    }));
    return {
      height: lines.length * lh + 1.5 * MM,
      marginTop: 2 * MM,
      marginBottom: 4 * MM,
      keepWithNext: false,
      breakBefore: false,
      draw: (p, y) => {
        let top = y;
        for (const line of lines) {
          if (line.strong) {
            p.line(x, top + 0.5 * MM, x + width, top + 0.5 * MM, c.text, 0.8);
            top += 1.5 * MM;
          }
          const style = { size, color: c.text, bold: line.strong };
          p.textLine(line.label, x, width * 0.6, top, style, 'left');
          p.textLine(line.value, x + width * 0.4, width * 0.6 - 1.5 * MM, top, style, 'right');
          top += lh;
        }
      },
    };
  }

  private signaturesUnit(block: Extract<Block, { type: 'signatures' }>): Unit {
    const gap = 12 * MM;
    const perRow = Math.min(2, Math.max(1, block.parties.length));
    const width = (this.contentWidth - gap * (perRow - 1)) / perRow;
    const small = this.t.sizes.small;
    const body = this.t.sizes.body;
    const c = this.t.colors;
    const one = (text: string, size: number, bold = false) =>
      this.measure.wrap([{ text, bold, italic: false }], width, size);
    const parties = block.parties.map((party) => ({
      detail: one(party.detail, small),
      name: one(party.name, body, true),
      role: one(party.role, small),
    }));
    const blockHeight = (party: (typeof parties)[number]) =>
      party.detail.length * this.lineHeight(small) +
      14 * MM +
      party.name.length * this.lineHeight(body) +
      party.role.length * this.lineHeight(small);
    const rows: Array<typeof parties> = [];
    for (let i = 0; i < parties.length; i += perRow) rows.push(parties.slice(i, i + perRow));
    const rowHeights = rows.map((row) => Math.max(...row.map(blockHeight)) + 4 * MM);
    return {
      height: rowHeights.reduce((a, b) => a + b, 0),
      marginTop: 8 * MM,
      marginBottom: 4 * MM,
      keepWithNext: false,
      breakBefore: false,
      draw: (p, y) => {
        let top = y;
        rows.forEach((row, r) => {
          row.forEach((party, i) => {
            const x = this.contentLeft + i * (width + gap);
            let yy = top;
            const muted = { size: small, color: c.muted, bold: false };
            party.detail.forEach((line) => {
              p.textLine(line, x, width, yy, muted, 'left');
              yy += this.lineHeight(small);
            });
            yy += 14 * MM;
            p.line(x, yy, x + width, yy, c.text, 0.6);
            yy += 1 * MM;
            party.name.forEach((line) => {
              p.textLine(line, x, width, yy, { size: body, color: c.text, bold: true }, 'left');
              yy += this.lineHeight(body);
            });
            party.role.forEach((line) => {
              p.textLine(line, x, width, yy, muted, 'left');
              yy += this.lineHeight(small);
            });
          });
          top += rowHeights[r];
        });
      },
    };
  }

  /** A <keep> group moves to the next page as a whole, if it fits on a page at all. */
  private keepUnits(blocks: Block[]): Unit[] {
    const inner = blocks.flatMap((block) => this.units(block));
    if (inner.length === 0) return [];
    const offsets: number[] = [];
    let height = 0;
    inner.forEach((unit, i) => {
      if (i > 0) height += Math.max(inner[i - 1].marginBottom, unit.marginTop);
      offsets.push(height);
      height += unit.height;
    });
    if (height > this.contentBottom - (this.t.margins.top + this.t.headerHeight) * MM) return inner;
    return [
      {
        height,
        marginTop: inner[0].marginTop,
        marginBottom: inner[inner.length - 1].marginBottom,
        keepWithNext: inner[inner.length - 1].keepWithNext,
        breakBefore: inner[0].breakBefore,
        draw: (p, y) => inner.forEach((unit, i) => unit.draw(p, y + offsets[i])),
      },
    ];
  }

  private imageUnit(src: string, widthMm: number, align: Align): Unit {
    const image = this.theme.images.get(src) ?? dataUrlPng(src);
    if (!image) throw new Error(`<image src="${src}">: no such image in the theme`);
    const width = Math.min(widthMm * MM, this.contentWidth);
    const height = (width * image.heightPx) / image.widthPx;
    const x =
      align === 'left'
        ? this.contentLeft
        : align === 'right'
          ? this.contentLeft + this.contentWidth - width
          : this.contentLeft + (this.contentWidth - width) / 2;
    const unit = plainUnit(height, (p, y) => p.image(image.data, x, y, width));
    unit.marginBottom = 2 * MM;
    return unit;
  }

  // ---- page furniture -----------------------------------------------------------------------

  private drawFurniture(p: Painter, layout: LayoutDocument, index: number, pageCount: number) {
    const s = this.t.sizes;
    if (layout.watermark)
      p.watermark(
        layout.watermark,
        A4.width / 2,
        A4.height / 2,
        s.watermark,
        this.t.colors.watermark,
      );
    if (index === 0 && layout.letter) this.drawLetterHead(p, layout.letter);
    else this.drawRunningHeader(p, layout.header);
    this.drawPageFooter(p, layout, index, pageCount);
  }

  private drawLetterHead(p: Painter, letter: LetterHead) {
    if (this.t.logo) this.drawLogo(p, this.t.logo);
    else if (letter.brand) this.drawBrand(p, letter.brand);
    this.drawSenderAndAddress(p, letter);
    this.drawLetterInfo(p, letter.info);
    if (this.t.letter.foldMarks) {
      for (const mark of [105, 148.5, 210])
        p.line(
          4 * MM,
          mark * MM,
          (mark === 148.5 ? 9 : 7) * MM,
          mark * MM,
          this.t.colors.muted,
          0.4,
        );
    }
  }

  private drawLogo(p: Painter, placement: NonNullable<ThemeFile['logo']>) {
    const logo = this.theme.images.get(placement.image)!;
    p.image(
      logo.data,
      A4.width - this.t.margins.right * MM - placement.width * MM,
      placement.top * MM,
      placement.width * MM,
    );
  }

  private drawBrand(p: Painter, text: string) {
    const brand = { size: this.t.sizes.h1 + 1, color: this.t.colors.accent, bold: true };
    const lines = this.measure.wrap(
      [{ text, bold: true, italic: false }],
      this.contentWidth * 0.7,
      brand.size,
    );
    let y = this.t.margins.top * MM + 4 * MM;
    for (const line of lines) {
      p.textLine(line, this.contentLeft, this.contentWidth, y, brand, 'right');
      y += this.lineHeight(brand.size);
    }
  }

  /** The DIN 5008 address field: the underlined sender line above the recipient's address. */
  private drawSenderAndAddress(p: Painter, letter: LetterHead) {
    const { sizes: s, colors: c, letter: l } = this.t;
    const ax = l.addressLeft * MM + 5 * MM;
    const aw = l.addressWidth * MM - 10 * MM;
    const senderStyle = { size: s.sender, color: c.muted, bold: false };
    const sender = this.measure.wrap(letter.sender, aw, s.sender);
    let y =
      (l.addressTop + l.senderHeight) * MM - sender.length * this.lineHeight(s.sender) - 0.8 * MM;
    for (const line of sender) {
      p.textLine(line, ax, aw, y, senderStyle, 'left');
      y += this.lineHeight(s.sender);
    }
    p.line(ax, y + 0.3 * MM, ax + Math.min(aw, sender[0]?.width ?? 0), y + 0.3 * MM, c.muted, 0.3);
    const addressStyle = { size: s.body + 0.5, color: c.text, bold: false };
    const address = this.measure.wrap(letter.address, aw, addressStyle.size);
    y = (l.addressTop + 17.7) * MM;
    for (const line of address) {
      p.textLine(line, ax, aw, y, addressStyle, 'left');
      y += this.lineHeight(addressStyle.size);
    }
  }

  private drawLetterInfo(p: Painter, info: LetterHead['info']) {
    const { sizes: s, colors: c, letter: l } = this.t;
    const ix = l.infoLeft * MM;
    const iw = l.infoWidth * MM;
    // The widest label and a gutter, at least the 25 mm the column always had: a long label
    // ("Leistungszeitraum") ran into its value.
    const widest = Math.max(
      ...info.map((item) => this.measure.width(item.label, 'regular', s.small)),
    );
    const labelWidth = Math.min(Math.max(25 * MM, widest + 3 * MM), iw / 2);
    const lh = this.lineHeight(s.small);
    let y = l.infoTop * MM;
    for (const item of info) {
      const label = this.measure.wrap(
        [{ text: item.label, bold: false, italic: false }],
        labelWidth,
        s.small,
      );
      const value = this.measure.wrap(item.value, iw - labelWidth, s.small);
      const labelStyle = { size: s.small, color: c.muted, bold: false };
      const valueStyle = { size: s.small, color: c.text, bold: false };
      label.forEach((line, i) => p.textLine(line, ix, labelWidth, y + i * lh, labelStyle, 'left'));
      value.forEach((line, i) =>
        p.textLine(line, ix + labelWidth, iw - labelWidth, y + i * lh, valueStyle, 'left'),
      );
      y += Math.max(label.length, value.length) * lh;
    }
  }

  /** Pages without the letter head: the first header line over a rule. */
  private drawRunningHeader(p: Painter, text: LayoutDocument['header']) {
    const { sizes: s, colors: c } = this.t;
    const left = this.contentLeft;
    const top = this.t.margins.top * MM;
    const header = this.measure.wrap(text, this.contentWidth, s.header);
    const style = { size: s.header, color: c.muted, bold: false };
    header
      .slice(0, 1)
      .forEach((line) => p.textLine(line, left, this.contentWidth, top, style, 'left'));
    const ruleY = top + this.lineHeight(s.header) + 1 * MM;
    p.line(left, ruleY, left + this.contentWidth, ruleY, c.rule, 0.5);
  }

  /** Page label, a rule, then the company columns. */
  private drawPageFooter(p: Painter, layout: LayoutDocument, index: number, pageCount: number) {
    const { sizes: s, colors: c } = this.t;
    const left = this.contentLeft;
    const footerTop = A4.height - (this.t.margins.bottom + this.t.footerHeight) * MM + 3 * MM;
    const label = layout.pageLabel
      .replace('{page}', String(index + 1))
      .replace('{pages}', String(pageCount));
    const labelLine = this.measure.wrap(
      [{ text: label, bold: false, italic: false }],
      this.contentWidth,
      s.footer,
    );
    const style = { size: s.footer, color: c.muted, bold: false };
    labelLine
      .slice(0, 1)
      .forEach((line) => p.textLine(line, left, this.contentWidth, footerTop, style, 'right'));
    const ruleY = footerTop + this.lineHeight(s.footer) + 1 * MM;
    p.line(left, ruleY, left + this.contentWidth, ruleY, c.rule, 0.5);
    this.drawFooterColumns(p, layout.footer, ruleY + 1.5 * MM);
  }

  /** Narrows columns to fit `room`, taking from each what it can give before a word breaks. */
  private shrinkColumns(
    columns: Inline[],
    natural: number[],
    room: number,
    size: number,
  ): number[] {
    const minimal = columns.map((column) => {
      let widest = 0;
      for (const span of column) {
        if (!span) continue;
        const style = span.bold
          ? span.italic
            ? 'boldItalic'
            : 'bold'
          : span.italic
            ? 'italic'
            : 'regular';
        for (const word of span.text.split(' '))
          widest = Math.max(widest, this.measure.width(word, style, size));
      }
      return widest;
    });
    const need = natural.reduce((a, b) => a + b, 0) - room;
    const slack = natural.map((w, i) => w - minimal[i]);
    const totalSlack = slack.reduce((a, b) => a + b, 0);
    if (totalSlack < need) return natural.map((w) => (w * room) / (room + need));
    return natural.map((w, i) => w - (need * slack[i]) / totalSlack);
  }

  /**
   * Footer columns get their natural width when they fit and share the spare room as gaps,
   * so a long register entry does not wrap just because another column is short.
   */
  private drawFooterColumns(p: Painter, columns: Inline[], top: number): void {
    if (columns.length === 0) return;
    const s = this.t.sizes;
    const style = { size: s.footer, color: this.t.colors.muted, bold: false };
    const minGap = 3 * MM;
    const natural = columns.map((column) =>
      Math.max(
        ...this.measure.wrap(column, Number.MAX_SAFE_INTEGER, s.footer).map((line) => line.width),
      ),
    );
    const room = this.contentWidth - minGap * (columns.length - 1);
    const total = natural.reduce((a, b) => a + b, 0);
    const widths = total <= room ? natural : this.shrinkColumns(columns, natural, room, s.footer);
    const gap =
      columns.length > 1
        ? (this.contentWidth - widths.reduce((a, b) => a + b, 0)) / (columns.length - 1)
        : 0;
    let x = this.contentLeft;
    columns.forEach((column, i) => {
      const lines = this.measure.wrap(column, widths[i] + 0.01, s.footer);
      lines.forEach((line, n) =>
        p.textLine(line, x, widths[i], top + n * this.lineHeight(s.footer), style, 'left'),
      );
      x += widths[i] + gap;
    });
  }
}

/** Where a table's columns start, how wide each is, and how its cells align. */
interface TableColumns {
  xs: number[];
  widths: number[];
  align: Align[];
}

function pageBreakUnit(): Unit {
  return {
    height: 0,
    marginTop: 0,
    marginBottom: 0,
    keepWithNext: false,
    breakBefore: true,
    draw: () => undefined,
  };
}

function plainUnit(height: number, draw: Unit['draw']): Unit {
  return { height, marginTop: 0, marginBottom: 0, keepWithNext: false, breakBefore: false, draw };
}

/**
 * What PDFKit's `doc.file` writes for an attachment (the embedded file stream with its
 * /Params, the file specification, the EmbeddedFiles name tree entry and the catalog's /AF),
 * with the /CheckSum that PDF/A-3 asks for computed by Node's native MD5: PDFKit's own is
 * JavaScript and took about 7 % of an invoice's render for its factur-x.xml. Same bytes.
 */
function attachFile(doc: DocInternals, attachment: PdfAttachment, date: Date): void {
  const data = Buffer.from(attachment.data);
  const file = doc.ref({
    Type: 'EmbeddedFile',
    Params: {
      CreationDate: date,
      ModDate: date,
      CheckSum: new String(createHash('md5').update(data).digest('hex')),
      Size: data.byteLength,
    },
    Subtype: pdfName(attachment.mimeType),
  });
  file.end(data);
  const spec = doc.ref({
    Type: 'Filespec',
    AFRelationship: attachment.relationship ?? 'Unspecified',
    F: new String(attachment.name),
    EF: { F: file },
    UF: new String(attachment.name),
    ...(attachment.description ? { Desc: new String(attachment.description) } : {}),
  });
  spec.end(undefined);
  const internals = doc as unknown as {
    _root: { data: { AF?: PDFKit.PDFKitReference[] } };
  };
  doc.addNamedEmbeddedFile(attachment.name, spec);
  (internals._root.data.AF ??= []).push(spec);
}

/** A PDF name's characters as PDFKit escapes them (`text/xml` → `text#2Fxml`). */
function pdfName(name: string): string {
  const hex = (c: string) => `#${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  return name.replace(/[^\x21-\x7e\x80-\uffff]|[#%()/<>[\]{}]/g, hex);
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** The drawing primitives, with the font, size and colour state kept to skip redundant operators. */
class Painter {
  private font: FontStyle | null = null;
  private color: string | null = null;
  private readonly ascent: number;
  private readonly contentHeight: number;
  private readonly prepared = new WeakSet<EmbeddedFont>();

  constructor(
    private readonly doc: DocInternals,
    private readonly t: ThemeFile,
    private readonly measure: TextMeasure,
    private readonly prepare: (font: EmbeddedFont, doc: DocInternals) => void,
  ) {
    // Metrics of the regular face; the family's faces share them.
    const font = (
      doc as unknown as {
        _registeredFonts: Record<
          string,
          { src: { ascent: number; descent: number; unitsPerEm: number } }
        >;
      }
    )._registeredFonts.regular.src;
    this.ascent = font.ascent / font.unitsPerEm;
    this.contentHeight = (font.ascent - font.descent) / font.unitsPerEm;
  }

  /** Draws one laid-out line whose line box starts at `top`. */
  textLine(
    line: Line,
    x: number,
    width: number,
    top: number,
    style: TextStyle,
    align: Align,
  ): void {
    const lineHeight = style.size * this.t.lineHeight;
    // PDFKit positions text by the top of the ascender; centre the glyph box in the line box.
    const y = top + (lineHeight - this.contentHeight * style.size) / 2;
    let cx =
      align === 'right'
        ? x + width - line.width
        : align === 'center'
          ? x + (width - line.width) / 2
          : x;
    this.setColor(style.color);
    const operators: string[] = [];
    for (const run of line.runs) {
      const font = style.bold
        ? run.style === 'italic' || run.style === 'boldItalic'
          ? 'boldItalic'
          : 'bold'
        : run.style;
      this.setFont(font, style.size);
      const shown = this.showText(run.text, cx, y, style.size);
      if (shown === undefined) this.doc.text(run.text, cx, y, { lineBreak: false });
      else if (shown !== '') operators.push(shown);
      cx += run.width;
    }
    if (operators.length > 0) {
      const flip = `1 0 0 -1 0 ${pdfNumber(this.doc.page.height)} cm`;
      // As bytes: PDFKit converts a string operator by operator in JavaScript.
      const content = `q\n${flip}\nBT\n${operators.join('\n')}\nET\nQ\n`;
      this.doc.addContent(Buffer.from(content, 'latin1'));
    }
  }

  /**
   * The text operators PDFKit's `doc.text` writes for one run (font, position, glyphs with
   * their kerning), without the per-call work around them: its option handling, a graphics
   * state and a text object per run, and one content write per operator. A line's runs share
   * one text object. Glyphs still go through PDFKit's font, which adds them to the document's
   * subset and its ToUnicode map. '' for no glyphs; undefined when a glyph is positioned off
   * the baseline (a combining mark), a rare case left to PDFKit's own path.
   */
  private showText(text: string, x: number, top: number, size: number): string | undefined {
    const font = this.doc._font!;
    const segments: string[] = [];
    let glyphs = '';
    let last = 0;
    for (let i = 0; i <= text.length; i++) {
      const code = i < text.length ? text.charCodeAt(i) : -1;
      if (code !== 32 && code !== 9 && !(i === text.length && last < i)) continue;
      const word = this.measure.shaped(font.font, text.slice(last, i + 1));
      last = i + 1;
      for (let g = 0; g < word.glyphs.length; g++) {
        const { xAdvance, advanceWidth, xOffset, yOffset } = word.positions[g];
        if (xOffset || yOffset) return undefined;
        glyphs += hex4(this.include(font, word.glyphs[g]));
        if (xAdvance !== advanceWidth) {
          segments.push(`<${glyphs}> ${pdfNumber(advanceWidth - xAdvance)}`);
          glyphs = '';
        }
      }
    }
    if (glyphs !== '') segments.push(`<${glyphs}> 0`);
    if (segments.length === 0) return '';
    const page = this.doc.page as unknown as { fonts: Record<string, unknown> };
    page.fonts[font.id] ??= font.ref();
    // PDFKit's coordinates grow downwards from the top; text space grows upwards.
    const baseline = this.doc.page.height - top - font.ascender * (size / 1000);
    return `/${font.id} ${pdfNumber(size)} Tf\n1 0 0 1 ${pdfNumber(x)} ${pdfNumber(baseline)} Tm\n[${segments.join(' ')}] TJ`;
  }

  /**
   * What PDFKit's `EmbeddedFont.encode` does per glyph: adds it to the document's subset and
   * records its width and code points for the font's widths and ToUnicode map on first use.
   */
  private include(font: EmbeddedFont, glyph: ShapedGlyph): number {
    const gid = font.subset.includeGlyph(glyph.id);
    font.widths[gid] ??= glyph.advanceWidth * font.scale;
    font.unicode[gid] ??= glyph.codePoints;
    return gid;
  }

  line(x1: number, y1: number, x2: number, y2: number, color: string, width: number): void {
    this.doc
      .save()
      .moveTo(x1, y1)
      .lineTo(x2, y2)
      .lineWidth(width)
      .strokeColor(color)
      .stroke()
      .restore();
  }

  rect(x: number, y: number, width: number, height: number, color: string): void {
    this.doc.save().rect(x, y, width, height).fillColor(color).fill().restore();
    this.color = null;
  }

  image(data: Buffer, x: number, y: number, width: number): void {
    this.doc.image(data, x, y, { width });
  }

  watermark(text: string, cx: number, cy: number, size: number, color: string): void {
    this.doc.save();
    this.doc.rotate(-55, { origin: [cx, cy] });
    this.setFont('bold', size);
    this.doc.fillColor(color);
    const width = this.doc.widthOfString(text);
    this.doc.text(text, cx - width / 2, cy - (size * this.ascent) / 2, { lineBreak: false });
    this.doc.restore();
    this.color = null;
  }

  private setFont(font: FontStyle, size: number): void {
    if (this.font !== font) {
      this.doc.font(font);
      const current = this.doc._font;
      if (current && !this.prepared.has(current)) {
        this.prepared.add(current);
        this.prepare(current, this.doc);
      }
      this.font = font;
    }
    this.doc.fontSize(size);
  }

  private setColor(color: string): void {
    if (this.color !== color) {
      this.doc.fillColor(color);
      this.color = color;
    }
  }
}

/** What `deflateFast` reads and changes of a PDFKit object (PDFReference). */
interface StreamObject {
  compress: boolean;
  buffer: Uint8Array[];
  finalize(): void;
}

/**
 * Compresses the document's streams (page contents, the XML attachment, the ToUnicode maps)
 * at zlib level 1 instead of PDFKit's default 6: measured on the distinct invoices, a third of
 * the deflate time for 3 % more bytes (about 1.6 KiB an invoice), and deflate was the largest
 * single cost of a render. PDFKit decides per object whether to compress (`compress`, which it
 * clears e.g. for the PDF/A metadata) and deflates when the object is written; this deflates
 * first, with the faster level, and tells PDFKit the stream is compressed already.
 */
function deflateFast(doc: DocInternals): void {
  const ref = doc.ref.bind(doc);
  doc.ref = (data?: object) => {
    const object = ref(data ?? {}) as unknown as StreamObject;
    const finalize = object.finalize.bind(object);
    object.finalize = () => {
      if (object.compress && object.buffer.length > 0) {
        object.buffer = [deflateSync(Buffer.concat(object.buffer), { level: 1 })];
        object.compress = false;
      }
      finalize();
    };
    return object as unknown as PDFKit.PDFKitReference;
  };
}

/**
 * The XMP counterparts of every Info entry, XML-escaped: PDF/A requires both to say the same
 * (ISO 19005-3 §6.6.2.3.1), and readers show the Info title as it was written ("A & B").
 * Dates to the second, in UTC, as PDFKit writes them into Info.
 */
export function xmpOfInfo(info: DocumentInfo): string {
  const date = (value: Date) => value.toISOString().split('.')[0] + 'Z';
  const prop = (name: string, value: string | undefined, wrap?: 'Alt' | 'Seq') => {
    if (value === undefined || value === '') return '';
    const text = escapeXml(value);
    if (!wrap) return `<${name}>${text}</${name}>\n`;
    const lang = wrap === 'Alt' ? ' xml:lang="x-default"' : '';
    return `<${name}><rdf:${wrap}><rdf:li${lang}>${text}</rdf:li></rdf:${wrap}></${name}>\n`;
  };
  return [
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">\n',
    prop('xmp:CreateDate', date(info.CreationDate)),
    prop('xmp:ModifyDate', info.ModDate && date(info.ModDate)),
    prop('xmp:CreatorTool', info.Creator),
    '</rdf:Description>\n',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">\n',
    prop('dc:title', info.Title, 'Alt'),
    prop('dc:creator', info.Author, 'Seq'),
    prop('dc:description', info.Subject, 'Alt'),
    '</rdf:Description>\n',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">\n',
    prop('pdf:Producer', info.Producer),
    prop('pdf:Keywords', info.Keywords),
    '</rdf:Description>',
  ].join('');
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An image generated for one document (e.g. a payment QR code): `data:image/png;base64,…`. */
function dataUrlPng(src: string): { data: Buffer; widthPx: number; heightPx: number } | undefined {
  const prefix = 'data:image/png;base64,';
  if (!src.startsWith(prefix)) return undefined;
  const data = Buffer.from(src.slice(prefix.length), 'base64');
  return { data, widthPx: data.readUInt32BE(16), heightPx: data.readUInt32BE(20) };
}
