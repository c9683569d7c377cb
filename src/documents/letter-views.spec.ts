import { describe, expect, it } from '@jest/globals';
import { salutationOf } from './letter-views.js';

describe('the greeting of a letter', () => {
  it.each([
    [{ name: 'Eva Müller', salutation: 'ms' }, 'de', 'Sehr geehrte Frau Müller,'],
    [{ name: 'Jörg  Schäfer ', salutation: 'mr' }, 'de', 'Sehr geehrter Herr Schäfer,'],
    [{ name: 'Eva Müller', salutation: null }, 'de', 'Guten Tag Eva Müller,'],
    [null, 'de', 'Sehr geehrte Damen und Herren,'],
    [{ name: 'Eva Müller', salutation: 'ms' }, 'en', 'Dear Ms Müller,'],
    [{ name: 'Oliver Brennan', salutation: 'mr' }, 'en', 'Dear Mr Brennan,'],
    [{ name: 'Eva Müller', salutation: null }, 'en', 'Dear Eva Müller,'],
    [null, 'en', 'Dear Sir or Madam,'],
  ] as const)('%j (%s): %s', (addressee, locale, greeting) => {
    expect(salutationOf(addressee, locale)).toBe(greeting);
  });
});
