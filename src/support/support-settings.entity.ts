import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import { columnType, CreatedAtColumn, JsonColumn, UpdatedAtColumn } from '../common/columns.js';
import type { BusinessHoursSlot } from './business-hours.js';
import type { FederalState } from './public-holidays.js';

export const ARTICLE_VISIBILITIES = ['public', 'contract_customers'] as const;
export type ArticleVisibility = (typeof ARTICLE_VISIBILITIES)[number];

/** The support desk's settings: one row, id 1, created by the migration. */
@Entity('support_settings')
export class SupportSettings {
  @PrimaryColumn({ type: 'integer' }) id!: number;
  /** Billable work beyond this many work units needs the customer's order first. */
  @Column({ type: 'integer' }) approvalThresholdWorkUnits!: number;
  @JsonColumn() businessHours!: BusinessHoursSlot[];
  /** The company's own closed days; the federal state's public holidays are computed. */
  @JsonColumn() holidays!: string[];
  /** The company's federal state, whose public holidays are closed days; null: none computed. */
  @Column({ type: 'varchar', length: 2, nullable: true }) federalState!: FederalState | null;
  /** The share of an analysis fee billed unless staff decide otherwise (basis points). */
  @Column({ type: 'integer' }) analysisFeeBilledBp!: number;
  @UpdatedAtColumn() updatedAt!: Date;
  @VersionColumn() version!: number;
}

/** A how-to article of the small knowledge base. */
@Entity('support_articles')
export class SupportArticle {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'varchar', length: 30 }) visibility!: ArticleVisibility;
  @CreatedAtColumn() createdAt!: Date;
  @UpdatedAtColumn() updatedAt!: Date;
  @VersionColumn() version!: number;
}
