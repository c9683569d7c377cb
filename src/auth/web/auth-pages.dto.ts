import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LoginDto } from '../auth.dto.js';

export class PageLoginDto extends LoginDto {
  /** Where to go after login (a path of this app; anything else goes home). */
  @IsOptional() @IsString() @MaxLength(2000) next?: string;
  /** The login form's CSRF token (checked against its cookie; see login-csrf.ts). */
  @IsOptional() @IsString() @MaxLength(200) _csrf?: string;
}

export class LocaleDto {
  @IsIn(['de', 'en']) locale!: 'de' | 'en';
}
