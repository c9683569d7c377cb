import { ApiProperty } from '@nestjs/swagger';
import { DocumentResponse } from '../../documents/document.dto.js';
import { KeysetPageMeta } from '../../common/pagination.js';
import type { MailDelivery } from '../../mail/mail-outbox.service.js';

/** One mail that carried a stage document to the customer: to whom, when, whether it went. */
export class DocumentMailResponse {
  to!: string;
  @ApiProperty({ enum: ['queued', 'sending', 'sent', 'failed'] }) status!: string;
  queuedAt!: string;
  sentAt!: string | null;
}

export class ProjectDocumentResponse extends DocumentResponse {
  @ApiProperty({ type: [DocumentMailResponse] }) mails!: DocumentMailResponse[];
}

/** A page of a project's stage documents (keyset, newest first). */
export class ProjectDocumentPage extends KeysetPageMeta {
  @ApiProperty({ type: [ProjectDocumentResponse] }) items!: ProjectDocumentResponse[];
}

export function toDocumentMailResponse(d: MailDelivery): DocumentMailResponse {
  return {
    to: d.toAddress,
    status: d.status,
    queuedAt: d.queuedAt.toISOString(),
    sentAt: d.sentAt ? d.sentAt.toISOString() : null,
  };
}
