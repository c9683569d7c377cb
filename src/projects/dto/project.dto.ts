import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { KeysetPageMeta, KeysetPageQuery } from '../../common/pagination.js';
import { PERCENT_PATTERN } from '../../common/percent.js';
import { Clearable, IsDay, IsLineQuantity, Trim } from '../../common/validation.js';
import { ITEM_UNITS, type ItemUnit } from '../estimate.js';
import type { BillingMode } from '../project.entity.js';
import { PRIORITIES, type Priority } from '../revision-diff.js';
import { ACTIONS, STAGES, type Action, type Stage } from '../stage-machine.js';

const BILLING_MODES = ['fixed_price', 'time_and_materials'] as const;

/** Every change to a project names the version it was made against (409 if stale). */
export class VersionDto {
  @IsInt() @Min(1) version!: number;
}

export class CreateProjectDto {
  @IsUUID() customerId!: string;
  @Trim() @IsString() @MinLength(1) @MaxLength(200) title!: string;
  /** Start from a project template: its requirements and estimate lines are copied. */
  @IsOptional() @IsUUID() templateId?: string;
  @ApiProperty({ enum: BILLING_MODES, required: false })
  @IsOptional()
  @IsIn(BILLING_MODES)
  billingMode?: BillingMode;
}

export class UpdateProjectDto extends VersionDto {
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @IsOptional() @IsString() @MaxLength(20000) background?: string;
  @IsOptional() @IsString() @MaxLength(20000) goals?: string;
  @Clearable() @IsOptional() @IsString() @MaxLength(20000) terms?: string | null;
  @ApiProperty({ enum: BILLING_MODES, required: false })
  @IsOptional()
  @IsIn(BILLING_MODES)
  billingMode?: BillingMode;
  /** VAT rate as a decimal string, e.g. "19". */
  @IsOptional()
  @Matches(PERCENT_PATTERN, { message: 'vatRate must be a percentage such as "19" or "7"' })
  vatRate?: string;
  /** The last day the offer can be approved. */
  @IsOptional() @IsDay() validUntil?: string;
}

export class RequirementDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(5000) text!: string;
  @ApiProperty({ enum: PRIORITIES }) @IsIn(PRIORITIES) priority!: Priority;
  @Trim() @IsString() @MinLength(1) @MaxLength(5000) acceptanceCriterion!: string;
  /** How the solution meets it (solution document). */
  @Clearable() @IsOptional() @IsString() @MaxLength(20000) solution?: string | null;
}

export class CreateRequirementDto extends RequirementDto {
  @IsInt() @Min(1) version!: number;
}

export class UpdateRequirementDto extends PartialType(RequirementDto) {
  @IsInt() @Min(1) version!: number;
  /**
   * Moves the requirement to this place in the list (1 = first; its new number); the others
   * keep their order around it.
   */
  @IsOptional() @IsInt() @Min(1) @Max(200) position?: number;
}

export class EstimateItemDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @Clearable() @IsOptional() @IsString() @MaxLength(5000) description?: string | null;
  /** Decimal string with up to 3 decimals, e.g. "12.5". */
  @IsLineQuantity()
  quantity!: string;
  @ApiProperty({ enum: ITEM_UNITS }) @IsIn(ITEM_UNITS) unit!: ItemUnit;
  /** Take the unit price from this price-list service… */
  @IsOptional() @IsUUID() serviceRateId?: string;
  /** …or state it (net, integer cents); overrides the price list. */
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) unitPriceCents?: number;
  /** An option the customer may choose when approving. */
  @IsOptional() @IsBoolean() optional?: boolean;
}

export class CreateEstimateItemDto extends EstimateItemDto {
  @IsInt() @Min(1) version!: number;
}

export class UpdateEstimateItemDto extends PartialType(EstimateItemDto) {
  @IsInt() @Min(1) version!: number;
}

export class ProjectQuery extends KeysetPageQuery {
  @IsOptional() @IsUUID() customerId?: string;
  @ApiProperty({ enum: STAGES, required: false }) @IsOptional() @IsIn(STAGES) stage?: Stage;
}

/** A customer's signature given outside the portal, recorded by staff. */
export class SignatureDto {
  @Trim() @IsString() @MinLength(2) @MaxLength(200) signerName!: string;
  @IsOptional() @Trim() @IsString() @MaxLength(254) signerEmail?: string;
  @IsIn(['paper', 'email', 'phone', 'in_person']) method!:
    'paper' | 'email' | 'phone' | 'in_person';
  /** When the customer signed (ISO date-time). */
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'signedAt must be an ISO date-time with offset, e.g. 2026-11-20T14:30:00+01:00',
  })
  signedAt!: string;
}

