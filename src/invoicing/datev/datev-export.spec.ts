import { describe, expect, it } from '@jest/globals';
import type { InvoiceSnapshot } from '../invoice-snapshot.js';
import {
  BUCHUNGSSTAPEL_COLUMNS,
  bookingFields,
  bookingsOf,
  buchungsstapel,
  debtorAccountProblems,
  DEFAULT_DATEV_SETTINGS,
  fiscalYearBegin,
  headerFields,
  toWindows1252,
  type DatevSettings,
} from './datev-export.js';

const SETTINGS: DatevSettings = {
  ...DEFAULT_DATEV_SETTINGS,
  consultantNumber: 29098,
  clientNumber: 55003,
};

type Vat = InvoiceSnapshot['vat'][number];
function invoice(vat: Vat[], overrides: Partial<InvoiceSnapshot> = {}): InvoiceSnapshot {
  return {
    number: 'RE-2026-00042',
    issueDate: '2026-11-05',
    subject: 'Migration',
    buyer: { number: 'K-00042', name: 'Müller & Söhne GmbH', vatId: 'DE123456789' },
    vat,
    deductions: [],
    preceding: null,
    ...overrides,
  } as InvoiceSnapshot;
}

/** The named column of a booking line. */
const field = (fields: string[], name: string) => fields[BUCHUNGSSTAPEL_COLUMNS.indexOf(name)];

