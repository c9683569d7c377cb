import { applyDecorators, ValidationPipe, type ValidationError } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsISO8601, Matches, type ValidationOptions } from 'class-validator';
import { validationError, type FieldError } from './domain-error.js';

/** Flattens class-validator's tree into dotted field paths: `contacts.0.email`. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: FieldError[] = error.constraints
      ? [{ field, messages: Object.values(error.constraints) }]
      : [];
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/**
 * The one validation pipe: main.ts and the e2e tests both install it through configureApp,
 * so tests validate exactly as production does.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationError(toFieldErrors(errors)),
  });
}

/** A calendar day YYYY-MM-DD that exists (2026-02-30 does not). */
export function IsDay(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, {
      message: '$property must be a day as YYYY-MM-DD',
      ...options,
    }),
    IsISO8601({ strict: true }, { message: '$property must be a valid calendar day', ...options }),
  );
}

/** Trims surrounding whitespace from strings before they are validated. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
