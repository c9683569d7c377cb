import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Max,
  Min,
} from 'class-validator';
import { IsDay, Trim } from '../../common/validation.js';
import { FormNumber } from '../../web/form-fields.js';
import { CHARTS, type Chart } from '../datev/datev-export.js';
import { DebtorAccountDto } from '../datev/datev.dto.js';

/*
 * The finance pages' form bodies. Every value of an HTML form is text, a checkbox is present
 * only when ticked, a German keyboard types "5,00", and a field repeated in the form arrives
 * as a list (or as one value when it is there once).
 */
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : value;
const checkbox = ({ value }: { value: unknown }): unknown => value === 'on' || value === 'true';
const list = ({ value }: { value: unknown }): unknown =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const EURO = /^\d{1,4}([.,]\d{1,2})?$/;

export class ReminderPageQuery {
  @Transform(emptyToUndefined) @IsOptional() @IsDay() on?: string;
}

export class PageReminderRunDto {
  @Transform(list)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  invoiceIds!: string[];
}

export class PageDunningSettingsDto {
  @FormNumber() @IsInt() @Min(0) version!: number;
  @FormNumber() @IsInt() @Min(0) @Max(365) days0!: number;
  @FormNumber() @IsInt() @Min(0) @Max(365) days1!: number;
  @FormNumber() @IsInt() @Min(0) @Max(365) days2!: number;
  @Matches(EURO, { message: 'fee0 must be an amount such as 5,00' }) fee0!: string;
  @Matches(EURO, { message: 'fee1 must be an amount such as 5,00' }) fee1!: string;
  @Matches(EURO, { message: 'fee2 must be an amount such as 5,00' }) fee2!: string;
  @Transform(checkbox) @IsOptional() interest0?: boolean;
  @Transform(checkbox) @IsOptional() interest1?: boolean;
  @Transform(checkbox) @IsOptional() interest2?: boolean;
  @Transform(checkbox) @IsOptional() claimFlatFee?: boolean;
  /** Base rates as rows; a row with both fields empty is dropped. */
  @Transform(list) @IsArray() @ArrayMaxSize(100) validFrom!: string[];
  @Transform(list) @IsArray() @ArrayMaxSize(100) ratePercent!: string[];
}

export class PeriodQuery {
  @IsDay() from!: string;
  @IsDay() to!: string;
}

const BU_KEY = /^\d{1,4}$/;
const BU_MESSAGE = 'the BU key must be 1 to 4 digits';

export class PageDatevSettingsDto {
  @FormNumber() @IsInt() @Min(0) version!: number;
  @FormNumber() @IsInt() @Min(1001) @Max(9_999_999) consultantNumber!: number;
  @FormNumber() @IsInt() @Min(1) @Max(99_999) clientNumber!: number;
  @Matches(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'fiscalYearStart must be MM-DD' })
  fiscalYearStart!: string;
  @FormNumber() @IsInt() @Min(4) @Max(8) accountLength!: number;
  @IsIn(CHARTS) chart!: Chart;
  @FormNumber() @IsInt() @Min(10_000) @Max(699_999_999) debtorBase!: number;
  @FormNumber()
  @IsOptional()
  @IsInt()
  @Min(10_000)
  @Max(699_999_999)
  collectiveDebtor?: number;
  @FormNumber()
  @IsOptional()
  @IsInt()
  @Min(1000)
  standard_19?: number;
  @FormNumber()
  @IsOptional()
  @IsInt()
  @Min(1000)
  standard_7?: number;
  @FormNumber()
  @IsOptional()
  @IsInt()
  @Min(1000)
  reverse_charge?: number;
  @FormNumber()
  @IsOptional()
  @IsInt()
  @Min(1000)
  third_country?: number;
  @FormNumber()
  @IsOptional()
  @IsInt()
  @Min(1000)
  small_business?: number;
  /** A BU key per case (empty: none), as the API's `buKeys`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(BU_KEY, { message: BU_MESSAGE })
  bu_standard_19?: string;
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(BU_KEY, { message: BU_MESSAGE })
  bu_standard_7?: string;
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(BU_KEY, { message: BU_MESSAGE })
  bu_reverse_charge?: string;
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(BU_KEY, { message: BU_MESSAGE })
  bu_third_country?: string;
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(BU_KEY, { message: BU_MESSAGE })
  bu_small_business?: string;
}

/** The exports page: a customer search for the debtor-account form. */
export class ExportsPageQuery {
  @Transform(emptyToUndefined) @IsOptional() @Trim() @IsString() @MaxLength(100) customer?: string;
}

/** A customer's own debtor account, added (or replaced) on the exports page. */
export class PageDebtorAccountDto extends DebtorAccountDto {
  @FormNumber() @IsInt() @Min(0) version!: number;
}
FormNumber()(PageDebtorAccountDto.prototype, 'account');

export class PageDebtorRemoveDto {
  @FormNumber() @IsInt() @Min(0) version!: number;
  @IsString() @MaxLength(20) customerNumber!: string;
}

/** "5,00" → 500: exact, by string, never through a float. */
export function euroTextToCents(text: string): number {
  const [whole, fraction = ''] = text.split(/[.,]/);
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}
