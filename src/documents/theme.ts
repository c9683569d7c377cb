import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * The theme an admin edits in templates/theme.json: fonts, colours, sizes, page margins and
 * the letter geometry (DIN 5008 form B by default), plus images such as the logo. Lengths
 * are millimetres, font sizes points. Loading parses each font file exactly once per
 * process (or worker); every document then reuses the parsed font.
 */
export const FONT_STYLES = ['regular', 'bold', 'italic', 'boldItalic'] as const;
export type FontStyle = (typeof FONT_STYLES)[number];

export interface ThemeFile {
  fonts: Record<FontStyle, string>;
  sizes: {
    body: number;
    small: number;
    lead: number;
    table: number;
    h1: number;
    h2: number;
    h3: number;
    header: number;
    footer: number;
    sender: number;
    watermark: number;
  };
  /** Line height as a multiple of the font size. */
  lineHeight: number;
  colors: {
    text: string;
    muted: string;
    accent: string;
    rule: string;
    tableHead: string;
    tableStripe: string;
    watermark: string;
  };
  margins: { top: number; right: number; bottom: number; left: number };
  letter: {
    /** Height of the letterhead zone on the first page, where the logo sits. */
    headHeight: number;
    addressLeft: number;
    addressTop: number;
    addressWidth: number;
    addressHeight: number;
    /** The sender line at the top of the address window (Rücksendeangabe). */
    senderHeight: number;
    infoLeft: number;
    infoTop: number;
    infoWidth: number;
    /** Where the body starts on the first page. */
    bodyTop: number;
    foldMarks: boolean;
  };
  /** Space reserved at the bottom for the footer columns and the page label. */
  footerHeight: number;
  /** The running header on pages 2 and later. */
  headerHeight: number;
  logo: { image: string; width: number; top: number } | null;
  images: Record<string, string>;
}

/** The subset of a fontkit font the renderer uses (fontkit ships no types). */
export interface ParsedFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  layout(text: string): { advanceWidth: number };
}

export interface ThemeImage {
  data: Buffer;
  widthPx: number;
  heightPx: number;
}

export interface LoadedTheme {
  file: ThemeFile;
  fonts: Record<FontStyle, ParsedFont>;
  images: Map<string, ThemeImage>;
}

export class ThemeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThemeError';
  }
}

export function loadTheme(dir: string): LoadedTheme {
  const path = join(dir, 'theme.json');
  let file: ThemeFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as ThemeFile;
  } catch (error) {
    throw new ThemeError(`${path}: ${(error as Error).message}`);
  }
  checkTheme(file, path);
  const fonts = {} as Record<FontStyle, ParsedFont>;
  for (const style of FONT_STYLES) {
    fonts[style] = parseFont(join(dir, file.fonts[style]), path);
  }
  const images = new Map<string, ThemeImage>();
  for (const [name, relative] of Object.entries(file.images)) {
    images.set(name, readImage(join(dir, relative), `${path}: images.${name}`));
  }
  if (file.logo && !images.has(file.logo.image)) {
    throw new ThemeError(`${path}: logo.image "${file.logo.image}" is not one of images`);
  }
  return { file, fonts, images };
}

/**
 * Parses a TTF/OTF once through PDFKit's own font loader, so the renderer measures with
 * exactly the font object PDFKit embeds. Standard PDF fonts are never used: PDF/A requires
 * every font to be embedded.
 */
function parseFont(path: string, themePath: string): ParsedFont {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    throw new ThemeError(`${themePath}: font file ${path} cannot be read`);
  }
  const probe = new PDFDocument({ autoFirstPage: false, font: undefined });
  try {
    probe.font(data);
  } catch (error) {
    throw new ThemeError(
      `${themePath}: ${path} is not a TTF/OTF font (${(error as Error).message})`,
    );
  }
  const font = (probe as unknown as { _font: { font: ParsedFont } })._font.font;
  if (typeof font.layout !== 'function') throw new ThemeError(`${path} is not a TTF/OTF font`);
  decodeOutlinesOnce(font as unknown as GlyphSource);
  return font;
}

interface Glyph {
  _decode(): unknown;
}
interface GlyphSource {
  getGlyph(id: number, codePoints?: number[]): Glyph | null;
}

/**
 * Each document embeds a subset of its fonts, and fontkit's subsetter decodes the outline of
 * every glyph it includes — in every document, only to learn whether the glyph is composite.
 * Outlines never change, so each glyph is decoded once per process (or worker) and the decoded
 * outline is reused: a third of the embedding time. The font object is shared by all
 * documents; fontkit reads, never writes, a decoded outline.
 */
function decodeOutlinesOnce(font: GlyphSource): void {
  const getGlyph = font.getGlyph.bind(font);
  const prepared = new WeakSet<Glyph>();
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    if (glyph && !prepared.has(glyph)) {
      prepared.add(glyph);
      const decode = glyph._decode.bind(glyph);
      let outline: { value: unknown } | undefined;
      glyph._decode = () => (outline ??= { value: decode() }).value;
    }
    return glyph;
  };
}

function readImage(path: string, what: string): ThemeImage {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    throw new ThemeError(`${what}: ${path} cannot be read`);
  }
  // PNG: IHDR width and height at bytes 16..23. JPEG: the first SOFn segment.
  if (data.subarray(1, 4).toString('latin1') === 'PNG') {
    return { data, widthPx: data.readUInt32BE(16), heightPx: data.readUInt32BE(20) };
  }
  if (data[0] === 0xff && data[1] === 0xd8) {
    let offset = 2;
    while (offset < data.length) {
      const marker = data.readUInt16BE(offset);
      const length = data.readUInt16BE(offset + 2);
      if (marker >= 0xffc0 && marker <= 0xffc3) {
        return {
          data,
          heightPx: data.readUInt16BE(offset + 5),
          widthPx: data.readUInt16BE(offset + 7),
        };
      }
      offset += 2 + length;
    }
  }
  throw new ThemeError(`${what}: ${path} is neither a PNG nor a JPEG image`);
}

function checkTheme(theme: ThemeFile, path: string): void {
  const problems: string[] = [];
  const isNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
  for (const style of FONT_STYLES) {
    if (typeof theme.fonts?.[style] !== 'string')
      problems.push(`fonts.${style} must name a font file`);
  }
  for (const group of ['sizes', 'margins', 'letter'] as const) {
    const values = theme[group] as Record<string, unknown> | undefined;
    if (!values || typeof values !== 'object') {
      problems.push(`${group} is missing`);
      continue;
    }
    for (const [key, value] of Object.entries(values)) {
      if (key !== 'foldMarks' && !isNumber(value))
        problems.push(`${group}.${key} must be a number`);
    }
  }
  for (const [key, value] of Object.entries(theme.colors ?? {})) {
    if (typeof value !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(value)) {
      problems.push(`colors.${key} must be a colour like #1d2433`);
    }
  }
  if (!isNumber(theme.lineHeight)) problems.push('lineHeight must be a number');
  if (!isNumber(theme.footerHeight)) problems.push('footerHeight must be a number');
  if (!isNumber(theme.headerHeight)) problems.push('headerHeight must be a number');
  if (typeof theme.images !== 'object' || theme.images === null) problems.push('images is missing');
  if (problems.length > 0) throw new ThemeError(`${path}: ${problems.join('; ')}`);
}
