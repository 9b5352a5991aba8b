// The working-day calendar: Monday–Friday, minus statutory holidays, plus make-up working days,
// with the office's own rest and working days on top. Pure: built from data handed in.
// Hand-written because date-fns has no notion of it: which days China works is set each year by
// a State Council notice and by the office itself, not by any rule a date library could know.
import { addDays, getDaysInYear, isWeekend, setYear } from 'date-fns';
import type { CalendarDate } from './dates.js';
import { dateOfDayNumber, dayNumber, utcDate, yearOf } from './dates.js';
import { dayInZone, startOfDay } from './zone.js';

/** One year's official schedule, in the shape shipped in data/holidays-cn.json. */
export interface Schedule {
  year: number;
  papers: string[];
  /** statutory holidays: date → holiday name */
  off: Record<CalendarDate, string>;
  /** make-up working days (a Saturday or Sunday that is worked): date → holiday name */
  work: Record<CalendarDate, string>;
}

export interface OfficeDay {
  date: CalendarDate;
  kind: 'off' | 'work';
  note: string | null;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup' | 'office-off' | 'office-work';

export interface DayInfo {
  date: CalendarDate;
  working: boolean;
  kind: DayKind;
  /** the holiday's name, or the office's note */
  name: string | null;
  /** false when no official schedule is loaded for the date's year: the answer is weekends only */
  scheduleKnown: boolean;
}

/** A calculation touched a year whose holidays are unknown, so it counted weekends only. */
export interface UnknownYearWarning {
  code: 'calendar-year-unknown';
  year: number;
}

export interface Counted<T> {
  value: T;
  unknownYears: number[];
}

interface SpecialDay {
  working: boolean;
  kind: DayKind;
  name: string | null;
}

/**
 * One year's working days, counted once: adding N working days and counting the working days
 * between two dates are then lookups, not walks over the days in between (the monthly report and
 * an import count hundreds of thousands of deadlines).
 */
interface YearIndex {
  year: number;
  /** day numbers of 1 January and of the 1 January after */
  first: number;
  end: number;
  working: Uint8Array;
  /** before[i]: working days among the year's first i days; before[days] is the year's total */
  before: Uint16Array;
  /** nth[k]: the offset in the year of its (k + 1)-th working day */
  nth: Uint16Array;
  /** the year's dates as text, each made on first use */
  dates: Array<CalendarDate | undefined>;
}

const DAYS_PER_YEAR = 365.2425;

export class WorkingCalendar {
  private readonly special = new Map<number, SpecialDay>();
  private readonly known = new Set<number>();
  /** Built on first use of a year; the calendar never changes after construction, so neither do they. */
  private readonly years = new Map<number, YearIndex>();
  private readonly dayStarts = new Map<string, Map<number, number>>();

  /** Later schedules win over earlier ones for the same date; office days win over every schedule. */
  constructor(schedules: readonly Schedule[], officeDays: readonly OfficeDay[] = []) {
    for (const schedule of schedules) {
      this.known.add(schedule.year);
      for (const [date, name] of Object.entries(schedule.off))
        this.special.set(dayNumber(date), { working: false, kind: 'holiday', name });
      for (const [date, name] of Object.entries(schedule.work))
        this.special.set(dayNumber(date), { working: true, kind: 'makeup', name });
    }
    for (const day of officeDays) {
      this.special.set(
        dayNumber(day.date),
        day.kind === 'off'
          ? { working: false, kind: 'office-off', name: day.note }
          : { working: true, kind: 'office-work', name: day.note },
      );
    }
  }

  knownYears(): number[] {
    return [...this.known].sort((a, b) => a - b);
  }

  hasSchedule(year: number): boolean {
    return this.known.has(year);
  }

  dayInfo(date: CalendarDate): DayInfo {
    const day = dayNumber(date);
    const scheduleKnown = this.known.has(yearOf(date));
    const special = this.special.get(day);
    if (special) return { date, ...special, scheduleKnown };
    const working = this.isWorkingDayNumber(day);
    return { date, working, kind: working ? 'workday' : 'weekend', name: null, scheduleKnown };
  }

  isWorkingDay(date: CalendarDate): boolean {
    return this.isWorkingDayNumber(dayNumber(date));
  }

  /**
   * The N-th working day after `date` (the day itself is not counted — Civil Code art. 201).
   * N = 0 is the day itself.
   */
  addWorkingDays(date: CalendarDate, count: number): Counted<CalendarDate> {
    const due = this.addWorkingDaysToDay(dayNumber(date), count);
    return { value: this.dateOf(due.value), unknownYears: due.unknownYears };
  }

