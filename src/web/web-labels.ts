import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_LOCALES, type WebLocale } from './page-context.js';

type LabelTree = { [key: string]: string | LabelTree };

export interface WebLabels {
  /** Per locale: every area's labels under the area's name (`shell.nav.dashboard`). */
  texts: Record<WebLocale, LabelTree>;
  /** The same texts by their full key: a page looks up some 500 labels, one get each. */
  byKey: Record<WebLocale, Map<string, string>>;
  /**
   * Per audience and locale: error texts by code, gathered from the areas' `errors` objects.
   * Customers read the portal's own wording where it has one (`portal*` areas), staff the
   * console's; the same code may be worded for each.
   */
  errors: Record<ErrorAudience, Record<WebLocale, Record<string, string>>>;
}

export type ErrorAudience = 'staff' | 'customer';

const audienceOf = (area: string): ErrorAudience =>
  area.startsWith('portal') ? 'customer' : 'staff';

/** The text for an error code as the given audience reads it (staff wording as fallback). */
export function lookupErrorText(
  labels: WebLabels,
  locale: WebLocale,
  audience: ErrorAudience,
  code: string,
): string | undefined {
  return labels.errors[audience][locale][code] ?? labels.errors.staff[locale][code];
}

const FILE = /^([a-z][a-z0-9-]*)\.(de|en)\.json$/;

/**
 * Loads templates/web/labels/<area>.<locale>.json. One file pair per area, so modules add
 * texts without touching each other's files. A key present in one language and missing in the
 * other stops the app at start, not as a bare key on a page.
 */
export function loadWebLabels(dir: string): WebLabels {
  const texts = { de: {}, en: {} } as Record<WebLocale, LabelTree>;
  const errors = {
    staff: { de: {}, en: {} },
    customer: { de: {}, en: {} },
  } as WebLabels['errors'];
  for (const file of readdirSync(dir).sort()) {
    const match = FILE.exec(file);
    if (!match) continue;
    const [, area, locale] = match as unknown as [string, string, WebLocale];
    const tree = JSON.parse(readFileSync(join(dir, file), 'utf8')) as LabelTree;
    const { errors: areaErrors, ...rest } = tree;
    texts[locale][area] = rest;
    const areaTexts = (areaErrors as Record<string, string> | undefined) ?? {};
    Object.assign(errors[audienceOf(area)][locale], areaTexts);
  }
  const flat = { de: flatten(texts.de), en: flatten(texts.en) };
  assertSameKeys(flat.de, flat.en, 'labels');
  for (const audience of ['staff', 'customer'] as const) {
    assertSameKeys(errors[audience].de, errors[audience].en, `${audience} error texts`);
  }
  const byKey = {
    de: new Map(Object.entries(flat.de)),
    en: new Map(Object.entries(flat.en)),
  };
  return { texts, byKey, errors };
}

export function lookupLabel(tree: LabelTree, key: string): string | undefined {
  let node: string | LabelTree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** "{name} hat {count} Projekte" with { name, count } → the filled-in text. */
export function fillIn(text: string, values: Record<string, unknown>): string {
  if (!text.includes('{')) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

function flatten(tree: LabelTree, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat[path] = value;
    else Object.assign(flat, flatten(value, path));
  }
  return flat;
}

function assertSameKeys(a: Record<string, unknown>, b: Record<string, unknown>, what: string) {
  const onlyIn = (x: object, y: object) => Object.keys(x).filter((key) => !(key in y));
  const missing = [
    ...onlyIn(a, b).map((key) => `${key} (no ${WEB_LOCALES[1]})`),
    ...onlyIn(b, a).map((key) => `${key} (no ${WEB_LOCALES[0]})`),
  ];
  if (missing.length > 0)
    throw new Error(`Web ${what} differ between languages: ${missing.join(', ')}`);
}
