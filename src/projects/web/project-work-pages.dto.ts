import { OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { validationError, type FieldError } from '../../common/domain-error.js';
import { IsDay, Trim } from '../../common/validation.js';
import { RescheduleDto } from '../dto/project.dto.js';
import { CreateChangeRequestDto, LogTimeDto, RecordQaCheckDto } from '../dto/work.dto.js';
import { ITEM_UNITS, type ItemUnit } from '../estimate.js';
import { FormNumber } from '../../web/form-fields.js';
import { checkbox, emptyToUndefined, euroTextToCents } from './project-pages.dto.js';

/* The work sections' forms: the API's DTOs with what an HTML form sends (see project-pages.dto.ts). */

export class RevisionsQuery {
  @FormNumber() @IsOptional() @IsInt() @Min(1) from?: number;
  @FormNumber() @IsOptional() @IsInt() @Min(1) to?: number;
}

export class FileQuery {
  @IsOptional() @IsIn(['1']) download?: string;
}

export class DraftQuery {
  @IsIn(['concept-paper', 'solution-document']) kind!: 'concept-paper' | 'solution-document';
}

export class PageRescheduleDto extends RescheduleDto {}
FormNumber()(PageRescheduleDto.prototype, 'version');
Transform(emptyToUndefined)(PageRescheduleDto.prototype, 'reason');

/** Time as a person types it: hours and minutes, "1:30" or "90" (minutes). */
export class PageTimeDto extends OmitType(LogTimeDto, ['minutes', 'billable']) {
  @Matches(/^(\d{1,2}:[0-5]\d|\d{1,4})$/, {
    message: 'duration must be minutes (90) or hours:minutes (1:30)',
  })
  duration!: string;
  @Transform(checkbox) @IsOptional() billable?: boolean;
}

/** The API's time entry; a duration beyond a day (or of nothing) is refused at its field. */
export function toLogTime(dto: PageTimeDto): LogTimeDto {
  const [hours, minutes] = dto.duration.includes(':')
    ? dto.duration.split(':').map(Number)
    : [0, Number(dto.duration)];
  const total = hours * 60 + minutes;
  if (total < 1 || total > 1440) {
    throw validationError([
      { field: 'duration', messages: ['duration must be 1 minute to 24 hours'] },
    ]);
  }
  const { duration: _duration, ...entry } = dto;
  return { ...entry, minutes: total };
}

export class PageQaCheckDto extends RecordQaCheckDto {}
Transform(emptyToUndefined)(PageQaCheckDto.prototype, 'note');

/** Ticked checkboxes and repeated fields: one value arrives as a string, several as an array. */
const toArray = ({ value }: { value: unknown }): unknown =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];

/** The rows a change request form offers; empty rows are left out. */
export const CHANGE_REQUEST_FORM_ROWS = 5;
/** The units a change request row offers. */
export const CHANGE_REQUEST_UNITS: ItemUnit[] = ['hour', 'day', 'piece', 'flat'];

/**
 * A change request of several lines, as the page's form drafts it: one repeated field per
 * column (`lineTitle`, `lineQuantity`, `lineUnit`, `linePrice`), row by row.
 */
export class PageChangeRequestDto extends OmitType(CreateChangeRequestDto, [
  'lines',
  'newCompletionDate',
]) {
  @Transform(emptyToUndefined) @IsOptional() @IsDay() newCompletionDate?: string;
  @Transform(toArray) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) lineTitle: string[] =
    [];
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  lineQuantity: string[] = [];
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(50)
  @IsIn(ITEM_UNITS, { each: true })
  lineUnit: ItemUnit[] = [];
  @Transform(toArray) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) linePrice: string[] =
    [];
}

const QUANTITY_TEXT = /^\d{1,9}([.,]\d{1,3})?$/;
/** Not negative: the lines become invoice lines, whose prices never are (as in the API). */
const PRICE_TEXT = /^\d{1,7}([.,]\d{1,2})?$/;

/** The API's change request from the filled rows; a row's error is named `lines.<row>.<column>`. */
export function toChangeRequest(dto: PageChangeRequestDto): CreateChangeRequestDto {
  const errors: FieldError[] = [];
  const lines = dto.lineTitle.flatMap((raw, row) => {
    const title = raw.trim();
    const price = (dto.linePrice[row] ?? '').trim();
    if (!title && !price) return [];
    const quantity = (dto.lineQuantity[row] ?? '').trim();
    const field = (column: string, message: string) =>
      errors.push({ field: `lines.${row}.${column}`, messages: [message] });
    if (!title) field('title', 'title should not be empty');
    if (!QUANTITY_TEXT.test(quantity)) field('quantity', 'quantity must be a number such as 1,5');
    if (!PRICE_TEXT.test(price)) field('unitPrice', 'unitPrice must be an amount such as 120,00');
    return [
      {
        title,
        quantity: quantity.replace(',', '.'),
        unit: dto.lineUnit[row] ?? 'hour',
        unitPriceCents: PRICE_TEXT.test(price) ? euroTextToCents(price) : 0,
      },
    ];
  });
  if (lines.length === 0 && errors.length === 0) {
    errors.push({ field: 'lines', messages: ['lines must contain at least 1 elements'] });
  }
  if (errors.length > 0) throw validationError(errors);
  return {
    title: dto.title,
    description: dto.description,
    newCompletionDate: dto.newCompletionDate,
    lines,
  };
}

/** A decision the customer gave on paper (or by e-mail, phone, in person), recorded by staff. */
export class PagePaperDecisionDto {
  @FormNumber() @IsInt() @Min(1) version!: number;
  @IsIn(['approve', 'request_changes', 'accept']) decision!:
    'approve' | 'request_changes' | 'accept';
  @Trim() @IsString() @MinLength(2) @MaxLength(200) signerName!: string;
  @Transform(emptyToUndefined)
  @IsOptional()
  @Trim()
  @IsEmail()
  @MaxLength(254)
  signerEmail?: string;
  @IsIn(['paper', 'email', 'phone', 'in_person']) method!:
    'paper' | 'email' | 'phone' | 'in_person';
  /** From <input type="datetime-local">: the company's local time, no offset. */
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { message: 'signedAt must be a date and time' })
  signedAt!: string;
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MaxLength(10000) comment?: string;
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  optionalItemIds: string[] = [];
}
