import { describe, expect, it } from '@jest/globals';
import { composeInvoice } from './invoice-compose.js';
import { sampleComposeInput } from './invoice-samples.js';
import {
  customerVatPlaceOf,
  missingInvoiceFields,
  showsVat,
  VAT_CASE_TABLE,
  vatCaseOf,
  vatNoteOf,
} from './vat-cases.js';

describe('VAT case from company and customer', () => {
  // Expected answers from the law, not from VAT_CASE_TABLE: the place of a B2B service is the
  // customer's country (§3a Abs. 2 UStG); §19 exempts only German turnover.
  it.each([
    [false, 'DE', null, 'standard'],
    [false, 'DE', 'DE811907980', 'standard'],
    [false, 'AT', 'ATU12345678', 'reverse_charge'],
    [false, 'FR', 'FR40303265045', 'reverse_charge'],
    [false, 'AT', null, 'reverse_charge'],
    [false, 'CH', 'CHE123456789', 'third_country'],
    [false, 'US', null, 'third_country'],
    [false, 'GB', 'GB123456789', 'third_country'],
    [true, 'DE', null, 'small_business'],
    [true, 'DE', 'DE811907980', 'small_business'],
    [true, 'AT', 'ATU12345678', 'reverse_charge'],
    [true, 'IE', 'IE6388047V', 'reverse_charge'],
    [true, 'AT', null, 'reverse_charge'],
    [true, 'AT', '  ', 'reverse_charge'],
    [true, 'CH', 'CHE123456789', 'third_country'],
    [true, 'US', null, 'third_country'],
  ] as const)(
    'small business %s, customer in %s with VAT ID %s → %s',
    (smallBusiness, customer, vatId, expected) => {
      expect(
        vatCaseOf({
          companySmallBusiness: smallBusiness,
          companyCountry: 'DE',
          customerCountry: customer,
          customerVatId: vatId,
        }),
      ).toBe(expected);
    },
  );

  it('the table has exactly one row, with a legal reason, per company × customer place', () => {
    const places = ['domestic', 'eu_with_vat_id', 'eu_without_vat_id', 'third_country'];
    const keys = VAT_CASE_TABLE.map((r) => `${r.companySmallBusiness}/${r.customer}`);
    expect([...keys].sort()).toEqual(
      [false, true].flatMap((sb) => places.map((p) => `${sb}/${p}`)).sort(),
    );
    for (const row of VAT_CASE_TABLE) expect(row.reason).toMatch(/§ ?\d+/);
  });

  it.each([
    ['DE', null, 'domestic'],
    ['AT', 'ATU12345678', 'eu_with_vat_id'],
    ['AT', null, 'eu_without_vat_id'],
    ['AT', '', 'eu_without_vat_id'],
    ['CH', 'CHE123456789', 'third_country'],
    ['NO', null, 'third_country'],
  ] as const)('customer in %s with VAT ID %s is %s', (country, vatId, place) => {
    expect(
      customerVatPlaceOf({
        companySmallBusiness: false,
        companyCountry: 'DE',
        customerCountry: country,
        customerVatId: vatId,
      }),
    ).toBe(place);
  });

  it.each([
    ['standard', true],
    ['reverse_charge', true],
    ['third_country', false],
    ['small_business', false],
  ] as const)('%s: the printed invoice shows VAT: %s', (vatCase, shows) => {
    expect(showsVat(vatCase)).toBe(shows);
  });

  it.each(['de', 'en'] as const)(
    '%s: the reverse-charge note names the outgoing rule (§3a Abs. 2, §14a Abs. 1), not §13b',
    (locale) => {
      const note = vatNoteOf('reverse_charge', locale) ?? '';
      expect(note).toContain('Steuerschuldnerschaft des Leistungsempfängers');
      expect(note).toMatch(/§ 3a (Abs\. 2|\(2\))/);
      expect(note).toMatch(/§ 14a (Abs\. 1|\(1\))/);
      expect(note).toContain('Art. 196');
      expect(note).not.toContain('13b');
    },
  );

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
