import { Column, Entity, PrimaryColumn } from 'typeorm';
import {
  columnType,
  CreatedAtColumn,
  DayColumn,
  JsonColumn,
  TimestampColumn,
  UuidColumn,
} from '../common/columns.js';
import type { SignatureMethod } from './revision.entity.js';

export const QA_RESULTS = ['pending', 'passed', 'failed', 'waived'] as const;
export type QaResult = (typeof QA_RESULTS)[number];

/** One internal QA acceptance round; a failed round stays in history. */
@Entity('qa_rounds')
export class QaRound {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() projectId!: string;
  @Column({ type: 'integer' }) number!: number;
  @Column({ type: 'varchar', length: 10 }) status!: 'open' | 'passed' | 'failed';
  @TimestampColumn() startedAt!: Date;
  @UuidColumn() startedBy!: string;
  @TimestampColumn({ nullable: true }) completedAt!: Date | null;
}

/** A check per requirement, plus one per defect the customer listed at a rejected acceptance. */
@Entity('qa_checks')
export class QaCheck {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() roundId!: string;
  @UuidColumn() projectId!: string;
  @Column({ type: 'integer' }) position!: number;
  @Column({ type: 'varchar', length: 20 }) source!: 'requirement' | 'defect';
  @UuidColumn({ nullable: true }) requirementId!: string | null;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'varchar', length: 10 }) result!: QaResult;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @UuidColumn({ nullable: true }) decidedBy!: string | null;
  @TimestampColumn({ nullable: true }) decidedAt!: Date | null;
}

export interface Defect {
  title: string;
  description: string | null;
}

/** The customer's final acceptance or rejection: never edited. */
@Entity('acceptance_records')
export class AcceptanceRecord {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() projectId!: string;
  @Column({ type: 'integer' }) qaRound!: number;
  @Column({ type: 'varchar', length: 10 }) decision!: 'accepted' | 'rejected';
  @JsonColumn() defects!: Defect[];
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @UuidColumn() actorId!: string;
  @Column({ type: 'varchar', length: 200 }) signerName!: string;
  @Column({ type: 'varchar', length: 20 }) method!: SignatureMethod;
  @TimestampColumn() signedAt!: Date;
  @DayColumn() decidedOn!: string;
  @CreatedAtColumn() createdAt!: Date;
}
