// The monthly complaint statistics and analysis report (SPEC §3), computed from the figures the
// store aggregates for one month. Pure: the definitions the office's assessment depends on live here.
import type { UnknownYearWarning, WorkingCalendar } from './calendar.js';
import { unknownYearWarnings } from './calendar.js';
import type { Category, Cause, Channel } from './complaint.js';
import { CATEGORIES, CHANNELS, SUBCATEGORIES } from './complaint.js';
import type { DeadlineItem } from './overdue.js';

/** Counts over a set of the month's complaints (voided ones excluded). */
export interface MonthCounts {
  received: number;
  replied: number;
  repliedOnTime: number;
  repliedLate: number;
  /** replied, or past the reply deadline without a reply: the reply clock has ended */
  clockEnded: number;
  closed: number;
  escalated: number;
  repeat: number;
  rated: number;
  satisfied: number;
}

/** The month's counts, each grouped by SQL along one dimension of the report. */
export interface MonthGroups {
  totals: MonthCounts;
  byCategory: Array<MonthCounts & { category: Category; subcategory: string | null }>;
  byChannel: Array<MonthCounts & { channel: Channel }>;
  byOwner: Array<MonthCounts & { owner: string }>;
}

export interface ReportInput {
  month: string;
  asOf: Date;
  zone: string;
  groups: MonthGroups;
  voided: number;
  previousByCategory: Partial<Record<Category, number>>;
  causes: ReadonlyArray<{ cause: Cause | null; count: number }>;
  /** the month's replies: when each reply clock started and when it was answered */
  replies: ReadonlyArray<{ owner: string; from: Date; repliedAt: Date }>;
  overdue: readonly DeadlineItem[];
  calendar: WorkingCalendar;
}

export interface Totals {
  received: number;
  replied: number;
  repliedOnTime: number;
  onTimeRate: number | null;
  closed: number;
  open: number;
  escalated: number;
  repeat: number;
  repeatRate: number | null;
  voided: number;
  satisfactionRate: number | null;
}

export interface MonthlyReport {
  month: string;
  asOf: Date;
  totals: Totals;
  byCategory: Array<{ category: Category; count: number; share: number | null; previousCount: number; change: number; subcategories: Array<{ subcategory: string; count: number }> }>;
  byChannel: Array<{ channel: Channel; count: number; repliedOnTime: number; onTimeRate: number | null }>;
  byOwner: Array<{ owner: string; received: number; repliedOnTime: number; late: number; unreplied: number; medianReplyHours: number | null }>;
  byCause: Array<{ cause: Cause | null; count: number }>;
  overdue: readonly DeadlineItem[];
  warnings: UnknownYearWarning[];
}

/** A fraction from 0 to 1, or null when there is nothing to divide by (never NaN). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function sum(rows: readonly MonthCounts[], field: keyof MonthCounts): number {
  let total = 0;
  for (const row of rows) total += row[field];
  return total;
}

export function buildReport(input: ReportInput): MonthlyReport {
  const { groups } = input;
  const all = groups.totals;
  const totals: Totals = {
    received: all.received,
    replied: all.replied,
    repliedOnTime: all.repliedOnTime,
    onTimeRate: rate(all.repliedOnTime, all.clockEnded),
    closed: all.closed,
    open: all.received - all.closed,
    escalated: all.escalated,
    repeat: all.repeat,
    repeatRate: rate(all.repeat, all.received),
    voided: input.voided,
    satisfactionRate: rate(all.satisfied, all.rated),
  };

  const byCategory = CATEGORIES.map((category) => {
    const rows = groups.byCategory.filter((row) => row.category === category);
    const count = sum(rows, 'received');
    const previousCount = input.previousByCategory[category] ?? 0;
    // Every sub-category the category has, then "unspecified" (a sub-category is optional).
    const subcategories = [...SUBCATEGORIES[category], null]
      .map((subcategory) => ({ subcategory: subcategory ?? 'unspecified', count: sum(rows.filter((row) => row.subcategory === subcategory), 'received') }))
      .filter((entry) => entry.count > 0);
    return { category, count, share: rate(count, all.received), previousCount, change: count - previousCount, subcategories };
  });

  const byChannel = CHANNELS.map((channel) => {
    const row = groups.byChannel.find((entry) => entry.channel === channel);
    return { channel, count: row?.received ?? 0, repliedOnTime: row?.repliedOnTime ?? 0, onTimeRate: row ? rate(row.repliedOnTime, row.clockEnded) : null };
  });

  const unknownYears = new Set<number>();
  const replyHours = new Map<string, number[]>();
  for (const reply of input.replies) {
    const hours = input.calendar.workingHoursBetween(reply.from, reply.repliedAt, input.zone);
    for (const year of hours.unknownYears) unknownYears.add(year);
    const list = replyHours.get(reply.owner) ?? [];
    list.push(hours.value);
    replyHours.set(reply.owner, list);
  }
  const byOwner = [...groups.byOwner]
    .sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0))
    .map((row) => {
      const middle = median(replyHours.get(row.owner) ?? []);
      return {
        owner: row.owner,
        received: row.received,
        repliedOnTime: row.repliedOnTime,
        late: row.repliedLate,
        unreplied: row.received - row.replied,
        medianReplyHours: middle === null ? null : Math.round(middle * 10) / 10,
      };
    });

  const byCause = [...input.causes].filter((entry) => entry.count > 0).sort((a, b) => b.count - a.count || String(a.cause).localeCompare(String(b.cause)));

  return {
    month: input.month,
    asOf: input.asOf,
    totals,
    byCategory,
    byChannel,
    byOwner,
    byCause,
    overdue: input.overdue,
    warnings: unknownYearWarnings([...unknownYears].sort((a, b) => a - b)),
  };
}
