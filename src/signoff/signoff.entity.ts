import { Column, Entity, PrimaryColumn } from 'typeorm';
import {
  columnType,
  CreatedAtColumn,
  JsonColumn,
  TimestampColumn,
  UuidColumn,
} from '../common/columns.js';
import type { RequestStatus } from './signoff-token.js';

export const SIGNOFF_SUBJECTS = [
  'project_revision',
  'change_request',
  'acceptance',
  'support_quote',
] as const;
export type SignoffSubjectType = (typeof SIGNOFF_SUBJECTS)[number];

export type SignoffOutcome = 'approved' | 'declined';

/**
 * One document version put before the customer for one decision. Several contacts may get a
 * link; one signature decides. `subjectKey` names the decision across versions: sending a
 * newer version supersedes the open request with the same key.
 */
@Entity('signoff_requests')
export class SignoffRequest {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() customerId!: string;
  @Column({ type: 'varchar', length: 30 }) subjectType!: SignoffSubjectType;
  @Column({ type: 'varchar', length: 120 }) subjectKey!: string;
  @UuidColumn({ nullable: true }) projectId!: string | null;
  @Column({ type: 'integer', nullable: true }) revision!: number | null;
  @UuidColumn({ nullable: true }) changeRequestId!: string | null;
  @UuidColumn({ nullable: true }) ticketId!: string | null;
  @UuidColumn({ nullable: true }) quoteId!: string | null;
  /** Null for support quotes, which are shown as details without a PDF. */
  @UuidColumn({ nullable: true }) documentId!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) documentSha256!: string | null;
  @Column({ type: 'varchar', length: 300 }) title!: string;
  @Column({ type: 'varchar', length: 60 }) versionLabel!: string;
  @Column({ type: 'varchar', length: 2 }) locale!: 'de' | 'en';
  @Column({ type: 'varchar', length: 20 }) status!: RequestStatus;
  @TimestampColumn({ nullable: true }) closedAt!: Date | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) decision!: SignoffOutcome | null;
  @UuidColumn() createdBy!: string;
  @CreatedAtColumn() createdAt!: Date;
}

/** A contact's personal link. The token itself is never stored, only its SHA-256. */
@Entity('signoff_links')
export class SignoffLink {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() requestId!: string;
  @UuidColumn({ nullable: true }) contactId!: string | null;
  @Column({ type: 'varchar', length: 200 }) contactName!: string;
  @Column({ type: 'varchar', length: 254 }) contactEmail!: string;
  @Column({ type: 'varchar', length: 2 }) language!: 'de' | 'en';
  @Column({ type: 'varchar', length: 64 }) tokenHash!: string;
  @TimestampColumn() expiresAt!: Date;
  @TimestampColumn({ nullable: true }) revokedAt!: Date | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) revokeReason!: string | null;
  @TimestampColumn({ nullable: true }) usedAt!: Date | null;
  @TimestampColumn({ nullable: true }) firstOpenedAt!: Date | null;
  @TimestampColumn({ nullable: true }) remindedAt!: Date | null;
  @CreatedAtColumn() createdAt!: Date;
}

/** The evidence of a decision: append-only (a database trigger refuses updates). */
@Entity('signoff_decisions')
export class SignoffDecision {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() requestId!: string;
  @UuidColumn({ nullable: true }) linkId!: string | null;
  @UuidColumn({ nullable: true }) portalUserId!: string | null;
  @UuidColumn({ nullable: true }) contactId!: string | null;
  @Column({ type: 'varchar', length: 200 }) signerName!: string;
  @Column({ type: 'varchar', length: 254 }) signerEmail!: string;
  @Column({ type: 'varchar', length: 20 }) decision!: SignoffOutcome;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @JsonColumn() chosenOptionalItemIds!: string[];
  /** Server time, UTC. */
  @TimestampColumn() signedAt!: Date;
  @Column({ type: 'varchar', length: 64 }) ipAddress!: string;
  @Column({ type: 'varchar', length: 500 }) userAgent!: string;
  /** The document's hash as re-computed from storage right before the decision. */
  @Column({ type: 'varchar', length: 64, nullable: true }) documentSha256!: string | null;
  @UuidColumn({ nullable: true }) signedDocumentId!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) signedSha256!: string | null;
  @CreatedAtColumn() createdAt!: Date;
}

/** One wrong token presented from an address: counted per minute for rate limiting. */
@Entity('signoff_token_failures')
export class SignoffTokenFailure {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @Column({ type: 'varchar', length: 64 }) ipAddress!: string;
  @TimestampColumn() occurredAt!: Date;
}
