// The reply deadline (SPEC §1 "How a deadline is counted"): the end of the N-th working day after
// the day of receipt, at 24:00 or at the office's closing time, in the office's zone.
import { parse } from 'date-fns';
import type { UnknownYearWarning, WorkingCalendar } from './calendar.js';
import { unknownYearWarnings } from './calendar.js';
import type { Channel } from './complaint.js';
import type { ReplyClock } from './lifecycle.js';
import type { CalendarDate } from './dates.js';
import { PARSE_REFERENCE, addDays, dayNumber, utc } from './dates.js';
import type { OfficeSettings } from './settings.js';
import { dateInZone, dayInZone, instantAtDay } from './zone.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface DeadlineRule {
  workingDays: number;
  /** "HH:mm", or null for 24:00 */
  closingTime: string | null;
  zone: string;
}

export interface Deadline {
  dueAt: Date;
  /** the office-calendar date whose end is the deadline */
  dueDate: CalendarDate;
  warnings: UnknownYearWarning[];
}

export function replyDeadline(
  receivedAt: Date,
  channel: Channel,
  calendar: WorkingCalendar,
  settings: OfficeSettings,
): Deadline {
  return deadlineAfter(
    receivedAt,
    { workingDays: settings.replyDays[channel], closingTime: settings.closingTime, zone: settings.timezone },
    calendar,
  );
}

/**
 * 突发事件: an urgent complaint's reply deadline is `hours` clock hours after its clock started —
 * nights, weekends and holidays count, the closing time does not apply, and no calendar is read.
 */
export function urgentDeadline(start: Date, hours: number): Date {
  return new Date(start.getTime() + Math.round(hours * HOUR_MS));
}

/**
 * The reply clock that starts at `start` (a receipt, or a reopening) under the settings in force:
 * `urgentReplyHours` clock hours for an urgent complaint, else the channel's working days.
 */
export function replyClockAt(
  start: Date,
  channel: Channel,
  urgent: boolean,
  calendar: WorkingCalendar,
  settings: OfficeSettings,
): { clock: ReplyClock; warnings: UnknownYearWarning[] } {
  const replyDays = settings.replyDays[channel];
  const fixed = { replyDays, closingTime: settings.closingTime, zone: settings.timezone };
  if (urgent)
    return {
      clock: {
        ...fixed,
        urgentHours: settings.urgentReplyHours,
        replyDueAt: urgentDeadline(start, settings.urgentReplyHours),
      },
      warnings: [],
    };
  const deadline = deadlineAfter(
    start,
    { workingDays: replyDays, closingTime: settings.closingTime, zone: settings.timezone },
    calendar,
  );
  return { clock: { ...fixed, urgentHours: null, replyDueAt: deadline.dueAt }, warnings: deadline.warnings };
}

/**
 * 回访: the return visit after a closing is due at the end of the `revisit-days`-th working day after
 * it, counted as a reply deadline is; null when the office keeps no such clock (revisit-days 0).
 */
export function revisitDeadline(closedAt: Date, calendar: WorkingCalendar, settings: OfficeSettings): Deadline | null {
  if (settings.revisitDays === 0) return null;
  return deadlineAfter(
    closedAt,
    { workingDays: settings.revisitDays, closingTime: settings.closingTime, zone: settings.timezone },
    calendar,
  );
}

export function deadlineAfter(start: Date, rule: DeadlineRule, calendar: WorkingCalendar): Deadline {
  // On day numbers throughout: a deadline is counted for every complaint a report or an import reads.
  const due = calendar.addWorkingDaysToDay(dayInZone(start, rule.zone), rule.workingDays);
  return {
    dueAt: endOfDayNumber(due.value, rule.closingTime, rule.zone),
    dueDate: calendar.dateOf(due.value),
    warnings: unknownYearWarnings(due.unknownYears),
  };
}

export function endOfDay(date: CalendarDate, closingTime: string | null, zone: string): Date {
  return endOfDayNumber(dayNumber(date), closingTime, zone);
}

function endOfDayNumber(day: number, closingTime: string | null, zone: string): Date {
  return instantAtDay(day, closingTime === null ? DAY_MS : closingMilliseconds(closingTime), zone);
}

const closingTimes = new Map<string, number>();

