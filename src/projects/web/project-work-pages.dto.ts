import { OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
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
import { validationError } from '../../common/domain-error.js';
import { IsDay, Trim } from '../../common/validation.js';
import { RescheduleDto } from '../dto/project.dto.js';
import { CreateChangeRequestDto, LogTimeDto, RecordQaCheckDto } from '../dto/work.dto.js';
import { ITEM_UNITS, type ItemUnit } from '../estimate.js';
import { checkbox, decimalComma, emptyToUndefined, euroTextToCents } from './project-pages.dto.js';

/* The work sections' forms: the API's DTOs with what an HTML form sends (see project-pages.dto.ts). */

export class RevisionsQuery {
  @Transform(emptyToUndefined) @IsOptional() @Type(() => Number) @IsInt() @Min(1) from?: number;
  @Transform(emptyToUndefined) @IsOptional() @Type(() => Number) @IsInt() @Min(1) to?: number;
}

export class FileQuery {
  @IsOptional() @IsIn(['1']) download?: string;
}

export class DraftQuery {
  @IsIn(['concept-paper', 'solution-document']) kind!: 'concept-paper' | 'solution-document';
}

export class PageRescheduleDto extends RescheduleDto {}
Type(() => Number)(PageRescheduleDto.prototype, 'version');
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

/** A change request of one line, as the page's form drafts it. */
export class PageChangeRequestDto extends OmitType(CreateChangeRequestDto, [
  'lines',
  'newCompletionDate',
]) {
  @Transform(emptyToUndefined) @IsOptional() @IsDay() newCompletionDate?: string;
  @Transform(decimalComma)
  @Matches(/^\d{1,9}(\.\d{1,3})?$/)
  quantity!: string;
  @IsIn(ITEM_UNITS) unit!: ItemUnit;
  @Matches(/^-?\d{1,7}([.,]\d{1,2})?$/, { message: 'unitPrice must be an amount such as 120,00' })
  unitPrice!: string;
}

export function toChangeRequest(dto: PageChangeRequestDto): CreateChangeRequestDto {
  const negative = dto.unitPrice.startsWith('-');
  const cents = euroTextToCents(dto.unitPrice.replace('-', ''));
  return {
    title: dto.title,
    description: dto.description,
    newCompletionDate: dto.newCompletionDate,
    lines: [
      {
        title: dto.title,
        quantity: dto.quantity,
        unit: dto.unit,
        unitPriceCents: negative ? -cents : cents,
      },
    ],
  };
}

/** Ticked checkboxes: one value arrives as a string, several as an array, none not at all. */
const toArray = ({ value }: { value: unknown }): unknown =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];

/** A decision the customer gave on paper (or by e-mail, phone, in person), recorded by staff. */
export class PagePaperDecisionDto {
  @Type(() => Number) @IsInt() @Min(1) version!: number;
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
