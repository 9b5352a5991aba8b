// Reading a year's official schedule in the holiday-cn JSON shape
// ({ year, papers, days: [{ name, date, isOffDay }] }) — how an office loads next year's
// holidays without a new release.
import type { Schedule } from './calendar.js';
import { isCalendarDate, yearOf } from './dates.js';
import { ValidationError } from './errors.js';

export function parseScheduleDocument(document: unknown): Schedule {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new ValidationError('invalid.schedule', { problem: 'not a JSON object' });
  const { year, papers, days } = document as { year?: unknown; papers?: unknown; days?: unknown };
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2200) throw new ValidationError('invalid.schedule', { problem: `"year" must be a year, got ${JSON.stringify(year)}` });
  if (!Array.isArray(days)) throw new ValidationError('invalid.schedule', { problem: '"days" must be an array' });
  const schedule: Schedule = { year, papers: Array.isArray(papers) ? papers.filter((paper): paper is string => typeof paper === 'string') : [], off: {}, work: {} };
  for (const [index, day] of days.entries()) {
    const { date, name, isOffDay } = (day ?? {}) as { date?: unknown; name?: unknown; isOffDay?: unknown };
    const where = `days[${index}]`;
    if (typeof date !== 'string' || !isCalendarDate(date)) throw new ValidationError('invalid.schedule', { problem: `${where}.date must be YYYY-MM-DD, got ${JSON.stringify(date)}` });
    // A notice may reach into the neighbouring years (the 2019 notice set 2018-12-29…31).
    if (Math.abs(yearOf(date) - year) > 1) throw new ValidationError('invalid.schedule', { problem: `${where}.date ${date} is not near ${year}` });
    if (typeof isOffDay !== 'boolean') throw new ValidationError('invalid.schedule', { problem: `${where}.isOffDay must be true or false` });
    if (date in schedule.off || date in schedule.work) throw new ValidationError('invalid.schedule', { problem: `${date} is listed twice` });
    (isOffDay ? schedule.off : schedule.work)[date] = typeof name === 'string' && name.trim() !== '' ? name.trim() : '';
  }
  return schedule;
}
