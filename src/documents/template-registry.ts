import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Handlebars from 'handlebars';
import type { DocumentKindDefinition } from './document-kind.js';
import { DOCUMENT_LOCALES, type DocumentKind, type DocumentLocale } from './document-views.js';
import {
  checkTemplateMarkup,
  MarkupError,
  parseLayout,
  type LayoutDocument,
} from './layout-markup.js';
import {
  formatDate,
  formatDateTime,
  formatPeriod,
  formatMoney,
  formatPercent,
  formatQuantity,
} from './locale-format.js';

/**
 * The Handlebars templates in templates/: one per document kind and locale, shared partials,
 * and a label file per locale. Everything is compiled once when the registry loads, and a
 * mistake stops the load with the file and line: Handlebars syntax, an unknown helper,
 * partial or label, or layout markup the renderer does not know.
 */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`Template error in ${file}:${line}:${column}: ${reason}`);
    this.name = 'TemplateError';
  }
}

/** What a template sees besides its view: `@draft`, `@locale`, `@timeZone`. */
export interface TemplateContext {
  draft: boolean;
  timeZone: string;
}

const BUILT_IN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log'];
const HELPERS = [
  'money',
  'date',
  'period',
  'datetime',
  'quantity',
  'percent',
  't',
  'label',
  'paras',
  'eq',
  'inc',
  'join',
  'concat',
] as const;

export function templateFileName(kind: DocumentKind, locale: DocumentLocale): string {
  return `${kind}.${locale}.hbs`;
}

type Labels = Record<string, string>;

/**
 * The kinds whose templates load: a definition's samples are also rendered as a last check; a
 * bare kind (the render workers, which the main thread has checked already) loads without.
 */
export type TemplateKinds = ReadonlyArray<DocumentKind | DocumentKindDefinition>;

export class TemplateRegistry {
  private constructor(
    readonly dir: string,
    /** Changes whenever any template, partial, label, theme, font or image file changes. */
    readonly version: string,
    readonly kinds: readonly DocumentKind[],
    private readonly templates: Map<string, HandlebarsTemplateDelegate>,
  ) {}

  /**
   * Loads and checks the templates of `kinds`. Each definition's samples (a view per locale) are
   * rendered to markup and parsed as a final check, so a template that only fails with data
   * fails here too.
   */
  static load(dir: string, kinds: TemplateKinds): TemplateRegistry {
    const definitions = kinds.map((kind) => (typeof kind === 'string' ? { kind } : kind));
    const names = definitions.map(({ kind }) => kind);
    const twice = names.find((kind, index) => names.indexOf(kind) !== index);
    if (twice) throw new Error(`document kind ${twice} is registered twice`);
    const display = (file: string) => join(dir, file);
    const labels = new Map<DocumentLocale, Labels>();
    for (const locale of DOCUMENT_LOCALES) labels.set(locale, loadLabels(dir, locale));

    const partialFiles = listFiles(join(dir, 'partials'), '.hbs');
    const partialSources = new Map<string, { file: string; source: string }>();
    for (const file of partialFiles) {
      const name = file.replace(/\.hbs$/, '');
      partialSources.set(name, {
        file: `partials/${file}`,
        source: readText(dir, `partials/${file}`),
      });
    }

    const templates = new Map<string, HandlebarsTemplateDelegate>();
    for (const locale of DOCUMENT_LOCALES) {
      const env = Handlebars.create();
      const localeLabels = labels.get(locale)!;
      registerHelpers(env, locale, localeLabels);
      for (const [name, { file, source }] of partialSources) {
        check(source, display(file), true, partialSources, localeLabels);
        env.registerPartial(name, env.compile(source));
      }
      for (const { file, source } of partialSources.values()) compile(env, source, display(file));
      for (const definition of definitions) {
        const file = templateFileName(definition.kind, locale);
        const source = readText(dir, file);
        check(source, display(file), false, partialSources, localeLabels);
        const template = compile(env, source, display(file));
        templates.set(file, template);
        if ('sample' in definition) {
          checkSample(template, definition.sample(locale), locale, display(file));
        }
      }
    }
    return new TemplateRegistry(dir, versionOf(dir), names, templates);
  }

  /** Renders a view to layout markup. */
  markup(
    kind: DocumentKind,
    locale: DocumentLocale,
    view: unknown,
    context: TemplateContext,
  ): string {
    const template = this.templates.get(templateFileName(kind, locale));
    if (!template) throw new Error(`no template for ${kind} in ${locale}`);
    return template(view, { data: { ...context, locale } });
  }

