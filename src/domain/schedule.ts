// Reading a year's official schedule in the holiday-cn JSON shape
// ({ year, papers, days: [{ name, date, isOffDay }] }) — how an office loads next year's
// holidays without a new release. A schedule decides every deadline of its year, so it is checked
// before it is used: its dates belong to its year (or to the New Year holiday that starts in the
// last week of the December before), and it names the seven statutory festivals. Refusals are told
// as an office manager reads the file — the n-th day, the date — not as JSON paths.
import type { Schedule } from './calendar.js';
import { isCalendarDate, yearOf } from './dates.js';
import { ValidationError } from './errors.js';

/** The statutory festivals every year's notice sets (a combined name such as 中秋节、国庆节 names two). */
export const STATUTORY_FESTIVALS = ['元旦', '春节', '清明', '劳动', '端午', '中秋', '国庆'] as const;

/** A notice may start the New Year holiday in the December before (2019's set 2018-12-29…31). */
const EARLIEST_DECEMBER_DAY = 25;

export function parseScheduleDocument(document: unknown): Schedule {
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new ValidationError('schedule.notObject');
  const { year, papers, days } = document as { year?: unknown; papers?: unknown; days?: unknown };
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2200)
    throw new ValidationError('schedule.badYear', { value: JSON.stringify(year) ?? 'nothing' });
  if (!Array.isArray(days) || days.length === 0) throw new ValidationError('schedule.noDays', { year });
  const schedule: Schedule = {
    year,
    papers: Array.isArray(papers) ? papers.filter((paper): paper is string => typeof paper === 'string') : [],
    off: {},
    work: {},
  };
  for (const [index, day] of days.entries()) {
    const { date, name, isOffDay } = (day ?? {}) as { date?: unknown; name?: unknown; isOffDay?: unknown };
    const n = index + 1;
    if (typeof date !== 'string' || !isCalendarDate(date))
      throw new ValidationError('schedule.badDate', {
        n,
        value: typeof date === 'string' ? date : (JSON.stringify(date) ?? 'nothing'),
      });
    if (!belongsToYear(date, year))
      throw new ValidationError('schedule.outsideYear', { n, date, year, previous: year - 1 });
    if (typeof isOffDay !== 'boolean') throw new ValidationError('schedule.badKind', { n, date });
    if (date in schedule.off || date in schedule.work) throw new ValidationError('schedule.twice', { date });
    (isOffDay ? schedule.off : schedule.work)[date] = typeof name === 'string' && name.trim() !== '' ? name.trim() : '';
  }
  const named = Object.values(schedule.off);
  const missing = STATUTORY_FESTIVALS.filter((festival) => !named.some((name) => name.includes(festival)));
  if (missing.length > 0) throw new ValidationError('schedule.missingFestivals', { year, missing: missing.join('、') });
  return schedule;
}

function belongsToYear(date: string, year: number): boolean {
  if (yearOf(date) === year) return true;
  // Calendar dates compare as text: "2026-12-25" ≤ date ≤ "2026-12-31".
  return date >= `${year - 1}-12-${EARLIEST_DECEMBER_DAY}` && date <= `${year - 1}-12-31`;
}
