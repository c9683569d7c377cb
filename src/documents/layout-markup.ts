import { SaxesParser, type SaxesTagPlain } from 'saxes';

/**
 * The layout markup templates render (documented in templates/README.md): a small XML
 * vocabulary of headings, paragraphs, lists, key-value blocks, tables, totals, signature
 * blocks, page breaks and images. The parser turns it into typed blocks for the renderer and
 * refuses anything it does not know, with line and column, so a template mistake is an error
 * at start instead of a blank spot in a PDF.
 */

export interface Span {
  text: string;
  bold: boolean;
  italic: boolean;
}
/** Inline content: spans, with `null` for a forced line break (<br/>). */
export type Inline = Array<Span | null>;

export type Align = 'left' | 'center' | 'right';
export type ParagraphStyle = 'normal' | 'small' | 'muted' | 'lead';
export type RowStyle = 'normal' | 'muted' | 'strong';

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; content: Inline }
  | { type: 'paragraph'; style: ParagraphStyle; align: Align; content: Inline }
  | { type: 'list'; ordered: boolean; start: number; items: Inline[] }
  | { type: 'kv'; items: Array<{ label: string; value: Inline }> }
  | {
      type: 'table';
      widths: number[];
      align: Align[];
      head: Inline[] | null;
      rows: Array<{ style: RowStyle; cells: Inline[] }>;
    }
  | { type: 'totals'; lines: Array<{ label: string; value: Inline; strong: boolean }> }
  | {
      type: 'signatures';
      parties: Array<{ role: string; name: string; detail: string }>;
    }
  | { type: 'keep'; blocks: Block[] }
  | { type: 'page-break' }
  | { type: 'image'; src: string; widthMm: number; align: Align }
  | { type: 'spacer'; heightMm: number }
  | { type: 'rule' };

export interface LetterHead {
  /** The sender's name, drawn as a wordmark in the letterhead when the theme has no logo. */
  brand: string;
  sender: Inline;
  address: Inline;
  info: Array<{ label: string; value: Inline }>;
}

export interface LayoutDocument {
  title: string;
  subject: string;
  author: string;
  lang: string;
  watermark: string;
  /** Footer page label with {page} and {pages}, e.g. "Seite {page} von {pages}". */
  pageLabel: string;
  header: Inline;
  footer: Inline[];
  letter: LetterHead | null;
  blocks: Block[];
}

