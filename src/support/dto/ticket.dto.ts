import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { KeysetPageMeta, KeysetPageQuery, PageMeta } from '../../common/pagination.js';
import { Clearable, Trim } from '../../common/validation.js';
import {
  SUPPORT_CATEGORIES,
  SUPPORT_CAUSES,
  type SupportCategory,
  type SupportCause,
} from '../cost-decision.js';
import { SEVERITIES, type QueueGroup, type Severity } from '../queue-order.js';
import {
  NOTE_VISIBILITIES,
  NOTICE_REASONS,
  TICKET_CHANNELS,
  type NoteVisibility,
  type NoticeReason,
  type TicketChannel,
} from '../ticket.entity.js';
import { TICKET_STATUSES, type TicketStatus } from '../ticket-status.js';
import { QuoteResponse } from './work.dto.js';

/** The most tickets one queue page holds (and its default: the queue as it was before pages). */
export const QUEUE_PAGE_MAX = 200;

export class CreateTicketDto {
  /** Staff: the customer the ticket is for. Customer users open tickets for themselves only. */
  @IsOptional() @IsUUID() customerId?: string;
  /** The customer's contact who reported it. */
  @IsOptional() @IsUUID() contactId?: string;
  @Trim() @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @IsString() @MinLength(1) @MaxLength(20000) description!: string;
  /** Staff: how it arrived (portal tickets are the ones customers open themselves). */
  @ApiPropertyOptional({ enum: TICKET_CHANNELS })
  @IsOptional()
  @IsIn(TICKET_CHANNELS)
  channel?: TicketChannel;
  @ApiProperty({ enum: SEVERITIES }) @IsIn(SEVERITIES) severity: Severity = 'normal';
  /** Staff: when an e-mail or call came in, if earlier than now; it sets the queue position. */
  @IsOptional() @IsISO8601({ strict: true }) receivedAt?: string;
}

export class UpdateTicketDto {
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(20000) description?: string;
  @ApiPropertyOptional({ enum: SEVERITIES }) @IsOptional() @IsIn(SEVERITIES) severity?: Severity;
  /** A staff user; null unassigns. */
  @Clearable() @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() assigneeId?: string | null;
  @IsInt() @Min(1) version!: number;
}

export class ChangeStatusDto {
  @ApiProperty({ enum: TICKET_STATUSES }) @IsIn(TICKET_STATUSES) status!: TicketStatus;
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
  @IsInt() @Min(1) version!: number;
}

export class TicketQuery extends KeysetPageQuery {
  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  @IsOptional()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;
  /** Staff: one customer's tickets. */
  @IsOptional() @IsUUID() customerId?: string;
  /** Only open (true) or only resolved/closed (false) tickets. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  open?: boolean;
}

export class CreateNoteDto {
  @IsString() @MinLength(1) @MaxLength(20000) body!: string;
  /** Staff only; customers' notes are always visible to both sides. Default: internal. */
  @ApiPropertyOptional({ enum: NOTE_VISIBILITIES })
  @IsOptional()
  @IsIn(NOTE_VISIBILITIES)
  visibility?: NoteVisibility;
}

export class NoteResponse {
  id!: string;
  @ApiProperty({ enum: NOTE_VISIBILITIES }) visibility!: NoteVisibility;
  body!: string;
  authorLabel!: string;
  createdAt!: string;
}

export class NotePage extends PageMeta {
  @ApiProperty({ type: [NoteResponse] }) items!: NoteResponse[];
}

export class ReferralResponse {
  partner!: string;
  document!: string;
}

export class CostDecisionResponse {
  @ApiProperty({ enum: SUPPORT_CAUSES }) cause!: SupportCause;
  @ApiProperty({ enum: SUPPORT_CATEGORIES }) category!: SupportCategory;
  billable!: boolean;
  decidedAt!: string;
  /** A referral: the partner and the document or contact the customer was given. */
  referral!: ReferralResponse | null;
  /** Internal: omitted for customer users. */
  @ApiPropertyOptional({ enum: SUPPORT_CATEGORIES }) defaultCategory?: SupportCategory;
  overridden?: boolean;
  reason?: string;
  decidedBy?: string;
}

