import { centsToDecimal, type Cents } from '../../common/money.js';
import type { VatBreakdownLine } from '../invoice-totals.js';
import type { InvoiceSnapshot } from '../invoice-snapshot.js';

/**
 * The DATEV "Buchungsstapel" (DATEV-Format, header version 700, category 21, format version
 * 13) for the outgoing invoices of a period, pure: the service reads the issued invoices and
 * the settings, this file writes the file. Layout per DATEV's format description
 * (developer.datev.de, "DATEV-Format" → Buchungsstapel): a header record, the column names,
 * then one booking per invoice and revenue account; fields separated by ";", text in double
 * quotes, amounts with a decimal comma and no thousands separator, CR LF after every line.
 */

export const CHARTS = ['SKR03', 'SKR04'] as const;
export type Chart = (typeof CHARTS)[number];

/** Which revenue account a part of an invoice goes to: its VAT category and rate. */
export const REVENUE_CASES = [
  'standard_19',
  'standard_7',
  'reverse_charge',
  'third_country',
  'small_business',
] as const;
export type RevenueCase = (typeof REVENUE_CASES)[number];

/**
 * The charts' standard revenue accounts. 8400/4400 and 8300/4300 are automatic accounts
 * (the VAT is posted by DATEV, so no BU-Schlüssel); reverse charge is a service taxed in the
 * customer's member state (§ 3a Abs. 2 UStG, reported in the ZM), not an intra-EU supply of
 * goods (8125/4125, § 4 Nr. 1b UStG); the third country case is "im Drittland steuerbar"; a
 * § 19 UStG small business books to the Kleinunternehmer account.
 */
export const DEFAULT_REVENUE_ACCOUNTS: Record<Chart, Record<RevenueCase, number>> = {
  SKR03: {
    standard_19: 8400,
    standard_7: 8300,
    reverse_charge: 8336,
    third_country: 8338,
    small_business: 8195,
  },
  SKR04: {
    standard_19: 4400,
    standard_7: 4300,
    reverse_charge: 4336,
    third_country: 4338,
    small_business: 4185,
  },
};

export interface DatevSettings {
  /** Beraternummer, 1001–9999999. */
  consultantNumber: number;
  /** Mandantennummer, 1–99999. */
  clientNumber: number;
  /** First day of the fiscal year, MM-DD. */
  fiscalYearStart: string;
  /** Sachkontenlänge, 4–8; debtor accounts have one digit more. */
  accountLength: number;
  chart: Chart;
  /** Overrides of the chart's revenue accounts, per case. */
  revenueAccounts: Partial<Record<RevenueCase, number>>;
  /** A BU-Schlüssel per case, only where an overriding account is not an automatic one. */
  buKeys: Partial<Record<RevenueCase, string>>;
  /** The debtor account is this + the digits of the customer number (10000 + 42 = 10042)… */
  debtorBase: number;
  /** …unless one collective debtor (Sammeldebitor) takes every customer… */
  collectiveDebtor: number | null;
  /** …or the customer (by number) has an account of its own here. */
  debtorAccounts: Record<string, number>;
}

export const DEFAULT_DATEV_SETTINGS: DatevSettings = {
  consultantNumber: 1001,
  clientNumber: 1,
  fiscalYearStart: '01-01',
  accountLength: 4,
  chart: 'SKR03',
  revenueAccounts: {},
  buKeys: {},
  debtorBase: 10000,
  collectiveDebtor: null,
  debtorAccounts: {},
};

