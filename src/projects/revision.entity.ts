import { Column, Entity, PrimaryColumn } from 'typeorm';
import {
  columnType,
  CreatedAtColumn,
  JsonColumn,
  MoneyColumn,
  TimestampColumn,
  UuidColumn,
} from '../common/columns.js';
import type { RevisionContent } from './revision-diff.js';

/** Revision N as sent: never updated. Its fate is a RevisionDecision. */
@Entity('project_revisions')
export class ProjectRevision {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() projectId!: string;
  @Column({ type: 'integer' }) number!: number;
  @JsonColumn() content!: RevisionContent;
  @TimestampColumn() sentAt!: Date;
  @UuidColumn() sentBy!: string;
}

/**
 * `staff`: a decision staff take themselves (withdrawing a revision). `sign_off`: the
 * customer signed through a sign-off link or the portal's sign-off (src/signoff), with evidence.
 */
export const SIGNATURE_METHODS = [
  'portal',
  'paper',
  'email',
  'phone',
  'in_person',
  'staff',
  'sign_off',
] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

/**
 * Who decided, when and how. Customer decisions come from a customer user (method "portal")
 * or from staff recording a signature given on paper, by e-mail or by phone.
 */
export interface Signature {
  actorId: string;
  signerName: string;
  signerEmail: string | null;
  method: SignatureMethod;
  signedAt: Date;
}

/** The one decision on a sent revision; unique per (project, revision): decided once. */
@Entity('revision_decisions')
export class RevisionDecision {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() projectId!: string;
  @Column({ type: 'integer' }) revisionNumber!: number;
  @Column({ type: 'varchar', length: 20 }) decision!:
    'approved' | 'changes_requested' | 'withdrawn';
  @UuidColumn() actorId!: string;
  @Column({ type: 'varchar', length: 200 }) signerName!: string;
  @Column({ type: 'varchar', length: 254, nullable: true }) signerEmail!: string | null;
  @Column({ type: 'varchar', length: 20 }) method!: SignatureMethod;
  @TimestampColumn() signedAt!: Date;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @JsonColumn() chosenOptionalItemIds!: string[];
  @MoneyColumn({ nullable: true }) agreedNetCents!: number | null;
  @CreatedAtColumn() createdAt!: Date;
}
