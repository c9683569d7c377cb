import type { DocumentKind, DocumentLocale, DocumentViews } from './document-views.js';

/**
 * How a module contributes a document kind; the documents module itself knows none. The owning
 * module adds its view type to `DocumentViews`, ships `templates/<kind>.<locale>.hbs`, and
 * lists a definition in its `…_DOCUMENT_KINDS`, which `src/document-kinds.ts` gathers for the
 * app. The templates need no helper of a kind's own: the helpers (`money`, `date`, `t`, …) are
 * the engine's and format the exact values every view carries.
 */
export interface DocumentKindDefinition<K extends DocumentKind = DocumentKind> {
  readonly kind: K;
  /**
   * A realistic view in the locale. The templates are rendered with it when they load, so a
   * template that fails only with data stops the start; it is built then, on the main thread
   * only, and not kept.
   */
  sample(locale: DocumentLocale): DocumentViews[K];
}

/** A definition whose sample is checked against the kind's own view type. */
export function documentKind<K extends DocumentKind>(
  kind: K,
  sample: (locale: DocumentLocale) => DocumentViews[K],
): DocumentKindDefinition<K> {
  return { kind, sample };
}

/** Injection token: the app's document kinds, as `src/document-kinds.ts` lists them. */
export const APP_DOCUMENT_KINDS = Symbol('APP_DOCUMENT_KINDS');
