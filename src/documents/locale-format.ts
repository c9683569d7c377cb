import type { Cents, MilliQuantity } from '../common/money.js';
import type { DocumentLocale } from './document-views.js';

/**
 * Formatting for documents, from exact values only: integer cents, thousandths, basis points
 * and YYYY-MM-DD days. Digits are grouped by hand rather than through Intl.NumberFormat, so
 * no amount ever passes through a binary float and the output does not depend on the ICU
 * data a Node build ships (the same snapshot must give the same bytes everywhere).
 *
 * Amount and unit are joined by a no-break space (U+00A0): "1.234,56 €" never wraps.
 */
export const NBSP = '\u00a0';

const SEPARATORS: Record<DocumentLocale, { group: string; decimal: string }> = {
  de: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

function groupDigits(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

function assertInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be an exact integer`);
}

/** 123456 → "1.234,56 €" (de) / "€1,234.56" (en). */
export function formatMoney(cents: Cents, locale: DocumentLocale): string {
  assertInteger(cents, 'an amount in cents');
  const { group, decimal } = SEPARATORS[locale];
  const abs = Math.abs(cents);
  const sign = cents < 0 ? '-' : '';
  const number = `${groupDigits(String(Math.trunc(abs / 100)), group)}${decimal}${String(abs % 100).padStart(2, '0')}`;
  return locale === 'de' ? `${sign}${number}${NBSP}€` : `${sign}€${number}`;
}

/** 1250 → "1,25" (de) / "1.25" (en); trailing zeros of the fraction are dropped. */
export function formatQuantity(milli: MilliQuantity, locale: DocumentLocale): string {
  assertInteger(milli, 'a quantity in thousandths');
  const { group, decimal } = SEPARATORS[locale];
  const abs = Math.abs(milli);
  const fraction = String(abs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  const whole = groupDigits(String(Math.trunc(abs / 1000)), group);
  return `${milli < 0 ? '-' : ''}${whole}${fraction ? `${decimal}${fraction}` : ''}`;
}

/** 1900 → "19 %" (de, DIN 5008 spaces the sign) / "19%" (en); 750 → "7,5 %". */
export function formatPercent(basisPoints: number, locale: DocumentLocale): string {
  assertInteger(basisPoints, 'a percentage in basis points');
  const { decimal } = SEPARATORS[locale];
  const abs = Math.abs(basisPoints);
  const fraction = String(abs % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  const number = `${basisPoints < 0 ? '-' : ''}${Math.trunc(abs / 100)}${fraction ? `${decimal}${fraction}` : ''}`;
  return locale === 'de' ? `${number}${NBSP}%` : `${number}%`;
}

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-11-22" → "22.11.2026" (de, DIN 5008 numeric) / "22 November 2026" (en). */
export function formatDate(day: string, locale: DocumentLocale): string {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  const [, year, month, date] = match;
  const monthIndex = Number(month) - 1;
  if (monthIndex < 0 || monthIndex > 11 || Number(date) < 1 || Number(date) > 31) {
    throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  }
  return locale === 'de'
    ? `${date}.${month}.${year}`
    : `${Number(date)}${NBSP}${MONTHS_EN[monthIndex]} ${year}`;
}

/**
 * A period of days, as short as it reads unambiguously: "01.11.2026 – 30.11.2026" (de) /
 * "1–30 November 2026", "28 October – 3 November 2026" (en); one day is just that day. The
 * English long dates otherwise wrap in a letter's narrow info block.
 */
export function formatPeriod(from: string, to: string, locale: DocumentLocale): string {
  if (from === to) return formatDate(from, locale);
  const [start, end] = [formatDate(from, locale), formatDate(to, locale)];
  if (locale === 'de') return `${start} – ${end}`;
  const [fromYear, fromMonth, fromDay] = from.split('-');
  const [toYear, toMonth] = to.split('-');
  if (fromYear !== toYear) return `${start} – ${end}`;
  if (fromMonth !== toMonth) {
    return `${Number(fromDay)}${NBSP}${MONTHS_EN[Number(fromMonth) - 1]} – ${end}`;
  }
  return `${Number(fromDay)}–${end}`;
}

/**
 * An instant as a local date and time in `timeZone`: "22.11.2026, 14:05 Uhr" /
 * "22 November 2026, 14:05". Only the calendar fields come from Intl (time zone rules);
 * the text is assembled here.
 */
export function formatDateTime(instant: string, locale: DocumentLocale, timeZone: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${instant}`);
  const parts = Object.fromEntries(
    dateTimeFormat(timeZone)
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const day = formatDate(`${parts.year}-${parts.month}-${parts.day}`, locale);
  const time = `${parts.hour}:${parts.minute}`;
  return locale === 'de' ? `${day}, ${time}${NBSP}Uhr` : `${day}, ${time}`;
}

/** One formatter per time zone: constructing one costs far more than using it (a page of
 * audit entries built 100 of them). */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormats.set(timeZone, format);
  }
  return format;
}
