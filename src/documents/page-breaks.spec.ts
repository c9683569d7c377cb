import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sampleViews } from '../../test/support/document-samples.js';
import { DOCUMENT_KINDS } from '../document-kinds.js';
import { DocumentEngine, type RenderJob } from './document-engine.js';
import type { DocumentKind, DocumentLocale, DocumentViews } from './document-views.js';
import type { Block, Inline } from './layout-markup.js';

/**
 * Letters as a reader meets them on paper (issue 16): a heading is never the last line of a
 * page, the closing stays with the name under it, a signature block is never split, an
 * invoice's e-invoice note stays with its payment block. Each
 * kind is rendered with its content shifted line by line (or row by row) so that every part
 * of it lands at a page end somewhere, and the text of each page is read back with pdftotext.
 */

const TEMPLATES = join(import.meta.dirname, '../../templates');
let engine: DocumentEngine;
let dir: string;
beforeAll(() => {
  engine = DocumentEngine.load(TEMPLATES, DOCUMENT_KINDS);
  dir = mkdtempSync(join(tmpdir(), 'page-breaks-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (inline: Inline) =>
  inline
    .map((span) => (span ? span.text : ' '))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();

function headingsOf(blocks: Block[]): string[] {
  return blocks.flatMap((b) =>
    b.type === 'heading' ? [text(b.content)] : b.type === 'keep' ? headingsOf(b.blocks) : [],
  );
}
function signaturesOf(blocks: Block[]): Array<Array<{ role: string; detail: string }>> {
  return blocks.flatMap((b) =>
    b.type === 'signatures' ? [b.parties] : b.type === 'keep' ? signaturesOf(b.blocks) : [],
  );
}

/** Each page's body lines (above the page label), as pdftotext extracts them. */
function pagesOf(pdf: Buffer, name: string): string[][] {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const pages = Number(
    /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1],
  );
  return Array.from({ length: pages }, (_, i) => {
    const n = String(i + 1);
    const lines = execFileSync('pdftotext', ['-f', n, '-l', n, file, '-'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.replace(/\u00a0/g, ' ').trim());
    const end = lines.findIndex((l) => /^(Seite|Page) \d+ (von|of) \d+$/.test(l));
    return lines.slice(0, end < 0 ? lines.length : end).filter((l) => l !== '');
  });
}

/** The sample with `n` more lines (or rows) early on, moving what follows down the pages. */
function shifted<K extends DocumentKind>(kind: K, locale: DocumentLocale, n: number) {
  const view = structuredClone<DocumentViews[K]>(sampleViews(locale)[kind]);
  const lines = (base: string) =>
    [base, ...Array.from({ length: n }, (_, i) => `Zeile ${i + 1}`)].join('\n');
  const more = <T>(rows: T[]) => [...rows, ...Array.from({ length: n }, () => rows[0])];
  const v = view as unknown as Record<string, unknown>;
  switch (kind) {
    case 'concept-paper':
      v.background = lines(v.background as string);
      break;
    case 'solution-document':
      v.introduction = lines(v.introduction as string);
      break;
    case 'change-request':
      v.reason = lines(v.reason as string);
      break;
    case 'order-confirmation':
      // Notes come right before the closing: one line each, so the closing meets every page end.
      v.notes = [...(v.notes as string[]), ...Array.from({ length: n }, (_, i) => `Hinweis ${i}`)];
      break;
    case 'qa-protocol':
      v.checks = more(v.checks as unknown[]);
      break;
    case 'acceptance-protocol':
      v.requirements = more(v.requirements as unknown[]);
      break;
    case 'payment-reminder':
      v.interest = more(v.interest as unknown[]);
      break;
    case 'invoice':
      // First row by row (a row is several lines high), then one-line notes right before the
      // payment block, so that it and the e-invoice note meet every page end line by line.
      if (n <= INVOICE_ROW_SHIFTS) v.lines = more(v.lines as unknown[]);
      else v.notes = Array.from({ length: n - INVOICE_ROW_SHIFTS }, (_, i) => `Hinweis ${i}`);
      break;
    default:
      v.lines = more(v.lines as unknown[]);
  }
  return view;
}

/** Invoice shifts by whole rows; the ones after these add note lines instead. */
const INVOICE_ROW_SHIFTS = 12;

const SHIFTS: Record<DocumentKind, number> = {
  'concept-paper': 30,
  'solution-document': 30,
  'change-request': 30,
  'order-confirmation': 40,
  'qa-protocol': 12,
  'acceptance-protocol': 16,
  'time-report': 12,
  invoice: INVOICE_ROW_SHIFTS + 50,
  'payment-reminder': 8,
};

function job<K extends DocumentKind>(kind: K, locale: DocumentLocale, view: DocumentViews[K]) {
  return {
    kind,
    locale,
    view,
    draft: false,
    timeZone: 'Europe/Berlin',
    issuedAt: '2026-11-22T09:30:00.000Z',
  } as RenderJob;
}

/** What is wrong with the page breaks of one rendered document, as readable strings. */
function breakProblems(
  pages: string[][],
  headings: string[],
  signatures: ReturnType<typeof signaturesOf>,
) {
  const problems: string[] = [];
  const isHeading = (line: string) =>
    headings.some(
      (h) => h === line || (line.length >= 12 && (h.startsWith(line) || h.endsWith(line))),
    );
  pages.slice(0, -1).forEach((lines, i) => {
    const last = lines[lines.length - 1] ?? '';
    if (isHeading(last)) problems.push(`page ${i + 1} ends with the heading "${last}"`);
  });
  pages.forEach((lines, i) => {
    lines.forEach((line, j) => {
      if (/^(Mit freundlichen Grüßen|Kind regards)$/.test(line) && j === lines.length - 1) {
        problems.push(`page ${i + 1} ends with the closing, its name is on the next page`);
      }
    });
  });
  // An invoice's e-invoice note stays with the payment block: never a page of its own.
  const note = pages.findIndex((lines) => lines.some((l) => l.includes('factur-x.xml')));
  if (note >= 0 && !pages[note].some((l) => /^(Zahlung|Payment)$/.test(l))) {
    problems.push(`the e-invoice note on page ${note + 1} is apart from the payment block`);
  }
  for (const parties of signatures) {
    const parts = parties.flatMap((p) => [p.role, p.detail]);
    const whole = pages.some((lines) => parts.every((part) => lines.some((l) => l.includes(part))));
    if (!whole) problems.push(`the signature block (${parts.join(' / ')}) is split`);
  }
  return problems;
}

describe('page breaks of every document kind', () => {
  const kinds = Object.keys(SHIFTS) as DocumentKind[];
  it.each(
    kinds.flatMap((kind) => (['de', 'en'] as const).map((locale) => [kind, locale] as const)),
  )(
    '%s (%s): no heading ends a page, the closing keeps its name, signatures stay whole',
    async (kind, locale) => {
      const problems: string[] = [];
      for (let n = 0; n <= SHIFTS[kind]; n++) {
        const view = shifted(kind, locale, n);
        const layout = engine.registry.layout(kind, locale, view, {
          draft: false,
          timeZone: 'Europe/Berlin',
        });
        const { bytes } = await engine.render(job(kind, locale, view));
        const pages = pagesOf(bytes, `${kind}-${locale}-${n}`);
        for (const p of breakProblems(
          pages,
          headingsOf(layout.blocks),
          signaturesOf(layout.blocks),
        )) {
          problems.push(`+${n}: ${p}`);
        }
      }
      expect(problems).toEqual([]);
    },
    120_000,
  );
});

describe('the solution document of a later revision', () => {
  it.each([
    ['de', 'Änderungen gegenüber Revision 1', '1 Ausgangslage'],
    ['en', 'Changes since revision 1', '1 Background'],
  ] as const)(
    '%s: the background follows its own heading, not the list of changes',
    async (locale, changesHeading, backgroundHeading) => {
      const view = sampleViews(locale)['solution-document'];
      expect(view.revision).toBe(2);
      const { bytes } = await engine.render(job('solution-document', locale, view));
      const lines = pagesOf(bytes, `revision-2-${locale}`).flat();
      const changes = lines.indexOf(changesHeading);
      const background = lines.findIndex((l) => view.introduction.startsWith(l));
      expect(changes).toBeGreaterThan(-1);
      expect(background).toBeGreaterThan(changes);
      // Right above the background's first line: its heading, not the last change.
      expect(lines[background - 1]).toBe(backgroundHeading);
    },
  );
});
