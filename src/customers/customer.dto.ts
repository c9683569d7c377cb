import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
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
  ValidateNested,
} from 'class-validator';
import { KeysetPageMeta, KeysetPageQuery } from '../common/pagination.js';
import { Clearable, IsDay, Trim } from '../common/validation.js';
import { CONTRACT_KINDS, type ContractKind } from './contract-rules.js';
import { CONTACT_SALUTATIONS, type ContactSalutation, type Language } from './customer.entity.js';

const VAT_ID = /^[A-Z]{2}[0-9A-Z+*.]{2,13}$/;

export class CreateContactDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @Trim() @IsEmail() @MaxLength(254) email!: string;
  @Clearable() @IsOptional() @Trim() @IsString() @MaxLength(50) phone?: string | null;
  @Clearable() @IsOptional() @Trim() @IsString() @MaxLength(100) position?: string | null;
  /** How letters greet the contact ("Sehr geehrte Frau Müller,"); none: "Guten Tag Eva Müller,". */
  @ApiProperty({ enum: CONTACT_SALUTATIONS, required: false, nullable: true })
  @Clearable()
  @IsOptional()
  @IsIn(CONTACT_SALUTATIONS)
  salutation?: ContactSalutation | null;
  /** May sign off documents. */
  @IsOptional() @IsBoolean() isSignatory?: boolean;
}

export class UpdateContactDto extends PartialType(CreateContactDto) {
  @IsOptional() @IsBoolean() active?: boolean;
  /** The version you read; a stale one is refused with 409. */
  @IsInt() @Min(1) version!: number;
}

export class CreateCustomerDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @Trim() @IsString() @MinLength(1) @MaxLength(200) street!: string;
  @Trim() @IsString() @MinLength(1) @MaxLength(20) postalCode!: string;
  @Trim() @IsString() @MinLength(1) @MaxLength(100) city!: string;
  /** ISO 3166-1 alpha-2, e.g. DE. */
  @IsISO31661Alpha2() countryCode: string = 'DE';
  /** USt-IdNr., e.g. DE123456789; needed for reverse-charge invoices. */
  @Clearable()
  @IsOptional()
  @Matches(VAT_ID, {
    message: 'vatId must look like DE123456789 (country prefix, then 2-13 characters)',
  })
  vatId?: string | null;
  @Clearable() @IsOptional() @Trim() @IsEmail() @MaxLength(254) email?: string | null;
  /** Where invoices are e-mailed (e.g. the accounts mailbox); without it, the signatory contact. */
  @Clearable() @IsOptional() @Trim() @IsEmail() @MaxLength(254) invoiceEmail?: string | null;
  @Clearable() @IsOptional() @Trim() @IsString() @MaxLength(50) phone?: string | null;
  /** Language of documents and e-mails for this customer. */
  @IsIn(['de', 'en']) language: Language = 'de';
  /** Buyer reference / Leitweg-ID for public-sector customers. */
  @Clearable() @IsOptional() @Trim() @IsString() @MaxLength(100) buyerReference?: string | null;
  /** Internal notes, never shown to the customer. */
  @Clearable() @IsOptional() @IsString() @MaxLength(5000) notes?: string | null;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CreateContactDto)
  contacts?: CreateContactDto[];
}

export class UpdateCustomerDto extends PartialType(OmitType(CreateCustomerDto, ['contacts'])) {
  @IsOptional() @IsBoolean() active?: boolean;
  /** The version you read; a stale one is refused with 409. */
  @IsInt() @Min(1) version!: number;
}