  layout(
    kind: DocumentKind,
    locale: DocumentLocale,
    view: unknown,
    context: TemplateContext,
  ): LayoutDocument {
    return parseLayout(this.markup(kind, locale, view, context));
  }
}

/** Renders a sample view to markup and parses it: a template may fail only with data. */
function checkSample(
  template: HandlebarsTemplateDelegate,
  sample: unknown,
  locale: DocumentLocale,
  file: string,
): void {
  try {
    parseLayout(template(sample, { data: { draft: true, locale, timeZone: 'Europe/Berlin' } }));
  } catch (error) {
    const where = error instanceof MarkupError ? ` (generated markup line ${error.line})` : '';
    const reason = error instanceof MarkupError ? error.reason : (error as Error).message;
    throw new TemplateError(file, 1, 0, `fails with its sample data${where}: ${reason}`);
  }
}

function readText(dir: string, file: string): string {
  try {
    return readFileSync(join(dir, file), 'utf8');
  } catch {
    throw new TemplateError(join(dir, file), 0, 0, 'the template file is missing or unreadable');
  }
}

function listFiles(dir: string, extension: string): string[] {
  try {
    return readdirSync(dir)
      .filter((file) => file.endsWith(extension))
      .sort();
  } catch {
    return [];
  }
}

function loadLabels(dir: string, locale: DocumentLocale): Labels {
  const file = join(dir, 'labels', `${locale}.json`);
  let labels: unknown;
  try {
    labels = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TemplateError(file, 1, 0, `labels cannot be read: ${(error as Error).message}`);
  }
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    throw new TemplateError(file, 1, 0, 'labels must be an object of strings');
  }
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== 'string')
      throw new TemplateError(file, 1, 0, `label ${key} must be a string`);
  }
  return labels as Labels;
}

function compile(env: typeof Handlebars, source: string, file: string): HandlebarsTemplateDelegate {
  const template = env.compile(source);
  try {
    // Handlebars compiles on first use; use it now so compile errors surface at load.
    template({}, { data: { draft: false, locale: 'de', timeZone: 'UTC' } });
  } catch (error) {
    // Helpers fail on the empty view; only Handlebars' own exceptions are template errors.
    if (error instanceof Handlebars.Exception) {
      const e = error as Error & { lineNumber?: number; column?: number };
      throw new TemplateError(file, e.lineNumber ?? 0, e.column ?? 0, e.message.split('\n')[0]);
    }
  }
  return template;
}

/** Static checks on the template source: syntax, helpers, partials, labels, layout markup. */
function check(
  source: string,
  file: string,
  partial: boolean,
  partials: Map<string, unknown>,
  labels: Labels,
): void {
  walk(parseTemplate(source, file), (node) => checkNode(node, file, partials, labels));
  try {
    checkTemplateMarkup(maskExpressions(source), partial);
  } catch (error) {
    if (!(error instanceof MarkupError)) throw error;
    throw new TemplateError(file, error.line, error.column, error.reason);
  }
}

function parseTemplate(source: string, file: string): hbs.AST.Program {
  try {
    return Handlebars.parse(source);
  } catch (error) {
    const e = error as Error & { lineNumber?: number; column?: number };
    const message = e.message.split('\n')[0].replace(/ - \d+:\d+$/, '');
    const line = e.lineNumber ?? Number(/line (\d+)/.exec(e.message)?.[1] ?? 0);
    throw new TemplateError(file, line, e.column ?? 0, message);
  }
}

/** Rejects a node that names an unknown partial, helper or label. */
function checkNode(
  node: hbs.AST.Node,
  file: string,
  partials: Map<string, unknown>,
  labels: Labels,
): void {
  const at = (reason: string): never => {
    throw new TemplateError(file, node.loc.start.line, node.loc.start.column, reason);
  };
  if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
    const name = (node as hbs.AST.PartialStatement).name as hbs.AST.PathExpression;
    const builtIn = name.original.startsWith('@');
    if (name.type === 'PathExpression' && !builtIn && !partials.has(name.original)) {
      at(`unknown partial "${name.original}"`);
    }
    return;
  }
  if (
    node.type !== 'MustacheStatement' &&
    node.type !== 'BlockStatement' &&
    node.type !== 'SubExpression'
  ) {
    return;
  }
  const call = node as hbs.AST.MustacheStatement;
  const path = call.path as hbs.AST.PathExpression;
  const isCall =
    call.params.length > 0 ||
    (call.hash?.pairs.length ?? 0) > 0 ||
    node.type !== 'MustacheStatement';
  if (!isCall || path.type !== 'PathExpression') return;
  const name = path.original;
  if (!BUILT_IN_HELPERS.includes(name) && !(HELPERS as readonly string[]).includes(name)) {
    at(`unknown helper "${name}"`);
  }
  const first = call.params[0];
  if (name === 't' && first?.type === 'StringLiteral') {
    const key = (first as hbs.AST.StringLiteral).value;
    if (labels[key] === undefined) at(`unknown label "${key}"`);
  }
  if (name === 'label' && first?.type === 'StringLiteral') {
    const prefix = `${(first as hbs.AST.StringLiteral).value}.`;
    if (!Object.keys(labels).some((key) => key.startsWith(prefix))) at(`no labels "${prefix}*"`);
  }
}