/** The 125 columns of Buchungsstapel format version 13, in order, as DATEV names them. */
export const BUCHUNGSSTAPEL_COLUMNS: readonly string[] = [
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
  'Postensperre',
  'Diverse Adressnummer',
  'Geschäftspartnerbank',
  'Sachverhalt',
  'Zinssperre',
  'Beleglink',
  ...[1, 2, 3, 4, 5, 6, 7, 8].flatMap((i) => [`Beleginfo - Art ${i}`, `Beleginfo - Inhalt ${i}`]),
  'KOST1 - Kostenstelle',
  'KOST2 - Kostenstelle',
  'Kost-Menge',
  'EU-Land u. UStID (Bestimmung)',
  'EU-Steuersatz (Bestimmung)',
  'Abw. Versteuerungsart',
  'Sachverhalt L+L',
  'Funktionsergänzung L+L',
  'BU 49 Hauptfunktionstyp',
  'BU 49 Hauptfunktionsnummer',
  'BU 49 Funktionsergänzung',
  ...Array.from({ length: 20 }, (_, i) => [
    `Zusatzinformation - Art ${i + 1}`,
    `Zusatzinformation - Inhalt ${i + 1}`,
  ]).flat(),
  'Stück',
  'Gewicht',
  'Zahlweise',
  'Forderungsart',
  'Veranlagungsjahr',
  'Zugeordnete Fälligkeit',
  'Skontotyp',
  'Auftragsnummer',
  'Buchungstyp',
  'USt-Schlüssel (Anzahlungen)',
  'EU-Land (Anzahlungen)',
  'Sachverhalt L+L (Anzahlungen)',
  'EU-Steuersatz (Anzahlungen)',
  'Erlöskonto (Anzahlungen)',
  'Herkunft-Kz',
  'Buchungs GUID',
  'KOST-Datum',
  'SEPA-Mandatsreferenz',
  'Skontosperre',
  'Gesellschaftername',
  'Beteiligtennummer',
  'Identifikationsnummer',
  'Zeichnernummer',
  'Postensperre bis',
  'Bezeichnung SoBil-Sachverhalt',
  'Kennzeichen SoBil-Buchung',
  'Festschreibung',
  'Leistungsdatum',
  'Datum Zuord. Steuerperiode',
  'Fälligkeit',
  'Generalumkehr',
  'Steuersatz',
  'Land',
  'Abrechnungsreferenz',
  'BVV-Position (Betriebsvermögensvergleich)',
  'EU-Mitgliedstaat u. UStID (Ursprung)',
  'EU-Steuersatz (Ursprung)',
  'Abw. Skontokonto',
];

const column = (name: string) => {
  const index = BUCHUNGSSTAPEL_COLUMNS.indexOf(name);
  if (index < 0) throw new Error(`no column ${name}`);
  return index;
};

export interface DatevBooking {
  amountCents: Cents;
  /** S: the debtor is debited (an invoice); H: credited (a cancellation reverses it). */
  side: 'S' | 'H';
  account: number;
  contraAccount: number;
  buKey: string;
  /** TTMM */
  documentDate: string;
  /** The invoice number (Belegfeld 1, at most 36 characters). */
  document: string;
  text: string;
  /** The customer's VAT ID for a reverse-charge service (fills the ZM). */
  euVatId: string;
}

export function revenueCaseOf(line: Pick<VatBreakdownLine, 'category' | 'rateBp'>): RevenueCase {
  if (line.category === 'AE') return 'reverse_charge';
  if (line.category === 'O') return 'third_country';
  if (line.category === 'E') return 'small_business';
  if (line.rateBp === 1900) return 'standard_19';
  if (line.rateBp === 700) return 'standard_7';
  throw new RangeError(`no revenue account for VAT ${line.category} ${line.rateBp}`);
}

export function revenueAccount(settings: DatevSettings, revenueCase: RevenueCase): number {
  return (
    settings.revenueAccounts[revenueCase] ?? DEFAULT_REVENUE_ACCOUNTS[settings.chart][revenueCase]
  );
}

/** The customer's debtor account: collective, its own, or the base + its number's digits. */
export function debtorAccount(settings: DatevSettings, customerNumber: string): number {
  if (settings.collectiveDebtor !== null) return settings.collectiveDebtor;
  const own = settings.debtorAccounts[customerNumber];
  if (own !== undefined) return own;
  const digits = customerNumber.replace(/\D/g, '');
  if (!digits) throw new RangeError(`customer number ${customerNumber} has no digits`);
  return settings.debtorBase + Number(digits);
}

