import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { KeysetPageMeta, KeysetPageQuery } from '../common/pagination.js';
import { MAIL_STATUSES, type MailStatus, type OutboxMail } from './mail-outbox.entity.js';

export class OutboxQuery extends KeysetPageQuery {
  @ApiProperty({ enum: MAIL_STATUSES, required: false })
  @IsOptional()
  @IsIn(MAIL_STATUSES)
  status?: MailStatus;
}

/**
 * A mail of the outbox as an admin sees it: where it goes, what it is about, how sending went.
 * Not its text: a sign-off request's text carries the customer's link.
 */
export class OutboxMailResponse {
  id!: string;
  kind!: string;
  toAddress!: string;
  subject!: string;
  @ApiProperty({ enum: MAIL_STATUSES }) status!: MailStatus;
  attempts!: number;
  /** The last delivery error (kept after a retry until the mail is sent). */
  lastError!: string | null;
  relatedType!: string;
  relatedId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) nextAttemptAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt!: string | null;
}

export class OutboxPage extends KeysetPageMeta {
  @ApiProperty({ type: [OutboxMailResponse] }) items!: OutboxMailResponse[];
}

export function toOutboxMailResponse(mail: OutboxMail): OutboxMailResponse {
  return {
    id: mail.id,
    kind: mail.kind,
    toAddress: mail.toAddress,
    subject: mail.subject,
    status: mail.status,
    attempts: mail.attempts,
    lastError: mail.lastError,
    relatedType: mail.relatedType,
    relatedId: mail.relatedId,
    createdAt: mail.createdAt.toISOString(),
    nextAttemptAt: mail.nextAttemptAt.toISOString(),
    sentAt: mail.sentAt?.toISOString() ?? null,
  };
}
