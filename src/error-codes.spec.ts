import { describe, expect, it } from '@jest/globals';
import { AUTH_ERROR_CODES } from './auth/auth-errors.js';
import { COMMON_ERROR_CODES, type ErrorCode } from './common/domain-error.js';
import { COMPANY_ERROR_CODES } from './company/company-errors.js';
import { CUSTOMER_ERROR_CODES } from './customers/customer-errors.js';
import { DOCUMENT_ERROR_CODES } from './documents/document-errors.js';
import { INVOICE_ERROR_CODES } from './invoicing/invoice-errors.js';
import { MAIL_ERROR_CODES } from './mail/mail-errors.js';
import { PROJECT_ERROR_CODES } from './projects/project-errors.js';
import { SIGNOFF_ERROR_CODES } from './signoff/signoff-errors.js';
import { SUPPORT_ERROR_CODES } from './support/support-errors.js';

// Every DomainError code is typed `ErrorCode`, the union of these lists, so the lists are every
// code the code base can throw (notFound and updateVersioned take a code or prefix from them).
const ALL: readonly ErrorCode[] = [
  ...COMMON_ERROR_CODES,
  ...AUTH_ERROR_CODES,
  ...COMPANY_ERROR_CODES,
  ...CUSTOMER_ERROR_CODES,
  ...DOCUMENT_ERROR_CODES,
  ...INVOICE_ERROR_CODES,
  ...MAIL_ERROR_CODES,
  ...PROJECT_ERROR_CODES,
  ...SIGNOFF_ERROR_CODES,
  ...SUPPORT_ERROR_CODES,
];

describe('error codes', () => {
  it.each(ALL)('%s is AREA.REASON in upper case, no spaces', (code) => {
    expect(code).toMatch(/^[A-Z_]+\.[A-Z_]+$/);
  });

  it('are declared once, by one module', () => {
    expect(new Set(ALL).size).toBe(ALL.length);
  });

  it('cover the two codes that used to be built from display names', () => {
    expect(ALL).toEqual(expect.arrayContaining(['CHANGE_REQUEST.NOT_FOUND', 'QA_CHECK.NOT_FOUND']));
  });
});
