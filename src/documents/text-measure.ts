import type { Inline } from './layout-markup.js';
import type { FontStyle, ParsedFont } from './theme.js';

/**
 * Text measurement and line breaking with the embedded fonts. Shaping a word through fontkit
 * is the most expensive step of laying out a page, and documents repeat the same words all
 * the time (labels, units, names, amounts), so shaped words are cached per font across
 * documents, not only within one, in one bounded cache that measuring and drawing share: a
 * word is shaped once for both (`PdfRenderer` draws from the same cache).
 *
 * Words are measured the way PDFKit lays text out (split after each space), so the widths
 * used here for alignment are exactly the advances PDFKit draws.
 */
export interface Run {
  text: string;
  style: FontStyle;
  width: number;
}

export interface Line {
  runs: Run[];
  width: number;
}

/** A byte bound for a cache: the most it may hold, and what one entry costs. */
export interface ByteBound<K, V> {
  bytes: number;
  weigh: (key: K, value: V) => number;
}

/**
 * A bounded map in two generations, the young and the old: new entries and entries found in
 * the old generation go into the young one; when the young generation reaches `limit` entries
 * (or, with a byte bound, that many bytes by its own estimate), the old one is dropped and the
 * young one becomes old. So it holds less than twice its bound (bytes: plus one entry), keeps
 * everything used since the last turnover, and a hit costs one Map lookup. An LRU that re-inserted an entry on every
 * hit (a Map delete and set) cost about 15 % of a render's CPU. Every cache in the document
 * path is bounded: a process renders documents for months, and each new name, amount or
 * invoice number adds entries that are never asked for again.
 */
export class GenerationalCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private youngBytes = 0;
  private oldBytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    readonly limit: number,
    private readonly bound?: ByteBound<K, V>,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('a cache needs a limit >= 1');
    if (bound && !(bound.bytes > 0)) throw new Error('a cache needs a byte limit > 0');
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  /** The bytes held by the bound's estimate (0 without a byte bound). */
  get bytes(): number {
    return this.youngBytes + this.oldBytes;
  }

  /** Whether `key` is held, without counting or promoting it (for tests). */
  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  get(key: K): V | undefined {
    const young = this.young.get(key);
    if (young !== undefined) {
      this.hits++;
      return young;
    }
    const old = this.old.get(key);
    if (old === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    const bytes = this.weigh(key, old);
    this.old.delete(key);
    this.oldBytes -= bytes;
    this.add(key, old, bytes);
    return old;
  }

  set(key: K, value: V): void {
    const young = this.young.get(key);
    if (young !== undefined) this.youngBytes -= this.weigh(key, young);
    else {
      const old = this.old.get(key);
      if (old !== undefined) {
        this.old.delete(key);
        this.oldBytes -= this.weigh(key, old);
      }
    }
    this.young.delete(key);
    this.add(key, value, this.weigh(key, value));
  }

  private add(key: K, value: V, bytes: number): void {
    this.young.set(key, value);
    this.youngBytes += bytes;
    if (this.young.size >= this.limit || this.youngBytes >= (this.bound?.bytes ?? Infinity)) {
      this.old = this.young;
      this.oldBytes = this.youngBytes;
      this.young = new Map();
      this.youngBytes = 0;
    }
  }

  private weigh(key: K, value: V): number {
    return this.bound ? this.bound.weigh(key, value) : 0;
  }
}

/** What PDFKit's `EmbeddedFont.encode` reads of a glyph: its id, advance and code points. */
export interface ShapedGlyph {
  id: number;
  /** In font units, as fontkit gives it. */
  advanceWidth: number;
  codePoints: number[];
}

/** A glyph's position in thousandths of the font size, as PDFKit's `layoutRun` scales it. */
export interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

/**
 * A shaped word as PDFKit's `EmbeddedFont.layout` reads it, and its width as measured for
 * line breaking and alignment. The two widths are the same advance summed in a different
 * order (font units scaled once, or each position scaled): both are kept so that lines
 * break and align to the same fractions of a point as when they were computed apart.
 */
export interface ShapedWord {
  glyphs: ShapedGlyph[];
  positions: GlyphPosition[];
  /** Sum of the positions' `xAdvance`, in thousandths of the size (PDFKit's figure). */
  advanceWidth: number;
  /** The advance in thousandths of the size, for measuring. */
  units: number;
}

/**
 * Shaped words per font, shared by every document a renderer draws: at most 8,000 words or
 * 4 MiB by `shapedBytes` in the young generation (twice that in all), a worker's recurring
 * vocabulary many times over (a 40-line invoice has a few hundred distinct words).
 */
export const WORD_CACHE_ENTRIES = 8_000;
export const WORD_CACHE_BYTES = 4 * 1024 * 1024;

/**
 * A shaped word's estimate: the key string, the word and its arrays, and per glyph its
 * object, its code points and its position (~200 bytes, as measured on the heap).
 */
const shapedBytes = (key: string, word: ShapedWord) =>
  160 + 2 * key.length + 200 * word.glyphs.length;

/** What a cache holds and how well it serves, for the soak bench and tests. */
export interface CacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

export const statsOf = <K, V>(cache: GenerationalCache<K, V>): CacheStats => ({
  entries: cache.size,
  bytes: cache.bytes,
  hits: cache.hits,
  misses: cache.misses,
});

/** The parts of a fontkit glyph run that shaping reads (fontkit ships no types). */
interface FontkitRun {
  glyphs: Array<{ id: number; advanceWidth: number; codePoints: number[] }>;
  positions: Array<{ xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }>;
  advanceWidth: number;
}

