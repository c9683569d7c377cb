import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '../common/domain-error.js';
import { APP_DOCUMENT_KINDS, type DocumentKindDefinition } from './document-kind.js';
import {
  DOCUMENT_LOCALES,
  type CompanyView,
  type DocumentKind,
  type DocumentLocale,
} from './document-views.js';
import { DocumentsService } from './documents.service.js';

/** A fixed date for previews, so the same templates give the same bytes. */
const PREVIEW_ISSUED_AT = new Date('2026-01-01T09:00:00.000Z');

/**
 * Watermarked draft previews of every kind the app's modules define, rendered from each kind's
 * own sample data (the samples the templates are checked with at start) and never stored: what
 * an admin looks at after a template or theme change, or while editing the letterhead.
 */
@Injectable()
export class DocumentPreviewsService {
  constructor(
    @Inject(APP_DOCUMENT_KINDS) private readonly kinds: readonly DocumentKindDefinition[],
    private readonly documents: DocumentsService,
  ) {}

  /** Every kind, each in every language. */
  list(): { kind: DocumentKind; locales: readonly DocumentLocale[] }[] {
    return this.kinds.map(({ kind }) => ({ kind, locales: DOCUMENT_LOCALES }));
  }

  /**
   * A kind's sample as a draft PDF; with `company`, its letterhead replaced (the company
   * profile form's values, before they are saved).
   */
  async render(kind: string, locale: DocumentLocale, company?: CompanyView): Promise<Buffer> {
    const definition = this.kinds.find((k) => k.kind === kind);
    if (!definition) throw notFound('DOCUMENT.NOT_FOUND', kind);
    const sample = definition.sample(locale) as object;
    const view = company && 'company' in sample ? { ...sample, company } : sample;
    return this.documents.render(definition.kind, locale, view as never, {
      draft: true,
      issuedAt: PREVIEW_ISSUED_AT,
    });
  }

  /** The kind whose first page shows the letterhead best: the first one listed. */
  letterheadKind(): DocumentKind {
    return this.kinds[0].kind;
  }
}
