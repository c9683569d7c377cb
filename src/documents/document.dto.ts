import { ApiProperty, type OpenAPIObject, type SchemaObject } from '@nestjs/swagger';
import { KeysetPageMeta } from '../common/pagination.js';
import { DOCUMENT_LOCALES } from './document-views.js';
import type { DocumentKind, DocumentLocale } from './document-views.js';
import type { DocumentRecord } from './document.entity.js';

export class DocumentResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  /** An enum of the app's kinds: see `describeDocumentKinds`. */
  @ApiProperty({ type: String }) kind!: DocumentKind;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiProperty() ownerType!: string;
  @ApiProperty() ownerId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() versionLabel!: string;
  @ApiProperty({ enum: DOCUMENT_LOCALES }) locale!: DocumentLocale;
  @ApiProperty() templateName!: string;
  @ApiProperty() templateVersion!: string;
  @ApiProperty({ description: 'SHA-256 of the stored PDF, hex' }) sha256!: string;
  @ApiProperty() byteSize!: number;
  @ApiProperty() draft!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) createdBy!: string | null;
  @ApiProperty({ description: 'Where the PDF is downloaded' }) pdfUrl!: string;
}

export function toDocumentResponse(document: DocumentRecord): DocumentResponse {
  return {
    id: document.id,
    kind: document.kind,
    customerId: document.customerId,
    ownerType: document.ownerType,
    ownerId: document.ownerId,
    title: document.title,
    versionLabel: document.versionLabel,
    locale: document.locale,
    templateName: document.templateName,
    templateVersion: document.templateVersion,
    sha256: document.sha256,
    byteSize: document.byteSize,
    draft: document.draft,
    createdAt: document.createdAt.toISOString(),
    createdBy: document.createdBy,
    pdfUrl: `/documents/${document.id}/pdf`,
  };
}

/**
 * The kinds come from the app's modules (`src/document-kinds.ts`), which this module does not
 * import, so the decorator above cannot list them: the OpenAPI document gets them here.
 */
export function describeDocumentKinds(openApi: OpenAPIObject, kinds: readonly string[]): void {
  const schema = openApi.components?.schemas?.[DocumentResponse.name] as SchemaObject | undefined;
  const kind = schema?.properties?.kind as SchemaObject | undefined;
  if (!kind) throw new Error('the OpenAPI document has no DocumentResponse.kind');
  kind.enum = [...kinds];
}

/** A page of an owner's documents, newest first (`?after=` the previous page's nextCursor). */
export class DocumentPage extends KeysetPageMeta {
  @ApiProperty({ type: [DocumentResponse] }) items!: DocumentResponse[];
}
