import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { ROLES, type Role } from '../../common/access.js';
import { PageQuery } from '../../common/pagination.js';
import { CreateUserDto } from '../auth.dto.js';
import { FormNumber } from '../../web/form-fields.js';

/*
 * The admin's user forms: the API's DTOs (same rules), adapted to what an HTML form sends —
 * every value is text and an empty field means "not given".
 */
const emptyIsAbsent = Transform(({ value }: { value: unknown }) =>
  value === '' ? undefined : value,
);
const trueOrFalse = Transform(({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value,
);

export class PageCreateUserDto extends CreateUserDto {}
emptyIsAbsent(PageCreateUserDto.prototype, 'customerId');
emptyIsAbsent(PageCreateUserDto.prototype, 'password');

/** One user's row: role and status in one form, with the version it was rendered from. */
export class PageUpdateUserDto {
  @IsIn(ROLES) role!: Role;
  @trueOrFalse @IsBoolean() active!: boolean;
  @FormNumber() @IsInt() @Min(1) version!: number;
}

/** A company has a few dozen users: one page shows them all. */
export class UserListQuery extends PageQuery {
  override pageSize: number = 100;
  /** The new-user form's customer search (no JavaScript: the page comes back with the matches). */
  @IsOptional() @IsString() @MaxLength(100) customerQuery?: string;
}
