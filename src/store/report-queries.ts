// The monthly report's SQL. The usual report (as of now) reads the month tables that the store
// keeps current (src/store/month-summaries.ts): a few hundred rows, whatever the month's size.
// A report as of an earlier time aggregates the month's complaints themselves, found through the
// complaints_month index. Either way the cost follows the month, not the years kept.
import type BetterSqlite3 from 'better-sqlite3';
import type { Category, Cause, Channel } from '../domain/complaint.js';
import type { MonthCounts, MonthGroups } from '../domain/report.js';

/** The month's counts; clockEnded is filled in later when it depends on the clock (see Store.monthFigures). */
export interface MonthFigures {
  groups: MonthGroups;
  voided: number;
  causes: Array<{ cause: Cause | null; count: number }>;
  medianReplyHours: Map<string, number>;
}

const MONTH_ROWS = 'complaints INDEXED BY complaints_month';
const COUNT_FIELDS = [
  'received', 'replied', 'repliedOnTime', 'repliedLate', 'clockEnded', 'closed', 'escalated', 'repeat', 'rated', 'satisfied',
  'revisited', 'revisitedOnTime', 'revisitSatisfied', 'revisitClockEnded',
] as const;

/** The counts of SPEC §3 over the month's complaints, judged at @asOf: a reply or closing after it has not happened yet. */
const COUNTS_AS_OF = `count(*) AS received,
  coalesce(sum(replied_at <= @asOf), 0) AS replied,
  coalesce(sum(replied_at <= @asOf AND reply_on_time = 1), 0) AS repliedOnTime,
  coalesce(sum(replied_at <= @asOf AND reply_on_time = 0), 0) AS repliedLate,
  coalesce(sum(coalesce(replied_at <= @asOf, 0) OR reply_due_at < @asOf), 0) AS clockEnded,
  coalesce(sum(closed_at <= @asOf), 0) AS closed,
  coalesce(sum(escalated_at <= @asOf), 0) AS escalated,
  coalesce(sum(repeat_count > 0), 0) AS repeat,
  coalesce(sum(satisfaction IS NOT NULL), 0) AS rated,
  coalesce(sum(satisfaction IN ('satisfied', 'basic')), 0) AS satisfied,
  coalesce(sum(revisited_at <= @asOf), 0) AS revisited,
  coalesce(sum(revisited_at <= @asOf AND revisit_on_time = 1), 0) AS revisitedOnTime,
  coalesce(sum(revisited_at <= @asOf AND revisit_satisfaction IN ('satisfied', 'basic')), 0) AS revisitSatisfied,
  coalesce(sum(coalesce(revisited_at <= @asOf, 0) OR (closed_at <= @asOf AND revisit_due_at < @asOf)), 0) AS revisitClockEnded`;

/**
 * The same counts read from the month tables; clockEnded starts at the replies (revisitClockEnded at
 * the return visits) and is completed by the caller.
 */
const COUNTS_NOW = `sum(received) AS received, sum(replied) AS replied, sum(replied_on_time) AS repliedOnTime,
  sum(replied_late) AS repliedLate, sum(replied) AS clockEnded, sum(closed) AS closed, sum(escalated) AS escalated,
  sum(repeat) AS repeat, sum(rated) AS rated, sum(satisfied) AS satisfied, sum(revisited) AS revisited,
  sum(revisited_on_time) AS revisitedOnTime, sum(revisit_satisfied) AS revisitSatisfied, sum(revisited) AS revisitClockEnded`;

