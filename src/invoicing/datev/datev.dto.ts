import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Clearable, IsDay, Trim } from '../../common/validation.js';
import { CHARTS, REVENUE_CASES, type Chart } from './datev-export.js';

export class RevenueAccountsDto {
  @IsOptional() @IsInt() @Min(1000) @Max(99_999_999) standard_19?: number;
  @IsOptional() @IsInt() @Min(1000) @Max(99_999_999) standard_7?: number;
  @IsOptional() @IsInt() @Min(1000) @Max(99_999_999) reverse_charge?: number;
  @IsOptional() @IsInt() @Min(1000) @Max(99_999_999) third_country?: number;
  @IsOptional() @IsInt() @Min(1000) @Max(99_999_999) small_business?: number;
}

export class BuKeysDto {
  @IsOptional() @Matches(/^\d{1,4}$/) standard_19?: string;
  @IsOptional() @Matches(/^\d{1,4}$/) standard_7?: string;
  @IsOptional() @Matches(/^\d{1,4}$/) reverse_charge?: string;
  @IsOptional() @Matches(/^\d{1,4}$/) third_country?: string;
  @IsOptional() @Matches(/^\d{1,4}$/) small_business?: string;
}

export class DebtorAccountDto {
  @Trim() @Matches(/^.{1,20}$/) customerNumber!: string;
  @IsInt() @Min(10_000) @Max(699_999_999) account!: number;
}

export class DatevSettingsDto {
  @IsInt() @Min(1001) @Max(9_999_999) consultantNumber!: number;
  @IsInt() @Min(1) @Max(99_999) clientNumber!: number;
  @ApiProperty({ example: '01-01' })
  @Matches(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'fiscalYearStart must be MM-DD' })
  fiscalYearStart!: string;
  @IsInt() @Min(4) @Max(8) accountLength!: number;
  @ApiProperty({ enum: CHARTS }) @IsIn(CHARTS) chart!: Chart;
  @ApiProperty({
    type: RevenueAccountsDto,
    description: `Overrides per case: ${REVENUE_CASES.join(', ')}`,
  })
  @ValidateNested()
  @Type(() => RevenueAccountsDto)
  revenueAccounts!: RevenueAccountsDto;
  @ApiProperty({ type: BuKeysDto })
  @ValidateNested()
  @Type(() => BuKeysDto)
  buKeys!: BuKeysDto;
  @IsInt() @Min(10_000) @Max(699_999_999) debtorBase!: number;
  @ApiProperty({ type: Number, nullable: true })
  @Clearable()
  @IsOptional()
  @IsInt()
  @Min(10_000)
  @Max(699_999_999)
  collectiveDebtor!: number | null;
  @ApiProperty({ type: [DebtorAccountDto] })
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => DebtorAccountDto)
  debtorAccounts!: DebtorAccountDto[];
  @IsInt() @Min(0) version!: number;
}

export class DatevSettingsResponse extends DatevSettingsDto {
  /** The revenue accounts in force: the chart's defaults with the overrides. */
  effectiveRevenueAccounts!: Record<string, number>;
}

export class DatevExportQuery {
  @IsDay() from!: string;
  @IsDay() to!: string;
}
