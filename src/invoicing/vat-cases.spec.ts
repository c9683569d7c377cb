import { describe, expect, it } from '@jest/globals';
import { composeInvoice } from './invoice-compose.js';
import { sampleComposeInput } from './invoice-samples.js';
import { missingInvoiceFields, vatCaseOf } from './vat-cases.js';

describe('VAT case from company and customer', () => {
  it.each([
    [false, 'DE', 'DE', 'standard'],
    [false, 'DE', 'AT', 'reverse_charge'],
    [false, 'DE', 'FR', 'reverse_charge'],
    [false, 'DE', 'CH', 'third_country'],
    [false, 'DE', 'US', 'third_country'],
    [false, 'DE', 'GB', 'third_country'],
    [true, 'DE', 'DE', 'small_business'],
    [true, 'DE', 'AT', 'small_business'],
    [true, 'DE', 'CH', 'small_business'],
  ])('small business %s, %s → %s: %s', (smallBusiness, company, customer, expected) => {
    expect(
      vatCaseOf({
        companySmallBusiness: smallBusiness,
        companyCountry: company,
        customerCountry: customer,
      }),
    ).toBe(expected);
  });

  it.each([
    ['standard', 'S', null],
    ['reverse_charge', 'AE', 'Steuerschuldnerschaft des Leistungsempfängers'],
    ['third_country', 'O', 'Nicht im Inland steuerbare Leistung'],
    ['small_business', 'E', '§ 19 UStG'],
  ] as const)('%s: category %s, note %s', (vatCase, category, note) => {
    const invoice = composeInvoice({ ...sampleComposeInput('standard'), vatCase });
    expect(invoice.lines.every((line) => line.vatCategory === category)).toBe(true);
    expect(new Set(invoice.vat.map((v) => v.category))).toEqual(new Set([category]));
    if (note) expect(invoice.notes.join(' ')).toContain(note);
    else expect(invoice.notes).toEqual([]);
    if (category !== 'S') expect(invoice.totals.vatCents).toBe(0);
  });
});

describe('§14 UStG: what is missing before an invoice may be issued', () => {
  it('a complete standard invoice misses nothing', () => {
    expect(missingInvoiceFields(composeInvoice(sampleComposeInput('standard')))).toEqual([]);
  });

  it.each([
    [{ seller: { vatId: null, taxNumber: null } }, ['company.vatId or company.taxNumber']],
    [{ seller: { street: '' } }, ['company.street']],
    [{ seller: { iban: null } }, ['company.iban']],
    [{ buyer: { postalCode: '' } }, ['customer.postalCode']],
    [{ serviceFrom: null }, ['serviceDate']],
  ] as const)('%j → %j', (override, missing) => {
    const input = sampleComposeInput('standard');
    const changed = {
      ...input,
      ...override,
      seller: { ...input.seller, ...('seller' in override ? override.seller : {}) },
      buyer: { ...input.buyer, ...('buyer' in override ? override.buyer : {}) },
    };
    expect(missingInvoiceFields(composeInvoice(changed))).toEqual(missing);
  });

  it('reverse charge needs the customer VAT ID and the company VAT ID', () => {
    const input = sampleComposeInput('reverse_charge');
    expect(missingInvoiceFields(composeInvoice(input))).toEqual([]);
    const noIds = {
      ...input,
      buyer: { ...input.buyer, vatId: null },
      seller: { ...input.seller, vatId: null, taxNumber: '231/123/45678' },
    };
    expect(missingInvoiceFields(composeInvoice(noIds))).toEqual([
      'customer.vatId',
      'company.vatId',
    ]);
  });

  it('outside the EU the seller needs its tax number: the e-invoice may carry no VAT ID', () => {
    const input = sampleComposeInput('third_country');
    expect(missingInvoiceFields(composeInvoice(input))).toEqual([]);
    const vatIdOnly = { ...input, seller: { ...input.seller, taxNumber: null } };
    expect(missingInvoiceFields(composeInvoice(vatIdOnly))).toEqual(['company.taxNumber']);
    const noCustomerVatId = { ...input, buyer: { ...input.buyer, vatId: null } };
    expect(missingInvoiceFields(composeInvoice(noCustomerVatId))).toEqual([]);
  });

  it('a down payment needs no service date; other kinds do', () => {
    const input = { ...sampleComposeInput('down_payment'), serviceFrom: null, serviceTo: null };
    expect(missingInvoiceFields(composeInvoice(input))).toEqual([]);
  });

  it('only 19 % and 7 % are standard rates', () => {
    const input = sampleComposeInput('standard');
    input.lines[0].vatRateBp = 1600;
    expect(missingInvoiceFields(composeInvoice(input))).toEqual(['lines.1.vatRate']);
  });
});
