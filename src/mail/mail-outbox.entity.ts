import { Column, Entity, PrimaryColumn } from 'typeorm';
import { columnType, CreatedAtColumn, JsonColumn, TimestampColumn } from '../common/columns.js';

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * A stored document attached by reference (its bytes are read and verified when sending), or
 * a small text attached as it is (an invoice's XML alone).
 */
export type MailAttachmentRef =
  | { filename: string; documentId: string }
  | { filename: string; contentType: string; content: string };

/**
 * A mail to send, written in the same transaction as what it is about: if that commits, the
 * mail is sent (eventually, with retries); if it rolls back, no mail exists.
 */
@Entity('mail_outbox')
export class OutboxMail {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @Column({ type: 'varchar', length: 40 }) kind!: string;
  @Column({ type: 'varchar', length: 254 }) toAddress!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) toName!: string | null;
  @Column({ type: 'varchar', length: 2 }) language!: 'de' | 'en';
  @Column({ type: 'varchar', length: 300 }) subject!: string;
  @Column({ type: 'text' }) textBody!: string;
  @JsonColumn() attachments!: MailAttachmentRef[];
  @Column({ type: 'varchar', length: 40 }) relatedType!: string;
  @Column({ type: 'varchar', length: 64 }) relatedId!: string;
  @Column({ type: 'varchar', length: 20 }) status!: MailStatus;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @TimestampColumn() nextAttemptAt!: Date;
  /** While one instance sends it; a crashed sender's claim runs out and the mail is retried. */
  @TimestampColumn({ nullable: true }) claimedUntil!: Date | null;
  @Column({ type: 'text', nullable: true }) lastError!: string | null;
  @TimestampColumn({ nullable: true }) sentAt!: Date | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) messageId!: string | null;
  @CreatedAtColumn() createdAt!: Date;
}
