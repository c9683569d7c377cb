import { Transform } from 'class-transformer';
import { OmitType } from '@nestjs/swagger';
import { IsInt, IsOptional } from 'class-validator';
import { CreateServiceRateDto, UpdateCompanyDto, UpdateServiceRateDto } from '../company.dto.js';
import { FormNumber } from '../../web/form-fields.js';

/*
 * The admin's company and price-list forms: the API's DTOs (so the same rules apply), adapted
 * to what an HTML form sends. Every value is text; an empty optional field clears its value
 * (or, where it cannot be cleared, means "not given").
 */
const emptyIsNull = Transform(({ value }: { value: unknown }) => (value === '' ? null : value));
const emptyIsAbsent = Transform(({ value }: { value: unknown }) =>
  value === '' ? undefined : value,
);
const asNumber = FormNumber();
const trueOrFalse = Transform(({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value,
);
const decimalComma = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().replace(',', '.') : value,
);
const apply = (target: object, fields: string[], decorator: PropertyDecorator) => {
  for (const field of fields) decorator((target as { prototype: object }).prototype, field);
};

export const CLEARABLE_COMPANY_FIELDS = [
  'vatId',
  'taxNumber',
  'legalForm',
  'commercialRegister',
  'managingDirectors',
  'email',
  'phone',
  'website',
  'iban',
  'bic',
  'bankName',
];
export const NUMBER_COMPANY_FIELDS = [
  'paymentTermsDays',
  'billingIncrementMinutes',
  'workUnitMinutes',
  'projectLeadTimeDays',
  'version',
];

export class PageCompanyDto extends UpdateCompanyDto {}
apply(PageCompanyDto, CLEARABLE_COMPANY_FIELDS, emptyIsNull);
apply(PageCompanyDto, NUMBER_COMPANY_FIELDS, asNumber);
apply(PageCompanyDto, ['smallBusiness'], trueOrFalse);
apply(PageCompanyDto, ['defaultVatRate'], decimalComma);
// IBANs are written in groups of four; the check wants them without spaces.
apply(
  PageCompanyDto,
  ['iban'],
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.replace(/\s+/g, '').toUpperCase() || null : value,
  ),
);

/** A price-list service as the form sends it: the rate in euros as typed ("120,50"). */
export class PageServiceRateDto extends CreateServiceRateDto {}
apply(PageServiceRateDto, ['description', 'afterHoursSurchargePercent'], emptyIsAbsent);
apply(PageServiceRateDto, ['afterHoursSurchargePercent'], asNumber);
apply(
  PageServiceRateDto,
  ['rateCents'],
  Transform(({ value }) => euroTextToCents(value)),
);

export class PageUpdateServiceRateDto extends UpdateServiceRateDto {}
apply(PageUpdateServiceRateDto, ['description', 'afterHoursSurchargePercent'], emptyIsAbsent);
apply(PageUpdateServiceRateDto, ['afterHoursSurchargePercent', 'version'], asNumber);
apply(
  PageUpdateServiceRateDto,
  ['rateCents'],
  Transform(({ value }) => euroTextToCents(value)),
);
apply(PageUpdateServiceRateDto, ['active'], trueOrFalse);

/** "120,5" → 12050, exact by string; anything else is left for the validator to refuse. */
function euroTextToCents(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(value.trim());
  if (!match) return value;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** The letterhead preview: the profile form's values as typed, the version not needed. */
export class PageLetterheadDto extends OmitType(PageCompanyDto, ['version']) {
  @FormNumber() @IsOptional() @IsInt() version?: number;
}
