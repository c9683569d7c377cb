import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';
import type { DocumentKind, DocumentLocale } from './document-views.js';
import { PdfRenderer, type LayoutAppendix, type PdfAttachment } from './pdf-renderer.js';
import { TemplateRegistry, type TemplateKinds } from './template-registry.js';
import { loadTheme } from './theme.js';

/**
 * Everything a PDF is rendered from. Stored as the document's snapshot: rendering the same
 * snapshot with the same template version gives the same bytes, because the creation date
 * and the document ID come from here and nothing else varies.
 */
export interface RenderJob {
  kind: DocumentKind;
  locale: DocumentLocale;
  view: object;
  draft: boolean;
  /** Time zone for instants printed in the document, e.g. an approval time. */
  timeZone: string;
  /** ISO instant: the PDF's CreationDate. */
  issuedAt: string;
  /** PDF/A-3b output, e.g. for e-invoices. */
  pdfa?: boolean;
  attachments?: PdfAttachment[];
  /** Extra XMP for PDF/A (e.g. Factur-X metadata). */
  xmpExtension?: string;
  /** Pages after the document (a sign-off certificate); stored in the snapshot like the view. */
  appendix?: LayoutAppendix;
}

/** A render job as stored with the document: attachments by name and hash, not bytes. */
export type DocumentSnapshot = Omit<RenderJob, 'attachments'> & {
  templateVersion: string;
  attachments?: Array<{ name: string; mimeType: string; sha256: string }>;
};

export interface RenderResult {
  bytes: Buffer;
  templateVersion: string;
}

/**
 * Template registry plus renderer: view in, PDF out. Plain TypeScript, no Nest: one instance
 * lives in each render worker, and one on the main thread for the start-up check and for
 * tools that render inline.
 */
export class DocumentEngine {
  private constructor(
    readonly registry: TemplateRegistry,
    private readonly renderer: PdfRenderer,
  ) {}

  static load(templatesDir: string, kinds: TemplateKinds): DocumentEngine {
    const theme = loadTheme(templatesDir);
    return new DocumentEngine(TemplateRegistry.load(templatesDir, kinds), new PdfRenderer(theme));
  }

  get templateVersion(): string {
    return this.registry.version;
  }

  get kinds(): readonly DocumentKind[] {
    return this.registry.kinds;
  }

  async render(job: RenderJob): Promise<RenderResult> {
    const layout = this.registry.layout(job.kind, job.locale, job.view, {
      draft: job.draft,
      timeZone: job.timeZone,
    });
    const bytes = await this.renderer.render(layout, {
      creationDate: new Date(job.issuedAt),
      documentId: documentIdOf(job, this.registry.version),
      pdfa: job.pdfa,
      attachments: job.attachments,
      xmpExtension: job.xmpExtension,
      appendix: job.appendix,
    });
    return { bytes, templateVersion: this.registry.version };
  }
}

/** The PDF trailer /ID: the first 16 bytes of the snapshot's SHA-256. */
export function documentIdOf(job: RenderJob, templateVersion: string): string {
  const { attachments, ...rest } = job;
  const hash = createHash('sha256').update(canonicalJson({ ...rest, templateVersion }));
  for (const attachment of attachments ?? []) {
    hash.update(attachment.name).update(attachment.data);
  }
  return hash.digest('hex').slice(0, 32);
}
