import { ApiProperty, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsDivisibleBy,
  IsEmail,
  IsIBAN,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Transform } from 'class-transformer';
import { PageMeta, PageQuery } from '../common/pagination.js';
import { PERCENT_PATTERN } from '../common/percent.js';
import { Clearable, Trim } from '../common/validation.js';
import { LEGAL_FORMS, type LegalForm } from './legal-form.js';
import { SERVICE_UNITS, type ServiceUnit } from './units.js';

export class UpdateCompanyDto {
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(200) legalName?: string;
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(200) street?: string;
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(20) postalCode?: string;
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(100) city?: string;
  @IsOptional() @IsISO31661Alpha2() countryCode?: string;
  @Clearable()
  @IsOptional()
  @Matches(/^[A-Z]{2}[0-9A-Z+*.]{2,13}$/, { message: 'vatId must look like DE123456789' })
  vatId?: string | null;
  @Clearable() @IsOptional() @Trim() @IsString() @MaxLength(30) taxNumber?: string | null;
  /** Decides the mandatory particulars (see `missing`); null: read from the legal name. */
  @ApiProperty({ enum: LEGAL_FORMS, required: false, nullable: true })
  @Clearable()
  @IsOptional()
  @IsIn(LEGAL_FORMS)
  legalForm?: LegalForm | null;
  @Clearable() @IsOptional() @Trim() @IsString() @MaxLength(200) commercialRegister?: string | null;
  @Clearable() @IsOptional() @Trim() @IsString() @MaxLength(300) managingDirectors?: string | null;
  @Clearable() @IsOptional() @IsEmail() email?: string | null;
  @Clearable() @IsOptional() @Trim() @IsString() @MaxLength(50) phone?: string | null;
  @Clearable() @IsOptional() @Trim() @IsString() @MaxLength(200) website?: string | null;
  @Clearable() @IsOptional() @IsIBAN() iban?: string | null;
  @Clearable()
  @IsOptional()
  @Matches(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, {
    message: 'bic must be a BIC of 8 or 11 characters',
  })
  bic?: string | null;
  @Clearable() @IsOptional() @Trim() @IsString() @MaxLength(100) bankName?: string | null;
  /** Percent as a decimal string, e.g. "19" or "7". */
  @IsOptional()
  @Matches(PERCENT_PATTERN, {
    message: 'defaultVatRate must be a percentage such as "19" or "7.5"',
  })
  defaultVatRate?: string;
  @IsOptional() @IsInt() @Min(0) @Max(365) paymentTermsDays?: number;
  @IsOptional() @IsIn(['de', 'en']) defaultLocale?: 'de' | 'en';
  @IsOptional() @IsBoolean() smallBusiness?: boolean;
  /** Multiples of 3 minutes, so billed hours are exact to 1/1000 h (15 = quarter hours). */
  @IsOptional()
  @IsInt()
  @Min(3)
  @Max(60)
  @IsDivisibleBy(3, { message: 'billingIncrementMinutes must be a multiple of 3 minutes' })
  billingIncrementMinutes?: number;
  @IsOptional() @IsInt() @Min(1) @Max(240) workUnitMinutes?: number;
  /** A completion date may not be earlier than today plus this many days. */
  @IsOptional() @IsInt() @Min(0) @Max(365) projectLeadTimeDays?: number;
  @IsInt() @Min(1) version!: number;
}

export class CompanyResponse {
  legalName!: string;
  street!: string;
  postalCode!: string;
  city!: string;
  countryCode!: string;
  vatId!: string | null;
  taxNumber!: string | null;
  @ApiProperty({ enum: LEGAL_FORMS, nullable: true }) legalForm!: LegalForm | null;
  commercialRegister!: string | null;
  managingDirectors!: string | null;
  email!: string | null;
  phone!: string | null;
  website!: string | null;
  iban!: string | null;
  bic!: string | null;
  bankName!: string | null;
  /** Percent as a decimal string, e.g. "19.00". */
  defaultVatRate!: string;
  paymentTermsDays!: number;
  currency!: 'EUR';
  @ApiProperty({ enum: ['de', 'en'] }) defaultLocale!: 'de' | 'en';
  smallBusiness!: boolean;
  billingIncrementMinutes!: number;
  workUnitMinutes!: number;
  projectLeadTimeDays!: number;
  /**
   * What is still missing before documents and invoices can be issued: §14 UStG fields, and the
   * particulars the legal form requires on business letters (`commercialRegister`,
   * `managingDirectors`).
   */
  missing!: string[];
  version!: number;
}

export class CreateServiceRateDto {
  /** Short unique code, e.g. CONSULTING. */
  @Matches(/^[A-Z0-9_-]{2,40}$/, {
    message: 'code must be 2-40 upper-case letters, digits, _ or -',
  })
  code!: string;
  @Trim() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiProperty({ enum: SERVICE_UNITS }) @IsIn(SERVICE_UNITS) unit!: ServiceUnit;
  /** Net rate per unit in cents (integer), e.g. 12000 for 120,00 €. */
  @IsInt() @Min(0) @Max(100_000_000) rateCents!: number;
  @IsOptional() @IsInt() @Min(0) @Max(500) afterHoursSurchargePercent?: number;
}

export class UpdateServiceRateDto extends PartialType(CreateServiceRateDto) {
  @IsOptional() @IsBoolean() active?: boolean;
  @IsInt() @Min(1) version!: number;
}

export class ServiceRateResponse {
  id!: string;
  code!: string;
  name!: string;
  description!: string | null;
  @ApiProperty({ enum: SERVICE_UNITS }) unit!: ServiceUnit;
  rateCents!: number;
  afterHoursSurchargePercent!: number;
  active!: boolean;
  version!: number;
}

export class ServiceRateQuery extends PageQuery {
  /** Only active (true) or only retired (false) services. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  active?: boolean;
}

export class ServiceRatePage extends PageMeta {
  @ApiProperty({ type: [ServiceRateResponse] }) items!: ServiceRateResponse[];
}
