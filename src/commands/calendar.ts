// `complaint calendar [YYYY-MM]` shows a month; `calendar import|set|unset` change the calendar
// without a new release. A change re-counts the deadlines of complaints still awaiting a reply.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import type { DayInfo, WorkingCalendar } from '../domain/calendar.js';
import { unknownYearWarnings } from '../domain/calendar.js';
import type { CalendarDate } from '../domain/dates.js';
import { addDays, daysFromTo, daysOfMonth, isCalendarDate, isYearMonth, toUtcDate } from '../domain/dates.js';
import type { DeadlineChange } from '../domain/deadline.js';
import { changedDays, recomputedDeadlines } from '../domain/deadline.js';
import { OperationError, ValidationError } from '../domain/errors.js';
import { replyWorkingHours } from '../domain/lifecycle.js';
import { parseScheduleDocument } from '../domain/schedule.js';
import { optionalText } from '../domain/text.js';
import { dateInZone, isoInZone } from '../domain/zone.js';
import { renderMonthGrid } from '../ui/calendar-grid.js';
import { printJson, warningsJson } from '../ui/json.js';

export interface CalendarShowOptions {
  month?: string;
  json: boolean;
}

export async function runCalendarShow(options: CalendarShowOptions, context: Context): Promise<void> {
  // A month given is checked before the database is opened; this month is the office's.
  const given = options.month?.trim();
  if (given !== undefined && !isYearMonth(given)) throw new ValidationError('invalid.month', { value: options.month! });
  await context.store();
  const month = given ?? dateInZone(context.now, context.settings().timezone).slice(0, 7);
  const calendar = context.calendar();
  const year = Number(month.slice(0, 4));
  const days: DayInfo[] = daysOfMonth(month).map((date) => calendar.dayInfo(date));
  const warnings = calendar.hasSchedule(year) ? [] : unknownYearWarnings([year]);
  context.warn(warnings);
  if (options.json) {
    printJson(context.io.out, {
      month,
      scheduleKnown: warnings.length === 0,
      days,
      warnings: warningsJson(warnings, context.t),
    });
    return;
  }
  context.io.out(renderMonthGrid(month, days, context.format(), context.style, warnings.length === 0));
}

export interface CalendarImportOptions {
  file: string;
  json: boolean;
}

/** A year's schedule is about 10 KB; anything past this is not one (a log, /dev/zero). */
const SCHEDULE_MAX_BYTES = 1_048_576;

export async function runCalendarImport(options: CalendarImportOptions, context: Context): Promise<void> {
  let text: string;
  try {
    text = context.readFile(options.file, SCHEDULE_MAX_BYTES);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EFBIG')
      throw new ValidationError('schedule.tooBig', { file: options.file, max: SCHEDULE_MAX_BYTES / 1024 });
    throw new OperationError('file.cannotRead', { file: options.file, reason: (error as Error).message });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('file.notJson', { file: options.file, reason: (error as Error).message });
  }
  const schedule = parseScheduleDocument(document);
  // The official schedules are every office's: no office is chosen, and each office's open
  // deadlines are counted again, with its own days off and working days.
  const store = await context.database();
  const offices = await context.offices();
  const changes = await store.transaction(async () => {
    const before: WorkingCalendar[] = [];
    for (const office of offices) {
      await context.turnTo(office);
      before.push(await calendarUnderLock(context));
    }
    // The State Council's act, not a clerk's: recorded under who runs it, whatever an office's clerks list.
    await store.addScheduleImport({ schedule, source: options.file, importedAt: context.now, actor: context.runner });
    // The days a schedule may set: its year, and the New Year days of the December before.
    const days = daysFromTo(`${schedule.year - 1}-12-25`, `${schedule.year}-12-31`);
    const reason = { reason: 'schedule-imported', year: schedule.year };
    const changes: DeadlineChange[] = [];
    for (const [index, office] of offices.entries()) {
      await context.turnTo(office);
      changes.push(...(await recountOpenDeadlines(context, before[index]!, reason, days, context.runner)));
    }
    return changes;
  });
  const off = Object.keys(schedule.off).length;
  const work = Object.keys(schedule.work).length;
  report(
    context,
    changes,
    options.json,
    { year: schedule.year, off, work },
    context.t('calendar.imported', { year: schedule.year, off, work }),
  );
}

export interface CalendarSetOptions {
  date: string;
  kind: string | null;
  note?: string;
  json: boolean;
}

export async function runCalendarSet(options: CalendarSetOptions, context: Context): Promise<void> {
  const date = parseDate(options.date);
  const kind = options.kind === null ? null : parseDayKind(options.kind);
  const note = optionalText('note', options.note, 'line');
  const store = await context.store();
  if (kind === null && !(await store.officeDays()).some((day) => day.date === date)) {
    if (options.json) printJson(context.io.out, { date, kind: null, recomputed: [] });
    else context.io.err(context.t('calendar.dayNotSet', { date }) + '\n');
    return;
  }
  const changes = await store.transaction(async () => {
    const before = await calendarUnderLock(context);
    await store.setOfficeDay(date, kind, note, context.actor, context.now);
    return await recountOpenDeadlines(context, before, { reason: 'office-day', date }, [date], context.actor);
  });
  const message =
    kind === null
      ? context.t('calendar.dayUnset', { date })
      : context.t('calendar.dayChanged', { date, kind: context.t(`dayKind.${kind}`) });
  report(context, changes, options.json, { date, kind, note }, message);
}

