import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CustomerSearchQuery {
  /** Part of the name or customer number. */
  @IsOptional() @IsString() @MaxLength(100) q?: string;
}