export class MarkupError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${reason}`);
    this.name = 'MarkupError';
  }
}

type Content = 'inline' | 'blocks' | 'empty' | readonly string[];

interface ElementRule {
  attributes: readonly string[];
  content: Content;
}

const INLINE_ELEMENTS = ['b', 'i', 'br'] as const;
const BLOCK_ELEMENTS = [
  'h1',
  'h2',
  'h3',
  'p',
  'ul',
  'ol',
  'kv',
  'table',
  'totals',
  'signatures',
  'keep',
  'page-break',
  'image',
  'spacer',
  'rule',
] as const;

/** Every element, its attributes and what it may contain. */
export const MARKUP_RULES: Readonly<Record<string, ElementRule>> = {
  document: {
    attributes: ['title', 'subject', 'author', 'lang', 'watermark', 'page-label'],
    content: ['header', 'footer', 'letter', ...BLOCK_ELEMENTS],
  },
  header: { attributes: [], content: 'inline' },
  footer: { attributes: [], content: ['column'] },
  column: { attributes: [], content: 'inline' },
  letter: { attributes: ['brand'], content: ['sender', 'address', 'info'] },
  sender: { attributes: [], content: 'inline' },
  address: { attributes: [], content: 'inline' },
  info: { attributes: [], content: ['item'] },
  item: { attributes: ['label'], content: 'inline' },
  h1: { attributes: [], content: 'inline' },
  h2: { attributes: [], content: 'inline' },
  h3: { attributes: [], content: 'inline' },
  p: { attributes: ['style', 'align'], content: 'inline' },
  ul: { attributes: [], content: ['li'] },
  ol: { attributes: ['start'], content: ['li'] },
  li: { attributes: [], content: 'inline' },
  kv: { attributes: [], content: ['item'] },
  table: { attributes: ['widths', 'align'], content: ['head', 'row'] },
  head: { attributes: [], content: ['cell'] },
  row: { attributes: ['style'], content: ['cell'] },
  cell: { attributes: [], content: 'inline' },
  totals: { attributes: [], content: ['line'] },
  line: { attributes: ['label', 'strong'], content: 'inline' },
  signatures: { attributes: [], content: ['signature'] },
  signature: { attributes: ['role', 'name', 'detail'], content: 'empty' },
  keep: { attributes: [], content: BLOCK_ELEMENTS },
  'page-break': { attributes: [], content: 'empty' },
  image: { attributes: ['src', 'width', 'align'], content: 'empty' },
  spacer: { attributes: ['height'], content: 'empty' },
  rule: { attributes: [], content: 'empty' },
  b: { attributes: [], content: 'inline' },
  i: { attributes: [], content: 'inline' },
  br: { attributes: [], content: 'empty' },
};

const ATTRIBUTE_VALUES: Record<string, readonly string[]> = {
  'p.style': ['normal', 'small', 'muted', 'lead'],
  'p.align': ['left', 'center', 'right'],
  'row.style': ['normal', 'muted', 'strong'],
  'line.strong': ['true', 'false'],
  'image.align': ['left', 'center', 'right'],
};

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Node[];
  line: number;
  column: number;
}
type Node = Element | string;

/**
 * Parses markup into an element tree and checks it against MARKUP_RULES. With `lenient`
 * (the start-up check of template sources, whose {{…}} expressions are blanked out)
 * attribute values are not checked, since they come from data.
 */
function parseTree(markup: string, options: { fragment: boolean; lenient: boolean }): Element {
  const parser = new SaxesParser({ fragment: options.fragment, position: true, xmlns: false });
  const root: Element = { name: '#root', attributes: {}, children: [], line: 1, column: 0 };
  const stack: Element[] = [root];
  const fail = (reason: string, line = parser.line, column = parser.column): never => {
    throw new MarkupError(reason, line, column);
  };
  parser.on('error', (error) => fail(error.message.replace(/^[^:]*:\d+:\d+: /, '')));
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const parent = stack[stack.length - 1];
    const rule = MARKUP_RULES[tag.name] as ElementRule | undefined;
    if (!rule) fail(`unknown element <${tag.name}>`);
    const allowed = allowedChildren(parent.name);
    if (allowed !== null && !allowed.includes(tag.name)) {
      fail(`<${tag.name}> is not allowed inside <${parent.name}>`);
    }
    for (const [name, value] of Object.entries(tag.attributes)) {
      if (!rule!.attributes.includes(name)) fail(`unknown attribute ${name} on <${tag.name}>`);
      const values = ATTRIBUTE_VALUES[`${tag.name}.${name}`];
      if (!options.lenient && values && !values.includes(value)) {
        fail(`${name}="${value}" on <${tag.name}> must be one of ${values.join(', ')}`);
      }
    }
    const element: Element = {
      name: tag.name,
      attributes: tag.attributes,
      children: [],
      line: parser.line,
      column: parser.column,
    };
    parent.children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (text) => {
    const parent = stack[stack.length - 1];
    if (allowsText(parent.name)) parent.children.push(text);
    else if (text.trim() !== '')
      fail(`text "${text.trim().slice(0, 30)}" is not allowed inside <${parent.name}>`);
  });
  parser.write(markup).close();
  return root;
}

function allowedChildren(name: string): readonly string[] | null {
  if (name === '#root') return null;
  const content = MARKUP_RULES[name].content;
  if (content === 'inline') return INLINE_ELEMENTS;
  if (content === 'blocks') return BLOCK_ELEMENTS;
  if (content === 'empty') return [];
  return content;
}

function allowsText(name: string): boolean {
  return name !== '#root' && MARKUP_RULES[name].content === 'inline';
}

/**
 * Checks a template source whose Handlebars expressions have been blanked out (line
 * structure kept): every element known, allowed where it stands, attributes known. A
 * document template either has the <document> root itself or is the body of a partial that
 * does (its top-level elements must then be allowed in <document>); a partial may hold any
 * elements, since where it is included decides its context.
 */
export function checkTemplateMarkup(masked: string, partial: boolean): void {
  const root = parseTree(masked, { fragment: true, lenient: true });
  if (partial) return;
  const elements = root.children.filter((child): child is Element => typeof child !== 'string');
  if (elements.some((element) => element.name === 'document')) {
    if (elements.length !== 1) {
      const extra = elements.find((element) => element.name !== 'document') ?? elements[1];
      throw new MarkupError('<document> must be the only root element', extra.line, extra.column);
    }
    return;
  }
  const allowed = allowedChildren('document')!;
  for (const element of elements) {
    if (!allowed.includes(element.name)) {
      throw new MarkupError(
        `<${element.name}> is not allowed inside <document>`,
        element.line,
        element.column,
      );
    }
  }
}

/** Parses the markup a template rendered into the document the renderer draws. */
export function parseLayout(markup: string): LayoutDocument {
  const root = parseTree(markup, { fragment: false, lenient: false });
  const document = root.children.find((child): child is Element => typeof child !== 'string');
  if (!document || document.name !== 'document') {
    throw new MarkupError('the root element must be <document>', 1, 0);
  }
  const attr = (name: string) => document.attributes[name] ?? '';
  const result: LayoutDocument = {
    title: attr('title'),
    subject: attr('subject'),
    author: attr('author'),
    lang: attr('lang'),
    watermark: attr('watermark').trim(),
    pageLabel: attr('page-label') || '{page} / {pages}',
    header: [],
    footer: [],
    letter: null,
    blocks: [],
  };
  for (const child of elementsOf(document)) {
    if (child.name === 'header') result.header = inline(child);
    else if (child.name === 'footer') result.footer = elementsOf(child).map((c) => inline(c));
    else if (child.name === 'letter') result.letter = letter(child);
    else result.blocks.push(block(child));
  }
  return result;
}

function elementsOf(element: Element): Element[] {
  return element.children.filter((child): child is Element => typeof child !== 'string');
}

function letter(element: Element): LetterHead {
  const head: LetterHead = {
    brand: element.attributes.brand ?? '',
    sender: [],
    address: [],
    info: [],
  };
  for (const child of elementsOf(element)) {
    if (child.name === 'sender') head.sender = inline(child);
    else if (child.name === 'address') head.address = inline(child);
    else head.info = elementsOf(child).map(labelled);
  }
  return head;
}

function labelled(element: Element): { label: string; value: Inline } {
  return { label: element.attributes.label ?? '', value: inline(element) };
}

/** Inline content with whitespace collapsed as in HTML: runs of white space become one space. */
function inline(element: Element, bold = false, italic = false, out: Inline = []): Inline {
  for (const child of element.children) {
    if (typeof child === 'string') {
      const text = child.replace(/[ \t\r\n]+/g, ' ');
      if (text !== '') out.push({ text, bold, italic });
    } else if (child.name === 'br') out.push(null);
    else inline(child, bold || child.name === 'b', italic || child.name === 'i', out);
  }
  return element.name === 'b' || element.name === 'i' ? out : trimInline(out);
}

/** Drops white space at the start and end of every line of inline content. */
function trimInline(content: Inline): Inline {
  const out: Inline = [];
  let atLineStart = true;
  for (const span of content) {
    if (span === null) {
      trimLineEnd(out);
      out.push(null);
      atLineStart = true;
      continue;
    }
    const text = atLineStart ? span.text.replace(/^ /, '') : span.text;
    if (text === '') continue;
    out.push({ ...span, text });
    atLineStart = false;
  }
  trimLineEnd(out);
  return out;
}

function trimLineEnd(out: Inline): void {
  for (let i = out.length - 1; i >= 0; i--) {
    const span = out[i];
    if (span === null) return;
    span.text = span.text.replace(/ $/, '');
    if (span.text !== '') return;
    out.splice(i, 1);
  }
}

function block(element: Element): Block {
  const { attributes: a } = element;
  switch (element.name) {
    case 'h1':
    case 'h2':
    case 'h3':
      return {
        type: 'heading',
        level: Number(element.name[1]) as 1 | 2 | 3,
        content: inline(element),
      };
    case 'p':
      return {
        type: 'paragraph',
        style: (a.style ?? 'normal') as ParagraphStyle,
        align: (a.align ?? 'left') as Align,
        content: inline(element),
      };
    case 'ul':
    case 'ol':
      return {
        type: 'list',
        ordered: element.name === 'ol',
        start: a.start ? positiveNumber(element, 'start', a.start) : 1,
        items: elementsOf(element).map((li) => inline(li)),
      };
    case 'kv':
      return { type: 'kv', items: elementsOf(element).map(labelled) };
    case 'table':
      return table(element);
    case 'totals':
      return totals(element);
    case 'signatures':
      return signatures(element);
    case 'keep':
      return { type: 'keep', blocks: elementsOf(element).map(block) };
    case 'page-break':
      return { type: 'page-break' };
    case 'image':
      return image(element);
    case 'spacer':
      return {
        type: 'spacer',
        heightMm: a.height ? positiveNumber(element, 'height', a.height) : 4,
      };
    default:
      return { type: 'rule' };
  }
}

function totals(element: Element): Block {
  return {
    type: 'totals',
    lines: elementsOf(element).map((line) => ({
      ...labelled(line),
      strong: line.attributes.strong === 'true',
    })),
  };
}

function signatures(element: Element): Block {
  return {
    type: 'signatures',
    parties: elementsOf(element).map((s) => ({
      role: s.attributes.role ?? '',
      name: s.attributes.name ?? '',
      detail: s.attributes.detail ?? '',
    })),
  };
}

function image(element: Element): Block {
  const { attributes: a } = element;
  if (!a.src) throw new MarkupError('<image> needs a src', element.line, element.column);
  return {
    type: 'image',
    src: a.src,
    widthMm: a.width ? positiveNumber(element, 'width', a.width) : 40,
    align: (a.align ?? 'left') as Align,
  };
}

function table(element: Element): Block {
  const head = elementsOf(element).find((child) => child.name === 'head');
  const rows = elementsOf(element).filter((child) => child.name === 'row');
  const columns = Math.max(
    head ? elementsOf(head).length : 0,
    ...rows.map((row) => elementsOf(row).length),
  );
  const widths = element.attributes.widths
    ? element.attributes.widths.split(',').map((w) => positiveNumber(element, 'widths', w))
    : Array.from({ length: columns }, () => 1);
  const align = (element.attributes.align ?? '').split(',').map((value, index) => {
    const v = value.trim() || 'left';
    if (v !== 'left' && v !== 'right' && v !== 'center') {
      throw new MarkupError(
        `align value ${index + 1} "${v}" on <table> must be left, center or right`,
        element.line,
        element.column,
      );
    }
    return v;
  });
  if (widths.length !== columns) {
    throw new MarkupError(
      `<table> has ${columns} columns but widths names ${widths.length}`,
      element.line,
      element.column,
    );
  }
  for (const row of [...(head ? [head] : []), ...rows]) {
    if (elementsOf(row).length !== columns) {
      throw new MarkupError(`every row of a <table> needs ${columns} cells`, row.line, row.column);
    }
  }
  return {
    type: 'table',
    widths,
    align: Array.from({ length: columns }, (_, i) => align[i] ?? 'left'),
    head: head ? elementsOf(head).map((cell) => inline(cell)) : null,
    rows: rows.map((row) => ({
      style: (row.attributes.style ?? 'normal') as RowStyle,
      cells: elementsOf(row).map((cell) => inline(cell)),
    })),
  };
}

function positiveNumber(element: Element, attribute: string, value: string): number {
  const n = Number(value.trim());
  if (!Number.isFinite(n) || n <= 0) {
    throw new MarkupError(
      `${attribute}="${value}" on <${element.name}> must be a positive number`,
      element.line,
      element.column,
    );
  }
  return n;
}
