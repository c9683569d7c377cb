import {
  applyDecorators,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsISO8601,
  Matches,
  registerDecorator,
  ValidateBy,
  type ValidationOptions,
  type ValidatorOptions,
} from 'class-validator';
import { DomainError, validationError, type FieldError } from './domain-error.js';
import { MAX_BODY_DEPTH, nestingDepth, universalFieldErrors } from './input-rules.js';
import { parseQuantity, QUANTITY_PATTERN } from './money.js';

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

/** One entry per field: class-validator's messages and the pipe's own rules merged. */
function mergeByField(errors: FieldError[]): FieldError[] {
  const byField = new Map<string, string[]>();
  for (const { field, messages } of errors) {
    byField.set(field, [...(byField.get(field) ?? []), ...messages]);
  }
  return [...byField].map(([field, messages]) => ({ field, messages }));
}

const CLEARABLE = 'isClearable';

/**
 * Marks an optional field whose `null` means "clear this value" (a company's phone, a
 * ticket's assignee). Every other field refuses `null`: optional means "may be absent", and a
 * `null` that reaches a NOT NULL column would be a 500. Registered as a class-validator
 * constraint that always passes, so PartialType/PickType copy the mark with the field.
 */
export function Clearable(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: CLEARABLE,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: { validate: () => true },
    });
}

const clearableCache = new Map<NewableFunction, Set<string>>();

function clearableFields(type: NewableFunction): Set<string> {
  let fields = clearableCache.get(type);
  if (!fields) {
    fields = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(type, '', true, false)
        .filter((metadata) => metadata.name === CLEARABLE)
        .map((metadata) => metadata.propertyName),
    );
    clearableCache.set(type, fields);
  }
  return fields;
}

/**
 * Every `null` in a DTO (nested DTOs and arrays included) that its field does not allow.
 * Plain objects inside a DTO are free-form data and keep their nulls. The walk is bounded by
 * MAX_BODY_DEPTH, checked before the body was transformed.
 */
function refusedNulls(object: object, path = ''): ValidationError[] {
  const type = object.constructor;
  const errors: ValidationError[] = [];
  for (const [key, value] of Object.entries(object)) {
    const field = path ? `${path}.${key}` : key;
    if (value === null) {
      if (Array.isArray(object) || !clearableFields(type).has(key)) {
        errors.push({ property: field, constraints: { isNotNull: `${field} must not be null` } });
      }
    } else if (
      typeof value === 'object' &&
      (Array.isArray(value) || (value as object).constructor !== Object)
    ) {
      errors.push(...refusedNulls(value as object, field));
    }
  }
  return errors;
}

/**
 * The strict pipe: before class-validator sees a body it must be shallow enough to walk
 * safely, free of control characters and of numbers no column holds; after it, no field may
 * be null unless it is @Clearable.
 */
class StrictValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      if (nestingDepth(value, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
        throw new DomainError(
          'validation',
          'REQUEST.TOO_DEEP',
          `The ${metadata.type} nests deeper than ${MAX_BODY_DEPTH} levels`,
        );
      }
      const errors = universalFieldErrors(value);
      if (errors.length > 0) throw validationError(mergeByField(errors));
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }

  protected override async validate(
    object: object,
    options?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    return [...(await super.validate(object, options)), ...refusedNulls(object)];
  }
}

/**
 * The one validation pipe: main.ts and the e2e tests both install it through configureApp,
 * so tests validate exactly as production does.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationError(mergeByField(toFieldErrors(errors))),
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

/**
 * The quantity of an estimate, change-request or invoice line: a decimal string with up to
 * three places, above zero. A line bills something; a correction is a cancellation.
 */
export function IsLineQuantity(): PropertyDecorator {
  return applyDecorators(
    Matches(QUANTITY_PATTERN, { message: '$property must be a decimal number such as "1.25"' }),
    ValidateBy({
      name: 'isLineQuantity',
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || !QUANTITY_PATTERN.test(value) || parseQuantity(value) > 0,
        defaultMessage: () => '$property must be positive',
      },
    }),
  );
}

/** Trims surrounding whitespace from strings before they are validated. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
