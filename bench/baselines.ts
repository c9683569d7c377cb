import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { chromium } from 'playwright-core';
import {
  documentIdOf,
  type DocumentEngine,
  type RenderJob,
} from '../src/documents/document-engine.js';
import { PdfRenderer } from '../src/documents/pdf-renderer.js';
import {
  FONT_STYLES,
  loadTheme,
  type FontStyle,
  type LoadedTheme,
  type ParsedFont,
} from '../src/documents/theme.js';
import { timeRuns, type Timing } from './measure.js';

/**
 * Our renderer as it would be without font caching: every document reads the four TTF files
 * and has PDFKit parse them anew, so each document also starts with an empty glyph-layout
 * cache. Text measurement keeps its parsed fonts, so the difference is the font handling only.
 *
 * PdfRenderer keeps its theme private and reads `theme.fonts` only where it registers the
 * fonts of a new document; the bench swaps in a theme whose fonts are parsed on every read.
 */
export function naiveFontRenderer(
  engine: DocumentEngine,
  templatesDir: string,
): (job: RenderJob) => Promise<Buffer> {
  const theme = loadTheme(templatesDir);
  const renderer = new PdfRenderer(theme);
  const fonts = {} as Record<FontStyle, ParsedFont>;
  for (const style of FONT_STYLES) {
    Object.defineProperty(fonts, style, {
      enumerable: true,
      get: () => parseFontFile(join(templatesDir, theme.file.fonts[style])),
    });
  }
  const naiveTheme: LoadedTheme = { ...theme, fonts };
  Reflect.set(renderer, 'theme', naiveTheme);
  return (job) =>
    renderer.render(
      engine.registry.layout(job.kind, job.locale, job.view, {
        draft: job.draft,
        timeZone: job.timeZone,
      }),
      {
        creationDate: new Date(job.issuedAt),
        documentId: documentIdOf(job, engine.templateVersion),
        pdfa: job.pdfa,
        attachments: job.attachments,
        xmpExtension: job.xmpExtension,
        appendix: job.appendix,
      },
    );
}

/** Reads and parses a TTF the way `doc.registerFont(name, path)` has PDFKit do it. */
export function parseFontFile(path: string): ParsedFont {
  const probe = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
  probe.font(readFileSync(path));
  return (probe as unknown as { _font: { font: ParsedFont } })._font.font;
}

export const CHROMIUM = '/usr/bin/chromium';
const PAGE_TIMEOUT_MS = 60_000;

/**
 * HTML → PDF with Debian's Chromium through playwright-core: one browser, one page reused for
 * every document (setContent, then page.pdf), as a PDF service would keep it warm. Never
 * downloads a browser; without /usr/bin/chromium the baseline is skipped.
 */
export async function chromiumTiming(
  html: (run: number) => string,
  footerTemplate: (run: number) => string,
  warmup: number,
  runs: number,
): Promise<(Timing & { pages: number }) | { skipped: string }> {
  if (!existsSync(CHROMIUM)) return { skipped: `${CHROMIUM} not found` };
  const profile = mkdtempSync(join(tmpdir(), 'freigabe-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: PAGE_TIMEOUT_MS,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await context.newPage();
    // A page that hangs fails this baseline after a minute instead of stalling the whole run.
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    let run = 0;
    const render = async () => {
      const n = run++;
      await page.setContent(html(n), { waitUntil: 'load' });
      return page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: footerTemplate(n),
        tagged: false,
      });
    };
    const pages = countPages(await render());
    const timing = await timeRuns(render, warmup, runs);
    // The work is Chromium's, in its own processes: this thread's CPU says nothing about it.
    return { ...timing, cpuMean: Number.NaN, pages };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * The theme's TTFs over HTTP on 127.0.0.1 with a year's `Cache-Control`, so Chromium loads
 * each face once and takes it from its cache for every later document.
 */
export async function serveFonts(
  templatesDir: string,
): Promise<{ url: (style: FontStyle) => string; close: () => Promise<void> }> {
  const theme = loadTheme(templatesDir);
  const files = new Map(
    FONT_STYLES.map((style) => [
      `/${style}.ttf`,
      readFileSync(join(templatesDir, theme.file.fonts[style])),
    ]),
  );
  const server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': 'font/ttf',
      'content-length': body.length,
      'cache-control': 'public, max-age=31536000, immutable',
      'access-control-allow-origin': '*',
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (style) => `http://127.0.0.1:${port}/${style}.ttf`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Page objects in a PDF; enough for the documents this bench renders. */
export function countPages(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page\b/g)?.length ?? 0
  );
}
