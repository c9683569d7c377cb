import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import {
  BinaryColumn,
  columnType,
  CreatedAtColumn,
  TimestampColumn,
  UpdatedAtColumn,
  UuidColumn,
} from '../common/columns.js';
import type { SupportCategory, SupportCause } from './cost-decision.js';
import type { Severity } from './queue-order.js';
import type { TicketStatus } from './ticket-status.js';

export const TICKET_CHANNELS = ['portal', 'email', 'phone'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

@Entity('support_tickets')
export class SupportTicket {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  /** T-00001: what customers and staff quote on the phone. */
  @Column({ type: 'varchar', length: 20, unique: true }) number!: string;
  @UuidColumn() customerId!: string;
  @UuidColumn({ nullable: true }) contactId!: string | null;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'varchar', length: 20 }) channel!: TicketChannel;
  @Column({ type: 'varchar', length: 20 }) severity!: Severity;
  @Column({ type: 'varchar', length: 30 }) status!: TicketStatus;
  /** When the request reached the company: the queue's "time of arrival". */
  @TimestampColumn() receivedAt!: Date;
  @UuidColumn({ nullable: true }) assigneeId!: string | null;
  /** The current cost decision (history in support_cost_decisions); null until decided. */
  @Column({ type: 'varchar', length: 40, nullable: true }) cause!: SupportCause | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) category!: SupportCategory | null;
  /** Goodwill (Kulanz): share of the effort billed, basis points (10000 = all of it). */
  @Column({ type: 'integer', default: 10_000 }) goodwillBilledBp!: number;
  @Column({ type: 'text', nullable: true }) goodwillReason!: string | null;
  /** When the customer was first told of their own error; null while not told. */
  @TimestampColumn({ nullable: true }) customerNotifiedAt!: Date | null;
  /** The share of the analysis fee staff decided (basis points); null: the settings' default. */
  @Column({ type: 'integer', nullable: true }) analysisFeeBilledBp!: number | null;
  @Column({ type: 'text', nullable: true }) analysisFeeReason!: string | null;
  @UuidColumn({ nullable: true }) createdById!: string | null;
  @CreatedAtColumn() createdAt!: Date;
  @UpdatedAtColumn() updatedAt!: Date;
  @VersionColumn() version!: number;
}

export const NOTE_VISIBILITIES = ['internal', 'customer'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

@Entity('support_ticket_notes')
export class TicketNote {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() ticketId!: string;
  /** Internal notes are never shown to customer users. */
  @Column({ type: 'varchar', length: 20 }) visibility!: NoteVisibility;
  @Column({ type: 'text' }) body!: string;
  @UuidColumn() authorId!: string;
  @Column({ type: 'varchar', length: 254 }) authorLabel!: string;
  @CreatedAtColumn() createdAt!: Date;
}

/** Every cost decision ever taken on a ticket: who decided, what and why. */
@Entity('support_cost_decisions')
export class CostDecisionRecord {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() ticketId!: string;
  @Column({ type: 'varchar', length: 40 }) cause!: SupportCause;
  @Column({ type: 'varchar', length: 20 }) category!: SupportCategory;
  @Column({ type: 'varchar', length: 20 }) defaultCategory!: SupportCategory;
  @Column({ type: 'boolean' }) overridden!: boolean;
  @Column({ type: 'text' }) reason!: string;
  /** A referral: the partner who looks after the area, and the document or contact given. */
  @Column({ type: 'varchar', length: 200, nullable: true }) referralPartner!: string | null;
  @Column({ type: 'text', nullable: true }) referralDocument!: string | null;
  @UuidColumn() decidedById!: string;
  @Column({ type: 'varchar', length: 254 }) decidedByLabel!: string;
  @TimestampColumn() decidedAt!: Date;
}

export const NOTICE_REASONS = ['customer_error'] as const;
export type NoticeReason = (typeof NOTICE_REASONS)[number];

/**
 * The customer was told in advance (service terms), e.g. that analysis shows their own error
 * and further work is billed: by an e-mail written to the outbox with the notice.
 */
@Entity('support_customer_notices')
export class CustomerNotice {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() ticketId!: string;
  @Column({ type: 'varchar', length: 40 }) reason!: NoticeReason;
  @Column({ type: 'text' }) message!: string;
  @TimestampColumn() notifiedAt!: Date;
  @UuidColumn() notifiedById!: string;
  @Column({ type: 'varchar', length: 254 }) notifiedByLabel!: string;
  /** Where the e-mail went; null for notices recorded before notices were e-mailed. */
  @Column({ type: 'varchar', length: 254, nullable: true }) mailTo!: string | null;
}

export const PERSONAL_DATA_ACTIONS = [
  'remote_session',
  'log_analysis',
  'software_installation',
  'monitoring',
] as const;
export type PersonalDataActionKind = (typeof PERSONAL_DATA_ACTIONS)[number];

/** Work that touches personal data (GDPR Art. 28): allowed only under an AV agreement. */
@Entity('support_personal_data_actions')
export class PersonalDataAction {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() ticketId!: string;
  @Column({ type: 'varchar', length: 40 }) kind!: PersonalDataActionKind;
  @Column({ type: 'text' }) description!: string;
  @TimestampColumn() performedAt!: Date;
  @UuidColumn() performedById!: string;
  @Column({ type: 'varchar', length: 254 }) performedByLabel!: string;
  @CreatedAtColumn() createdAt!: Date;
}

/**
 * A file a customer or staff member attached to a ticket, or to one of its notes. A file on an
 * internal note is as internal as the note. The bytes live in `support_attachment_contents`,
 * once per SHA-256, in the database: several instances share them and a refused or rolled-back
 * message leaves nothing behind.
 */
@Entity('support_attachments')
export class TicketAttachment {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() ticketId!: string;
  @UuidColumn({ nullable: true }) noteId!: string | null;
  @Column({ type: 'varchar', length: 200 }) fileName!: string;
  @Column({ type: 'varchar', length: 100 }) mediaType!: string;
  @Column({ type: 'integer' }) sizeBytes!: number;
  @Column({ type: 'varchar', length: 64 }) sha256!: string;
  @UuidColumn() uploadedById!: string;
  @Column({ type: 'varchar', length: 254 }) uploadedByLabel!: string;
  @TimestampColumn() uploadedAt!: Date;
}

@Entity('support_attachment_contents')
export class AttachmentContent {
  @PrimaryColumn({ type: 'varchar', length: 64 }) sha256!: string;
  @BinaryColumn() bytes!: Buffer;
}
