import { ApiProperty, PartialType, PickType } from '@nestjs/swagger';
import {
  Equals,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ROLES, type Role } from '../common/access.js';
import { PageMeta } from '../common/pagination.js';
import { Trim } from '../common/validation.js';

export class LoginDto {
  @Trim() @IsEmail() @MaxLength(254) email!: string;
  @IsString() @MinLength(1) @MaxLength(200) password!: string;
}

export class ChangePasswordDto {
  @IsString() @MinLength(1) @MaxLength(200) currentPassword!: string;
  @IsString() @MinLength(12) @MaxLength(200) newPassword!: string;
}

export class CreateUserDto {
  @Trim() @IsEmail() @MaxLength(254) email!: string;
  @Trim() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  /** Required for role `customer`, forbidden for staff roles. */
  @IsOptional() @IsUUID() customerId?: string;
  /** At least 12 characters. Omit to have one generated and returned once. */
  @IsOptional() @IsString() @MinLength(12) @MaxLength(200) password?: string;
}

export class UpdateUserDto extends PartialType(
  PickType(CreateUserDto, ['name', 'role', 'customerId']),
) {
  @IsOptional() @IsBoolean() active?: boolean;
  @IsInt() @Min(1) version!: number;
}

/** Either a new password or `generate: true`: an empty body resets nothing. */
export class ResetPasswordDto {
  /** The new password, at least 12 characters. */
  @ValidateIf((dto: ResetPasswordDto) => dto.generate !== true)
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password?: string;
  /** Generate a password and return it once (instead of `password`). */
  @IsOptional() @Equals(true) generate?: true;
}

/** After an admin's reset: the user's tokens and sessions have ended. */
export class PasswordResetResponse {
  /** Present only when the password was generated: shown this once. */
  generatedPassword?: string;
}

export class UserResponse {
  id!: string;
  email!: string;
  name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  customerId!: string | null;
  active!: boolean;
  lastLoginAt!: string | null;
  version!: number;
}

export class CreatedUserResponse extends UserResponse {
  /** Present only when the password was generated: shown this once. */
  generatedPassword?: string;
}

export class UserPage extends PageMeta {
  @ApiProperty({ type: [UserResponse] }) items!: UserResponse[];
}

export class TokenResponse {
  accessToken!: string;
  tokenType!: 'Bearer';
  /** Seconds until the token expires. */
  expiresIn!: number;
  user!: UserResponse;
}
