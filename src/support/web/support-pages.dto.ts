import { OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
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
} from 'class-validator';
import { IsDay, Trim } from '../../common/validation.js';
import { FormNumber } from '../../web/form-fields.js';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE } from '../attachment-rules.js';
import { CreateArticleDto } from '../dto/article.dto.js';
import { UpdateSupportSettingsDto } from '../dto/billing.dto.js';
import { CreateNoteDto, CreateTicketDto } from '../dto/ticket.dto.js';
import {
  CostDecisionDto,
  CreateQuoteDto,
  CustomerNoticeDto,
  GoodwillDto,
  PersonalDataActionDto,
} from '../dto/work.dto.js';
import { CreateSubProcessorDto } from '../dto/sub-processor.dto.js';
import { SEVERITIES, type Severity } from '../queue-order.js';
import { RECORDED_CHANNELS, type RecordedChannel } from '../billing.entity.js';
import { TICKET_STATUSES, type TicketStatus } from '../ticket-status.js';

/*
 * The support pages' form bodies: the API's DTOs where there is one (the same rules apply), with
 * what HTML forms need: numbers arrive as text, an empty field means "not given", a ticked
 * checkbox sends "on".
 */
const empty = Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));
const checkbox = Transform(({ value }: { value: unknown }) => value === 'on' || value === 'true');
const asNumber = FormNumber();

function asForm(target: object, field: string, ...decorators: PropertyDecorator[]) {
  for (const decorate of decorators) decorate((target as { prototype: object }).prototype, field);
}

const CURSOR = /^[A-Za-z0-9_-]+$/;

/** The queue's filters (GET): severity, customer, assignee ("me", "none" or a user). */
export class QueueFilterQuery {
  @empty @IsOptional() @IsIn(SEVERITIES) severity?: Severity;
  @empty @IsOptional() @IsUUID() customerId?: string;
  /** The customer picker's search (the filter form sends it along; no JavaScript needed). */
  @IsOptional() @IsString() @MaxLength(100) customerQuery?: string;
  @empty @IsOptional() @IsString() @MaxLength(40) assignee?: string;
  /** Resolved or closed tickets are not in the queue: this lists the tickets in that status. */
  @empty @IsOptional() @IsIn(TICKET_STATUSES) status?: TicketStatus;
  @asNumber @IsOptional() @IsInt() @Min(1) @Max(1000) page?: number;
  /** The status list's next page: the tickets after this cursor (the tickets service's). */
  @empty @IsOptional() @IsString() @MaxLength(1000) @Matches(CURSOR) after?: string;
}

/** A list's next page (keyset): the rows after this cursor, the previous page's last. */
export class AfterQuery {
  @empty @IsOptional() @IsString() @MaxLength(1000) @Matches(CURSOR) after?: string;
}

/** A ticket's page: its time entries after this cursor (the earlier ones are on the page before). */
export class TicketPageQuery {
  @empty @IsOptional() @IsString() @MaxLength(1000) @Matches(CURSOR) timeAfter?: string;
}

/** The knowledge base's lists: which page (by title). */
export class ArticleListQuery {
  @empty @IsOptional() @asNumber @IsInt() @Min(1) @Max(100_000) page?: number;
}

/** The ticket version the page was rendered from: a stale one is 409 "changed meanwhile". */
export class TicketVersionForm {
  @asNumber @IsInt() @Min(1) version!: number;
}

