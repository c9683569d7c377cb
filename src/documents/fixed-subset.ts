import { constants, deflateSync } from 'node:zlib';

/**
 * One font subset for every document: the glyphs of Latin-1, Latin Extended-A (names such as
 * "Ayşe", "Łukasz", "Dvořák"), the euro sign, typographic punctuation and the f-ligatures
 * fontkit's shaping substitutes, plus the outline components the subsetter adds for them.
 * Subsetting and compressing the font program anew for each document took about a fifth of an
 * invoice's render; this one is encoded and deflated once per font and worker (about 20 KiB
 * per face, four faces at most) and every document embeds the same bytes. A glyph outside it
 * is added behind the fixed ones and that document's subset is encoded as before.
 */
const RANGES: Array<[number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x17f],
];
const PUNCTUATION = [
  0x2009, 0x2010, 0x2011, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020,
  0x2021, 0x2022, 0x2026, 0x202f, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122, 0x2212,
];
const LIGATURES = ['ff', 'fi', 'fl', 'ffi', 'ffl'];

/** The parts of a fontkit font and its subset this file uses (fontkit ships no types). */
export interface SubsetSource {
  unitsPerEm: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): { id: number };
  getGlyph(id: number): { advanceWidth: number } | null;
  layout(text: string): { glyphs: Array<{ id: number }> };
  createSubset(): FontSubset;
}

export interface FontSubset {
  glyphs: number[];
  mapping: Record<number, number>;
  includeGlyph(id: number): number;
  encode(): Uint8Array;
}

export interface FixedSubset {
  /** Font glyph ids in subset order (subset id = index), components included. */
  glyphs: readonly number[];
  mapping: Readonly<Record<number, number>>;
  /** Per subset id: advance in thousandths of the size, and the code points it stands for. */
  widths: readonly number[];
  unicode: ReadonlyArray<readonly number[]>;
  /** The encoded subset, deflated: the FontFile2 stream as written. */
  fontFile: Buffer;
}

export function buildFixedSubset(font: SubsetSource): FixedSubset {
  const subset = font.createSubset();
  const unicode: number[][] = [[0]];
  const include = (id: number, codePoints: number[]) => {
    const gid = subset.includeGlyph(id);
    unicode[gid] ??= codePoints;
  };
  for (const [from, to] of RANGES) {
    for (let cp = from; cp <= to; cp++) {
      if (font.hasGlyphForCodePoint(cp)) include(font.glyphForCodePoint(cp).id, [cp]);
    }
  }
  for (const cp of PUNCTUATION) {
    if (font.hasGlyphForCodePoint(cp)) include(font.glyphForCodePoint(cp).id, [cp]);
  }
  for (const text of LIGATURES) {
    const { glyphs } = font.layout(text);
    if (glyphs.length === 1)
      include(
        glyphs[0].id,
        [...text].map((c) => c.charCodeAt(0)),
      );
  }
  // Encoding adds the components of composite glyphs (the base letters and accents).
  const program = subset.encode();
  const scale = 1000 / font.unitsPerEm;
  const widths = subset.glyphs.map((id) => (font.getGlyph(id)?.advanceWidth ?? 0) * scale);
  for (let gid = 0; gid < subset.glyphs.length; gid++) unicode[gid] ??= [];
  return {
    glyphs: [...subset.glyphs],
    mapping: { ...subset.mapping },
    widths,
    unicode,
    fontFile: deflateSync(program, { level: constants.Z_BEST_COMPRESSION }),
  };
}
