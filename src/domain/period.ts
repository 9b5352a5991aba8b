// The span a report covers: a month, a quarter, a year, or any run of whole months. Months are
// "YYYY-MM" strings, which sort as they fall, so a period is its first and last month. The
// months before it (环比) and the same months a year earlier (同比) are periods too.
import { addMonths, differenceInCalendarMonths, eachMonthOfInterval, lightFormat } from 'date-fns';
import { isYearMonth, toUtcDate, utc } from './dates.js';
import type { YearMonth } from './dates.js';
import { ValidationError } from './errors.js';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'range';

export interface Period {
  kind: PeriodKind;
  from: YearMonth;
  to: YearMonth;
}

export interface PeriodFlags {
  month?: string;
  quarter?: string;
  year?: string;
  from?: string;
  to?: string;
}

/** How many months a trend shows at least: the year up to the period's last month. */
export const TREND_MONTHS = 12;

/**
 * The period the flags name; none names the month of `today` (a YYYY-MM). `--from` alone runs to
 * that month. Two ways of naming a period at once are refused rather than one silently winning.
 */
export function parsePeriod(flags: PeriodFlags, today: YearMonth): Period {
  const given = [flags.month, flags.quarter, flags.year, flags.from ?? flags.to].filter((value) => value !== undefined);
  if (given.length > 1) throw new ValidationError('invalid.twoPeriods');
  if (flags.quarter !== undefined) {
    const match = /^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$/.exec(flags.quarter.normalize('NFKC'));
    if (match === null) throw new ValidationError('invalid.quarter', { value: flags.quarter });
    const first = (Number(match[2]) - 1) * 3 + 1;
    return { kind: 'quarter', from: `${match[1]}-${pad(first)}`, to: `${match[1]}-${pad(first + 2)}` };
  }
  if (flags.year !== undefined) {
    const year = flags.year.normalize('NFKC').trim().replace(/年$/, '');
    if (!/^\d{4}$/.test(year)) throw new ValidationError('invalid.year', { value: flags.year });
    return { kind: 'year', from: `${year}-01`, to: `${year}-12` };
  }
  if (flags.from !== undefined || flags.to !== undefined) {
    if (flags.from === undefined) throw new ValidationError('invalid.toWithoutFrom', { value: flags.to ?? '' });
    const from = yearMonth(flags.from);
    const to = flags.to === undefined ? today : yearMonth(flags.to);
    if (to < from) throw new ValidationError('invalid.periodOrder', { from, to });
    return { kind: 'range', from, to };
  }
  const month = flags.month === undefined ? today : yearMonth(flags.month);
  return { kind: 'month', from: month, to: month };
}

function yearMonth(text: string): YearMonth {
  const month = text.normalize('NFKC').trim();
  if (!isYearMonth(month)) throw new ValidationError('invalid.month', { value: text });
  return month;
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** Every month of the period, first to last. */
export function monthsOf(period: Pick<Period, 'from' | 'to'>): YearMonth[] {
  return eachMonthOfInterval({ start: toUtcDate(period.from), end: toUtcDate(period.to) }, { in: utc }).map((date) =>
    lightFormat(date, 'yyyy-MM'),
  );
}

export function shiftMonth(month: YearMonth, months: number): YearMonth {
  return lightFormat(addMonths(toUtcDate(month), months, { in: utc }), 'yyyy-MM');
}

export function lengthInMonths(period: Pick<Period, 'from' | 'to'>): number {
  return differenceInCalendarMonths(toUtcDate(period.to), toUtcDate(period.from), { in: utc }) + 1;
}

/** The months just before, as many as the period has (环比): the previous month, quarter, year. */
export function previousPeriod(period: Period): Period {
  const length = lengthInMonths(period);
  return { kind: period.kind, from: shiftMonth(period.from, -length), to: shiftMonth(period.to, -length) };
}

/** The same months a year earlier (同比). */
export function sameMonthsLastYear(period: Period): Period {
  return { kind: period.kind, from: shiftMonth(period.from, -12), to: shiftMonth(period.to, -12) };
}

/** The months a trend shows: the period's, and at least the twelve up to its last month. */
export function trendSpan(period: Period): Pick<Period, 'from' | 'to'> {
  const yearBack = shiftMonth(period.to, -(TREND_MONTHS - 1));
  return { from: yearBack < period.from ? yearBack : period.from, to: period.to };
}

/** The period has not begun, or not ended, at `today`'s month. */
export function periodState(period: Period, today: YearMonth): 'future' | 'current' | 'past' {
  if (period.from > today) return 'future';
  return period.to >= today ? 'current' : 'past';
}

/** The quarter and the year a month is in, with their months: "2026-11" → 2026Q4 (10–12) and 2026 (01–12). */
export function spansOf(month: string): Array<{ kind: 'quarter' | 'year'; name: string; months: string[] }> {
  const year = month.slice(0, 4);
  const quarter = Math.ceil(Number(month.slice(5, 7)) / 3);
  const monthsFrom = (first: number, count: number): string[] =>
    Array.from({ length: count }, (_, index) => `${year}-${String(first + index).padStart(2, '0')}`);
  return [
    { kind: 'quarter', name: `${year}Q${quarter}`, months: monthsFrom(quarter * 3 - 2, 3) },
    { kind: 'year', name: year, months: monthsFrom(1, 12) },
  ];
}

/** The span_medians name of a period that is exactly a quarter or a year, or null. */
export function spanName(from: string, to: string): string | null {
  if (from.slice(0, 4) !== to.slice(0, 4)) return null;
  const year = from.slice(0, 4);
  const first = Number(from.slice(5, 7));
  const last = Number(to.slice(5, 7));
  if (first === 1 && last === 12) return year;
  if (last === first + 2 && first % 3 === 1) return `${year}Q${(first + 2) / 3}`;
  return null;
}
