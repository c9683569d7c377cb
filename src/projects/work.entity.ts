import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import {
  columnType,
  CreatedAtColumn,
  DayColumn,
  JsonColumn,
  MoneyColumn,
  TimestampColumn,
  UpdatedAtColumn,
  UuidColumn,
} from '../common/columns.js';
import type { ItemUnit } from './estimate.js';
import type { SignatureMethod } from './revision.entity.js';

/** Time as logged: never rewritten; rounding and work units apply only when billing. */
@Entity('project_time_entries')
export class TimeEntry {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() projectId!: string;
  @UuidColumn() userId!: string;
  @DayColumn() day!: string;
  @Column({ type: 'integer' }) minutes!: number;
  @Column({ type: 'text' }) description!: string;
  @UuidColumn() serviceRateId!: string;
  @Column({ type: 'boolean' }) billable!: boolean;
  @UuidColumn({ nullable: true }) invoiceId!: string | null;
  @CreatedAtColumn() createdAt!: Date;
}

export interface ChangeRequestLine {
  title: string;
  description: string | null;
  quantity: number;
  unit: ItemUnit;
  unitPriceCents: number;
}

export const CHANGE_REQUEST_STATUSES = [
  'draft',
  'sent',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

/** A Nachtrag: costs beyond the agreement, approved by the customer before the work. */
@Entity('change_requests')
export class ChangeRequest {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() projectId!: string;
  @Column({ type: 'integer' }) number!: number;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'text' }) description!: string;
  @JsonColumn() lines!: ChangeRequestLine[];
  @MoneyColumn() deltaNetCents!: number;
  /** The completion date if this is approved; null when it does not move. */
  @DayColumn({ nullable: true }) newCompletionDate!: string | null;
  @Column({ type: 'varchar', length: 20 }) status!: ChangeRequestStatus;
  @TimestampColumn({ nullable: true }) sentAt!: Date | null;
  @TimestampColumn({ nullable: true }) decidedAt!: Date | null;
  @UuidColumn({ nullable: true }) decidedBy!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) signerName!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) signatureMethod!: SignatureMethod | null;
  @Column({ type: 'text', nullable: true }) decisionComment!: string | null;
  @UuidColumn() createdBy!: string;
  @CreatedAtColumn() createdAt!: Date;
  @UpdatedAtColumn() updatedAt!: Date;
  @VersionColumn() version!: number;
}

/** Every change of the completion date, with its reason. */
@Entity('project_schedule_changes')
export class ScheduleChange {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() projectId!: string;
  @DayColumn({ nullable: true }) fromDate!: string | null;
  @DayColumn() toDate!: string;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @UuidColumn({ nullable: true }) changeRequestId!: string | null;
  @UuidColumn() changedBy!: string;
  @CreatedAtColumn() createdAt!: Date;
}
