import type { HelperOptions } from 'handlebars';
import { parseQuantity } from '../common/money.js';
import type Handlebars from 'handlebars';
import {
  formatDate,
  formatDateTime,
  formatMoney,
  formatPercent,
  formatQuantity,
} from '../documents/locale-format.js';
import { percentToBasisPoints } from '../common/percent.js';
import { fieldMessageLabel } from './field-messages.js';
import { formatFileSize } from './file-size.js';
import type { PageContext } from './page-context.js';
import { fillIn, lookupErrorText, type WebLabels } from './web-labels.js';
import type { WebAsset } from './web-assets.js';

type Root = { page: PageContext };
const pageOf = (options: HelperOptions) => (options.data as { root: Root }).root.page;

/**
 * The helpers every page template has. All of them return plain strings, which Handlebars
 * escapes like any `{{value}}`: no helper hands out HTML.
 */
export function registerWebHelpers(
  hbs: typeof Handlebars,
  labels: WebLabels,
  assets: Map<string, WebAsset>,
  timeZone: string,
): void {
  /**
   * {{t 'projects.dashboard.title'}}, with named values: {{t 'x.y' count=3}}. A key built from
   * data (an audit action) may name its fallback: {{t (concat 'a.' action) default=action}}.
   */
  hbs.registerHelper('t', (key: string, options: HelperOptions) => {
    const { default: fallback, ...values } = options.hash as Record<string, unknown>;
    const text = labels.byKey[pageOf(options).locale].get(key);
    if (text !== undefined) return fillIn(text, values);
    if (typeof fallback === 'string') return fallback;
    throw new Error(`Missing web label ${key}`);
  });
  /** The text for an error code, else the error's own message. */
  hbs.registerHelper('errorText', (code: string, fallback: string, options: HelperOptions) => {
    const page = pageOf(options);
    const audience = page.actor?.role === 'customer' ? 'customer' : 'staff';
    return lookupErrorText(labels, page.locale, audience, code) ?? fallback;
  });
  hbs.registerHelper('date', (day: string | null, options: HelperOptions) =>
    day ? formatDate(day.slice(0, 10), pageOf(options).locale) : '',
  );
  hbs.registerHelper('dateTime', (instant: string | null, options: HelperOptions) =>
    instant ? formatDateTime(instant, pageOf(options).locale, timeZone) : '',
  );
  hbs.registerHelper('money', (cents: number | null, options: HelperOptions) =>
    cents === null || cents === undefined ? '' : formatMoney(cents, pageOf(options).locale),
  );
  /** Thousandths, or the API's decimal string ("2.5"): "2,5" in German. */
  hbs.registerHelper('quantity', (value: number | string, options: HelperOptions) =>
    formatQuantity(
      typeof value === 'string' ? parseQuantity(value) : value,
      pageOf(options).locale,
    ),
  );
  /**
   * The API's percentage text ("19.00"), or basis points as a revision stores them (1900), as
   * the locale writes it: "19 %" / "19%".
   */
  hbs.registerHelper('percent', (value: string | number, options: HelperOptions) =>
    formatPercent(
      typeof value === 'number' ? value : percentToBasisPoints(value),
      pageOf(options).locale,
    ),
  );
  /** A file's size in bytes as the locale writes it: "1,2 MB" / "1.2 MB". */
  hbs.registerHelper('fileSize', (bytes: number, options: HelperOptions) =>
    formatFileSize(bytes, pageOf(options).locale),
  );
  hbs.registerHelper('asset', (name: string) => {
    const asset = assets.get(name);
    if (!asset) throw new Error(`Unknown web asset ${name}`);
    return asset.url;
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  /** A neighbour's place in a list (the up/down buttons' target): `add number -1`. */
  hbs.registerHelper('add', (a: number, b: number) => a + b);
  /** Any of the values is truthy (Handlebars' #if takes one). */
  hbs.registerHelper('or', (...args: unknown[]) =>
    args.slice(0, -1).some((value) => (Array.isArray(value) ? value.length > 0 : Boolean(value))),
  );
  /** Ordering of comparable values, e.g. two YYYY-MM-DD days. */
  hbs.registerHelper('lt', (a: string | number, b: string | number) => a < b);
  /** Builds a label key from parts: {{t (concat 'projects.stages.' stage)}}. */
  hbs.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
  /**
   * The fields inside answer for one form of the page (see form-scope.ts): the csrf partial
   * adds its hidden `_form`, and formValue/fieldErrors show a refusal only of that form.
   */
  hbs.registerHelper('formScope', function (this: unknown, scope: string, options: HelperOptions) {
    const data = hbs.createFrame(options.data as object) as Record<string, unknown>;
    data.form = scope;
    return options.fn(this, { data });
  });
  /**
   * The refused flash when it is this form's: a scoped refusal answers only in its own scope;
   * one without a scope (a form that has none) everywhere, as before scopes.
   */
  const refusalFor = (options: HelperOptions) => {
    const flash = pageOf(options).flash;
    if (!flash?.form) return flash;
    return flash.form === (options.data as { form?: string }).form ? flash : null;
  };
  /**
   * A refused form's value for a field, else the given default: {{formValue 'email' user.email}};
   * a row's field by its path: {{formValue (concat 'lineTitle.' index) ''}}.
   */
  hbs.registerHelper('formValue', (field: string, fallback: unknown, options: HelperOptions) => {
    const values = refusalFor(options)?.values;
    return values && field in values ? values[field] : (fallback ?? '');
  });
  /**
   * A checkbox after a refusal shows what was sent (ticked: "on", also beside a hidden "off"
   * as `active.1`), else the given default: {{#if (formTicked 'active' customer.active)}}.
   */
  hbs.registerHelper('formTicked', (field: string, fallback: unknown, options: HelperOptions) => {
    const values = refusalFor(options)?.values;
    if (!values) return Boolean(fallback);
    return Object.entries(values).some(
      ([path, value]) => value === 'on' && (path === field || path.startsWith(`${field}.`)),
    );
  });
  /**
   * This form's scope was refused: {{#if (formRefused)}} opens a folded form (an edit in place)
   * so its errors and typed values show. Only a scoped refusal counts, never another form's.
   */
  hbs.registerHelper('formRefused', (options: HelperOptions) => {
    const flash = pageOf(options).flash;
    const scope = (options.data as { form?: string }).form;
    return Boolean(flash?.error && scope && flash.form === scope);
  });
  /** The messages a refused form got for one field, in the page's language where known. */
  hbs.registerHelper('fieldErrors', (field: string, options: HelperOptions) => {
    const page = pageOf(options);
    return (refusalFor(options)?.error?.fields[field] ?? []).map((message) => {
      const label = fieldMessageLabel(message);
      const text = label && labels.byKey[page.locale].get(label.key);
      return text ? fillIn(text, label.values) : message;
    });
  });
}
