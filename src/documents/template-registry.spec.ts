import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { sampleViews } from '../../test/support/document-samples.js';
import { DOCUMENT_KIND_DEFINITIONS, DOCUMENT_KINDS } from '../document-kinds.js';
import { TemplateError, TemplateRegistry } from './template-registry.js';

const SHIPPED = join(import.meta.dirname, '../../templates');
const copies: string[] = [];

/** A copy of the shipped templates with one file changed. */
function templatesWith(file: string, change: (source: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'freigabe-templates-'));
  copies.push(dir);
  cpSync(SHIPPED, dir, { recursive: true });
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

/** Replaces line `n` (1-based) of a source. */
const atLine = (n: number, text: string) => (source: string) => {
  const lines = source.split('\n');
  lines[n - 1] = text;
  return lines.join('\n');
};

function loadError(dir: string): TemplateError {
  try {
    TemplateRegistry.load(dir, DOCUMENT_KIND_DEFINITIONS);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected the templates to fail loading');
}

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('template registry', () => {
  it('loads the shipped templates, checked against the sample views', () => {
    const registry = TemplateRegistry.load(SHIPPED, DOCUMENT_KIND_DEFINITIONS);
    expect(registry.version).toMatch(/^[0-9a-f]{16}$/);
    const markup = registry.markup('concept-paper', 'de', sampleViews('de')['concept-paper'], {
      draft: true,
      timeZone: 'Europe/Berlin',
    });
    expect(markup).toContain('watermark="ENTWURF"');
    expect(markup).toContain('Müller &amp; Söhne Maschinenbau GmbH');
  });

  it.each(['de', 'en'] as const)(
    '%s: a requirement without description leaves no empty paragraph (no gap under it)',
    (locale) => {
      const registry = TemplateRegistry.load(SHIPPED, DOCUMENT_KIND_DEFINITIONS);
      const view = sampleViews(locale)['concept-paper'];
      const markup = registry.markup(
        'concept-paper',
        locale,
        { ...view, requirements: view.requirements.map((r) => ({ ...r, description: '' })) },
        { draft: false, timeZone: 'Europe/Berlin' },
      );
      expect(markup).not.toMatch(/<p>\s*<\/p>/);
    },
  );

  it.each([
    [
      'a Handlebars syntax error',
      'concept-paper.de.hbs',
      12,
      '{{#each goals}}<li>{{this}}</li>',
      "doesn't match",
    ],
    [
      'an unknown element',
      'concept-paper.de.hbs',
      7,
      '  <itme label="x">y</itme>',
      'unknown element <itme>',
    ],
    [
      'an unknown attribute',
      'solution-document.en.hbs',
      3,
      '<p size="big">x</p>',
      'unknown attribute size on <p>',
    ],
    [
      'misplaced markup',
      'qa-protocol.de.hbs',
      3,
      '<cell>x</cell>',
      '<cell> is not allowed inside <document>',
    ],
    [
      'an unknown helper',
      'order-confirmation.en.hbs',
      4,
      '<p>{{moneyy agreedFee.netCents}}</p>',
      'unknown helper "moneyy"',
    ],
    [
      'an unknown label',
      'change-request.de.hbs',
      4,
      '<p>{{t "nachtrag.titel"}}</p>',
      'unknown label "nachtrag.titel"',
    ],
    [
      'an unknown partial',
      'acceptance-protocol.en.hbs',
      4,
      '{{> signature-block signatories}}',
      'unknown partial "signature-block"',
    ],
    [
      'a broken partial',
      'partials/totals.hbs',
      3,
      '  <line label="x" bold="true">y</line>',
      'unknown attribute bold on <line>',
    ],
  ])('refuses %s and names file and line', (_, file, line, text, reason) => {
    const error = loadError(templatesWith(file, atLine(line, text)));
    expect(error.file).toMatch(new RegExp(`${file.replace('/', '\\/')}$`));
    expect(error.line).toBe(line);
    expect(error.reason).toContain(reason);
    expect(error.message).toContain(`${file}:${line}:`);
  });

  it('refuses a template that fails with its sample data, naming the file', () => {
    const dir = templatesWith('concept-paper.en.hbs', atLine(3, '<p>{{money projectTitle}}</p>'));
    const error = loadError(dir);
    expect(error.file).toMatch(/concept-paper\.en\.hbs$/);
    expect(error.reason).toContain('{{money}} needs an exact integer');
  });

  it('refuses a missing template file', () => {
    const dir = templatesWith('qa-protocol.en.hbs', (s) => s);
    unlinkSync(join(dir, 'qa-protocol.en.hbs'));
    expect(loadError(dir).message).toMatch(/qa-protocol\.en\.hbs.*missing/);
  });

  it('loads only the kinds it is given, and each kind once', () => {
    const registry = TemplateRegistry.load(SHIPPED, ['invoice']);
    expect(registry.kinds).toEqual(['invoice']);
    const context = { draft: false, timeZone: 'Europe/Berlin' };
    expect(() => registry.markup('qa-protocol', 'de', {}, context)).toThrow(
      'no template for qa-protocol in de',
    );
    expect(() => TemplateRegistry.load(SHIPPED, [...DOCUMENT_KINDS, 'invoice'])).toThrow(
      'document kind invoice is registered twice',
    );
  });

  it('changes its version when any template file changes, and only then', () => {
    const same = templatesWith('theme.json', (s) => s);
    const changed = templatesWith('theme.json', (s) => s.replace('"#0b5cab"', '"#0b5cac"'));
    const shipped = TemplateRegistry.load(SHIPPED, DOCUMENT_KINDS).version;
    expect(TemplateRegistry.load(same, DOCUMENT_KINDS).version).toBe(shipped);
    expect(TemplateRegistry.load(changed, DOCUMENT_KINDS).version).not.toBe(shipped);
  });
});