/**
 * Inside the caller's transaction, after the calendar `before` was changed among `dates`: re-read
 * the calendar, move every unanswered deadline whose counting touched a day that changed (with an
 * event for each), and recount the working hours of replies whose clock ran over those days (the
 * report's median reply time).
 */
async function recountOpenDeadlines(
  context: Context,
  before: WorkingCalendar,
  reason: Record<string, string | number>,
  dates: readonly CalendarDate[],
  actor: string,
): Promise<DeadlineChange[]> {
  const store = await context.store();
  const calendar = await calendarUnderLock(context);
  const changed = changedDays(before, calendar, dates);
  if (changed.size === 0) return [];
  const sorted = [...changed].sort();
  // A day's start differs by zone by at most a day: read a day either side, then let each
  // complaint's own zone decide.
  const from = toUtcDate(addDays(sorted[0]!, -1));
  const to = toUtcDate(addDays(sorted[sorted.length - 1]!, 2));
  for (const complaint of await store.repliedDuring(from, to)) {
    const hours = replyWorkingHours(
      calendar,
      complaint.replyClockFrom,
      complaint.repliedAt!,
      complaint.replyZone,
    ).value;
    if (hours !== complaint.replyHours) await store.saveComplaint({ ...complaint, replyHours: hours });
  }
  const waiting = (await store.openComplaints()).filter((complaint) => complaint.repliedAt === null);
  const changes = recomputedDeadlines(waiting, calendar, changed);
  for (const change of changes) {
    await store.saveComplaint({ ...waiting.find((complaint) => complaint.id === change.id)!, replyDueAt: change.to });
    await store.appendEvent(
      change.id,
      {
        type: 'deadline-recomputed',
        at: context.now,
        actor,
        data: { fromAt: change.from.toISOString(), toAt: change.to.toISOString(), ...reason },
      },
      context.now,
    );
  }
  return changes;
}

/** The calendar as it stands now, read again inside the caller's transaction (another run may have changed it). */
async function calendarUnderLock(context: Context): Promise<WorkingCalendar> {
  await context.reloadOffice();
  return context.calendar();
}

function report(
  context: Context,
  changes: DeadlineChange[],
  json: boolean,
  summary: Record<string, unknown>,
  message: string,
): void {
  const zone = context.settings().timezone;
  if (json) {
    printJson(context.io.out, {
      ...summary,
      recomputed: changes.map((change) => ({
        id: change.id,
        fromAt: isoInZone(change.from, zone),
        toAt: isoInZone(change.to, zone),
      })),
    });
    return;
  }
  context.io.err(message + '\n');
  const format = context.format();
  for (const change of changes)
    context.io.err(
      context.t('calendar.recomputed', {
        id: change.id,
        from: format.deadline(change.from),
        to: format.deadline(change.to),
      }) + '\n',
    );
}

function parseDate(value: string): CalendarDate {
  const date = value.trim();
  if (!isCalendarDate(date)) throw new ValidationError('invalid.date', { value });
  return date;
}

function parseDayKind(value: string): 'off' | 'work' {
  const kind = value.trim().toLowerCase();
  if (kind !== 'off' && kind !== 'work') throw new ValidationError('invalid.dayKind', { value });
  return kind;
}

export function registerCalendar(program: Command, { t, context }: Registration): void {
  const calendar = program
    .command('calendar')
    .description(t('help.calendar'))
    .argument('[month]', 'YYYY-MM')
    .option('--json', t('help.json'))
    .action((month: string | undefined, flags: { json?: boolean }) =>
      runCalendarShow({ month, json: flags.json === true }, context()),
    );
  calendar
    .command('import')
    .description(t('help.calendar.import'))
    .argument('<file>', t('help.calendar.file'))
    .option('--json', t('help.json'))
    .action((file: string, flags: { json?: boolean }) =>
      runCalendarImport({ file, json: flags.json === true }, context()),
    );
  calendar
    .command('set')
    .description(t('help.calendar.set'))
    .argument('<date>', 'YYYY-MM-DD')
    .argument('<kind>', 'off|work')
    .option('--note <text>', t('help.note'))
    .option('--json', t('help.json'))
    .action((date: string, kind: string, flags: { note?: string; json?: boolean }) =>
      runCalendarSet({ date, kind, note: flags.note, json: flags.json === true }, context()),
    );
  calendar
    .command('unset')
    .description(t('help.calendar.unset'))
    .argument('<date>', 'YYYY-MM-DD')
    .option('--json', t('help.json'))
    .action((date: string, flags: { json?: boolean }) =>
      runCalendarSet({ date, kind: null, json: flags.json === true }, context()),
    );
}
