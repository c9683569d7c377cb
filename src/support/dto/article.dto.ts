import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { PageMeta, PageQuery } from '../../common/pagination.js';
import { Trim } from '../../common/validation.js';
import { ARTICLE_VISIBILITIES, type ArticleVisibility } from '../support-settings.entity.js';

export class CreateArticleDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @IsString() @MinLength(1) @MaxLength(100_000) body!: string;
  /** contract_customers: customers with a data processing (AV) agreement in force. */
  @ApiProperty({ enum: ARTICLE_VISIBILITIES })
  @IsIn(ARTICLE_VISIBILITIES)
  visibility!: ArticleVisibility;
}

export class UpdateArticleDto extends PartialType(CreateArticleDto) {
  @IsInt() @Min(1) version!: number;
}

export class ArticleQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ARTICLE_VISIBILITIES })
  @IsOptional()
  @IsIn(ARTICLE_VISIBILITIES)
  visibility?: ArticleVisibility;
}

export class ArticleResponse {
  id!: string;
  title!: string;
  body!: string;
  @ApiProperty({ enum: ARTICLE_VISIBILITIES }) visibility!: ArticleVisibility;
  createdAt!: string;
  updatedAt!: string;
  version!: number;
}

export class ArticlePage extends PageMeta {
  @ApiProperty({ type: [ArticleResponse] }) items!: ArticleResponse[];
}
