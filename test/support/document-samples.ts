import { DOCUMENT_KIND_DEFINITIONS } from '../../src/document-kinds.js';
import type { DocumentLocale, DocumentViews } from '../../src/documents/document-views.js';

/** Every kind's sample view in one locale, by kind, from the modules that own the kinds. */
export function sampleViews(locale: DocumentLocale): DocumentViews {
  return Object.fromEntries(
    DOCUMENT_KIND_DEFINITIONS.map((definition) => [definition.kind, definition.sample(locale)]),
  ) as unknown as DocumentViews;
}
