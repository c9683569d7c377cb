import { Param, ParseUUIDPipe } from '@nestjs/common';
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
