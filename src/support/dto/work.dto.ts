import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { KeysetPageMeta, PageMeta } from '../../common/pagination.js';
import { PERCENT_PATTERN } from '../../common/percent.js';
import { Trim } from '../../common/validation.js';
import {
  APPROVAL_CHANNELS,
  QUOTE_STATUSES,
  RECORDED_CHANNELS,
  type ApprovalChannel,
  type QuoteStatus,
  type RecordedChannel,
} from '../billing.entity.js';
import { MAX_ENTRY_MINUTES } from '../business-hours.js';
import {
  SUPPORT_CATEGORIES,
  SUPPORT_CAUSES,
  type SupportCategory,
  type SupportCause,
} from '../cost-decision.js';
import {
  BILLING_BASES,
  ORDERED_WORK_KINDS,
  type BillingBasis,
  type OrderedWorkKind,
} from '../entry-billing.js';
import { PERSONAL_DATA_ACTIONS, type PersonalDataActionKind } from '../ticket.entity.js';

export class CostDecisionDto {
  @ApiProperty({ enum: SUPPORT_CAUSES }) @IsIn(SUPPORT_CAUSES) cause!: SupportCause;
  /** Override of the cause's default category; needs a reason. */
  @ApiPropertyOptional({ enum: SUPPORT_CATEGORIES })
  @IsOptional()
  @IsIn(SUPPORT_CATEGORIES)
  category?: SupportCategory;
  @IsOptional() @Trim() @IsString() @MaxLength(2000) reason?: string;
  /** Category referred: the partner who looks after the area. */
  @IsOptional() @Trim() @IsString() @MaxLength(200) referralPartner?: string;
  /** Category referred: the partner's support document or contact the customer was given. */
  @IsOptional() @Trim() @IsString() @MaxLength(2000) referralDocument?: string;
}

export const GOODWILL_PHASES = ['work', 'analysis'] as const;
export type GoodwillPhase = (typeof GOODWILL_PHASES)[number];

export class GoodwillDto {
  /**
   * `work` (default): the share of the ticket's work billed. `analysis`: the share of the
   * analysis fee (time before the cause was known) billed, instead of the settings' default.
   */
  @ApiPropertyOptional({ enum: GOODWILL_PHASES })
  @IsOptional()
  @IsIn(GOODWILL_PHASES)
  phase?: GoodwillPhase;
  /** Share of the effort billed, e.g. "50" bills half; "100" removes the goodwill. */
  @Matches(PERCENT_PATTERN, { message: 'billedPercent must be a percentage such as "50"' })
  billedPercent!: string;
  @Trim() @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}

export class CustomerNoticeDto {
  /** What the customer is told, e.g. that analysis shows their own error and what it costs. */
  @Trim() @IsString() @MinLength(1) @MaxLength(5000) message!: string;
}

export class CreateQuoteDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(5000) description!: string;
  /** A quote for ordered work, which is billed whatever the ticket's category. */
  @ApiPropertyOptional({ enum: ORDERED_WORK_KINDS })
  @IsOptional()
  @IsIn(ORDERED_WORK_KINDS)
  orderedWorkKind?: OrderedWorkKind;
  /** The price-list service the effort is estimated in. */
  @IsUUID() serviceId!: string;
  @IsInt() @Min(1) @Max(100_000) estimatedMinutes!: number;
}

/** A customer user decides in the portal with an empty body; staff record who/when/how. */
export class QuoteDecisionDto {
  @ApiPropertyOptional({ enum: RECORDED_CHANNELS })
  @IsOptional()
  @IsIn(RECORDED_CHANNELS)
  via?: RecordedChannel;
  /** The customer's person who decided. */
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(254) decidedByName?: string;
  /** When the customer decided (default: now). */
  @IsOptional() @IsISO8601({ strict: true }) decidedAt?: string;
}

export class QuoteResponse {
  id!: string;
  ticketId!: string;
  description!: string;
  serviceId!: string;
  estimatedMinutes!: number;
  estimatedNetCents!: number;
  @ApiProperty({ enum: QUOTE_STATUSES }) status!: QuoteStatus;
  createdAt!: string;
  decidedAt!: string | null;
  @ApiProperty({ enum: APPROVAL_CHANNELS, nullable: true }) decidedVia!: ApprovalChannel | null;
  decidedByName!: string | null;
  version!: number;
}

export class QuotePage extends PageMeta {
  @ApiProperty({ type: [QuoteResponse] }) items!: QuoteResponse[];
}

export class CreateTimeEntryDto {
  @IsUUID() serviceId!: string;
  /** Default: the entry ends now. */
  @IsOptional() @IsISO8601({ strict: true }) startedAt?: string;
  /** Either endedAt or minutes. */
  @IsOptional() @IsISO8601({ strict: true }) endedAt?: string;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_ENTRY_MINUTES) minutes?: number;
  @Trim() @IsString() @MinLength(1) @MaxLength(5000) description!: string;
  /** Not charged even though the ticket's category is billed (e.g. internal coordination). */
  @IsOptional() @IsBoolean() noCharge?: boolean;
  /** Ordered work (Auftragsleistung): billed by nature, whatever caused the ticket. */
  @ApiPropertyOptional({ enum: ORDERED_WORK_KINDS })
  @IsOptional()
  @IsIn(ORDERED_WORK_KINDS)
  orderedWorkKind?: OrderedWorkKind;
}

export class EntryGoodwillResponse {
  billedPercent!: string;
  reason!: string | null;
}

export class SupportTimeEntryResponse {
  id!: string;
  ticketId!: string;
  userLabel!: string;
  serviceId!: string;
  startedAt!: string;
  endedAt!: string | null;
  minutes!: number;
  afterHoursMinutes!: number;
  noCharge!: boolean;
  /** `analysis`: time before the cause was known, billed only as the analysis fee. */
  @ApiProperty({ enum: BILLING_BASES }) billingBasis!: BillingBasis;
  @ApiProperty({ enum: ORDERED_WORK_KINDS, nullable: true })
  orderedWorkKind!: OrderedWorkKind | null;
  /** Minutes outside the hours the customer's contract covers (default: business hours). */
  outsideCoverageMinutes!: number;
  /** Goodwill on this entry, ahead of the ticket's; null: the ticket's applies. */
  goodwill!: EntryGoodwillResponse | null;
  /** Billed under the ticket's current cost decision. */
  billable!: boolean;
  description!: string;
  invoicedAt!: string | null;
  invoiceRef!: string | null;
  createdAt!: string;
}

export class SupportTimeEntryPage extends KeysetPageMeta {
  @ApiProperty({ type: [SupportTimeEntryResponse] }) items!: SupportTimeEntryResponse[];
}

export class PersonalDataActionDto {
  @ApiProperty({ enum: PERSONAL_DATA_ACTIONS })
  @IsIn(PERSONAL_DATA_ACTIONS)
  kind!: PersonalDataActionKind;
  @Trim() @IsString() @MinLength(1) @MaxLength(5000) description!: string;
  /** Default: now. */
  @IsOptional() @IsISO8601({ strict: true }) performedAt?: string;
}

export class PersonalDataActionResponse {
  id!: string;
  ticketId!: string;
  @ApiProperty({ enum: PERSONAL_DATA_ACTIONS }) kind!: PersonalDataActionKind;
  description!: string;
  performedAt!: string;
  performedBy!: string;
}

export class PersonalDataActionPage extends PageMeta {
  @ApiProperty({ type: [PersonalDataActionResponse] }) items!: PersonalDataActionResponse[];
}
