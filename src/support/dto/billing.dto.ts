import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SERVICE_UNITS, type ServiceUnit } from '../../company/units.js';
import { Clearable, IsDay } from '../../common/validation.js';
import { FEDERAL_STATES, type FederalState } from '../public-holidays.js';
import { TIME_OF_DAY } from '../business-hours.js';
import { BILLING_BASES, type LineBasis } from '../entry-billing.js';
import { PERCENT_PATTERN } from '../../common/percent.js';

export class TimeReportQuery {
  @IsUUID() customerId!: string;
  /** First day of the period (company time zone), inclusive. */
  @IsDay() from!: string;
  /** Last day of the period, inclusive. */
  @IsDay() to!: string;
}

export class TimeReportLineResponse {
  entryId!: string;
  ticketId!: string;
  ticketNumber!: string;
  ticketTitle!: string;
  startedAt!: string;
  day!: string;
  description!: string;
  serviceId!: string;
  serviceCode!: string;
  serviceName!: string;
  @ApiProperty({ enum: SERVICE_UNITS }) unit!: ServiceUnit;
  /**
   * `analysis`: the analysis fee (time before the cause was known), capped and shared;
   * `outside_coverage`: the minutes outside the contract's hours on a free ticket.
   */
  @ApiProperty({ enum: [...BILLING_BASES, 'outside_coverage'] }) basis!: LineBasis;
  rawMinutes!: number;
  billedMinutes!: number;
  /** Thousandths of the unit (1250 = 1.25 h). */
  quantityMilli!: number;
  unitPriceCents!: number;
  baseNetCents!: number;
  afterHoursMinutes!: number;
  afterHoursSurchargePercent!: number;
  afterHoursSurchargeCents!: number;
  /** Share billed in basis points (10000 = no goodwill). */
  goodwillBilledBp!: number;
  goodwillCents!: number;
  goodwillReason!: string | null;
  lineNetCents!: number;
}

class ReportCustomer {
  id!: string;
  number!: string;
  name!: string;
}

class ReportPeriod {
  from!: string;
  to!: string;
}

class ReportTotals {
  rawMinutes!: number;
  billedMinutes!: number;
  baseNetCents!: number;
  afterHoursSurchargeCents!: number;
  goodwillCents!: number;
  netCents!: number;
}

export class TimeReportResponse {
  customer!: ReportCustomer;
  period!: ReportPeriod;
  currency!: 'EUR';
  @ApiProperty({ type: [TimeReportLineResponse] }) lines!: TimeReportLineResponse[];
  totals!: ReportTotals;
}

export class BusinessHoursSlotDto {
  /** 1 = Monday … 7 = Sunday. */
  @IsInt() @Min(1) @Max(7) weekday!: number;
  @Matches(TIME_OF_DAY, { message: 'open must be a time as HH:MM' }) open!: string;
  @Matches(TIME_OF_DAY, { message: 'close must be a time as HH:MM' }) close!: string;
}

export class UpdateSupportSettingsDto {
  /** Billable work beyond this many work units needs the customer's order (0: always). */
  @IsOptional() @IsInt() @Min(0) @Max(1000) approvalThresholdWorkUnits?: number;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BusinessHoursSlotDto)
  businessHours?: BusinessHoursSlotDto[];
  /** The company's own closed days (the federal state's public holidays are computed). */
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsDay({ each: true }) holidays?: string[];
  /** The company's federal state (e.g. "SN"): its public holidays are closed days; null: none. */
  @ApiPropertyOptional({ enum: FEDERAL_STATES, nullable: true })
  @Clearable()
  @IsOptional()
  @IsIn(FEDERAL_STATES)
  federalState?: FederalState | null;
  /** The share of an analysis fee billed unless staff decide otherwise, e.g. "50". */
  @IsOptional()
  @Matches(PERCENT_PATTERN, {
    message: 'analysisFeeBilledPercent must be a percentage such as "50"',
  })
  analysisFeeBilledPercent?: string;
  @IsInt() @Min(1) version!: number;
}

export class SupportSettingsResponse {
  approvalThresholdWorkUnits!: number;
  /** The threshold in minutes with the company's current work-unit length. */
  approvalThresholdMinutes!: number;
  timeZone!: string;
  @ApiProperty({ type: [BusinessHoursSlotDto] }) businessHours!: BusinessHoursSlotDto[];
  holidays!: string[];
  @ApiProperty({ enum: FEDERAL_STATES, nullable: true }) federalState!: FederalState | null;
  /** The public holidays of the federal state this year and next, computed. */
  publicHolidays!: string[];
  analysisFeeBilledPercent!: string;
  version!: number;
}
