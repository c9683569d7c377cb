import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LoginDto } from '../auth.dto.js';

export class PageLoginDto extends LoginDto {
  /** Where to go after login (a path of this app; anything else goes home). */
  @IsOptional() @IsString() @MaxLength(2000) next?: string;
}

export class LocaleDto {
  @IsIn(['de', 'en']) locale!: 'de' | 'en';
}