function walk(node: hbs.AST.Node, visit: (node: hbs.AST.Node) => void): void {
  visit(node);
  const n = node as unknown as Record<string, unknown>;
  for (const key of ['body', 'params', 'program', 'inverse', 'path', 'hash', 'pairs', 'value']) {
    const child = n[key];
    if (Array.isArray(child)) child.forEach((c) => isNode(c) && walk(c, visit));
    else if (isNode(child)) walk(child, visit);
  }
}

function isNode(value: unknown): value is hbs.AST.Node {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

/** Blanks out every {{…}} while keeping line breaks, so markup errors keep their line numbers. */
export function maskExpressions(source: string): string {
  return source.replace(/\{\{!--[\s\S]*?--\}\}|\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}/g, (match) =>
    match.replace(/[^\n]/g, ' '),
  );
}

function registerHelpers(env: typeof Handlebars, locale: DocumentLocale, labels: Labels): void {
  const label = (key: string, values: Record<string, unknown> = {}) =>
    labelText(labels, key, values);
  env.registerHelper('money', (cents: unknown) => formatMoney(integer('money', cents), locale));
  env.registerHelper('quantity', (milli: unknown) =>
    formatQuantity(integer('quantity', milli), locale),
  );
  env.registerHelper('percent', (bp: unknown) => formatPercent(integer('percent', bp), locale));
  env.registerHelper('date', (day: unknown) => formatDate(text('date', day), locale));
  env.registerHelper('period', (from: unknown, to: unknown) =>
    formatPeriod(text('period', from), text('period', to), locale),
  );
  env.registerHelper('datetime', (instant: unknown, options: Options) =>
    formatDateTime(
      text('datetime', instant),
      locale,
      String((options.data as { timeZone?: string }).timeZone ?? 'Europe/Berlin'),
    ),
  );
  env.registerHelper('t', (key: unknown, options: Options) =>
    label(text('t', key), options.hash as Record<string, unknown>),
  );
  env.registerHelper('label', (prefix: unknown, value: unknown) =>
    label(`${text('label', prefix)}.${String(value)}`),
  );
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('inc', (n: unknown) => integer('inc', n) + 1);
  env.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  env.registerHelper('join', (items: unknown, separator: unknown) => {
    if (!Array.isArray(items)) throw new Error('{{join}} needs a list');
    return items.map(String).join(typeof separator === 'string' ? separator : ', ');
  });
  env.registerHelper('paras', (value: unknown, options: Options) =>
    paragraphsMarkup(text('paras', value), (options.hash as { style?: string }).style),
  );
}

type Options = Handlebars.HelperOptions;

function labelText(labels: Labels, key: string, values: Record<string, unknown>): string {
  const text = labels[key];
  if (text === undefined) throw new Error(`unknown label "${key}"`);
  // Placeholders without a value stay, e.g. {page} and {pages} for the renderer.
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}

function integer(helper: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new Error(`{{${helper}}} needs an exact integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function text(helper: string, value: unknown): string {
  if (typeof value !== 'string')
    throw new Error(`{{${helper}}} needs a string, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Multi-paragraph text from the domain: blank lines separate paragraphs, single line
 * breaks stay line breaks. The text is escaped here, the markup is not.
 */
function paragraphsMarkup(value: string, style: string | undefined): Handlebars.SafeString {
  const open = style ? `<p style="${Handlebars.escapeExpression(style)}">` : '<p>';
  const paragraphs = value
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map(
      (p) =>
        `${open}${p
          .split('\n')
          .map((line) => Handlebars.escapeExpression(line))
          .join('<br/>')}</p>`,
    );
  return new Handlebars.SafeString(paragraphs.join('\n'));
}

/** A short content hash of everything that shapes the output. */
function versionOf(dir: string): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name !== 'README.md') {
        hash.update(relative(dir, full)).update('\0').update(readFileSync(full)).update('\0');
      }
    }
  };
  visit(dir);
  return hash.digest('hex').slice(0, 16);
}
