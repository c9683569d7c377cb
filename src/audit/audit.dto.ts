import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDay, Trim } from '../common/validation.js';
import { KeysetPageMeta, KeysetPageQuery } from '../common/pagination.js';

export class AuditQuery extends KeysetPageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(60)
  entityType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  /** Who acted: the e-mail address the entry names, or `system`. */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(254)
  actor?: string;

  /** e.g. `created`, `updated`, `issued`. */
  @IsOptional()
  @IsString()
  @MaxLength(60)
  action?: string;

  /** First day (YYYY-MM-DD, in the company's time zone), inclusive. */
  @IsOptional() @IsDay() from?: string;

  /** Last day (YYYY-MM-DD, in the company's time zone), inclusive. */
  @IsOptional() @IsDay() to?: string;
}

export class AuditEntryResponse {
  @ApiProperty() seq!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty() actorLabel!: string;
  @ApiProperty() entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty() action!: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  changes!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() hash!: string;
  @ApiProperty() prevHash!: string;
}

export class AuditPage extends KeysetPageMeta {
  @ApiProperty({ type: [AuditEntryResponse] }) items!: AuditEntryResponse[];
}

class ChainBreakResponse {
  @ApiProperty() seq!: number;
  @ApiProperty({
    enum: ['missing_entry', 'previous_hash_mismatch', 'hash_mismatch', 'head_mismatch'],
  })
  problem!: 'missing_entry' | 'previous_hash_mismatch' | 'hash_mismatch' | 'head_mismatch';
}

export class AuditVerification {
  @ApiProperty() valid!: boolean;
  @ApiProperty() checkedEntries!: number;
  @ApiPropertyOptional() lastHash?: string;
  @ApiPropertyOptional({ type: ChainBreakResponse }) firstBroken?: ChainBreakResponse;
}