/**
 * Shapes one word through fontkit. The glyphs' code points are copied: fontkit's glyph
 * objects are the parsed font's, shared, and rewritten by later shaping (see
 * `trackCodePoints` in pdf-renderer.ts). Positions are scaled exactly as PDFKit's
 * `EmbeddedFont.layoutRun` scales them, so drawn documents keep every byte.
 */
function shape(font: ParsedFont, text: string): ShapedWord {
  const run = font.layout(text) as unknown as FontkitRun;
  const scale = 1000 / font.unitsPerEm;
  const glyphs: ShapedGlyph[] = [];
  const positions: GlyphPosition[] = [];
  let advanceWidth = 0;
  for (let i = 0; i < run.glyphs.length; i++) {
    const glyph = run.glyphs[i];
    const position = run.positions[i];
    glyphs.push({
      id: glyph.id,
      advanceWidth: glyph.advanceWidth,
      codePoints: [...glyph.codePoints],
    });
    positions.push({
      xAdvance: position.xAdvance * scale,
      yAdvance: position.yAdvance * scale,
      xOffset: position.xOffset * scale,
      yOffset: position.yOffset * scale,
      advanceWidth: glyph.advanceWidth * scale,
    });
    advanceWidth += position.xAdvance * scale;
  }
  return { glyphs, positions, advanceWidth, units: (run.advanceWidth * 1000) / font.unitsPerEm };
}

export interface WordCacheLimits {
  /** Shaped words per font and generation. */
  wordsPerFont: number;
  /** Estimated bytes of shaped words per font and generation. */
  bytesPerFont: number;
}

export class TextMeasure {
  private readonly caches = new Map<ParsedFont, GenerationalCache<string, ShapedWord>>();
  private readonly limits: WordCacheLimits;

  constructor(
    private readonly fonts: Record<FontStyle, ParsedFont>,
    limits: Partial<WordCacheLimits> = {},
  ) {
    this.limits = {
      wordsPerFont: limits.wordsPerFont ?? WORD_CACHE_ENTRIES,
      bytesPerFont: limits.bytesPerFont ?? WORD_CACHE_BYTES,
    };
  }

  /** What each font's word cache holds and its hits and misses, for tests and the soak. */
  cacheStats(): CacheStats[] {
    return [...this.caches.values()].map(statsOf);
  }

  /** `text` (one word, or a word and the space after it) shaped in `font`, from the cache. */
  shaped(font: ParsedFont, text: string): ShapedWord {
    let cache = this.caches.get(font);
    if (!cache) {
      cache = new GenerationalCache(this.limits.wordsPerFont, {
        bytes: this.limits.bytesPerFont,
        weigh: shapedBytes,
      });
      this.caches.set(font, cache);
    }
    let word = cache.get(text);
    if (word === undefined) {
      word = shape(font, text);
      cache.set(text, word);
    }
    return word;
  }

  /** Advance width of `text` in thousandths of the font size. */
  units(text: string, style: FontStyle): number {
    const font = this.fonts[style];
    let total = 0;
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text.charCodeAt(i) === 32) {
        const end = i === text.length ? i : i + 1;
        if (end > start) total += this.shaped(font, text.slice(start, end)).units;
        start = end;
      }
    }
    return total;
  }

  width(text: string, style: FontStyle, size: number): number {
    return (this.units(text, style) * size) / 1000;
  }

  /**
   * Breaks inline content into lines no wider than `maxWidth`. `bold` makes the whole text
   * bold (headings, table heads). Breaks at spaces; a word longer than a line is broken
   * between characters. A no-break space (U+00A0) never breaks.
   */
  wrap(content: Inline, maxWidth: number, size: number, bold = false): Line[] {
    const lines: Line[] = [];
    let line: Line = { runs: [], width: 0 };
    let pending: { text: string; style: FontStyle } | null = null;
    const push = (text: string, style: FontStyle, width: number) => {
      const last = line.runs[line.runs.length - 1];
      if (last && last.style === style) {
        last.text += text;
        last.width += width;
      } else {
        line.runs.push({ text, style, width });
      }
      line.width += width;
    };
    const newLine = () => {
      lines.push(line);
      line = { runs: [], width: 0 };
      pending = null;
    };
    for (const span of content) {
      if (span === null) {
        newLine();
        continue;
      }
      const style = styleOf(bold || span.bold, span.italic);
      const pieces = span.text.match(/[^ ]+| +/g) ?? [];
      for (const piece of pieces) {
        if (piece.charCodeAt(0) === 32) {
          if (line.runs.length > 0) pending = { text: piece, style };
          continue;
        }
        const width = this.width(piece, style, size);
        const spaceWidth = pending ? this.width(pending.text, pending.style, size) : 0;
        if (line.runs.length > 0 && line.width + spaceWidth + width > maxWidth) {
          newLine();
        } else if (pending) {
          push(pending.text, pending.style, spaceWidth);
          pending = null;
        }
        if (width <= maxWidth || line.runs.length > 0) {
          push(piece, style, width);
          continue;
        }
        this.breakWord(piece, style, size, maxWidth, push, newLine);
      }
    }
    if (line.runs.length > 0 || lines.length === 0) lines.push(line);
    return lines;
  }

  private breakWord(
    word: string,
    style: FontStyle,
    size: number,
    maxWidth: number,
    push: (text: string, style: FontStyle, width: number) => void,
    newLine: () => void,
  ): void {
    let part = '';
    for (const char of word) {
      if (part !== '' && this.width(part + char, style, size) > maxWidth) {
        push(part, style, this.width(part, style, size));
        newLine();
        part = '';
      }
      part += char;
    }
    if (part !== '') push(part, style, this.width(part, style, size));
  }
}

export function styleOf(bold: boolean, italic: boolean): FontStyle {
  if (bold) return italic ? 'boldItalic' : 'bold';
  return italic ? 'italic' : 'regular';
}
