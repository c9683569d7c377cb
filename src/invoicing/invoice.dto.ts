import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
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
  ValidateNested,
} from 'class-validator';
import { KeysetPageMeta, KeysetPageQuery } from '../common/pagination.js';
import { PERCENT_PATTERN } from '../common/percent.js';
import { Clearable, IsDay, IsLineQuantity, Trim } from '../common/validation.js';
import { UNITS } from '../company/units.js';
import { INVOICE_STATUSES, INVOICE_SERIES, type InvoiceStatus } from './invoice.entity.js';
import { INVOICE_KINDS, type InvoiceKind, type InvoiceUnit } from './invoice-snapshot.js';

export class InvoiceLineDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @Clearable() @IsOptional() @Trim() @IsString() @MaxLength(2000) description?: string | null;
  /** Decimal string, up to three decimals, e.g. "1.25". */
  @IsLineQuantity()
  quantity!: string;
  @IsIn(UNITS) unit!: InvoiceUnit;
  @IsInt() @Min(0) @Max(100_000_000_00) unitPriceCents!: number;
  /** "19" or "7"; defaults to the company's rate. */
  @IsOptional()
  @Matches(PERCENT_PATTERN, { message: 'vatRate must be a percentage such as "19" or "7"' })
  vatRate?: string;
}

export class CreateInvoiceDto {
  @IsUUID() customerId!: string;
  @IsOptional() @IsUUID() projectId?: string;
  @Trim() @IsString() @MinLength(1) @MaxLength(200) subject!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineDto)
  lines!: InvoiceLineDto[];
  @IsOptional() @IsDay() serviceFrom?: string;
  @IsOptional() @IsDay() serviceTo?: string;
  @IsOptional() @Trim() @IsString() @MaxLength(100) buyerReference?: string;
  @IsOptional() @IsInt() @Min(0) @Max(365) paymentTermsDays?: number;
}

export class UpdateInvoiceDto {
  @IsInt() @Min(1) version!: number;
  @IsOptional() @Trim() @IsString() @MinLength(1) @MaxLength(200) subject?: string;
  /** Only for standard invoices; project and support lines come from their source. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineDto)
  lines?: InvoiceLineDto[];
  @IsOptional() @IsDay() serviceFrom?: string;
  @IsOptional() @IsDay() serviceTo?: string;
  @Clearable() @IsOptional() @Trim() @IsString() @MaxLength(100) buyerReference?: string | null;
  @IsOptional() @IsInt() @Min(0) @Max(365) paymentTermsDays?: number;
}

export class CreateDownPaymentDto {
  /** Share of the agreed net fee, e.g. "30". */
  @Matches(PERCENT_PATTERN, { message: 'percent must be a percentage such as "30"' })
  percent!: string;
  @IsOptional() @IsInt() @Min(0) @Max(365) paymentTermsDays?: number;
}

export class CreateFinalInvoiceDto {
  @IsOptional() @IsInt() @Min(0) @Max(365) paymentTermsDays?: number;
}

export class CreateSupportInvoiceDto {
  @IsUUID() customerId!: string;
  @IsDay() from!: string;
  @IsDay() to!: string;
}

export class CancelInvoiceDto {
  @Trim() @IsString() @MinLength(3) @MaxLength(2000) reason!: string;
}

export class SendInvoiceDto {
  /** Another address than the customer's invoice e-mail (or signatory contact). */
  @IsOptional() @Trim() @IsEmail() @MaxLength(254) to?: string;
  /** Attach the factur-x.xml on its own too (it is always embedded in the PDF). */
  @IsOptional() @IsBoolean() includeXml?: boolean;
}

/** One e-mail of an invoice: to whom, when queued, whether and when it went out. */
export class InvoiceDeliveryResponse {
  to!: string;
  @ApiProperty({ enum: ['queued', 'sending', 'sent', 'failed'] }) status!: string;
  queuedAt!: string;
  sentAt!: string | null;
}

export class InvoiceQuery extends KeysetPageQuery {
  @IsOptional() @IsIn(INVOICE_STATUSES) status?: InvoiceStatus;
  @IsOptional() @IsIn(INVOICE_KINDS) kind?: InvoiceKind;
  @IsOptional() @IsUUID() customerId?: string;
  @IsOptional() @IsUUID() projectId?: string;
}

