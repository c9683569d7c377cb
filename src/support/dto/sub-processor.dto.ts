import { PartialType } from '@nestjs/swagger';
import { IsInt, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { IsDay, Trim } from '../../common/validation.js';

export class CreateSubProcessorDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  /** What it does for the company, e.g. "Hosting of the mail servers". */
  @Trim() @IsString() @MinLength(1) @MaxLength(500) service!: string;
  /** Where the data is processed, e.g. "Frankfurt am Main, Deutschland". */
  @Trim() @IsString() @MinLength(1) @MaxLength(200) location!: string;
  /** Since when the company uses it. */
  @IsDay() since!: string;
}

export class UpdateSubProcessorDto extends PartialType(CreateSubProcessorDto) {
  @IsInt() @Min(1) version!: number;
}

export class SubProcessorResponse {
  id!: string;
  name!: string;
  service!: string;
  location!: string;
  since!: string;
  version!: number;
}