export class CustomerNoticeResponse {
  id!: string;
  @ApiProperty({ enum: NOTICE_REASONS }) reason!: NoticeReason;
  message!: string;
  notifiedAt!: string;
  notifiedBy!: string;
  /** The address the notice was e-mailed to (null: recorded before notices were e-mailed). */
  mailTo!: string | null;
}

export class AnalysisFeeResponse {
  /** Share of the analysis time billed, e.g. "50.00"; null while the default applies. */
  billedPercent!: string | null;
  reason!: string | null;
}

export class GoodwillResponse {
  /** Share of the effort billed, e.g. "50.00". */
  billedPercent!: string;
  reason!: string | null;
}

export class TicketResponse {
  id!: string;
  number!: string;
  customerId!: string;
  contactId!: string | null;
  title!: string;
  description!: string;
  @ApiProperty({ enum: TICKET_CHANNELS }) channel!: TicketChannel;
  @ApiProperty({ enum: SEVERITIES }) severity!: Severity;
  @ApiProperty({ enum: TICKET_STATUSES }) status!: TicketStatus;
  /** What the caller may move the ticket to. */
  @ApiProperty({ enum: TICKET_STATUSES, isArray: true }) allowedNextStatuses!: TicketStatus[];
  receivedAt!: string;
  /** Internal: omitted for customer users. */
  assigneeId?: string | null;
  @ApiProperty({ type: CostDecisionResponse, nullable: true })
  costDecision!: CostDecisionResponse | null;
  goodwill!: GoodwillResponse;
  /** The share of the analysis fee staff decided; null: the settings' default share. */
  analysisFee!: AnalysisFeeResponse;
  /** When the customer was first told of their own error. */
  customerNotifiedAt!: string | null;
  createdAt!: string;
  updatedAt!: string;
  version!: number;
}

export class TicketDetailResponse extends TicketResponse {
  @ApiProperty({ type: [CustomerNoticeResponse] }) customerNotices!: CustomerNoticeResponse[];
  @ApiProperty({ type: [QuoteResponse] }) quotes!: QuoteResponse[];
  /** Sum of the estimated minutes of approved quotes. */
  approvedMinutes!: number;
}

export class TicketPage extends KeysetPageMeta {
  @ApiProperty({ type: [TicketResponse] }) items!: TicketResponse[];
}

export class QueueItemResponse {
  position!: number;
  @ApiProperty({ enum: ['service_contract', 'no_service_contract'] }) group!: QueueGroup;
  /** 1 = critical … 4 = low. */
  severityRank!: number;
  waitingMinutes!: number;
  /** Why the ticket stands where it stands. */
  reason!: string;
  ticket!: TicketResponse;
}

/** The queue a page at a time, optionally narrowed; positions count within the narrowed queue. */
export class QueueQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page: number = 1;
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(QUEUE_PAGE_MAX)
  pageSize: number = QUEUE_PAGE_MAX;
  @IsOptional() @IsUUID() assigneeId?: string;
  @ApiPropertyOptional({ enum: SEVERITIES }) @IsOptional() @IsIn(SEVERITIES) severity?: Severity;
  @IsOptional() @IsUUID() customerId?: string;

  get skip(): number {
    return (this.page - 1) * this.pageSize;
  }
}

export class QueueResponse {
  /** The day contracts were evaluated for (company time zone). */
  asOf!: string;
  /** Open tickets (matching the filters) in total, counted up to 1,000. */
  total!: number;
  /** true: more than `total` open tickets. */
  totalCapped!: boolean;
  page!: number;
  pageSize!: number;
  /** The same as `pageSize` (kept for clients of the unpaginated queue). */
  limit!: number;
  @ApiProperty({ type: [QueueItemResponse] }) items!: QueueItemResponse[];
}
