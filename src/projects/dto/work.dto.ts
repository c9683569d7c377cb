import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { KeysetPageMeta } from '../../common/pagination.js';
import { IsDay, IsLineQuantity, Trim } from '../../common/validation.js';
import { ITEM_UNITS, type ItemUnit } from '../estimate.js';
import { CustomerDecisionDto } from './project.dto.js';

export class LogTimeDto {
  @IsDay() day!: string;
  /** Whole minutes as worked; rounding happens only when billing. */
  @IsInt() @Min(1) @Max(1440) minutes!: number;
  @Trim() @IsString() @MinLength(1) @MaxLength(2000) description!: string;
  @IsUUID() serviceRateId!: string;
  /** Defaults to true; non-billable time is always accepted. */
  @IsOptional() @IsBoolean() billable?: boolean;
}

export class TimeEntryResponse {
  id!: string;
  projectId!: string;
  userId!: string;
  day!: string;
  minutes!: number;
  description!: string;
  serviceRateId!: string;
  billable!: boolean;
  /** What this entry is worth when billed (rounded per the price list), cents. */
  valueCents!: number;
  createdAt!: string;
}

export class TimeEntryPage extends KeysetPageMeta {
  @ApiProperty({ type: [TimeEntryResponse] }) items!: TimeEntryResponse[];
}

export class ChangeRequestLineDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @IsLineQuantity()
  quantity!: string;
  @ApiProperty({ enum: ITEM_UNITS }) @IsIn(ITEM_UNITS) unit!: ItemUnit;
  /**
   * Net unit price in cents, not negative: the lines become invoice lines, whose prices never
   * are (EN 16931 BR-27).
   */
  @IsInt() @Min(0) @Max(1_000_000_000) unitPriceCents!: number;
}

export class CreateChangeRequestDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(200) title!: string;
  /** What changes and why. */
  @Trim() @IsString() @MinLength(1) @MaxLength(20000) description!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ChangeRequestLineDto)
  lines!: ChangeRequestLineDto[];
  /** The completion date if the change is approved; omit if it does not move. */
  @IsOptional() @IsDay() newCompletionDate?: string;
}

export class RejectChangeRequestDto extends CustomerDecisionDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(10000) comment!: string;
}

export class ChangeRequestLineResponse {
  title!: string;
  description!: string | null;
  /** Decimal string. */
  quantity!: string;
  @ApiProperty({ enum: ITEM_UNITS }) unit!: ItemUnit;
  unitPriceCents!: number;
  netCents!: number;
}

export class ChangeRequestResponse {
  id!: string;
  projectId!: string;
  number!: number;
  title!: string;
  description!: string;
  @ApiProperty({ type: [ChangeRequestLineResponse] }) lines!: ChangeRequestLineResponse[];
  deltaNetCents!: number;
  newCompletionDate!: string | null;
  @ApiProperty({ enum: ['draft', 'sent', 'approved', 'rejected', 'withdrawn'] }) status!: string;
  sentAt!: string | null;
  decidedAt!: string | null;
  signerName!: string | null;
  signatureMethod!: string | null;
  decisionComment!: string | null;
  version!: number;
}

export class RecordQaCheckDto {
  @IsIn(['passed', 'failed', 'waived']) result!: 'passed' | 'failed' | 'waived';
  /** Required for failed (what failed) and waived (why; admins only). */
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(5000) note?: string;
}

export class QaCheckResponse {
  id!: string;
  position!: number;
  source!: 'requirement' | 'defect';
  requirementId!: string | null;
  title!: string;
  @ApiProperty({ enum: ['pending', 'passed', 'failed', 'waived'] }) result!: string;
  note!: string | null;
  decidedBy!: string | null;
  decidedAt!: string | null;
}

export class QaRoundResponse {
  id!: string;
  number!: number;
  @ApiProperty({ enum: ['open', 'passed', 'failed'] }) status!: string;
  startedAt!: string;
  completedAt!: string | null;
  @ApiProperty({ type: [QaCheckResponse] }) checks!: QaCheckResponse[];
}

export class RevisionSummaryResponse {
  number!: number;
  sentAt!: string;
  @ApiProperty({ enum: ['in_review', 'approved', 'changes_requested', 'withdrawn'] })
  status!: string;
  decidedAt!: string | null;
  decidedBy!: string | null;
  comment!: string | null;
  netCents!: number;
  grossCents!: number;
}

export class ScheduleChangeResponse {
  fromDate!: string | null;
  toDate!: string;
  reason!: string | null;
  changeRequestId!: string | null;
  changedAt!: string;
}

export class DefectResponse {
  title!: string;
  description!: string | null;
}

export class AcceptanceResponse {
  qaRound!: number;
  @ApiProperty({ enum: ['accepted', 'rejected'] }) decision!: string;
  @ApiProperty({ type: [DefectResponse] }) defects!: DefectResponse[];
  comment!: string | null;
  signerName!: string;
  method!: string;
  signedAt!: string;
  decidedOn!: string;
}