export class TicketStatusForm extends TicketVersionForm {
  @IsIn(TICKET_STATUSES) status!: TicketStatus;
  @empty @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class TicketSeverityForm extends TicketVersionForm {
  @IsIn(SEVERITIES) severity!: Severity;
}

export class TicketAssignForm extends TicketVersionForm {
  /** "me": the signed-in staff user takes it; "none": nobody works on it. */
  @IsIn(['me', 'none']) assignee!: 'me' | 'none';
}

export class PageCostDecisionForm extends CostDecisionDto {}
for (const field of ['category', 'reason', 'referralPartner', 'referralDocument']) {
  asForm(PageCostDecisionForm, field, empty);
}

/** Goodwill on the ticket (work or analysis fee) or on one time entry: the API's rules. */
export class PageGoodwillForm extends GoodwillDto {}
asForm(PageGoodwillForm, 'phase', empty);

export class PageNoteForm extends CreateNoteDto {}
export class PageNoticeForm extends CustomerNoticeDto {}

export class PageQuoteForm extends CreateQuoteDto {}
asForm(PageQuoteForm, 'estimatedMinutes', asNumber);
asForm(PageQuoteForm, 'orderedWorkKind', empty);

/** Staff record the customer's decision on a quote given by phone, e-mail or on paper. */
export class RecordQuoteDecisionForm {
  @IsIn(['approve', 'decline']) decision!: 'approve' | 'decline';
  @IsIn(RECORDED_CHANNELS) via!: RecordedChannel;
  @Trim() @IsString() @MinLength(1) @MaxLength(254) decidedByName!: string;
}

/** A manual entry: minutes ending now (the API's default), or the timer. */
export class PageTimeEntryForm {
  @IsUUID() serviceId!: string;
  @asNumber @IsInt() @Min(1) @Max(24 * 60) minutes!: number;
  @Trim() @IsString() @MinLength(1) @MaxLength(5000) description!: string;
  @checkbox @IsOptional() noCharge?: boolean;
}

export class TimerStartForm {
  @IsUUID() serviceId!: string;
}

export class TimerStopForm {
  @Trim() @IsString() @MinLength(1) @MaxLength(5000) description!: string;
  @checkbox @IsOptional() noCharge?: boolean;
}

export class PagePersonalDataForm extends OmitType(PersonalDataActionDto, ['performedAt']) {}

/** The article editor: save, or (action=preview) show the text as the portal will. */
export class PageArticleForm extends CreateArticleDto {
  @asNumber @IsOptional() @IsInt() @Min(1) version?: number;
  @empty @IsOptional() @IsIn(['save', 'preview']) action?: 'save' | 'preview';
}

export class BillingQuery {
  /** The month shown, YYYY-MM (default: this month). */
  @empty @IsOptional() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) month?: string;
  /** The support invoice draft just handed to finance (shown as a link). */
  @empty @IsOptional() @IsUUID() draft?: string;
}

export class BillingForm {
  @IsUUID() customerId!: string;
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) month!: string;
}

/*
 * The support settings form: the API's fields, with business hours as rows (weekday, open,
 * close; a row with both times empty is left out) and the company's own closed days as one
 * day per line.
 */
const list = Transform(({ value }: { value: unknown }): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as unknown[]) : [value],
);
export class PageSupportSettingsForm extends OmitType(UpdateSupportSettingsDto, [
  'businessHours',
  'holidays',
]) {
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(/[\s,;]+/).filter((day) => day !== '') : value,
  )
  @IsArray()
  @ArrayMaxSize(100)
  @IsDay({ each: true })
  holidays!: string[];
  @list @IsArray() @ArrayMaxSize(50) weekday!: string[];
  @list @IsArray() @ArrayMaxSize(50) open!: string[];
  @list @IsArray() @ArrayMaxSize(50) close!: string[];
}
asForm(PageSupportSettingsForm, 'version', asNumber);
// Empty is "not given" (the threshold stays as it is), never 0.
asForm(PageSupportSettingsForm, 'approvalThresholdWorkUnits', asNumber);
// "12,5" on a German keyboard; the service reads "12.5".
asForm(
  PageSupportSettingsForm,
  'analysisFeeBilledPercent',
  empty,
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().replace(',', '.') : value,
  ),
);
// The empty choice: no federal state (no public holidays computed).
asForm(
  PageSupportSettingsForm,
  'federalState',
  Transform(({ value }: { value: unknown }) => (value === '' ? null : value)),
);

export class PageSubProcessorForm extends CreateSubProcessorDto {}
export class PageSubProcessorUpdateForm extends CreateSubProcessorDto {
  @asNumber @IsInt() @Min(1) version!: number;
}

/** What the file fields say about the attachment rules (the rules themselves: attachment-rules). */
export const UPLOAD_LIMITS = {
  maxFiles: MAX_ATTACHMENTS_PER_MESSAGE,
  maxMiB: MAX_ATTACHMENT_BYTES / 1024 / 1024,
  accept: '.pdf,.png,.jpg,.jpeg,.txt,.log,.zip',
};

/* The customer's forms. */

export class PortalTicketForm extends OmitType(CreateTicketDto, [
  'customerId',
  'contactId',
  'channel',
  'receivedAt',
]) {}

export class PortalReplyForm {
  @IsString() @MinLength(1) @MaxLength(20000) body!: string;
}

/** The one-time support order: the scope, a limit (the effort ordered) and the explicit consent. */
export const ORDER_LIMIT_MINUTES = [60, 120, 240, 480] as const;
export class PortalOrderForm {
  @Trim() @IsString() @MinLength(3) @MaxLength(5000) scope!: string;
  @asNumber @IsIn(ORDER_LIMIT_MINUTES) limitMinutes!: number;
  @Transform(({ value }: { value: unknown }) => (value === 'on' ? true : value))
  @Equals(true, { message: 'consent must be given (tick the box)' })
  consent!: boolean;
}

export class PortalHelpfulForm {
  @IsIn(['yes', 'no']) helpful!: 'yes' | 'no';
}
