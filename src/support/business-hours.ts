/** Business hours are local wall-clock times in the company's time zone. */
export interface BusinessHoursSlot {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** "HH:MM", inclusive. */
  open: string;
  /** "HH:MM", exclusive: work from this minute on is after hours. */
  close: string;
}

export interface BusinessCalendar {
  timeZone: string;
  /** Several slots per weekday are allowed (e.g. a lunch break); a weekday without any is closed. */
  hours: readonly BusinessHoursSlot[];
  /** Closed all day (public holidays), YYYY-MM-DD. */
  holidays: readonly string[];
}

export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The longest time entry the calendar is asked about (one day), so the scan stays cheap. */
export const MAX_ENTRY_MINUTES = 24 * 60;

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

interface LocalTime {
  day: string;
  weekday: number;
  minuteOfDay: number;
}

function localTime(instant: Date, timeZone: string): LocalTime {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday],
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Whether the minute starting at `instant` lies within business hours. */
export function isWithinBusinessHours(instant: Date, calendar: BusinessCalendar): boolean {
  const local = localTime(instant, calendar.timeZone);
  if (calendar.holidays.includes(local.day)) return false;
  return calendar.hours.some(
    (slot) =>
      slot.weekday === local.weekday &&
      minutes(slot.open) <= local.minuteOfDay &&
      local.minuteOfDay < minutes(slot.close),
  );
}

/**
 * How many of the minutes worked from `start` fall outside business hours. Counted minute by
 * minute in local time, so daylight-saving changes and holidays need no special cases; the
 * surcharge is then applied to exactly that share of the entry.
 */
export function afterHoursMinutes(
  start: Date,
  workedMinutes: number,
  calendar: BusinessCalendar,
): number {
  if (!Number.isInteger(workedMinutes) || workedMinutes <= 0) {
    throw new RangeError('minutes must be a positive whole number');
  }
  if (workedMinutes > MAX_ENTRY_MINUTES) {
    throw new RangeError(`an entry may span at most ${MAX_ENTRY_MINUTES} minutes`);
  }
  // Work is logged in whole minutes; seconds of the start do not shift the count.
  const first = Math.floor(start.getTime() / 60_000) * 60_000;
  let outside = 0;
  for (let i = 0; i < workedMinutes; i++) {
    if (!isWithinBusinessHours(new Date(first + i * 60_000), calendar)) outside += 1;
  }
  return outside;
}

/** Why a calendar cannot stand, or null. */
export function calendarProblem(hours: readonly BusinessHoursSlot[]): string | null {
  for (const slot of hours) {
    if (!Number.isInteger(slot.weekday) || slot.weekday < 1 || slot.weekday > 7) {
      return 'weekday must be 1 (Monday) to 7 (Sunday)';
    }
    if (!TIME_OF_DAY.test(slot.open) || !TIME_OF_DAY.test(slot.close)) {
      return 'open and close must be times as HH:MM';
    }
    if (minutes(slot.open) >= minutes(slot.close)) return 'open must be before close';
  }
  return null;
}
