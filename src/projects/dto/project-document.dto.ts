import { ApiProperty } from '@nestjs/swagger';
import { DocumentResponse } from '../../documents/document.dto.js';
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

export function toDocumentMailResponse(d: MailDelivery): DocumentMailResponse {
  return {
    to: d.toAddress,
    status: d.status,
    queuedAt: d.queuedAt.toISOString(),
    sentAt: d.sentAt ? d.sentAt.toISOString() : null,
  };
}
