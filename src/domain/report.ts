// The monthly complaint statistics and analysis report (SPEC §3), computed from the figures the
// store aggregates for one month. Pure: the definitions the office's assessment depends on live here.
import type { Category, Cause, Channel, Complaint } from './complaint.js';
import { CATEGORIES, CHANNELS, SUBCATEGORIES } from './complaint.js';
import type { DeadlineItem } from './overdue.js';
import { VISIT_TARGET_MINUTES } from './lifecycle.js';

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
  /** 回访: complaints visited back after their closing, in time, and found (basically) satisfied then */
  revisited: number;
  revisitedOnTime: number;
  revisitSatisfied: number;
  /** revisited, or past the return-visit date without one: the return-visit clock has ended */
  revisitClockEnded: number;
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
  groups: MonthGroups;
  voided: number;
  previousByCategory: Partial<Record<Category, number>>;
  causes: ReadonlyArray<{ cause: Cause | null; count: number }>;
  /** each clerk's median reply time in working hours */
  medianReplyHours: ReadonlyMap<string, number>;
  overdue: readonly DeadlineItem[];
  /** the on-site visits to the month's complaints: which complaint, minutes from dispatch to arrival */
  visits?: ReadonlyArray<{ id: number; minutes: number }>;
}

/** 亲临现场: the month's on-site visits against the 3-minute target (SPEC §1.2). */
export interface VisitFigures {
  count: number;
  withinTarget: number;
  withinTargetRate: number | null;
  /** the median minutes to arrive, to one decimal (null: no visit) */
  medianMinutes: number | null;
  /** the visits past the target, oldest first */
  late: Array<{ id: number; minutes: number }>;
}

export function visitFigures(visits: ReadonlyArray<{ id: number; minutes: number }>): VisitFigures {
  const within = visits.filter((visit) => visit.minutes <= VISIT_TARGET_MINUTES).length;
  const sorted = visits.map((visit) => visit.minutes).sort((a, b) => a - b);
  const middle = sorted.length === 0 ? null : sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return {
    count: visits.length,
    withinTarget: within,
    withinTargetRate: rate(within, visits.length),
    medianMinutes: middle === null ? null : Math.round(middle * 10) / 10,
    late: visits.filter((visit) => visit.minutes > VISIT_TARGET_MINUTES).map((visit) => ({ id: visit.id, minutes: visit.minutes })),
  };
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
  /** with the owner's latest opinion: after a return visit, the one given then */
  satisfactionRate: number | null;
  revisited: number;
  revisitedOnTime: number;
  /** revisitedOnTime ÷ the return-visit clocks ended (made, or due and not made) */
  revisitOnTimeRate: number | null;
  /** (satisfied + basically satisfied) at the return visit ÷ return visits made */
  revisitSatisfactionRate: number | null;
}

export interface MonthlyReport {
  month: string;
  asOf: Date;
  totals: Totals;
  byCategory: Array<{ category: Category; count: number; share: number | null; previousCount: number; change: number; subcategories: Array<{ subcategory: string; count: number }> }>;
  byChannel: Array<{ channel: Channel; count: number; repliedOnTime: number; onTimeRate: number | null }>;
  /** medianReplyWorkingDays: the median reply time in working days, to one decimal */
  byOwner: Array<{ owner: string; received: number; repliedOnTime: number; late: number; unreplied: number; medianReplyWorkingDays: number | null }>;
  byCause: Array<{ cause: Cause | null; count: number }>;
  overdue: readonly DeadlineItem[];
  visits: VisitFigures;
}

/** A fraction from 0 to 1, or null when there is nothing to divide by (never NaN). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
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
    revisited: all.revisited,
    revisitedOnTime: all.revisitedOnTime,
    revisitOnTimeRate: rate(all.revisitedOnTime, all.revisitClockEnded),
    revisitSatisfactionRate: rate(all.revisitSatisfied, all.revisited),
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

  const byOwner = [...groups.byOwner]
    .sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0))
    .map((row) => {
      const middle = input.medianReplyHours.get(row.owner) ?? null;
      return {
        owner: row.owner,
        received: row.received,
        repliedOnTime: row.repliedOnTime,
        late: row.repliedLate,
        unreplied: row.received - row.replied,
        // Working hours count the 24 hours of each working day: 24 of them make one working day.
        medianReplyWorkingDays: middle === null ? null : Math.round((middle / 24) * 10) / 10,
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
    visits: visitFigures(input.visits ?? []),
  };
}

/**
 * Counts read as they stand now know the replies but not the clock: the month's complaints still
 * unanswered and already past their reply deadline at `asOf` also ended their reply clock (a miss).
 */
export function addUnansweredOverdue(groups: MonthGroups, open: readonly Complaint[], month: string, asOf: Date): void {
  for (const complaint of open) {
    if (complaint.receivedMonth !== month || complaint.repliedAt !== null || complaint.replyDueAt.getTime() >= asOf.getTime()) continue;
    groups.totals.clockEnded += 1;
    const cell = groups.byCategory.find((row) => row.category === complaint.category && row.subcategory === complaint.subcategory);
    if (cell) cell.clockEnded += 1;
    const channel = groups.byChannel.find((row) => row.channel === complaint.channel);
    if (channel) channel.clockEnded += 1;
  }
}

/**
 * Likewise for the return visits (回访): the month's closed complaints still not visited back and
 * already past their return-visit date at `asOf` ended that clock too (a miss). Only the totals
 * show return visits.
 */
export function addUnrevisitedOverdue(groups: MonthGroups, due: readonly Complaint[], month: string, asOf: Date): void {
  for (const complaint of due) {
    if (complaint.receivedMonth !== month || complaint.status !== 'closed' || complaint.revisitedAt !== null) continue;
    if (complaint.revisitDueAt === null || complaint.revisitDueAt.getTime() >= asOf.getTime()) continue;
    groups.totals.revisitClockEnded += 1;
  }
}
