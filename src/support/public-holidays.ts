/**
 * Public holidays of the German federal states, computed: fixed days plus the Easter-dependent
 * ones (Good Friday, Easter Monday, Ascension, Whit Monday, Corpus Christi), and the Day of
 * Prayer and Repentance in Saxony. Only holidays of a whole state are listed; those of single
 * communities (e.g. the Assumption in Catholic Bavaria) are added as company days.
 */
export const FEDERAL_STATES = [
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
] as const;
export type FederalState = (typeof FEDERAL_STATES)[number];

type Holiday = {
  day: (year: number, easter: Date) => Date;
  states: readonly FederalState[] | 'all';
};

const fixed = (month: number, date: number) => (year: number) =>
  new Date(Date.UTC(year, month - 1, date));
const fromEaster = (days: number) => (_year: number, easter: Date) =>
  new Date(easter.getTime() + days * 86_400_000);

const HOLIDAYS: readonly Holiday[] = [
  { day: fixed(1, 1), states: 'all' }, // Neujahr
  { day: fixed(1, 6), states: ['BW', 'BY', 'ST'] }, // Heilige Drei Könige
  { day: fixed(3, 8), states: ['BE', 'MV'] }, // Internationaler Frauentag
  { day: fromEaster(-2), states: 'all' }, // Karfreitag
  { day: fromEaster(0), states: ['BB'] }, // Ostersonntag
  { day: fromEaster(1), states: 'all' }, // Ostermontag
  { day: fixed(5, 1), states: 'all' }, // Tag der Arbeit
  { day: fromEaster(39), states: 'all' }, // Christi Himmelfahrt
  { day: fromEaster(49), states: ['BB'] }, // Pfingstsonntag
  { day: fromEaster(50), states: 'all' }, // Pfingstmontag
  { day: fromEaster(60), states: ['BW', 'BY', 'HE', 'NW', 'RP', 'SL'] }, // Fronleichnam
  { day: fixed(8, 15), states: ['SL'] }, // Mariä Himmelfahrt
  { day: fixed(9, 20), states: ['TH'] }, // Weltkindertag
  { day: fixed(10, 3), states: 'all' }, // Tag der Deutschen Einheit
  { day: fixed(10, 31), states: ['BB', 'HB', 'HH', 'MV', 'NI', 'SN', 'ST', 'SH', 'TH'] }, // Reformationstag
  { day: fixed(11, 1), states: ['BW', 'BY', 'NW', 'RP', 'SL'] }, // Allerheiligen
  { day: repentanceDay, states: ['SN'] }, // Buß- und Bettag
  { day: fixed(12, 25), states: 'all' },
  { day: fixed(12, 26), states: 'all' },
];

/** Easter Sunday of `year` (Gregorian calendar; the anonymous algorithm), as a UTC date. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

/** The Wednesday before 23 November. */
function repentanceDay(year: number): Date {
  const nov22 = new Date(Date.UTC(year, 10, 22));
  const back = (nov22.getUTCDay() - 3 + 7) % 7;
  return new Date(nov22.getTime() - back * 86_400_000);
}

/** The public holidays of `state` in `year`, as YYYY-MM-DD in calendar order. */
export function publicHolidays(state: FederalState, year: number): string[] {
  const easter = easterSunday(year);
  return HOLIDAYS.filter((h) => h.states === 'all' || h.states.includes(state))
    .map((h) => h.day(year, easter).toISOString().slice(0, 10))
    .sort();
}

/** Public holidays of `state` over several years plus the company's own days, sorted, unique. */
export function closedDays(
  state: FederalState | null,
  years: readonly number[],
  companyDays: readonly string[],
): string[] {
  const computed = state ? years.flatMap((year) => publicHolidays(state, year)) : [];
  return [...new Set([...computed, ...companyDays])].sort();
}
