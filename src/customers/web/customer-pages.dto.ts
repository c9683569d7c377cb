import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CustomerSearchQuery {
  /** Part of the name or customer number. */
  @IsOptional() @IsString() @MaxLength(100) q?: string;
}

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : value;

/** A form's customer search (no JavaScript: the form's page comes back with the matches). */
export class CustomerPickQuery {
  @IsOptional() @IsString() @MaxLength(100) customerQuery?: string;
}

/**
 * The picker's htmx search: which picker (its element id) and field name to answer for, and
 * whether the select must be chosen (`required`), and what its empty choice reads: "any" (a
 * filter) or "no customer" (`optional`), else "please choose".
 */
export class CustomerPickerQuery extends CustomerPickQuery {
  @Matches(/^[a-zA-Z][a-zA-Z0-9-]{0,40}$/) picker!: string;
  @Matches(/^[a-zA-Z][a-zA-Z0-9]{0,40}$/) field!: string;
  @Transform(emptyToUndefined) @IsOptional() @IsIn(['1']) required?: string;
  @Transform(emptyToUndefined) @IsOptional() @IsIn(['any', 'optional']) empty?: 'any' | 'optional';
}