/** "17:30" as milliseconds after midnight, read once per closing time (a report counts thousands of deadlines). */
function closingMilliseconds(closingTime: string): number {
  let milliseconds = closingTimes.get(closingTime);
  // Parsed onto 1970-01-01 00:00 UTC, a clock time's instant is its milliseconds after midnight.
  if (milliseconds === undefined)
    closingTimes.set(closingTime, (milliseconds = parse(closingTime, 'HH:mm', PARSE_REFERENCE, { in: utc }).getTime()));
  return milliseconds;
}

/** The office-calendar date a deadline belongs to: an instant at 24:00 belongs to the day before. */
export function deadlineDate(dueAt: Date, zone: string): { date: CalendarDate; endOfDay: boolean } {
  const justBefore = new Date(dueAt.getTime() - 1);
  const date = dateInZone(justBefore, zone);
  return { date, endOfDay: dateInZone(dueAt, zone) !== date };
}

export type DeadlineState =
  | { kind: 'due'; milliseconds: number; workingDays: number }
  | { kind: 'late'; milliseconds: number; workingDays: number };

/**
 * How a deadline stands at `now`: time left, or how late. Under a day it is told in hours;
 * beyond, in working days of the office calendar (a late Friday deadline is 1 working day late on Monday).
 */
export function deadlineState(dueAt: Date, now: Date, calendar: WorkingCalendar, zone: string): DeadlineState {
  const difference = dueAt.getTime() - now.getTime();
  const today = dateInZone(now, zone);
  const dueDate = deadlineDate(dueAt, zone).date;
  if (difference >= 0) {
    return {
      kind: 'due',
      milliseconds: difference,
      workingDays: difference < DAY_MS ? 0 : calendar.workingDaysBetween(today, dueDate).value,
    };
  }
  // Late: whole working days that have passed since the deadline (today is still going on).
  const late = -difference;
  return {
    kind: 'late',
    milliseconds: late,
    workingDays: late < DAY_MS ? 0 : Math.max(1, calendar.workingDaysBetween(dueDate, addDays(today, -1)).value),
  };
}

export interface DeadlineChange {
  id: number;
  from: Date;
  to: Date;
}

/**
 * After the calendar changed (a year's schedule loaded, an office day set), the deadlines of
 * complaints still awaiting a reply whose counting touched a changed day — from the day after the
 * clock started to the day of the deadline — are counted again under the rules fixed when their
 * clock started: working days, closing time and the office zone of then. Any other deadline keeps
 * its instant, whatever the settings say now.
 */
export function recomputedDeadlines(
  complaints: ReadonlyArray<{
    id: number;
    replyClockFrom: Date;
    replyDays: number;
    closingTime: string | null;
    replyZone: string;
    replyDueAt: Date;
    urgentHours?: number | null;
  }>,
  calendar: WorkingCalendar,
  changedDays: ReadonlySet<CalendarDate>,
): DeadlineChange[] {
  const changes: DeadlineChange[] = [];
  const changed = [...changedDays];
  for (const complaint of complaints) {
    // An urgent clock counts hours, not working days: no calendar change moves it.
    if (complaint.urgentHours != null) continue;
    const zone = complaint.replyZone;
    const counted = {
      from: dateInZone(complaint.replyClockFrom, zone),
      to: deadlineDate(complaint.replyDueAt, zone).date,
    };
    if (!changed.some((date) => date > counted.from && date <= counted.to)) continue;
    const due = deadlineAfter(
      complaint.replyClockFrom,
      { workingDays: complaint.replyDays, closingTime: complaint.closingTime, zone },
      calendar,
    ).dueAt;
    if (due.getTime() !== complaint.replyDueAt.getTime())
      changes.push({ id: complaint.id, from: complaint.replyDueAt, to: due });
  }
  return changes;
}

/** The days whose working or rest status differs between two calendars, among `dates`. */
export function changedDays(
  before: WorkingCalendar,
  after: WorkingCalendar,
  dates: Iterable<CalendarDate>,
): Set<CalendarDate> {
  const changed = new Set<CalendarDate>();
  for (const date of dates) if (before.dayInfo(date).working !== after.dayInfo(date).working) changed.add(date);
  return changed;
}