export class ExportQuery {
  @IsDay() from!: string;
  @IsDay() to!: string;
}

export class UpdateInvoiceSeriesDto {
  @Trim() @IsString() @MinLength(3) @MaxLength(60) pattern!: string;
  @IsInt() @Min(1) version!: number;
}

export const SERIES_KEYS = INVOICE_SERIES;

export class InvoiceLineResponse {
  position!: number;
  title!: string;
  description!: string | null;
  /** Decimal string. */
  quantity!: string;
  unit!: string;
  unitPriceCents!: number;
  netCents!: number;
  vatRate!: string;
}

/** A document-level allowance (EN 16931 BG-20): goodwill, the budget cap. */
export class InvoiceAllowanceResponse {
  reason!: string;
  /** Positive: lowers the invoice (negative on a cancellation). */
  amountCents!: number;
  @ApiProperty({ example: '19.00' }) vatRate!: string;
}

export class InvoiceVatResponse {
  category!: string;
  rate!: string;
  baseCents!: number;
  amountCents!: number;
}

export class InvoiceRefResponse {
  id!: string;
  number!: string | null;
  issueDate!: string | null;
}

export class InvoiceResponse {
  id!: string;
  number!: string | null;
  @ApiProperty({ enum: INVOICE_KINDS }) kind!: InvoiceKind;
  @ApiProperty({ enum: INVOICE_STATUSES }) status!: InvoiceStatus;
  customerId!: string;
  projectId!: string | null;
  subject!: string;
  vatCase!: string | null;
  issueDate!: string | null;
  dueDate!: string | null;
  serviceFrom!: string | null;
  serviceTo!: string | null;
  buyerReference!: string | null;
  paymentTermsDays!: number;
  netCents!: number;
  vatCents!: number;
  grossCents!: number;
  prepaidCents!: number;
  /** Amount to pay (gross minus deducted down payments). */
  dueCents!: number;
  paidCents!: number;
  openCents!: number;
  overdue!: boolean;
  @ApiProperty({ type: [InvoiceLineResponse] }) lines!: InvoiceLineResponse[];
  @ApiProperty({ type: [InvoiceAllowanceResponse] }) allowances!: InvoiceAllowanceResponse[];
  @ApiProperty({ type: [InvoiceVatResponse] }) vat!: InvoiceVatResponse[];
  @ApiProperty({ type: InvoiceRefResponse, nullable: true }) cancels!: InvoiceRefResponse | null;
  @ApiProperty({ type: InvoiceRefResponse, nullable: true })
  cancelledBy!: InvoiceRefResponse | null;
  cancelReason!: string | null;
  documentId!: string | null;
  pdfSha256!: string | null;
  xmlSha256!: string | null;
  version!: number;
}

export class InvoicePage extends KeysetPageMeta {
  @ApiProperty({ type: [InvoiceResponse] }) items!: InvoiceResponse[];
}

export class CancellationResponse {
  @ApiProperty({ type: InvoiceResponse }) cancellation!: InvoiceResponse;
  /** A new draft with the original's content, to correct and issue. */
  @ApiProperty({ type: InvoiceResponse }) replacement!: InvoiceResponse;
}

export class InvoiceSeriesResponse {
  key!: string;
  pattern!: string;
  /** The number the next invoice of this series would get today. */
  example!: string;
  version!: number;
}

export class RecordPaymentDto {
  @IsUUID() invoiceId!: string;
  @IsDay() day!: string;
  @IsInt() @Min(1) @Max(100_000_000_00) amountCents!: number;
  @IsOptional() @Trim() @IsString() @MaxLength(140) reference?: string;
}

export class PaymentQuery extends KeysetPageQuery {
  @IsOptional() @IsUUID() invoiceId?: string;
}

export class OpenInvoicesQuery extends KeysetPageQuery {
  @IsOptional() @IsUUID() customerId?: string;
}

export class PaymentResponse {
  id!: string;
  invoiceId!: string;
  invoiceNumber!: string;
  day!: string;
  amountCents!: number;
  reference!: string | null;
  /** What is still open on the invoice after this payment was recorded. */
  invoiceOpenCents!: number;
  createdAt!: string;
}

export class PaymentPage extends KeysetPageMeta {
  @ApiProperty({ type: [PaymentResponse] }) items!: PaymentResponse[];
}