export class CustomerDecisionDto {
  @IsOptional() @IsInt() @Min(1) version?: number;
  /** Required when staff record a decision the customer made outside the portal. */
  @IsOptional() @ValidateNested() @Type(() => SignatureDto) signature?: SignatureDto;
}

export class ApproveDto extends CustomerDecisionDto {
  /** The optional estimate lines the customer chooses. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  optionalItemIds?: string[];
}

export class RequestChangesDto extends CustomerDecisionDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(10000) comment!: string;
}

export class DefectDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(500) title!: string;
  @IsOptional() @IsString() @MaxLength(5000) description?: string;
}

export class RejectAcceptanceDto extends CustomerDecisionDto {
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DefectDto)
  defects!: DefectDto[];
  @IsOptional() @IsString() @MaxLength(10000) comment?: string;
}

export class AcceptDto extends CustomerDecisionDto {
  @IsOptional() @IsString() @MaxLength(10000) comment?: string;
}

export class ActionDto {
  @IsOptional() @IsInt() @Min(1) version?: number;
}

export class ReasonDto extends ActionDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(5000) reason!: string;
}

export class ScheduleDto extends ActionDto {
  @IsDay() completionDate!: string;
}

export class RescheduleDto extends ScheduleDto {
  /** Required when the date moves later. */
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(5000) reason?: string;
}

export class RequirementResponse {
  id!: string;
  number!: number;
  text!: string;
  @ApiProperty({ enum: PRIORITIES }) priority!: Priority;
  acceptanceCriterion!: string;
  solution!: string | null;
}

export class EstimateLineResponse {
  id!: string;
  position!: number;
  title!: string;
  description!: string | null;
  /** Decimal string. */
  quantity!: string;
  @ApiProperty({ enum: ITEM_UNITS }) unit!: ItemUnit;
  unitPriceCents!: number;
  netCents!: number;
  optional!: boolean;
  serviceRateId!: string | null;
}

export class EstimateTotalsResponse {
  requiredNetCents!: number;
  optionalNetCents!: number;
  /** Required lines only (plus chosen options once approved). */
  netCents!: number;
  /** Decimal string, e.g. "19.00". */
  vatRate!: string;
  vatCents!: number;
  grossCents!: number;
}

export class ApprovalResponse {
  revision!: number;
  approvedAt!: string;
  approvedBy!: string;
  method!: string;
  chosenOptionalItemIds!: string[];
  agreedNetCents!: number;
}

export class ProjectSummaryResponse {
  id!: string;
  number!: string;
  customerId!: string;
  title!: string;
  @ApiProperty({ enum: STAGES }) stage!: Stage;
  @ApiProperty({ enum: BILLING_MODES }) billingMode!: BillingMode;
  completionDate!: string | null;
  agreedNetCents!: number | null;
  version!: number;
}

export class BudgetResponse {
  budgetCents!: number;
  /** Billable value of the logged time, rounded per the price list. */
  usedCents!: number;
  remainingCents!: number;
}

export class ProjectResponse extends ProjectSummaryResponse {
  /** What the calling user may do now: the buttons a UI shows. */
  @ApiProperty({ enum: ACTIONS, isArray: true }) allowedActions!: Action[];
  background!: string;
  goals!: string;
  terms!: string | null;
  vatRate!: string;
  validUntil!: string | null;
  templateId!: string | null;
  /** The revision being edited, or in review. */
  currentRevision!: number;
  approvedRevision!: number | null;
  approval!: ApprovalResponse | null;
  acceptedOn!: string | null;
  cancelReason!: string | null;
  @ApiProperty({ type: [RequirementResponse] }) requirements!: RequirementResponse[];
  @ApiProperty({ type: [EstimateLineResponse] }) items!: EstimateLineResponse[];
  totals!: EstimateTotalsResponse;
  /** Time and materials: billable value of logged time against the budget. */
  @ApiProperty({ type: BudgetResponse, nullable: true }) budget!: BudgetResponse | null;
  createdAt!: string;
  updatedAt!: string;
}

export class ProjectPage extends KeysetPageMeta {
  @ApiProperty({ type: [ProjectSummaryResponse] }) items!: ProjectSummaryResponse[];
}