describe('DATEV Buchungsstapel (format description: header version 700, format version 13)', () => {
  it('has the 125 columns of format version 13, Umsatz first', () => {
    expect(BUCHUNGSSTAPEL_COLUMNS).toHaveLength(125);
    expect(BUCHUNGSSTAPEL_COLUMNS.slice(0, 14)).toEqual([
      'Umsatz (ohne Soll/Haben-Kz)',
      'Soll/Haben-Kennzeichen',
      'WKZ Umsatz',
      'Kurs',
      'Basis-Umsatz',
      'WKZ Basis-Umsatz',
      'Konto',
      'Gegenkonto (ohne BU-Schlüssel)',
      'BU-Schlüssel',
      'Belegdatum',
      'Belegfeld 1',
      'Belegfeld 2',
      'Skonto',
      'Buchungstext',
    ]);
    expect(new Set(BUCHUNGSSTAPEL_COLUMNS).size).toBe(125);
  });

  it('writes the header record field by field', () => {
    const fields = headerFields(SETTINGS, {
      createdAt: '20261203140440439',
      from: '2026-11-01',
      to: '2026-11-30',
      exportedBy: 'Fiona Finanz',
    });
    expect(fields).toHaveLength(31);
    // The format description's example with our values:
    // "EXTF";700;21;"Buchungsstapel";13;20240130140440439;;"RE";"";"";29098;55003;20240101;4;
    // 20240101;20240831;"Buchungsstapel";"WD";1;0;0;"EUR";;"";;;"03";;;"";""
    expect(fields.join(';')).toBe(
      '"EXTF";700;21;"Buchungsstapel";13;20261203140440439;;"RE";"Fiona Finanz";"";29098;55003;' +
        '20260101;4;20261101;20261130;"Rechnungsausgang 2026-11";"";1;0;0;"EUR";;"";;;"03";;;"";""',
    );
    expect(
      headerFields(
        { ...SETTINGS, chart: 'SKR04' },
        { createdAt: '1', from: '2026-11-01', to: '2026-11-30', exportedBy: '' },
      )[26],
    ).toBe('"04"');
  });

  it('takes the fiscal year start from the settings', () => {
    expect(fiscalYearBegin({ fiscalYearStart: '07-01' }, '2026-03-15')).toBe('2025-07-01');
    expect(fiscalYearBegin({ fiscalYearStart: '07-01' }, '2026-07-01')).toBe('2026-07-01');
    expect(fiscalYearBegin({ fiscalYearStart: '01-01' }, '2026-12-31')).toBe('2026-01-01');
  });

  // One booking line per VAT case: gross amount with a decimal comma, "S" (the debtor is
  // debited), EUR, debtor 10000 + 42, the revenue account of the case (SKR03 / SKR04), no
  // BU-Schlüssel on the automatic accounts, Belegdatum TTMM, the invoice number in Belegfeld 1.
  it.each([
    {
      name: '19 %',
      vat: { category: 'S', rateBp: 1900, baseCents: 100_000, amountCents: 19_000 },
      amount: '1190,00',
      skr03: '8400',
      skr04: '4400',
      euVatId: '',
    },
    {
      name: '7 %',
      vat: { category: 'S', rateBp: 700, baseCents: 10_000, amountCents: 700 },
      amount: '107,00',
      skr03: '8300',
      skr04: '4300',
      euVatId: '',
    },
    {
      name: 'reverse charge (EU, § 3a Abs. 2 UStG)',
      vat: { category: 'AE', rateBp: 0, baseCents: 50_000, amountCents: 0 },
      amount: '500,00',
      skr03: '8336',
      skr04: '4336',
      euVatId: '"DE123456789"',
    },
    {
      name: 'third country',
      vat: { category: 'O', rateBp: 0, baseCents: 30_000, amountCents: 0 },
      amount: '300,00',
      skr03: '8338',
      skr04: '4338',
      euVatId: '',
    },
    {
      name: '§ 19 UStG small business',
      vat: { category: 'E', rateBp: 0, baseCents: 20_050, amountCents: 0 },
      amount: '200,50',
      skr03: '8195',
      skr04: '4185',
      euVatId: '',
    },
  ] as const)('books $name', ({ vat, amount, skr03, skr04, euVatId }) => {
    for (const [chart, account] of [
      ['SKR03', skr03],
      ['SKR04', skr04],
    ] as const) {
      const [booking] = bookingsOf(invoice([vat]), { ...SETTINGS, chart });
      const fields = bookingFields(booking);
      expect(fields).toHaveLength(125);
      expect(fields.slice(0, 14)).toEqual([
        amount,
        '"S"',
        '"EUR"',
        '',
        '',
        '',
        '10042',
        account,
        '',
        '0511',
        '"RE-2026-00042"',
        '',
        '',
        '"Müller & Söhne GmbH"',
      ]);
      expect(field(fields, 'EU-Land u. UStID (Bestimmung)')).toBe(euVatId);
    }
  });

  it('splits an invoice with two rates into two bookings', () => {
    const bookings = bookingsOf(
      invoice([
        { category: 'S', rateBp: 1900, baseCents: 1000, amountCents: 190 },
        { category: 'S', rateBp: 700, baseCents: 1000, amountCents: 70 },
      ]),
      SETTINGS,
    );
    expect(bookings.map((b) => [b.amountCents, b.contraAccount])).toEqual([
      [1190, 8400],
      [1070, 8300],
    ]);
  });

  it('books a cancellation as the reversal: Haben, Storno and the original number in the text', () => {
    const [booking] = bookingsOf(
      invoice([{ category: 'S', rateBp: 1900, baseCents: -100_000, amountCents: -19_000 }], {
        number: 'ST-2026-00003',
        preceding: { number: 'RE-2026-00042', issueDate: '2026-11-05' },
      }),
      SETTINGS,
    );
    const fields = bookingFields(booking);
    expect(fields.slice(0, 2)).toEqual(['1190,00', '"H"']);
    expect(field(fields, 'Belegfeld 1')).toBe('"ST-2026-00003"');
    expect(field(fields, 'Buchungstext')).toBe('"Storno RE-2026-00042 Müller & Söhne GmbH"');
  });

  it('books only what a final invoice adds to its deducted down payments', () => {
    const [booking] = bookingsOf(
      invoice([{ category: 'S', rateBp: 1900, baseCents: 100_000, amountCents: 19_000 }], {
        deductions: [
          {
            number: 'RE-2026-00017',
            issueDate: '2026-10-01',
            netCents: 30_000,
            vatCents: 5_700,
            grossCents: 35_700,
            vat: [{ category: 'S', rateBp: 1900, baseCents: 30_000, amountCents: 5_700 }],
          },
        ],
      }),
      SETTINGS,
    );
    expect(booking.amountCents).toBe(119_000 - 35_700);
  });

  it('takes overriding accounts, BU-Schlüssel and debtors from the settings', () => {
    const vat = [{ category: 'S', rateBp: 1900, baseCents: 100, amountCents: 19 }] as Vat[];
    const custom = {
      ...SETTINGS,
      revenueAccounts: { standard_19: 8401 },
      buKeys: { standard_19: '3' },
      debtorAccounts: { 'K-00042': 12345 },
    };
    const fields = bookingFields(bookingsOf(invoice(vat), custom)[0]);
    expect(fields.slice(6, 9)).toEqual(['12345', '8401', '"3"']);
    expect(bookingsOf(invoice(vat), { ...SETTINGS, collectiveDebtor: 10000 })[0].account).toBe(
      10000,
    );
  });

  it('writes CR LF after every line and quotes doubled quotes', () => {
    const file = buchungsstapel(
      SETTINGS,
      { createdAt: '1', from: '2026-11-01', to: '2026-11-30', exportedBy: 'A "B"' },
      [invoice([{ category: 'S', rateBp: 1900, baseCents: 100, amountCents: 19 }])],
    );
    const lines = file.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[0]).toContain('"A ""B"""');
    expect(lines[2].split(';')).toHaveLength(125);
  });

  it('encodes Windows-1252: umlauts and ß as Latin-1, € as 0x80, the unknown as ?', () => {
    expect([...toWindows1252('Müß€„“–…ŠŽœ')]).toEqual([
      0x4d, 0xfc, 0xdf, 0x80, 0x84, 0x93, 0x96, 0x85, 0x8a, 0x8e, 0x9c,
    ]);
    expect(toWindows1252('a✓b').toString('latin1')).toBe('a?b');
  });
});

describe('per-customer debtor accounts', () => {
  const entry = (customerNumber: string, account: number) => ({ customerNumber, account });

  // Debtors have one digit more than the account length and start with 1 to 6.
  it.each([
    [4, 9_999, false],
    [4, 10_000, true],
    [4, 69_999, true],
    [4, 70_000, false],
    [5, 69_999, false],
    [5, 100_000, true],
    [5, 699_999, true],
    [8, 699_999_999, true],
    [8, 99_999_999, false],
  ])('length %i: account %i allowed %s', (length, account, allowed) => {
    const problems = debtorAccountProblems(length, [entry('K-1', account)]);
    expect(problems.length === 0).toBe(allowed);
  });

  it('refuses the second customer with an account already given, and a customer twice', () => {
    expect(
      debtorAccountProblems(4, [
        entry('K-1', 10001),
        entry('K-2', 10002),
        entry('K-3', 10001),
        entry('K-2', 10004),
      ]),
    ).toEqual([
      { index: 2, field: 'account', message: 'account 10001 belongs to another customer already' },
      { index: 3, field: 'customerNumber', message: 'customer is listed twice' },
    ]);
  });
});