/**
 * The debtor accounts the chart allows: one digit more than the account length, from 1 to 6
 * as the first digit (SKR03 and SKR04: 10000–69999 at length 4; 7… to 9… are creditors).
 */
export function debtorRange(accountLength: number): { from: number; to: number } {
  const from = 10 ** accountLength;
  return { from, to: 7 * from - 1 };
}

export interface DebtorAccountProblem {
  index: number;
  field: 'customerNumber' | 'account';
  message: string;
}

/**
 * What is wrong with the per-customer debtor accounts: a number outside the chart's debtor
 * range, one account for two customers (their bookings would merge), a customer listed twice.
 * The later entry of a pair is the one refused.
 */
export function debtorAccountProblems(
  accountLength: number,
  entries: readonly { customerNumber: string; account: number }[],
): DebtorAccountProblem[] {
  const { from, to } = debtorRange(accountLength);
  const problems: DebtorAccountProblem[] = [];
  const customers = new Set<string>();
  const accounts = new Set<number>();
  entries.forEach(({ customerNumber, account }, index) => {
    if (customers.has(customerNumber)) {
      problems.push({ index, field: 'customerNumber', message: 'customer is listed twice' });
    }
    if (account < from || account > to) {
      problems.push({
        index,
        field: 'account',
        message: `account must be a debtor account from ${from} to ${to}`,
      });
    } else if (accounts.has(account)) {
      problems.push({
        index,
        field: 'account',
        message: `account ${account} belongs to another customer already`,
      });
    }
    customers.add(customerNumber);
    accounts.add(account);
  });
  return problems;
}

/**
 * The bookings of one issued invoice: one per VAT category and rate, gross, from the debtor
 * to the revenue account. A final invoice books what it adds to the down payments it deducts
 * (those were booked with their own invoices). A cancellation's amounts are negative: it is
 * booked on the other side (H), reversing the original.
 */
export function bookingsOf(snapshot: InvoiceSnapshot, settings: DatevSettings): DatevBooking[] {
  const account = debtorAccount(settings, snapshot.buyer.number);
  const bookings: DatevBooking[] = [];
  for (const vat of snapshot.vat) {
    const deducted = snapshot.deductions
      .flatMap((d) => d.vat)
      .filter((d) => d.category === vat.category && d.rateBp === vat.rateBp)
      .reduce((n, d) => n + d.baseCents + d.amountCents, 0);
    const gross = vat.baseCents + vat.amountCents - deducted;
    if (gross === 0) continue;
    const revenueCase = revenueCaseOf(vat);
    bookings.push({
      amountCents: Math.abs(gross),
      side: gross > 0 ? 'S' : 'H',
      account,
      contraAccount: revenueAccount(settings, revenueCase),
      buKey: settings.buKeys[revenueCase] ?? '',
      documentDate: `${snapshot.issueDate.slice(8, 10)}${snapshot.issueDate.slice(5, 7)}`,
      document: snapshot.number,
      text: bookingText(snapshot),
      euVatId: revenueCase === 'reverse_charge' ? (snapshot.buyer.vatId ?? '') : '',
    });
  }
  return bookings;
}

function bookingText(snapshot: InvoiceSnapshot): string {
  const text = snapshot.preceding
    ? `Storno ${snapshot.preceding.number} ${snapshot.buyer.name}`
    : snapshot.buyer.name;
  return text.replace(/[\r\n\t]+/g, ' ').slice(0, 60);
}

export interface BatchHeader {
  /** YYYYMMDDHHMMSSFFF, local time. */
  createdAt: string;
  from: string;
  to: string;
  exportedBy: string;
}

