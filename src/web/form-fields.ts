import { Transform } from 'class-transformer';

/*
 * What every page form's number field needs: an HTML form sends text, and an empty field means
 * "not given" — never 0. `@Type(() => Number)` cannot do this: class-transformer converts the
 * type before custom transforms run, so "" arrives as 0 and `@IsOptional()` lets it through
 * (a payment term of 0 days, a threshold of 0). One transform here, used by every page DTO.
 */

const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * A number typed into a text field: empty (or only spaces) is absent, digits are the number,
 * anything else stays the text it was, so the field's own rule (`@IsInt()`, `@Min()`) refuses it
 * by name instead of a silent NaN, 0 or `0x10`.
 */
export const optionalNumber = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '') return undefined;
  return NUMBER_TEXT.test(text) ? Number(text) : value;
};

/**
 * The decorator form of `optionalNumber`, for a required number too: an emptied required field
 * is absent and refused by its `@IsInt()` ("must be an integer number") at the field.
 */
export const FormNumber = (): PropertyDecorator => Transform(optionalNumber);
