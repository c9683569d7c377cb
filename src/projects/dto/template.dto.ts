import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageMeta } from '../../common/pagination.js';
import { IsLineQuantity, Trim } from '../../common/validation.js';
import { ITEM_UNITS, type ItemUnit } from '../estimate.js';
import type { BillingMode } from '../project.entity.js';
import { RequirementDto } from './project.dto.js';

export class TemplateItemDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @IsLineQuantity()
  quantity!: string;
  @ApiProperty({ enum: ITEM_UNITS }) @IsIn(ITEM_UNITS) unit!: ItemUnit;
  /** The price comes from this price-list service when a project is created… */
  @IsOptional() @IsUUID() serviceRateId?: string;
  /** …or is fixed here (net cents). */
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000) unitPriceCents?: number;
  @IsOptional() @IsBoolean() optional?: boolean;
}

export class CreateTemplateDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @IsIn(['fixed_price', 'time_and_materials']) billingMode!: BillingMode;
  @IsString() @MaxLength(20000) background!: string;
  @IsString() @MaxLength(20000) goals!: string;
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RequirementDto)
  requirements!: RequirementDto[];
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => TemplateItemDto)
  items!: TemplateItemDto[];
}

export class UpdateTemplateDto extends PartialType(CreateTemplateDto) {
  @IsOptional() @IsBoolean() active?: boolean;
  @IsInt() @Min(1) version!: number;
}

export class TemplateRequirementResponse {
  text!: string;
  priority!: string;
  acceptanceCriterion!: string;
  solution!: string | null;
}

export class TemplateItemResponse {
  title!: string;
  description!: string | null;
  quantity!: string;
  @ApiProperty({ enum: ITEM_UNITS }) unit!: ItemUnit;
  serviceRateId!: string | null;
  unitPriceCents!: number | null;
  optional!: boolean;
}

export class TemplateResponse {
  id!: string;
  name!: string;
  description!: string | null;
  billingMode!: BillingMode;
  background!: string;
  goals!: string;
  @ApiProperty({ type: [TemplateRequirementResponse] })
  requirements!: TemplateRequirementResponse[];
  @ApiProperty({ type: [TemplateItemResponse] }) items!: TemplateItemResponse[];
  active!: boolean;
  version!: number;
}

export class TemplatePage extends PageMeta {
  @ApiProperty({ type: [TemplateResponse] }) items!: TemplateResponse[];
}
