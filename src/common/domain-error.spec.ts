import { describe, expect, it } from '@jest/globals';
import { notFound, type NotFoundCode } from './domain-error.js';

// The codes below are registered by the modules; this file only needs their types at compile
// time, which the whole program provides.
describe('notFound', () => {
  it.each<[NotFoundCode, string | undefined, string]>([
    ['PROJECT.NOT_FOUND', undefined, 'project p1 not found'],
    ['INVOICE_SERIES.NOT_FOUND', undefined, 'invoice_series p1 not found'],
    ['CHANGE_REQUEST.NOT_FOUND', 'change request', 'change request p1 not found'],
    ['QA_CHECK.NOT_FOUND', 'QA check', 'QA check p1 not found'],
  ])('%s answers 404 with its code and names the record', (code, name, message) => {
    const error = notFound(code, 'p1', name);
    expect(error.kind).toBe('not_found');
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });
});
