// A month of the working-day calendar drawn like `cal`, weeks starting on Monday as in China:
// holidays and make-up days marked by a letter (and by colour on a terminal), named below.
import type { ChalkInstance } from 'chalk';
import type { DayInfo, DayKind } from '../domain/calendar.js';
import { lightFormat } from 'date-fns';
import { isoWeekdayOf, toUtcDate } from '../domain/dates.js';
import type { Formatter } from './format.js';
import { padStart, stringWidth } from './table.js';

const MARK: Partial<Record<DayKind, string>> = { holiday: 'H', makeup: 'W', 'office-off': 'O', 'office-work': 'E' };
const CELL = 4;

/** `scheduleKnown` false: the year's official schedule is not loaded, so no marks does not mean no holidays. */
export function renderMonthGrid(
  month: string,
  days: readonly DayInfo[],
  format: Formatter,
  style: ChalkInstance,
  scheduleKnown = true,
): string {
  const { t } = format;
  const year = Number(month.slice(0, 4));
  const monthIndex = Number(month.slice(5, 7));
  const width = CELL * 7;
  const title = t('calendar.title', { year, month: monthIndex, monthName: format.monthName(monthIndex) });
  const lines = [style.bold(padStart(title, Math.floor((width + stringWidth(title)) / 2)))];
  lines.push(
    t('calendar.weekdays')
      .split(' ')
      .map((name) => padStart(name, CELL - 1) + ' ')
      .join('')
      .trimEnd(),
  );

  const paint = (day: DayInfo, text: string): string => {
    if (day.kind === 'holiday' || day.kind === 'office-off') return style.red(text);
    if (day.kind === 'makeup' || day.kind === 'office-work') return style.blue(text);
    if (day.kind === 'weekend') return style.dim(text);
    return text;
  };
  const firstWeekday = isoWeekdayOf(days[0]!.date) - 1; // Monday = 0
  let cells: string[] = Array.from({ length: firstWeekday }, () => ' '.repeat(CELL));
  for (const day of days) {
    const number = lightFormat(toUtcDate(day.date), 'd').padStart(CELL - 2);
    cells.push(paint(day, number + (MARK[day.kind] ?? ' ')) + ' ');
    if (cells.length === 7) {
      lines.push(cells.join('').trimEnd());
      cells = [];
    }
  }
  if (cells.length > 0) lines.push(cells.join('').trimEnd());
  lines.push('');

  const runs = markedRuns(days);
  if (runs.length === 0) lines.push(scheduleKnown ? t('calendar.noMarks') : t('calendar.weekendsOnly', { year }));
  for (const run of runs) {
    const from = run.first.date.slice(5);
    const span = run.last.date === run.first.date ? from : `${from} – ${run.last.date.slice(5)}`;
    lines.push(
      `${paint(run.first, MARK[run.first.kind] ?? ' ')} ${span.padEnd(13)} ${format.label('dayKind', run.first.kind)}${run.first.name ? ` · ${run.first.name}` : ''}`,
    );
  }
  lines.push(style.dim(t('calendar.legend')));
  return lines.join('\n') + '\n';
}

interface Run {
  first: DayInfo;
  last: DayInfo;
}

/** Consecutive days of the same kind and name, e.g. the seven days of National Day. */
function markedRuns(days: readonly DayInfo[]): Run[] {
  const runs: Run[] = [];
  let previous: DayInfo | undefined;
  for (const day of days) {
    if (MARK[day.kind] === undefined) {
      previous = undefined;
      continue;
    }
    const current = runs.at(-1);
    if (current && previous && previous.kind === day.kind && previous.name === day.name) current.last = day;
    else runs.push({ first: day, last: day });
    previous = day;
  }
  return runs;
}
