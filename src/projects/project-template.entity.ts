import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import { columnType, CreatedAtColumn, JsonColumn, UpdatedAtColumn } from '../common/columns.js';
import type { ItemUnit } from './estimate.js';
import type { BillingMode } from './project.entity.js';
import type { Priority } from './revision-diff.js';

export interface TemplateRequirement {
  text: string;
  priority: Priority;
  acceptanceCriterion: string;
  solution: string | null;
}

export interface TemplateItem {
  title: string;
  description: string | null;
  quantity: number;
  unit: ItemUnit;
  /** Price from this price-list service at the time the project is created… */
  serviceRateId: string | null;
  /** …or this fixed price. */
  unitPriceCents: number | null;
  optional: boolean;
}

/** A standard topic (e.g. mail server migration) with prepared requirements and lines. */
@Entity('project_templates')
export class ProjectTemplate {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @Column({ type: 'varchar', length: 200, unique: true }) name!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'varchar', length: 30 }) billingMode!: BillingMode;
  @Column({ type: 'text' }) background!: string;
  @Column({ type: 'text' }) goals!: string;
  @JsonColumn() requirements!: TemplateRequirement[];
  @JsonColumn() items!: TemplateItem[];
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @CreatedAtColumn() createdAt!: Date;
  @UpdatedAtColumn() updatedAt!: Date;
  @VersionColumn() version!: number;
}
