import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDay } from '../../common/validation.js';
import type { InterestPeriod } from './dunning-rules.js';

export class LevelSettingsDto {
  @IsInt() @Min(0) @Max(365) daysAfterDue!: number;
  @IsInt() @Min(0) @Max(100_000) feeCents!: number;
  @IsBoolean() claimInterest!: boolean;
}

/** A base rate from a day on, as the Bundesbank publishes it: "1.27", "-0.88" (percent). */
export class BaseRateDto {
  @IsDay() validFrom!: string;
  @ApiProperty({ example: '1.27' })
  @Matches(/^-?\d{1,2}(\.\d{1,2})?$/, { message: 'ratePercent must be a percentage such as 1.27' })
  ratePercent!: string;
}

export class DunningSettingsDto {
  @ApiProperty({
    type: [LevelSettingsDto],
    description: 'Zahlungserinnerung, 1. Mahnung, 2. Mahnung',
  })
  @IsArray()
  @ArrayMinSize(3)
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => LevelSettingsDto)
  levels!: LevelSettingsDto[];
  @IsBoolean() claimFlatFee!: boolean;
  @ApiProperty({ type: [BaseRateDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BaseRateDto)
  baseRates!: BaseRateDto[];
  /** The version read (0 while the defaults were never changed). */
  @IsInt() @Min(0) version!: number;
}

export class DunningSettingsResponse extends DunningSettingsDto {}

/** The day a reminder run is for; without it, today. */
export class ReminderRunQuery {
  @IsOptional() @IsDay() on?: string;
}

/** A run sends what is due today, for the invoices finance chose from the proposal. */
export class ConfirmRemindersDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  invoiceIds!: string[];
}

export class InterestPeriodResponse implements InterestPeriod {
  from!: string;
  to!: string;
  days!: number;
  principalCents!: number;
  rateBp!: number;
  interestCents!: number;
}

/** A reminder due (proposed) or sent (recorded). */
export class ReminderClaimResponse {
  invoiceId!: string;
  invoiceNumber!: string;
  customerId!: string;
  customerName!: string;
  dueDate!: string;
  daysOverdue!: number;
  @ApiProperty({ enum: [0, 1, 2] }) level!: 0 | 1 | 2;
  reminderDate!: string;
  openCents!: number;
  feeCents!: number;
  flatFeeCents!: number;
  interestCents!: number;
  earlierFeesCents!: number;
  totalCents!: number;
  @ApiProperty({ type: [InterestPeriodResponse] }) interest!: InterestPeriodResponse[];
  @ApiProperty({ type: String, nullable: true }) recipient!: string | null;
}

export class ReminderResponse extends ReminderClaimResponse {
  id!: string;
  documentId!: string;
  sentTo!: string;
  createdAt!: string;
}

export class ReminderRunResponse {
  @ApiProperty({ type: [ReminderResponse] }) sent!: ReminderResponse[];
  /** Invoices asked for that were not (or no longer) due: already reminded, paid meanwhile. */
  @ApiProperty({ type: [String] }) skipped!: string[];
}
