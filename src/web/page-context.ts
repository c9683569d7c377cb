import type { Actor } from '../common/access.js';

export const WEB_LOCALES = ['de', 'en'] as const;
export type WebLocale = (typeof WEB_LOCALES)[number];

/** What a page shows once: a notice (a label key), or a refused form's errors and values. */
export interface Flash {
  notice?: string;
  error?: PageError;
  /**
   * The refused form's values (never passwords), to fill the form in again, by the field's path
   * as its errors are named: `title`, a repeated field's `lineTitle.2`, `lines[2][title]`'s
   * `lines.2.title`.
   */
  values?: Record<string, string>;
  /** The refused form's scope (its hidden `_form`): only that form shows the values and errors. */
  form?: string;
}

export interface PageError {
  code: string;
  message: string;
  /** Messages per form field, from a problem's `errors` or `field`. */
  fields: Record<string, string[]>;
}

/** The caller of a page: set by the page guard, read with @CurrentPage(). */
export interface PageContext {
  /** Null only on anonymous pages (the login form) when nobody is logged in. */
  actor: Actor | null;
  locale: WebLocale;
  sessionId: string | null;
  csrfToken: string | null;
  flash: Flash | null;
  /** The request's path and query, for links back (login's `next`). */
  path: string;
  /** An htmx request (header HX-Request): the handler may answer with a fragment. */
  htmx: boolean;
  /** On a posted form: its scope (hidden `_form`, written by `{{#formScope}}`), if it has one. */
  form?: string;
}

/** A page that needs a logged-in user: the actor is certain. */
export type SignedInPage = PageContext & { actor: Actor; sessionId: string; csrfToken: string };

export type RequestWithPage = { page?: PageContext };

/**
 * A body refused before it was read (an upload announcing more bytes than it may be), set by
 * the parser that would have read it. The page guard throws it once it knows the session, so
 * the refusal comes back to the form like any other; without the body there is no CSRF token to
 * check, and nothing runs.
 */
export type RequestWithRefusedBody = { refusedBody?: Error };
