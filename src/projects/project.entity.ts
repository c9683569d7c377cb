import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import {
  columnType,
  CreatedAtColumn,
  DayColumn,
  MoneyColumn,
  UpdatedAtColumn,
  UuidColumn,
} from '../common/columns.js';
import type { ItemUnit } from './estimate.js';
import type { Priority } from './revision-diff.js';
import type { Stage } from './stage-machine.js';

export type BillingMode = 'fixed_price' | 'time_and_materials';

/**
 * The project aggregate. Its `version` guards every change to it and its draft content
 * (requirements, estimate lines), so two users acting at once cannot both win.
 */
@Entity('projects')
export class Project {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @Column({ type: 'varchar', length: 20, unique: true }) number!: string;
  @UuidColumn() customerId!: string;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'varchar', length: 20 }) stage!: Stage;
  @Column({ type: 'varchar', length: 30 }) billingMode!: BillingMode;
  @Column({ type: 'text' }) background!: string;
  @Column({ type: 'text' }) goals!: string;
  /** Terms printed in the solution document (payment, assumptions, exclusions). */
  @Column({ type: 'text', nullable: true }) terms!: string | null;
  @Column({ name: 'vat_rate_bp', type: 'integer' }) vatRateBp!: number;
  /** Last day the offer can be approved. */
  @DayColumn({ nullable: true }) validUntil!: string | null;
  @UuidColumn({ nullable: true }) templateId!: string | null;
  /** The revision the next "send" freezes (the draft being edited, or the one in review). */
  @Column({ type: 'integer' }) currentRevision!: number;
  @Column({ type: 'integer', nullable: true }) approvedRevision!: number | null;
  /** Approved net plus approved change requests; for T&M the budget. */
  @MoneyColumn({ nullable: true }) agreedNetCents!: number | null;
  @DayColumn({ nullable: true }) completionDate!: string | null;
  /** Day of the customer's final acceptance: the invoice's service date. */
  @DayColumn({ nullable: true }) acceptedOn!: string | null;
  @Column({ type: 'text', nullable: true }) cancelReason!: string | null;
  @UuidColumn() createdBy!: string;
  @CreatedAtColumn() createdAt!: Date;
  @UpdatedAtColumn() updatedAt!: Date;
  @VersionColumn() version!: number;
}

/** A requirement of the concept paper, with its solution text (draft; frozen per revision). */
/**
 * How many projects a consultant has in a stage: kept by triggers on `projects` (migration
 * 1796600000000), read by the dashboard. Never written by the app.
 */
@Entity('project_stage_counts')
export class ProjectStageCount {
  @PrimaryColumn({ type: columnType.uuid() }) createdBy!: string;
  @PrimaryColumn({ type: 'varchar', length: 20 }) stage!: Stage;
  @Column({ type: 'integer' }) count!: number;
}

@Entity('project_requirements')
export class Requirement {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() projectId!: string;
  @Column({ type: 'integer' }) position!: number;
  @Column({ type: 'text' }) text!: string;
  @Column({ type: 'varchar', length: 10 }) priority!: Priority;
  @Column({ type: 'text' }) acceptanceCriterion!: string;
  @Column({ type: 'text', nullable: true }) solution!: string | null;
}

/** A line of the cost estimate (draft; frozen per revision). */
@Entity('estimate_items')
export class EstimateItem {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() projectId!: string;
  @Column({ type: 'integer' }) position!: number;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  /** Thousandths of the unit: 1250 = 1.25. */
  @Column({ type: 'integer' }) quantity!: number;
  @Column({ type: 'varchar', length: 20 }) unit!: ItemUnit;
  @MoneyColumn() unitPriceCents!: number;
  @UuidColumn({ nullable: true }) serviceRateId!: string | null;
  @Column({ type: 'boolean', default: false }) optional!: boolean;
}