/** The first day of the fiscal year `day` falls in. */
export function fiscalYearBegin(
  settings: Pick<DatevSettings, 'fiscalYearStart'>,
  day: string,
): string {
  const year = Number(day.slice(0, 4));
  const start = `${year}-${settings.fiscalYearStart}`;
  return start <= day ? start : `${year - 1}-${settings.fiscalYearStart}`;
}

const compact = (day: string) => day.replaceAll('-', '');
const text = (value: string) => `"${value.replace(/"/g, '""')}"`;

/** The header record's 31 fields. */
export function headerFields(settings: DatevSettings, header: BatchHeader): string[] {
  return [
    text('EXTF'), // DATEV-Format-KZ: written by a program outside DATEV
    '700', // header version
    '21', // category: Buchungsstapel
    text('Buchungsstapel'),
    '13', // format version
    header.createdAt,
    '', // imported (DATEV's)
    text('RE'), // origin: Rechnungswesen
    text(header.exportedBy.slice(0, 25)),
    text(''), // imported by (DATEV's)
    String(settings.consultantNumber),
    String(settings.clientNumber),
    compact(fiscalYearBegin(settings, header.from)),
    String(settings.accountLength),
    compact(header.from),
    compact(header.to),
    text(`Rechnungsausgang ${header.from.slice(0, 7)}`.slice(0, 30)),
    text(''), // Diktatkürzel
    '1', // Buchungstyp: Finanzbuchführung
    '0', // Rechnungslegungszweck: independent
    '0', // Festschreibung: not fixed, the tax adviser may still correct it
    text('EUR'),
    '',
    text(''), // Derivatskennzeichen
    '',
    '',
    text(settings.chart.slice(3)), // "03" / "04"
    '', // Branchen-Lösungs-ID
    '',
    text(''),
    text(''), // Anwendungsinformation
  ];
}

/** One booking as the 125 fields of its line. */
export function bookingFields(booking: DatevBooking): string[] {
  const fields: string[] = BUCHUNGSSTAPEL_COLUMNS.map(() => '');
  fields[column('Umsatz (ohne Soll/Haben-Kz)')] = centsToDecimal(booking.amountCents).replace(
    '.',
    ',',
  );
  fields[column('Soll/Haben-Kennzeichen')] = text(booking.side);
  fields[column('WKZ Umsatz')] = text('EUR');
  fields[column('Konto')] = String(booking.account);
  fields[column('Gegenkonto (ohne BU-Schlüssel)')] = String(booking.contraAccount);
  fields[column('BU-Schlüssel')] = booking.buKey ? text(booking.buKey) : '';
  fields[column('Belegdatum')] = booking.documentDate;
  fields[column('Belegfeld 1')] = text(booking.document.slice(0, 36));
  fields[column('Buchungstext')] = text(booking.text);
  if (booking.euVatId) fields[column('EU-Land u. UStID (Bestimmung)')] = text(booking.euVatId);
  return fields;
}

/** The whole file as text (the service encodes it, see `toWindows1252`). */
export function buchungsstapel(
  settings: DatevSettings,
  header: BatchHeader,
  invoices: readonly InvoiceSnapshot[],
): string {
  const lines = [
    headerFields(settings, header).join(';'),
    BUCHUNGSSTAPEL_COLUMNS.join(';'),
    ...invoices.flatMap((s) => bookingsOf(s, settings)).map((b) => bookingFields(b).join(';')),
  ];
  return lines.map((line) => `${line}\r\n`).join('');
}

/** Windows-1252's characters at 0x80–0x9F (where it differs from Latin-1); the rest is Latin-1. */
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * DATEV's default character set is Windows-1252 (UTF-8 only with a byte-order mark, and not
 * in every import path), so the file is written in it; a character it lacks becomes "?".
 */
export function toWindows1252(value: string): Buffer {
  return Buffer.from(
    Array.from(value, (ch) => {
      const high = CP1252_80_9F.indexOf(ch);
      const code = ch.codePointAt(0)!;
      return high >= 0 ? 0x80 + high : code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : 0x3f;
    }),
  );
}
