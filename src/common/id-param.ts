import { Param, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import { validationError } from './domain-error.js';

/** A UUID path parameter; anything else is a 400 naming the parameter. */
export const IdParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        validationError([{ field: name, messages: [`${name} must be a UUID`] }]),
    }),
  );

/** A positive integer path parameter (e.g. a revision number); anything else is a 400. */
export const IntParam = (name: string) =>
  Param(
    name,
    new ParseIntPipe({
      exceptionFactory: () =>
        validationError([{ field: name, messages: [`${name} must be a whole number`] }]),
    }),
  );
