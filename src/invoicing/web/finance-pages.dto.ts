import { OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { KeysetPageQuery } from '../../common/pagination.js';
import { PERCENT_PATTERN } from '../../common/percent.js';
import { IsDay, IsLineQuantity, Trim } from '../../common/validation.js';
import { UNITS } from '../../company/units.js';
import {
  CancelInvoiceDto,
  CreateDownPaymentDto,
  CreateSupportInvoiceDto,
  RecordPaymentDto,
  SendInvoiceDto,
  type InvoiceLineDto,
  type UpdateInvoiceDto,
} from '../invoice.dto.js';
import {
  INVOICE_FILTER_STATES,
  RECEIVABLE_AGES,
  type InvoiceFilterState,
  type ReceivableAge,
} from '../invoice-figures.service.js';
import type { InvoiceUnit } from '../invoice-snapshot.js';
import { FormNumber } from '../../web/form-fields.js';

/*
 * The finance pages' forms: the API's DTOs (the same rules), adapted to what an HTML form
 * sends: every value is text, an empty field means "not given", a German keyboard types "1,5"
 * and amounts in euros ("120,50"), never cents.
 */
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : value;
const decimalComma = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().replace(',', '.') : value;
const checkbox = ({ value }: { value: unknown }): unknown => value === 'on' || value === 'true';
const EURO = /^\d{1,9}([.,]\d{1,2})?$/;
const EURO_MESSAGE = 'must be an amount such as 120,00';

/** "120,5" → 12050: exact, by string, never through a float. */
export function euroTextToCents(text: string): number {
  const [whole, fraction = ''] = text.trim().split(/[.,]/);
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export class InvoiceListQuery extends KeysetPageQuery {
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(INVOICE_FILTER_STATES)
  state?: InvoiceFilterState;
  @Transform(emptyToUndefined) @IsOptional() @IsIn(RECEIVABLE_AGES) age?: ReceivableAge;
  @Transform(emptyToUndefined) @IsOptional() @IsUUID() customerId?: string;
  /** The customer picker's search (the filter form sends it along; no JavaScript needed). */
  @IsOptional() @IsString() @MaxLength(100) customerQuery?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsDay() from?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsDay() to?: string;
}

/** A row the form's sender drops: blank, or ticked "remove"; none of its fields is checked. */
const kept = (line: PageLineDto) => !line.remove;

/**
 * One line of the draft form; a row left blank is dropped, `remove` drops it on purpose. A
 * dropped row keeps its place in the array, so a refusal names the row the form showed
 * (`lines.2.quantity` is the third row on the page).
 */
export class PageLineDto {
  @ValidateIf(kept) @Trim() @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @Transform(emptyToUndefined)
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  description?: string;
  @Transform(decimalComma)
  @ValidateIf(kept)
  @IsLineQuantity()
  quantity!: string;
  @ValidateIf(kept) @IsIn(UNITS) unit!: InvoiceUnit;
  @ValidateIf(kept) @Matches(EURO, { message: `unitPrice ${EURO_MESSAGE}` }) unitPrice!: string;
  @Transform(emptyToUndefined)
  @ValidateIf(kept)
  @IsOptional()
  @Matches(PERCENT_PATTERN, { message: 'vatRate must be a percentage such as "19" or "7"' })
  vatRate?: string;
  @Transform(checkbox) @IsOptional() remove?: boolean;
}

/** Rows the form sent (qs makes an object of more than 20), the blank ones marked removed. */
const formRows = ({ value }: { value: unknown }): unknown => {
  const rows = Array.isArray(value)
    ? (value as unknown[])
    : value && typeof value === 'object'
      ? Object.values(value)
      : value;
  if (!Array.isArray(rows)) return rows;
  for (const row of rows) {
    if (!row || typeof row !== 'object') continue;
    const r = row as Record<string, unknown>;
    // Marked on the row itself: class-transformer has made it a PageLineDto already, a copy
    // would be a plain object the nested validation refuses.
    if (![r.title, r.quantity, r.unitPrice].some((v) => typeof v === 'string' && v.trim()))
      r.remove = true;
  }
  return rows;
};

/** A draft's subject and lines as the edit form sends them, with the version it showed. */
export class PageDraftDto {
  @FormNumber() @IsInt() @Min(1) version!: number;
  @Trim() @IsString() @MinLength(1) @MaxLength(200) subject!: string;
  @Transform(emptyToUndefined) @IsOptional() @IsDay() serviceFrom?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsDay() serviceTo?: string;
  /** Empty: not given (the term stays as it is), never 0 days. */
  @FormNumber() @IsOptional() @IsInt() @Min(0) paymentTermsDays?: number;
  @Transform(formRows)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PageLineDto)
  lines?: PageLineDto[];
}

export function toLine(line: PageLineDto): InvoiceLineDto {
  return {
    title: line.title,
    description: line.description,
    quantity: line.quantity,
    unit: line.unit,
    unitPriceCents: euroTextToCents(line.unitPrice),
    vatRate: line.vatRate,
  };
}

/** The API's update; `withLines` only for a draft whose lines are typed (standard). */
export function toUpdate(dto: PageDraftDto, withLines: boolean): UpdateInvoiceDto {
  const lines = (dto.lines ?? []).filter((l) => !l.remove).map(toLine);
  return {
    version: dto.version,
    subject: dto.subject,
    serviceFrom: dto.serviceFrom,
    serviceTo: dto.serviceTo,
    paymentTermsDays: dto.paymentTermsDays,
    ...(withLines ? { lines } : {}),
  };
}

/** A manual draft: customer, subject, service period and its first line. */
export class PageManualDraftDto extends OmitType(PageLineDto, ['remove']) {
  @IsUUID() customerId!: string;
  @Trim() @IsString() @MinLength(1) @MaxLength(200) subject!: string;
  @Transform(emptyToUndefined) @IsOptional() @IsDay() serviceFrom?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsDay() serviceTo?: string;
}

/** The new-draft page: its customer and project pickers' search (no JavaScript). */
export class PageNewDraftQuery {
  @IsOptional() @IsString() @MaxLength(100) customerQuery?: string;
  @IsOptional() @IsString() @MaxLength(100) projectQuery?: string;
}

export class PageProjectDraftDto {
  @IsUUID() projectId!: string;
}

export class PageDownPaymentDto extends CreateDownPaymentDto {
  @IsUUID() projectId!: string;
}
Transform(decimalComma)(PageDownPaymentDto.prototype, 'percent');
FormNumber()(PageDownPaymentDto.prototype, 'paymentTermsDays');

export class PageSupportDraftDto extends CreateSupportInvoiceDto {}

/** The issue form: the key generated when the page was rendered, so a double submit issues once. */
export class PageIssueDto {
  @IsString() @Matches(/^[A-Za-z0-9-]{16,100}$/) idempotencyKey!: string;
}

export class PageCancelDto extends CancelInvoiceDto {}

/** A payment in euros as typed; the invoice is the page's. */
export class PagePaymentDto extends OmitType(RecordPaymentDto, ['invoiceId', 'amountCents']) {
  @Matches(EURO, { message: `amount ${EURO_MESSAGE}` }) amount!: string;
}
Transform(emptyToUndefined)(PagePaymentDto.prototype, 'reference');

export class PageSendDto extends SendInvoiceDto {}
Transform(emptyToUndefined)(PageSendDto.prototype, 'to');
Transform(checkbox)(PageSendDto.prototype, 'includeXml');
