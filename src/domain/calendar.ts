// The working-day calendar: Monday–Friday, minus statutory holidays, plus make-up working days,
// with the office's own rest and working days on top. Pure: built from data handed in.
import { utc } from '@date-fns/utc';
import { getYear, isWeekend as isWeekendDate } from 'date-fns';
import type { CalendarDate } from './dates.js';
import { dateOfDayNumber, dayNumber, yearOf } from './dates.js';
import { startOfDay, zoneRules } from './zone.js';

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

const MS_PER_DAY = 86_400_000;

interface SpecialDay {
  working: boolean;
  kind: DayKind;
  name: string | null;
}

export class WorkingCalendar {
  private readonly special = new Map<number, SpecialDay>();
  private readonly known = new Set<number>();
  private readonly dayStarts = new Map<string, Map<number, number>>();

  /** Later schedules win over earlier ones for the same date; office days win over every schedule. */
  constructor(schedules: readonly Schedule[], officeDays: readonly OfficeDay[] = []) {
    for (const schedule of schedules) {
      this.known.add(schedule.year);
      for (const [date, name] of Object.entries(schedule.off)) this.special.set(dayNumber(date), { working: false, kind: 'holiday', name });
      for (const [date, name] of Object.entries(schedule.work)) this.special.set(dayNumber(date), { working: true, kind: 'makeup', name });
    }
    for (const day of officeDays) {
      this.special.set(dayNumber(day.date), day.kind === 'off'
        ? { working: false, kind: 'office-off', name: day.note }
        : { working: true, kind: 'office-work', name: day.note });
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
    const weekend = isWeekend(day);
    return { date, working: !weekend, kind: weekend ? 'weekend' : 'workday', name: null, scheduleKnown };
  }

  isWorkingDay(date: CalendarDate): boolean {
    return this.isWorkingDayNumber(dayNumber(date));
  }

  /**
   * The N-th working day after `date` (the day itself is not counted — Civil Code art. 201).
   * N = 0 is the day itself.
   */
  addWorkingDays(date: CalendarDate, count: number): Counted<CalendarDate> {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`working-day count must be a whole number ≥ 0, got ${count}`);
    let day = dayNumber(date);
    let counted = 0;
    const unknown = new Set<number>();
    while (counted < count) {
      day += 1;
      this.noteUnknownYear(day, unknown);
      if (this.isWorkingDayNumber(day)) counted += 1;
    }
    return { value: dateOfDayNumber(day), unknownYears: sorted(unknown) };
  }

  /** Working days in (from, to]: how many working days start after `from` up to and including `to`. */
  workingDaysBetween(from: CalendarDate, to: CalendarDate): Counted<number> {
    const first = dayNumber(from);
    const last = dayNumber(to);
    const unknown = new Set<number>();
    let count = 0;
    for (let day = first + 1; day <= last; day += 1) {
      this.noteUnknownYear(day, unknown);
      if (this.isWorkingDayNumber(day)) count += 1;
    }
    return { value: count, unknownYears: sorted(unknown) };
  }

  /** Hours between two instants that fall on working days of the office's zone (whole days, 00:00–24:00). */
  workingHoursBetween(start: Date, end: Date, zone: string): Counted<number> {
    const unknown = new Set<number>();
    if (end.getTime() <= start.getTime()) return { value: 0, unknownYears: [] };
    const rules = zoneRules(zone);
    const localDay = (ms: number): number => Math.floor((ms + rules.offsetAt(ms) * 60_000) / 86_400_000);
    let milliseconds = 0;
    for (let day = localDay(start.getTime()); day <= localDay(end.getTime()); day += 1) {
      this.noteUnknownYear(day, unknown);
      if (!this.isWorkingDayNumber(day)) continue;
      milliseconds += Math.max(0, Math.min(this.dayStart(day + 1, zone), end.getTime()) - Math.max(this.dayStart(day, zone), start.getTime()));
    }
    return { value: milliseconds / 3_600_000, unknownYears: sorted(unknown) };
  }

  /** The instant a day starts in `zone`, remembered: the monthly report asks for the same days thousands of times. */
  private dayStart(day: number, zone: string): number {
    let starts = this.dayStarts.get(zone);
    if (!starts) this.dayStarts.set(zone, (starts = new Map()));
    let start = starts.get(day);
    if (start === undefined) starts.set(day, (start = startOfDay(dateOfDayNumber(day), zone).getTime()));
    return start;
  }

  private isWorkingDayNumber(day: number): boolean {
    const special = this.special.get(day);
    return special ? special.working : !isWeekend(day);
  }

  private noteUnknownYear(day: number, unknown: Set<number>): void {
    const year = getYear(day * MS_PER_DAY, { in: utc });
    if (!this.known.has(year)) unknown.add(year);
  }
}

export function unknownYearWarnings(years: readonly number[]): UnknownYearWarning[] {
  return years.map((year) => ({ code: 'calendar-year-unknown', year }));
}

function isWeekend(day: number): boolean {
  return isWeekendDate(day * MS_PER_DAY, { in: utc });
}

function sorted(years: Set<number>): number[] {
  return [...years].sort((a, b) => a - b);
}
