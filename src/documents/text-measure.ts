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

/** A byte bound for an LruCache: the most it may hold, and what one entry costs. */
export interface ByteBound<K, V> {
  bytes: number;
  weigh: (key: K, value: V) => number;
}

/**
 * A map that keeps at most `limit` entries (and, with a byte bound, at most that many bytes
 * by its own estimate), dropping the least recently used ones first. Every cache in the
 * document path is one of these: a process renders documents for months, and each new name,
 * amount or invoice number adds entries that are never asked for again. Entry counts alone
 * were no bound on memory: a shaped word is 20 times a measured width, and long words more.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private heldBytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    readonly limit: number,
    private readonly bound?: ByteBound<K, V>,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('an LRU cache needs a limit >= 1');
    if (bound && !(bound.bytes > 0)) throw new Error('an LRU cache needs a byte limit > 0');
  }

  get size(): number {
    return this.entries.size;
  }

  /** The bytes held by the bound's estimate (0 without a byte bound). */
  get bytes(): number {
    return this.heldBytes;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // A Map iterates in insertion order: re-inserting makes this the most recent entry.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.remove(key);
    const bytes = this.bound ? this.bound.weigh(key, value) : 0;
    this.entries.set(key, { value, bytes });
    this.heldBytes += bytes;
    const maxBytes = this.bound?.bytes ?? Infinity;
    // The newest entry stays even if it alone is over the byte bound.
    while (this.entries.size > 1 && (this.entries.size > this.limit || this.heldBytes > maxBytes)) {
      this.remove(this.entries.keys().next().value!);
    }
  }

  private remove(key: K): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.heldBytes -= entry.bytes;
  }
}

/**
 * Widths cached per font: a word-sized string key and a number, ~100 bytes an entry
 * (`widthBytes`), at most 20,000 entries or 1 MiB a font (~10,000 words: the vocabulary of
 * many hundred invoices, labels, units, names, amounts), so a batch of documents still
 * measures its repeated words once.
 */
export const WIDTH_CACHE_ENTRIES = 20_000;
export const WIDTH_CACHE_BYTES = 1024 * 1024;

/** A cached width: the key string (two bytes a character at most), the Map entry, a number. */
const widthBytes = (key: string) => 96 + 2 * key.length;

/** What a cache holds and how well it serves, for the soak bench and tests. */
export interface CacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

export const statsOf = <K, V>(cache: LruCache<K, V>): CacheStats => ({
  entries: cache.size,
  bytes: cache.bytes,
  hits: cache.hits,
  misses: cache.misses,
});

export class TextMeasure {
  private readonly caches = new Map<ParsedFont, LruCache<string, number>>();

  constructor(
    private readonly fonts: Record<FontStyle, ParsedFont>,
    private readonly cacheLimit = WIDTH_CACHE_ENTRIES,
    private readonly cacheBytes = WIDTH_CACHE_BYTES,
  ) {}

  /** Entries in each font's width cache, for tests and health reporting. */
  cacheSizes(): number[] {
    return [...this.caches.values()].map((cache) => cache.size);
  }

  cacheStats(): CacheStats[] {
    return [...this.caches.values()].map(statsOf);
  }

  /** Advance width of `text` in thousandths of the font size. */
  units(text: string, style: FontStyle): number {
    const font = this.fonts[style];
    let cache = this.caches.get(font);
    if (!cache) {
      cache = new LruCache(this.cacheLimit, { bytes: this.cacheBytes, weigh: widthBytes });
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