export class CustomerQuery extends KeysetPageQuery {
  /** Part of the name or customer number. */
  @IsOptional() @IsString() @MaxLength(100) q?: string;
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export class CoveredHoursSlotDto {
  /** 1 = Monday … 7 = Sunday. */
  @IsInt() @Min(1) @Max(7) weekday!: number;
  @Matches(TIME_OF_DAY, { message: 'open must be a time as HH:MM' }) open!: string;
  @Matches(TIME_OF_DAY, { message: 'close must be a time as HH:MM' }) close!: string;
}

export class CreateContractDto {
  @IsIn(CONTRACT_KINDS) kind!: ContractKind;
  @IsOptional() @Trim() @IsString() @MaxLength(100) reference?: string;
  @IsDay() startDate!: string;
  /** Last day in force (inclusive); omit while open-ended. */
  @IsOptional() @IsDay() endDate?: string;
  /** Required for a data processing agreement (AV-Vertrag). */
  @IsOptional() @IsDay() signedOn?: string;
  @IsOptional() @IsString() @MaxLength(10000) terms?: string;
  /** Service contract: the hours it covers (default: the company's business hours). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CoveredHoursSlotDto)
  coveredHours?: CoveredHoursSlotDto[];
}

export class UpdateContractDto {
  @Clearable() @IsOptional() @Trim() @IsString() @MaxLength(100) reference?: string | null;
  @IsOptional() @IsDay() startDate?: string;
  /** Set to end (terminate) the contract; null reopens it. */
  @Clearable() @IsOptional() @IsDay() endDate?: string | null;
  /** null: not signed (refused for a data processing agreement, which needs the day). */
  @Clearable() @IsOptional() @IsDay() signedOn?: string | null;
  @Clearable() @IsOptional() @IsString() @MaxLength(10000) terms?: string | null;
  /** null: back to the company's business hours. */
  @Clearable()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CoveredHoursSlotDto)
  coveredHours?: CoveredHoursSlotDto[] | null;
  @IsInt() @Min(1) version!: number;
}

export class ContactResponse {
  id!: string;
  customerId!: string;
  name!: string;
  email!: string;
  phone!: string | null;
  position!: string | null;
  @ApiProperty({ enum: CONTACT_SALUTATIONS, nullable: true }) salutation!: ContactSalutation | null;
  isSignatory!: boolean;
  active!: boolean;
  version!: number;
}

export class ContractResponse {
  id!: string;
  customerId!: string;
  @ApiProperty({ enum: CONTRACT_KINDS }) kind!: ContractKind;
  reference!: string | null;
  startDate!: string;
  endDate!: string | null;
  /** Service contract: the hours it covers; null: the company's business hours. */
  @ApiProperty({ type: [CoveredHoursSlotDto], nullable: true })
  coveredHours!: CoveredHoursSlotDto[] | null;
  signedOn!: string | null;
  terms!: string | null;
  /** In force today (company time zone). */
  inForce!: boolean;
  version!: number;
}

export class CustomerResponse {
  id!: string;
  number!: string;
  name!: string;
  street!: string;
  postalCode!: string;
  city!: string;
  countryCode!: string;
  vatId!: string | null;
  email!: string | null;
  invoiceEmail!: string | null;
  phone!: string | null;
  @ApiProperty({ enum: ['de', 'en'] }) language!: Language;
  buyerReference!: string | null;
  /** Internal; omitted for customer users. */
  notes?: string | null;
  active!: boolean;
  version!: number;
  createdAt!: string;
  updatedAt!: string;
}

export class CustomerDetailResponse extends CustomerResponse {
  /** The day the two flags below were evaluated for. */
  asOf!: string;
  /** An active service-and-maintenance contract today (an update contract does not count). */
  hasActiveServiceContract!: boolean;
  /** A signed data processing agreement (AV-Vertrag) in force today. */
  hasActiveDataProcessingAgreement!: boolean;
  @ApiProperty({ type: [ContactResponse] }) contacts!: ContactResponse[];
  @ApiProperty({ type: [ContractResponse] }) contracts!: ContractResponse[];
}

export class CustomerPage extends KeysetPageMeta {
  @ApiProperty({ type: [CustomerResponse] }) items!: CustomerResponse[];
}