  /** addWorkingDays on day numbers (days since 1970-01-01), for the deadline of every complaint. */
  addWorkingDaysToDay(day: number, count: number): Counted<number> {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`working-day count must be a whole number ≥ 0, got ${count}`);
    if (count === 0) return { value: day, unknownYears: [] };
    let year = this.yearIndexOf(day);
    // The working day wanted is the target-th of `year`, counting from its 1 January.
    let target = year.before[day - year.first + 1]! + count;
    while (target > year.nth.length) {
      target -= year.nth.length;
      year = this.yearIndex(year.year + 1);
    }
    const due = year.first + year.nth[target - 1]!;
    return { value: due, unknownYears: this.unknownYearsIn(day + 1, due) };
  }

  /** Working days in (from, to]: how many working days start after `from` up to and including `to`. */
  workingDaysBetween(from: CalendarDate, to: CalendarDate): Counted<number> {
    return this.workingDaysBetweenDays(dayNumber(from), dayNumber(to));
  }

  workingDaysBetweenDays(from: number, to: number): Counted<number> {
    if (to <= from) return { value: 0, unknownYears: [] };
    const last = this.yearIndexOf(to);
    let year = this.yearIndexOf(from);
    let count = -year.before[from - year.first + 1]!;
    while (year.year < last.year) {
      count += year.nth.length;
      year = this.yearIndex(year.year + 1);
    }
    count += last.before[to - last.first + 1]!;
    return { value: count, unknownYears: this.unknownYearsIn(from + 1, to) };
  }

  /** Hours between two instants that fall on working days of the office's zone (whole days, 00:00–24:00). */
  workingHoursBetween(start: Date, end: Date, zone: string): Counted<number> {
    if (end.getTime() <= start.getTime()) return { value: 0, unknownYears: [] };
    const first = dayInZone(start, zone);
    const last = dayInZone(end, zone);
    let milliseconds = 0;
    for (let day = first; day <= last; day += 1) {
      if (!this.isWorkingDayNumber(day)) continue;
      milliseconds += Math.max(
        0,
        Math.min(this.dayStart(day + 1, zone), end.getTime()) - Math.max(this.dayStart(day, zone), start.getTime()),
      );
    }
    return { value: milliseconds / 3_600_000, unknownYears: this.unknownYearsIn(first, last) };
  }

  /** The date of a day number, its text made once per calendar. */
  dateOf(day: number): CalendarDate {
    const year = this.yearIndexOf(day);
    return (year.dates[day - year.first] ??= dateOfDayNumber(day));
  }

  /** The instant a day starts in `zone`, remembered: the monthly report asks for the same days thousands of times. */
  private dayStart(day: number, zone: string): number {
    let starts = this.dayStarts.get(zone);
    if (!starts) this.dayStarts.set(zone, (starts = new Map<number, number>()));
    let start = starts.get(day);
    if (start === undefined) starts.set(day, (start = startOfDay(this.dateOf(day), zone).getTime()));
    return start;
  }

  private isWorkingDayNumber(day: number): boolean {
    const year = this.yearIndexOf(day);
    return year.working[day - year.first] === 1;
  }

  /** The years without a schedule among the days first…last (every year between is touched whole). */
  private unknownYearsIn(first: number, last: number): number[] {
    const unknown: number[] = [];
    if (last < first) return unknown;
    const to = this.yearIndexOf(last).year;
    for (let year = this.yearIndexOf(first).year; year <= to; year += 1) if (!this.known.has(year)) unknown.push(year);
    return unknown;
  }

  private yearIndexOf(day: number): YearIndex {
    // A year's length varies by a day, so the estimate is off by at most one year either way.
    let year = this.yearIndex(1970 + Math.floor(day / DAYS_PER_YEAR));
    while (day < year.first) year = this.yearIndex(year.year - 1);
    while (day >= year.end) year = this.yearIndex(year.year + 1);
    return year;
  }

  private yearIndex(year: number): YearIndex {
    let index = this.years.get(year);
    if (!index) this.years.set(year, (index = this.buildYearIndex(year)));
    return index;
  }

  private buildYearIndex(year: number): YearIndex {
    const january1 = setYear(utcDate(0), year); // not Date.UTC(year, 0, 1), which reads 0–99 as 1900–1999
    const first = january1.getTime() / 86_400_000;
    const days = getDaysInYear(january1);
    // Weekdays repeat every seven days: the first week's weekends tell all the year's.
    const weekend = Array.from({ length: 7 }, (_, offset) => isWeekend(addDays(january1, offset)));
    const working = new Uint8Array(days);
    const before = new Uint16Array(days + 1);
    const nth: number[] = [];
    for (let offset = 0; offset < days; offset += 1) {
      const special = this.special.get(first + offset);
      const isWorking = special ? special.working : !weekend[offset % 7];
      if (isWorking) {
        working[offset] = 1;
        nth.push(offset);
      }
      before[offset + 1] = nth.length;
    }
    return {
      year,
      first,
      end: first + days,
      working,
      before,
      nth: Uint16Array.from(nth),
      dates: new Array<CalendarDate | undefined>(days),
    };
  }
}

export function unknownYearWarnings(years: readonly number[]): UnknownYearWarning[] {
  return years.map((year) => ({ code: 'calendar-year-unknown', year }));
}
