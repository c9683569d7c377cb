import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
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
