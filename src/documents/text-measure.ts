import type { Inline } from './layout-markup.js';
import type { FontStyle, ParsedFont } from './theme.js';

/**
 * Text measurement and line breaking with the embedded fonts. Shaping a word through fontkit
 * is the most expensive step of laying out a page, and documents repeat the same words all
 * the time (labels, units, names, amounts), so widths are cached per font across documents,
 * not only within one, in an LRU cache of bounded size.
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

/**
 * A map that keeps at most `limit` entries, dropping the least recently used one first. Every
 * cache in the document path is one of these: a process renders documents for months, and
 * each new name, amount or invoice number adds entries that are never asked for again.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('an LRU cache needs a limit >= 1');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // A Map iterates in insertion order: re-inserting makes this the most recent entry.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}

/**
 * Widths cached per font: a word-sized string key and a number, ~100 bytes an entry, so
 * 20,000 entries (the vocabulary of many hundred invoices: labels, units, names, amounts) stay
 * under ~2 MiB a font while a batch of documents still measures its repeated words once.
 */
export const WIDTH_CACHE_ENTRIES = 20_000;

export class TextMeasure {
  private readonly caches = new Map<ParsedFont, LruCache<string, number>>();

  constructor(
    private readonly fonts: Record<FontStyle, ParsedFont>,
    private readonly cacheLimit = WIDTH_CACHE_ENTRIES,
  ) {}

  /** Entries in each font's width cache, for tests and health reporting. */
  cacheSizes(): number[] {
    return [...this.caches.values()].map((cache) => cache.size);
  }

  /** Advance width of `text` in thousandths of the font size. */
  units(text: string, style: FontStyle): number {
    const font = this.fonts[style];
    let cache = this.caches.get(font);
    if (!cache) {
      cache = new LruCache(this.cacheLimit);
      this.caches.set(font, cache);
    }
    let total = 0;
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text.charCodeAt(i) === 32) {
        const end = i === text.length ? i : i + 1;
        if (end > start) total += this.chunk(font, cache, text.slice(start, end));
        start = end;
      }
    }
    return total;
  }

  width(text: string, style: FontStyle, size: number): number {
    return (this.units(text, style) * size) / 1000;
  }

  private chunk(font: ParsedFont, cache: LruCache<string, number>, chunk: string): number {
    let units = cache.get(chunk);
    if (units === undefined) {
      units = (font.layout(chunk).advanceWidth * 1000) / font.unitsPerEm;
      cache.set(chunk, units);
    }
    return units;
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
