import type { DocumentKindDefinition } from './documents/document-kind.js';
import type { DocumentKind } from './documents/document-views.js';
import { INVOICING_DOCUMENT_KINDS } from './invoicing/invoice-document-kind.js';
import { PROJECT_DOCUMENT_KINDS } from './projects/stage-document-kinds.js';
import { SUPPORT_DOCUMENT_KINDS } from './support/time-report-document-kind.js';

/**
 * Every document kind the app issues, each from the module that owns it. The app module hands
 * them to the documents module, which loads and checks their templates at start; the tests
 * render their samples. A kind added to a module's list needs no change here.
 */
export const DOCUMENT_KIND_DEFINITIONS = [
  ...PROJECT_DOCUMENT_KINDS,
  ...SUPPORT_DOCUMENT_KINDS,
  ...INVOICING_DOCUMENT_KINDS,
] as const satisfies readonly DocumentKindDefinition[];

export const DOCUMENT_KINDS: readonly DocumentKind[] = DOCUMENT_KIND_DEFINITIONS.map(
  (definition) => definition.kind,
);

/**
 * A view type added to `DocumentViews` without a definition in a module's list fails to
 * compile here ("Type 'false' does not satisfy the constraint 'true'"), rather than failing
 * at the first render for want of its templates.
 */
type Unlisted = Exclude<DocumentKind, (typeof DOCUMENT_KIND_DEFINITIONS)[number]['kind']>;
export type EveryKindListed = Assert<[Unlisted] extends [never] ? true : false>;
type Assert<T extends true> = T;