/** The median of each clerk's reply times as they stood at `asOf`, by SQL over the index, which keeps them in order. */
function medians(db: BetterSqlite3.Database, month: string, asOf: Date): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT owner, avg(reply_hours) FROM (
         SELECT owner, reply_hours,
                row_number() OVER (PARTITION BY owner ORDER BY reply_hours) AS position,
                count(*) OVER (PARTITION BY owner) AS replies
           FROM ${MONTH_ROWS}
          WHERE received_month = @month AND reply_hours IS NOT NULL AND status <> 'voided' AND replied_at <= @asOf)
        WHERE position IN ((replies + 1) / 2, (replies + 2) / 2)
        GROUP BY owner`,
    )
    .raw()
    .all({ month, asOf: asOf.toISOString() }) as Array<[string, number]>;
  return new Map(rows);
}

/** The month as it stands now, from the month tables. */
export function monthFiguresNow(db: BetterSqlite3.Database, month: string): MonthFigures {
  const cells = db
    .prepare(`SELECT category, nullif(subcategory, '') AS subcategory, channel, ${COUNTS_NOW}, sum(voided) AS voided FROM month_cells WHERE month = ? GROUP BY category, subcategory, channel`)
    .all(month) as Array<MonthCounts & { category: Category; subcategory: string | null; channel: Channel; voided: number }>;
  const owners = (db.prepare(`SELECT owner, ${COUNTS_NOW}, median_reply_hours AS median FROM month_owners WHERE month = ? GROUP BY owner`).all(month) as Array<MonthCounts & { owner: string; median: number | null }>).filter(
    (row) => row.received > 0,
  );
  const causes = (db.prepare(`SELECT nullif(cause, '') AS cause, closed AS count FROM month_causes WHERE month = ? AND closed > 0`).all(month) as Array<{ cause: Cause | null; count: number }>);
  return {
    groups: groupsOf(cells, owners),
    voided: cells.reduce((total, cell) => total + cell.voided, 0),
    causes,
    medianReplyHours: new Map(owners.filter((row) => row.median !== null).map((row) => [row.owner, row.median!])),
  };
}

/** The month as it stood at `asOf`, from the month's complaints. */
export function monthFiguresAsOf(db: BetterSqlite3.Database, month: string, asOf: Date): MonthFigures {
  const parameters = { month, asOf: asOf.toISOString() };
  const where = `received_month = @month AND received_at <= @asOf`;
  const grouped = <T>(columns: string): T[] => db.prepare(`SELECT ${columns}, ${COUNTS_AS_OF} FROM ${MONTH_ROWS} WHERE ${where} AND status <> 'voided' GROUP BY ${columns}`).all(parameters) as T[];
  const cells = grouped<MonthCounts & { category: Category; subcategory: string | null; channel: Channel }>('category, subcategory, channel');
  return {
    groups: groupsOf(cells, grouped('owner')),
    voided: db.prepare(`SELECT count(*) FROM ${MONTH_ROWS} WHERE ${where} AND status = 'voided'`).pluck().get(parameters) as number,
    causes: db.prepare(`SELECT cause, count(*) AS count FROM ${MONTH_ROWS} WHERE ${where} AND status = 'closed' AND closed_at <= @asOf GROUP BY cause`).all(parameters) as Array<{ cause: Cause | null; count: number }>,
    medianReplyHours: medians(db, month, asOf),
  };
}

export function categoryCountsNow(db: BetterSqlite3.Database, month: string): Partial<Record<Category, number>> {
  const rows = db.prepare(`SELECT category, sum(received) AS count FROM month_cells WHERE month = ? GROUP BY category`).all(month) as Array<{ category: Category; count: number }>;
  return Object.fromEntries(rows.map((row) => [row.category, row.count]));
}

function emptyCounts(): MonthCounts {
  return Object.fromEntries(COUNT_FIELDS.map((field) => [field, 0])) as unknown as MonthCounts;
}

/** The small dimensions come from one grouping by category, sub-category and channel, added up here. */
function groupsOf(cells: ReadonlyArray<MonthCounts & { category: Category; subcategory: string | null; channel: Channel }>, byOwner: Array<MonthCounts & { owner: string }>): MonthGroups {
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
    // Rows as SQLite made them (extra columns such as channel are simply not read).
    byCategory: [...cells],
    byChannel: [...rollUp((cell) => cell.channel).entries()].map(([channel, counts]) => ({ ...counts, channel: channel as Channel })),
    byOwner,
  };
}

/**
 * The on-site visits (亲临现场) to the month's complaints made by `asOf`, voided complaints left out,
 * oldest first: which complaint, and the minutes from dispatch to arrival.
 */
export function monthVisits(db: BetterSqlite3.Database, month: string, asOf: Date): Array<{ id: number; minutes: number }> {
  return db
    .prepare(
      `SELECT e.complaint_id AS id, json_extract(e.data, '$.arrivalMinutes') AS minutes
         FROM ${MONTH_ROWS} JOIN events e ON e.complaint_id = complaints.id
        WHERE complaints.received_month = ? AND complaints.status <> 'voided' AND e.type = 'visit' AND e.at <= ?
        ORDER BY e.at, e.id`,
    )
    .all(month, asOf.toISOString()) as Array<{ id: number; minutes: number }>;
}
