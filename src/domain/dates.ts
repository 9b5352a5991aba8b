// Calendar dates ("YYYY-MM-DD", no time, no zone) and months ("YYYY-MM"), by date-fns.
// Every date-fns call is given UTC dates (`utcDate`, or `in: utc`): date-fns otherwise works in the
// machine's local time, and the machine's TZ must never change an answer. A calendar date is
// the UTC midnight of that date; its "day number" (days since 1970-01-01) is what the working-day
// index (calendar.ts) is keyed by, an integer that cannot drift with a machine's TZ or DST.
import { UTCDateMini } from '@date-fns/utc/date/mini';
import {
  addDays as addDaysFns,
  eachDayOfInterval,
  endOfMonth,
  formatISO,
  getDay,
  getISODay,
  getYear,
  isValid,
  lightFormat,
  parseISO,
  startOfMonth,
  subMonths,
} from 'date-fns';

export type CalendarDate = string;

/** A month as "YYYY-MM". */
export type YearMonth = string;

const MS_PER_DAY = 86_400_000;

/**
 * A date whose "local" fields are UTC's. UTCDateMini, not @date-fns/utc's UTCDate (nor its `utc`,
 * which makes one): that module builds Intl date formats when it is loaded, and Intl's time-zone
 * data costs ~10 ms of every start-up. date-fns reads only the fields, which the mini date has.
 */
export function utcDate(milliseconds: number): Date {
  return new UTCDateMini(milliseconds);
}

/** date-fns's `in:` context for UTC dates (what @date-fns/utc's `utc` does, with the mini date). */
export const utc = (value: Date | number | string): Date => new UTCDateMini(+new Date(value));

const UTC = { in: utc } as const;

/**
 * The UTC midnight of a calendar date (of a month's first day, for a month): the form every
 * date-fns call here takes. The dates and months given are the program's own or already checked
 * (isCalendarDate, isYearMonth), so they are in ECMAScript's date-only form, which every runtime
 * reads as UTC: parseISO, which also checks, compiles its patterns again at every call, and was
 * the most time any one function took in a report's deadlines.
 */
export function toUtcDate(date: CalendarDate): Date {
  return utcDate(Date.parse(date));
}

export function fromUtcDate(date: Date): CalendarDate {
  return formatISO(date, { representation: 'date', ...UTC });
}

/** A fixed reference for date-fns `parse` (it fills in what a format lacks): never the clock. */
export const PARSE_REFERENCE: Date = utcDate(0);

/**
 * Exactly four, two and two digits (parseISO also reads 20261123 and +002026-11-23), and a date
 * that exists. parseISO rather than parse: the build's warm-up run (calendar) checks a month, and
 * parse's field readers would then be compiled into the code cache that every start loads.
 */
export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && isValid(parseISO(text, UTC));
}

export function isYearMonth(text: string): boolean {
  return /^\d{4}-\d{2}$/.test(text) && isValid(parseISO(text, UTC));
}

/**
 * Days since 1970-01-01. The ECMAScript date-only form "YYYY-MM-DD" is read as UTC by every
 * runtime, so Date.parse is the fast way in; the working-day index converts millions of these.
 */
export function dayNumber(date: CalendarDate): number {
  return Date.parse(date) / MS_PER_DAY;
}

export function dateOfDayNumber(day: number): CalendarDate {
  return fromUtcDate(new Date(day * MS_PER_DAY));
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtcDate(addDaysFns(toUtcDate(date), days, UTC));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: CalendarDate): number {
  return getDay(toUtcDate(date), UTC);
}

/** 1 = Monday … 7 = Sunday, as weeks are written in China. */
export function isoWeekdayOf(date: CalendarDate): number {
  return getISODay(toUtcDate(date), UTC);
}

export function yearOf(date: CalendarDate): number {
  return getYear(toUtcDate(date), UTC);
}

/** Every date of a month, first to last. */
export function daysOfMonth(month: YearMonth): CalendarDate[] {
  const first = toUtcDate(month);
  return eachDayOfInterval({ start: startOfMonth(first, UTC), end: endOfMonth(first, UTC) }, UTC).map(fromUtcDate);
}

/** Every date from `first` to `last`, both included. */
export function daysFromTo(first: CalendarDate, last: CalendarDate): CalendarDate[] {
  if (last < first) return [];
  return eachDayOfInterval({ start: toUtcDate(first), end: toUtcDate(last) }, UTC).map(fromUtcDate);
}

export function previousMonth(month: YearMonth): YearMonth {
  return lightFormat(subMonths(toUtcDate(month), 1, UTC), 'yyyy-MM');
}
