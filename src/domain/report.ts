// The monthly complaint statistics and analysis report (SPEC §3), computed from the figures the
// store aggregates for one month. Pure: the definitions the office's assessment depends on live here.
import type { UnknownYearWarning, WorkingCalendar } from './calendar.js';
import { unknownYearWarnings } from './calendar.js';
import type { Category, Cause, Channel } from './complaint.js';
import { CATEGORIES, CHANNELS, SUBCATEGORIES } from './complaint.js';
import type { DeadlineItem } from './overdue.js';

/** Counts of the month's complaints (voided ones excluded) for one combination of dimensions. */
export interface MonthCube {
  category: Category;
  subcategory: string | null;
  channel: Channel;
  owner: string;
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

export interface ReportInput {
  month: string;
  asOf: Date;
  zone: string;
  cube: readonly MonthCube[];
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

function sum(rows: readonly MonthCube[], field: keyof Omit<MonthCube, 'category' | 'subcategory' | 'channel' | 'owner'>): number {
  let total = 0;
  for (const row of rows) total += row[field];
  return total;
}

export function buildReport(input: ReportInput): MonthlyReport {
  const { cube } = input;
  const received = sum(cube, 'received');
  const replied = sum(cube, 'replied');
  const repliedOnTime = sum(cube, 'repliedOnTime');
  const closed = sum(cube, 'closed');
  const repeat = sum(cube, 'repeat');
  const totals: Totals = {
    received,
    replied,
    repliedOnTime,
    onTimeRate: rate(repliedOnTime, sum(cube, 'clockEnded')),
    closed,
    open: received - closed,
    escalated: sum(cube, 'escalated'),
    repeat,
    repeatRate: rate(repeat, received),
    voided: input.voided,
    satisfactionRate: rate(sum(cube, 'satisfied'), sum(cube, 'rated')),
  };

  const byCategory = CATEGORIES.map((category) => {
    const rows = cube.filter((row) => row.category === category);
    const count = sum(rows, 'received');
    const previousCount = input.previousByCategory[category] ?? 0;
    // Every sub-category the category has, then "unspecified" (a sub-category is optional).
    const subcategories = [...SUBCATEGORIES[category], null]
      .map((subcategory) => ({ subcategory: subcategory ?? 'unspecified', count: sum(rows.filter((row) => row.subcategory === subcategory), 'received') }))
      .filter((entry) => entry.count > 0);
    return { category, count, share: rate(count, received), previousCount, change: count - previousCount, subcategories };
  });

  const byChannel = CHANNELS.map((channel) => {
    const rows = cube.filter((row) => row.channel === channel);
    const onTime = sum(rows, 'repliedOnTime');
    return { channel, count: sum(rows, 'received'), repliedOnTime: onTime, onTimeRate: rate(onTime, sum(rows, 'clockEnded')) };
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
  const owners = [...new Set(cube.map((row) => row.owner))].sort((a, b) => a.localeCompare(b, 'zh'));
  const byOwner = owners.map((owner) => {
    const rows = cube.filter((row) => row.owner === owner);
    const middle = median(replyHours.get(owner) ?? []);
    return {
      owner,
      received: sum(rows, 'received'),
      repliedOnTime: sum(rows, 'repliedOnTime'),
      late: sum(rows, 'repliedLate'),
      unreplied: sum(rows, 'received') - sum(rows, 'replied'),
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
