import { applyDecorators } from '@nestjs/common';
import { OmitType, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsDay, Trim } from '../../common/validation.js';
import { FormNumber } from '../../web/form-fields.js';
import {
  CreateContactDto,
  CreateContractDto,
  CreateCustomerDto,
  UpdateContactDto,
  UpdateContractDto,
  UpdateCustomerDto,
} from '../customer.dto.js';

export class CustomerSearchQuery {
  /** Part of the name or customer number. */
  @IsOptional() @IsString() @MaxLength(100) q?: string;
}

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : value;

/** A form's customer search (no JavaScript: the form's page comes back with the matches). */
export class CustomerPickQuery {
  @IsOptional() @IsString() @MaxLength(100) customerQuery?: string;
}

/**
 * The picker's htmx search: which picker (its element id) and field name to answer for, and
 * whether the select must be chosen (`required`), and what its empty choice reads: "any" (a
 * filter) or "no customer" (`optional`), else "please choose".
 */
export class CustomerPickerQuery extends CustomerPickQuery {
  @Matches(/^[a-zA-Z][a-zA-Z0-9-]{0,40}$/) picker!: string;
  @Matches(/^[a-zA-Z][a-zA-Z0-9]{0,40}$/) field!: string;
  @Transform(emptyToUndefined) @IsOptional() @IsIn(['1']) required?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsIn(['any', 'optional']) empty?: 'any' | 'optional';
}

/*
 * The customer forms' bodies: the API's DTOs (so the same rules apply), adapted to what an
 * HTML form sends: every value is text, a checkbox is present only when ticked. An optional
 * field left empty is "not given" on a new record and "clear it" (null) on an edited one, as
 * the API's clearable fields take it.
 */
const isBlank = (value: unknown) => typeof value === 'string' && value.trim() === '';
const emptyIsAbsent = Transform(({ value }: { value: unknown }) =>
  isBlank(value) ? undefined : value,
);
const emptyIsNull = Transform(({ value }: { value: unknown }) => (isBlank(value) ? null : value));
/** A ticked checkbox sends "on"; an unticked one nothing. */
const ticked = Transform(({ value }: { value: unknown }) => value === 'on');
/**
 * A checkbox that can be unticked on an edit form: a hidden "off" goes along (an unticked box
 * sends nothing), so the field is always present and says what the box shows.
 */
const tickedOrOff = Transform(({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.includes('on') : value === 'on',
);

/** Adds form conversions to a field an API DTO declares (its rules stay as they are). */
function asForm(target: object, fields: readonly string[], ...decorators: PropertyDecorator[]) {
  const prototype = (target as { prototype: object }).prototype;
  for (const field of fields) for (const decorate of decorators) decorate(prototype, field);
}

const CUSTOMER_OPTIONAL = [
  'vatId',
  'email',
  'invoiceEmail',
  'phone',
  'buyerReference',
  'notes',
] as const;

export class PageCustomerDto extends OmitType(CreateCustomerDto, ['contacts']) {}
asForm(PageCustomerDto, CUSTOMER_OPTIONAL, emptyIsAbsent);

export class PageCustomerUpdateDto extends UpdateCustomerDto {}
asForm(PageCustomerUpdateDto, CUSTOMER_OPTIONAL, emptyIsNull);
asForm(PageCustomerUpdateDto, ['version'], FormNumber());
asForm(PageCustomerUpdateDto, ['active'], tickedOrOff);

export class PageContactDto extends CreateContactDto {}
asForm(PageContactDto, ['phone', 'position', 'salutation'], emptyIsAbsent);
asForm(PageContactDto, ['isSignatory'], ticked);

export class PageContactUpdateDto extends UpdateContactDto {}
asForm(PageContactUpdateDto, ['phone', 'position', 'salutation'], emptyIsNull);
asForm(PageContactUpdateDto, ['isSignatory', 'active'], tickedOrOff);
asForm(PageContactUpdateDto, ['version'], FormNumber());

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const hasTimes = (row: PageHoursRow) => Boolean(row.open || row.close);

/**
 * One weekday's row of a service contract's covered hours: both times empty means "not
 * covered that day"; one given needs the other.
 */
export class PageHoursRow {
  @FormNumber() @IsInt() @Min(1) @Max(7) weekday!: number;
  @Trim()
  @ValidateIf(hasTimes)
  @Matches(TIME_OF_DAY, { message: 'open must be a time as HH:MM' })
  open?: string;
  @Trim()
  @ValidateIf(hasTimes)
  @Matches(TIME_OF_DAY, { message: 'close must be a time as HH:MM' })
  close?: string;
}

/** The rows as the form sends them all, filled or not, so an error names its row. */
const HoursRows = () =>
  applyDecorators(
    IsOptional(),
    IsArray(),
    ArrayMaxSize(50),
    ValidateNested({ each: true }),
    Type(() => PageHoursRow),
  );

/** The rows a person filled in as the API's covered hours; none filled: null (business hours). */
export function coveredHoursOfForm(rows: readonly PageHoursRow[] | undefined) {
  const slots = (rows ?? [])
    .filter(hasTimes)
    .map(({ weekday, open, close }) => ({ weekday, open: open!, close: close! }));
  return slots.length > 0 ? slots : null;
}

export class PageContractDto extends OmitType(CreateContractDto, ['coveredHours']) {
  @HoursRows() hours?: PageHoursRow[];
}
asForm(PageContractDto, ['reference', 'endDate', 'signedOn', 'terms'], emptyIsAbsent);

export class PageContractUpdateDto extends OmitType(UpdateContractDto, ['coveredHours']) {
  @HoursRows() hours?: PageHoursRow[];
}
asForm(PageContractUpdateDto, ['reference', 'endDate', 'signedOn', 'terms'], emptyIsNull);
asForm(PageContractUpdateDto, ['startDate'], emptyIsAbsent);
asForm(PageContractUpdateDto, ['version'], FormNumber());

/** Ending a contract: its last day in force. */
export class PageContractEndDto extends PickType(UpdateContractDto, ['version']) {
  @IsDay() endDate!: string;
}
asForm(PageContractEndDto, ['version'], FormNumber());
