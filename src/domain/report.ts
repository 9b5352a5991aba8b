// The complaint statistics and analysis report (SPEC §3), computed from the figures the store
// aggregates for a month or a longer period. Pure: the definitions the office's assessment
// depends on live here.
import type { Category, Cause, Channel, Complaint } from './complaint.js';
import { CATEGORIES, CHANNELS, SUBCATEGORIES } from './complaint.js';
import type { DeadlineItem } from './overdue.js';
import { VISIT_TARGET_MINUTES } from './lifecycle.js';
import type { Period } from './period.js';
import { monthsOf, previousPeriod, sameMonthsLastYear, trendSpan } from './period.js';

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

/** One month's counts of one category: what a trend and the comparisons (环比, 同比) are made of. */
export type MonthCategoryCounts = MonthCounts & { month: string; category: Category };

export interface ReportInput {
  period: Period;
  asOf: Date;
  groups: MonthGroups;
  voided: number;
  /** each month's counts by category over reportSpan(period): the trend and the comparisons */
  monthly: readonly MonthCategoryCounts[];
  /** the period's complaints by building ('' = other) and location, and its units with repeat complaints */
  places: {
    places: ReadonlyArray<{
      kind: 'building' | 'location';
      place: string;
      category: Category;
      received: number;
      repeat: number;
    }>;
    repeatUnits: ReadonlyArray<{ unit: string; category: Category; repeat: number; reopenings: number }>;
  };
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
  const middle =
    sorted.length === 0
      ? null
      : sorted.length % 2 === 1
        ? sorted[(sorted.length - 1) / 2]!
        : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return {
    count: visits.length,
    withinTarget: within,
    withinTargetRate: rate(within, visits.length),
    medianMinutes: middle === null ? null : Math.round(middle * 10) / 10,
    late: visits
      .filter((visit) => visit.minutes > VISIT_TARGET_MINUTES)
      .map((visit) => ({ id: visit.id, minutes: visit.minutes })),
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

/** The headline figures of another period, beside the report's own (环比, 同比). */
export interface Comparison {
  from: string;
  to: string;
  received: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  repeat: number;
  repeatRate: number | null;
}

/** One month of the trend. */
export interface TrendMonth {
  month: string;
  received: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  repeat: number;
  byCategory: Record<Category, number>;
}

export interface MonthlyReport {
  /** the month of a monthly report; null for a quarter, a year or a range */
  month: string | null;
  period: Period;
  asOf: Date;
  totals: Totals;
  /** the months just before (环比) */
  previousPeriod: Comparison;
  /** the same months a year before (同比) */
  previousYear: Comparison;
  /** previousCount: the months just before (环比); previousYearCount: the same months a year before (同比) */
  byCategory: Array<{
    category: Category;
    count: number;
    share: number | null;
    previousCount: number;
    change: number;
    previousYearCount: number;
    yearChange: number;
    subcategories: Array<{ subcategory: string; count: number }>;
  }>;
  byChannel: Array<{ channel: Channel; count: number; repliedOnTime: number; onTimeRate: number | null }>;
  /** medianReplyWorkingDays: the median reply time in working days, to one decimal */
  byOwner: Array<{
    owner: string;
    received: number;
    repliedOnTime: number;
    late: number;
    unreplied: number;
    medianReplyWorkingDays: number | null;
  }>;
  byCause: Array<{ cause: Cause | null; count: number }>;
  overdue: readonly DeadlineItem[];
  visits: VisitFigures;
  /** month by month over the period, and at least the twelve months up to its end */
  trend: TrendMonth[];
  /** every building, most complaints first; "other" (a unit in no usual form, or none) last */
  byBuilding: Array<Hotspot & { building: string }>;
  /** the locations complained about most */
  topLocations: Array<Hotspot & { location: string }>;
  /** the units with the most repeat complaints (二次投诉) */
  repeatUnits: Array<{
    unit: string;
    repeat: number;
    reopenings: number;
    categories: Array<{ category: Category; count: number }>;
  }>;
}

/** A place's complaints: how many, how many came back (二次投诉), and its categories, most first. */
export interface Hotspot {
  count: number;
  repeat: number;
  share: number | null;
  categories: Array<{ category: Category; count: number }>;
}

/** How many locations and repeat units a report lists: the ones worth acting on. */
export const TOP_PLACES = 10;

/** The building of a unit in no usual form. */
export const OTHER_BUILDING = 'other';

/** The months whose counts a report reads: from the same months a year before to the period's end. */
export function reportSpan(period: Period): { from: string; to: string } {
  const trend = trendSpan(period);
  const earliest = [sameMonthsLastYear(period).from, previousPeriod(period).from, trend.from].sort()[0]!;
  return { from: earliest, to: period.to };
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

  const before = previousPeriod(input.period);
  const yearBefore = sameMonthsLastYear(input.period);
  const inSpan = (span: { from: string; to: string }) =>
    input.monthly.filter((row) => row.month >= span.from && row.month <= span.to);
  const previousRows = inSpan(before);
  const yearRows = inSpan(yearBefore);

  const byCategory = CATEGORIES.map((category) => {
    const rows = groups.byCategory.filter((row) => row.category === category);
    const count = sum(rows, 'received');
    const previousCount = sum(
      previousRows.filter((row) => row.category === category),
      'received',
    );
    const previousYearCount = sum(
      yearRows.filter((row) => row.category === category),
      'received',
    );
    // Every sub-category the category has, then "unspecified" (a sub-category is optional).
    const subcategories = [...SUBCATEGORIES[category], null]
      .map((subcategory) => ({
        subcategory: subcategory ?? 'unspecified',
        count: sum(
          rows.filter((row) => row.subcategory === subcategory),
          'received',
        ),
      }))
      .filter((entry) => entry.count > 0);
    return {
      category,
      count,
      share: rate(count, all.received),
      previousCount,
      change: count - previousCount,
      previousYearCount,
      yearChange: count - previousYearCount,
      subcategories,
    };
  });

  const byChannel = CHANNELS.map((channel) => {
    const row = groups.byChannel.find((entry) => entry.channel === channel);
    return {
      channel,
      count: row?.received ?? 0,
      repliedOnTime: row?.repliedOnTime ?? 0,
      onTimeRate: row ? rate(row.repliedOnTime, row.clockEnded) : null,
    };
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

  const byCause = [...input.causes]
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count || byName(String(a.cause), String(b.cause)));

  const trend = monthsOf(trendSpan(input.period)).map((month): TrendMonth => {
    const rows = input.monthly.filter((row) => row.month === month);
    const byCategoryOfMonth = Object.fromEntries(
      CATEGORIES.map((category) => [
        category,
        sum(
          rows.filter((row) => row.category === category),
          'received',
        ),
      ]),
    ) as Record<Category, number>;
    return {
      month,
      received: sum(rows, 'received'),
      onTimeRate: rate(sum(rows, 'repliedOnTime'), sum(rows, 'clockEnded')),
      satisfactionRate: rate(sum(rows, 'satisfied'), sum(rows, 'rated')),
      repeat: sum(rows, 'repeat'),
      byCategory: byCategoryOfMonth,
    };
  });

  const { byBuilding, topLocations, repeatUnits } = hotspots(input.places, all.received);

  return {
    month: input.period.kind === 'month' ? input.period.from : null,
    period: input.period,
    asOf: input.asOf,
    totals,
    previousPeriod: comparison(before, previousRows),
    previousYear: comparison(yearBefore, yearRows),
    byCategory,
    byChannel,
    byOwner,
    byCause,
    overdue: input.overdue,
    visits: visitFigures(input.visits ?? []),
    trend,
    byBuilding,
    topLocations,
    repeatUnits,
  };
}

/** Categories most first, then in the usual order. */
/**
 * Ties in a ranking are put in the order of their names' UTF-16 code units, as the clerks' table is:
 * the same on every machine (localeCompare follows the machine's locale), and the report does not
 * load ICU's collation data (about 9 ms) for it.
 */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function leading(counts: Map<Category, number>): Array<{ category: Category; count: number }> {
  return CATEGORIES.filter((category) => (counts.get(category) ?? 0) > 0)
    .map((category) => ({ category, count: counts.get(category)! }))
    .sort((a, b) => b.count - a.count);
}

function hotspots(
  input: ReportInput['places'],
  received: number,
): Pick<MonthlyReport, 'byBuilding' | 'topLocations' | 'repeatUnits'> {
  const gather = (kind: 'building' | 'location') => {
    const byPlace = new Map<string, { count: number; repeat: number; categories: Map<Category, number> }>();
    for (const row of input.places) {
      if (row.kind !== kind || row.received === 0) continue;
      const entry = byPlace.get(row.place) ?? { count: 0, repeat: 0, categories: new Map<Category, number>() };
      entry.count += row.received;
      entry.repeat += row.repeat;
      entry.categories.set(row.category, (entry.categories.get(row.category) ?? 0) + row.received);
      byPlace.set(row.place, entry);
    }
    return [...byPlace.entries()]
      .map(([place, entry]) => ({
        place,
        count: entry.count,
        repeat: entry.repeat,
        share: rate(entry.count, received),
        categories: leading(entry.categories),
      }))
      .sort((a, b) => b.count - a.count || b.repeat - a.repeat || byName(a.place, b.place));
  };
  const buildings = gather('building');
  const known = buildings.filter((entry) => entry.place !== '');
  const other = buildings.filter((entry) => entry.place === '');
  const units = new Map<string, { repeat: number; reopenings: number; categories: Map<Category, number> }>();
  for (const row of input.repeatUnits) {
    const entry = units.get(row.unit) ?? { repeat: 0, reopenings: 0, categories: new Map<Category, number>() };
    entry.repeat += row.repeat;
    entry.reopenings += row.reopenings;
    entry.categories.set(row.category, (entry.categories.get(row.category) ?? 0) + row.repeat);
    units.set(row.unit, entry);
  }
  return {
    byBuilding: [...known, ...other].map(({ place, ...entry }) => ({
      building: place === '' ? OTHER_BUILDING : place,
      ...entry,
    })),
    topLocations: gather('location')
      .slice(0, TOP_PLACES)
      .map(({ place, ...entry }) => ({ location: place, ...entry })),
    // A year has thousands of such units: the leading categories of the ten shown only.
    repeatUnits: [...units.entries()]
      .sort(([a, x], [b, y]) => y.repeat - x.repeat || y.reopenings - x.reopenings || byName(a, b))
      .slice(0, TOP_PLACES)
      .map(([unit, entry]) => ({
        unit,
        repeat: entry.repeat,
        reopenings: entry.reopenings,
        categories: leading(entry.categories),
      })),
  };
}

function comparison(span: { from: string; to: string }, rows: readonly MonthCounts[]): Comparison {
  const received = sum(rows, 'received');
  const repeat = sum(rows, 'repeat');
  return {
    from: span.from,
    to: span.to,
    received,
    onTimeRate: rate(sum(rows, 'repliedOnTime'), sum(rows, 'clockEnded')),
    satisfactionRate: rate(sum(rows, 'satisfied'), sum(rows, 'rated')),
    repeat,
    repeatRate: rate(repeat, received),
  };
}

/**
 * Counts read as they stand now know the replies but not the clock: the month's complaints still
 * unanswered and already past their reply deadline at `asOf` also ended their reply clock (a miss).
 */
export function addUnansweredOverdue(
  groups: MonthGroups,
  monthly: MonthCategoryCounts[],
  open: readonly Complaint[],
  period: Period,
  asOf: Date,
): void {
  for (const complaint of open) {
    if (complaint.repliedAt !== null || complaint.replyDueAt.getTime() >= asOf.getTime()) continue;
    const month = monthly.find((row) => row.month === complaint.receivedMonth && row.category === complaint.category);
    if (month) month.clockEnded += 1;
    if (complaint.receivedMonth < period.from || complaint.receivedMonth > period.to) continue;
    groups.totals.clockEnded += 1;
    const cell = groups.byCategory.find(
      (row) => row.category === complaint.category && row.subcategory === complaint.subcategory,
    );
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
export function addUnrevisitedOverdue(
  groups: MonthGroups,
  due: readonly Complaint[],
  period: Period,
  asOf: Date,
): void {
  for (const complaint of due) {
    if (
      complaint.receivedMonth < period.from ||
      complaint.receivedMonth > period.to ||
      complaint.status !== 'closed' ||
      complaint.revisitedAt !== null
    )
      continue;
    if (complaint.revisitDueAt === null || complaint.revisitDueAt.getTime() >= asOf.getTime()) continue;
    groups.totals.revisitClockEnded += 1;
  }
}

/** One office's line of the company report (`report --all-offices`), or the company's own. */
export interface OfficeFigures {
  received: number;
  replied: number;
  repliedOnTime: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  repeat: number;
  repeatRate: number | null;
  /** follow-ups overdue at the report's time (the report's overdue section) */
  overdue: number;
}

/**
 * An office's headline figures from its period's counts, as its own report gives them; the
 * company's are the same rule over the sum of every office's counts (not an average of rates).
 */
export function officeFigures(counts: MonthCounts, overdue: number): OfficeFigures {
  return {
    received: counts.received,
    replied: counts.replied,
    repliedOnTime: counts.repliedOnTime,
    onTimeRate: rate(counts.repliedOnTime, counts.clockEnded),
    satisfactionRate: rate(counts.satisfied, counts.rated),
    repeat: counts.repeat,
    repeatRate: rate(counts.repeat, counts.received),
    overdue,
  };
}

/** Counts added up field by field (the company's, from its offices'). */
export function addCounts(rows: readonly MonthCounts[]): MonthCounts {
  const total = { ...rows[0]! };
  for (const key of Object.keys(total) as Array<keyof MonthCounts>) total[key] = sum(rows, key);
  return total;
}

/** Every count of MonthCounts. */
const COUNT_FIELDS = [
  'received',
  'replied',
  'repliedOnTime',
  'repliedLate',
  'clockEnded',
  'closed',
  'escalated',
  'repeat',
  'rated',
  'satisfied',
  'revisited',
  'revisitedOnTime',
  'revisitSatisfied',
  'revisitClockEnded',
] as const;

function emptyCounts(): MonthCounts {
  return Object.fromEntries(COUNT_FIELDS.map((field) => [field, 0])) as unknown as MonthCounts;
}

/** The small dimensions come from one grouping by category, sub-category and channel, added up here. */
export function groupsOf(
  cells: ReadonlyArray<MonthCounts & { category: Category; subcategory: string | null; channel: Channel }>,
  byOwner: Array<MonthCounts & { owner: string }>,
): MonthGroups {
  const rollUp = (key: (cell: (typeof cells)[number]) => string): Map<string, MonthCounts> => {
    const totals = new Map<string, MonthCounts>();
    for (const cell of cells) {
      const name = key(cell);
      const total = totals.get(name) ?? emptyCounts();
      for (const field of COUNT_FIELDS) total[field] += cell[field];
      totals.set(name, total);
    }
    return totals;
  };
  return {
    totals: rollUp(() => 'all').get('all') ?? emptyCounts(),
    // Rows as the store made them (extra columns such as channel are simply not read).
    byCategory: [...cells],
    byChannel: [...rollUp((cell) => cell.channel).entries()].map(([channel, counts]) => ({
      ...counts,
      channel: channel as Channel,
    })),
    byOwner,
  };
}
