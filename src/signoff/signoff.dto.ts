import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
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
  ValidateNested,
} from 'class-validator';
import { Trim } from '../common/validation.js';
import { SIGNOFF_SUBJECTS, type SignoffSubjectType } from './signoff.entity.js';

/** HTML forms send one value as a string and several as an array. */
const toArray = ({ value }: { value: unknown }): unknown =>
  value === undefined || value === '' ? undefined : Array.isArray(value) ? value : [value];
/** A ticked HTML checkbox sends "on"; JSON clients send true. */
const toConsent = ({ value }: { value: unknown }): unknown =>
  value === true || value === 'on' || value === 'true' ? true : value;

/** What the decision drives. */
export class SignoffSubjectDto {
  @ApiProperty({ enum: SIGNOFF_SUBJECTS })
  @IsIn(SIGNOFF_SUBJECTS)
  subject!: SignoffSubjectType;

  @IsOptional() @IsUUID() projectId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) revision?: number;
  @IsOptional() @IsUUID() changeRequestId?: string;
  @IsOptional() @IsUUID() ticketId?: string;
  @IsOptional() @IsUUID() quoteId?: string;
}

export class CreateSignoffDto {
  /** The issued PDF to sign; not used for support quotes (shown as details). */
  @IsOptional() @IsUUID() documentId?: string;

  @ValidateNested() @Type(() => SignoffSubjectDto) subject!: SignoffSubjectDto;

  /** Signatory contacts of the customer; each gets a personal link. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  contactIds!: string[];
}

export class RevokeSignoffDto {
  @Trim() @IsString() @MinLength(3) @MaxLength(200) reason!: string;
}

export class ApproveSignoffDto {
  @Trim() @IsString() @MinLength(2) @MaxLength(200) signerName!: string;

  @Transform(toConsent)
  @Equals(true, { message: 'consent must be given (tick the box)' })
  consent!: boolean;

  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @IsUUID('all', { each: true })
  optionalItemIds?: string[];

  /** The document the signer saw; a link is refused for any other document. */
  @IsOptional() @IsUUID() documentId?: string;
}

export class PortalApproveSignoffDto {
  @Transform(toConsent)
  @Equals(true, { message: 'consent must be given' })
  consent!: boolean;

  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @IsUUID('all', { each: true })
  optionalItemIds?: string[];
}

export class DeclineSignoffDto {
  @Trim() @IsString() @MinLength(3) @MaxLength(2000) comment!: string;
  @IsOptional() @IsUUID() documentId?: string;
}

export class VerifyDocumentDto {
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hex digits' })
  sha256?: string;
}

export class SignoffLinkResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) contactId!: string | null;
  @ApiProperty() contactName!: string;
  @ApiProperty() contactEmail!: string;
  @ApiProperty() language!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ enum: ['open', 'used', 'decided', 'revoked', 'superseded', 'expired'] })
  state!: string;
  @ApiProperty({ nullable: true, type: String }) firstOpenedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) remindedAt!: string | null;
}

export class SignoffEvidenceResponse {
  @ApiProperty() decision!: string;
  @ApiProperty() signerName!: string;
  @ApiProperty() signerEmail!: string;
  @ApiProperty() signedAt!: string;
  @ApiProperty() ipAddress!: string;
  @ApiProperty() userAgent!: string;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({ type: [String] }) chosenOptionalItemIds!: string[];
  @ApiProperty({ nullable: true, type: String }) documentSha256!: string | null;
  @ApiProperty({ nullable: true, type: String }) signedDocumentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) signedSha256!: string | null;
  @ApiProperty({ enum: ['link', 'portal'] }) via!: string;
}

export class SignoffRequestResponse {
  @ApiProperty() id!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ enum: SIGNOFF_SUBJECTS }) subjectType!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) projectId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) revision!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) changeRequestId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) ticketId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) quoteId!: string | null;
  @ApiProperty({ nullable: true, type: String }) documentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) documentSha256!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty() versionLabel!: string;
  @ApiProperty({ enum: ['open', 'decided', 'revoked', 'superseded'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) decision!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ type: [SignoffLinkResponse] }) links!: SignoffLinkResponse[];
  @ApiProperty({ nullable: true, type: SignoffEvidenceResponse })
  evidence!: SignoffEvidenceResponse | null;
}

export class SignoffOptionResponse {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() netCents!: number;
}

export class SignoffQuoteResponse {
  @ApiProperty() ticketNumber!: string;
  @ApiProperty() ticketTitle!: string;
  @ApiProperty() description!: string;
  @ApiProperty() estimatedMinutes!: number;
  @ApiProperty() estimatedNetCents!: number;
}

export class PortalSignoffResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: SIGNOFF_SUBJECTS }) subjectType!: string;
  @ApiProperty() title!: string;
  @ApiProperty() versionLabel!: string;
  @ApiProperty({ nullable: true, type: String }) documentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) documentSha256!: string | null;
  @ApiProperty() sentAt!: string;
  @ApiProperty({ type: [SignoffOptionResponse] }) optionalItems!: SignoffOptionResponse[];
  @ApiProperty({ nullable: true, type: SignoffQuoteResponse }) quote!: SignoffQuoteResponse | null;
}

export class VerifiedSignoffResponse {
  @ApiProperty() requestId!: string;
  @ApiProperty({ enum: ['open', 'decided', 'revoked', 'superseded'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) decision!: string | null;
  @ApiProperty({ nullable: true, type: String }) signerName!: string | null;
  @ApiProperty({ nullable: true, type: String }) signedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) signedDocumentId!: string | null;
  @ApiProperty({ nullable: true, type: String }) signedSha256!: string | null;
}

export class VerifyResponse {
  @ApiProperty() known!: boolean;
  @ApiProperty() sha256!: string;
  @ApiPropertyOptional({ enum: ['issued', 'signed'] }) kind?: string;
  @ApiPropertyOptional() documentId?: string;
  @ApiPropertyOptional() documentKind?: string;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional() versionLabel?: string;
  @ApiPropertyOptional() issuedAt?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) projectId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: VerifiedSignoffResponse })
  signoff?: VerifiedSignoffResponse | null;
}
