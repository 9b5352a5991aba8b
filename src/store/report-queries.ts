// The monthly report's SQL: every figure is aggregated by SQLite over the month's rows, found
// through the received_at index, so the cost follows the month's complaints, not the years kept.
import type BetterSqlite3 from 'better-sqlite3';
import type { Category, Cause, Channel } from '../domain/complaint.js';
import type { MonthCounts, MonthGroups } from '../domain/report.js';

export interface MonthFigures {
  groups: MonthGroups;
  voided: number;
  causes: Array<{ cause: Cause | null; count: number }>;
  replies: Array<{ owner: string; from: Date; repliedAt: Date }>;
}

const IN_MONTH = 'received_at >= @from AND received_at < @to AND received_at <= @asOf';
/**
 * Every month query reads through the received_at index. Left to itself, the planner may pick
 * the status index for "status = 'closed'" and walk every closed complaint of every year.
 */
const MONTH_ROWS = 'complaints INDEXED BY complaints_received_at';

/** The counts of SPEC §3, judged at @asOf: a reply or closing after it has not happened yet. */
const COUNTS = `count(*) AS received,
  coalesce(sum(replied_at <= @asOf), 0) AS replied,
  coalesce(sum(replied_at <= @asOf AND reply_on_time = 1), 0) AS repliedOnTime,
  coalesce(sum(replied_at <= @asOf AND reply_on_time = 0), 0) AS repliedLate,
  coalesce(sum(coalesce(replied_at <= @asOf, 0) OR reply_due_at < @asOf), 0) AS clockEnded,
  coalesce(sum(closed_at <= @asOf), 0) AS closed,
  coalesce(sum(escalated_at <= @asOf), 0) AS escalated,
  coalesce(sum(repeat_count > 0), 0) AS repeat,
  coalesce(sum(satisfaction IS NOT NULL), 0) AS rated,
  coalesce(sum(satisfaction IN ('satisfied', 'basic')), 0) AS satisfied`;

export function monthFigures(db: BetterSqlite3.Database, from: Date, to: Date, asOf: Date): MonthFigures {
  const range = { from: from.toISOString(), to: to.toISOString(), asOf: asOf.toISOString() };
  const grouped = <T>(columns: string): T[] =>
    db.prepare(`SELECT ${columns}, ${COUNTS} FROM ${MONTH_ROWS} WHERE ${IN_MONTH} AND status <> 'voided' GROUP BY ${columns}`).all(range) as T[];
  // One pass for the small dimensions (at most 4 × 9 × 4 groups), rolled up by the caller; one for the clerks.
  const cells = grouped<MonthCounts & { category: Category; subcategory: string | null; channel: Channel }>('category, subcategory, channel');
  const groups: MonthGroups = {
    totals: rollUp(cells, () => 'all').get('all') ?? emptyCounts(),
    byCategory: [...rollUp(cells, (cell) => `${cell.category}\u0000${cell.subcategory ?? ''}`).entries()].map(([key, counts]) => {
      const [category, subcategory] = key.split('\u0000') as [Category, string];
      return { ...counts, category, subcategory: subcategory === '' ? null : subcategory };
    }),
    byChannel: [...rollUp(cells, (cell) => cell.channel).entries()].map(([channel, counts]) => ({ ...counts, channel: channel as Channel })),
    byOwner: grouped('owner'),
  };
  const voided = db.prepare(`SELECT count(*) FROM ${MONTH_ROWS} WHERE ${IN_MONTH} AND status = 'voided'`).pluck().get(range) as number;
  const causes = db
    .prepare(`SELECT cause, count(*) AS count FROM ${MONTH_ROWS} WHERE ${IN_MONTH} AND status = 'closed' AND closed_at <= @asOf GROUP BY cause`)
    .all(range) as Array<{ cause: Cause | null; count: number }>;
  const replies = (
    db.prepare(`SELECT owner, reply_clock_from, replied_at FROM ${MONTH_ROWS} WHERE ${IN_MONTH} AND status <> 'voided' AND replied_at <= @asOf`).raw().all(range) as Array<[string, string, string]>
  ).map(([owner, from, repliedAt]) => ({ owner, from: new Date(from), repliedAt: new Date(repliedAt) }));
  return { groups, voided, causes, replies };
}

const COUNT_FIELDS = ['received', 'replied', 'repliedOnTime', 'repliedLate', 'clockEnded', 'closed', 'escalated', 'repeat', 'rated', 'satisfied'] as const;

function emptyCounts(): MonthCounts {
  return Object.fromEntries(COUNT_FIELDS.map((field) => [field, 0])) as unknown as MonthCounts;
}

/** Adds up grouped counts under a coarser key. */
function rollUp<T extends MonthCounts>(cells: readonly T[], key: (cell: T) => string): Map<string, MonthCounts> {
  const totals = new Map<string, MonthCounts>();
  for (const cell of cells) {
    const name = key(cell);
    const total = totals.get(name) ?? emptyCounts();
    for (const field of COUNT_FIELDS) total[field] += cell[field];
    totals.set(name, total);
  }
  return totals;
}

export function categoryCounts(db: BetterSqlite3.Database, from: Date, to: Date): Partial<Record<Category, number>> {
  const rows = db
    .prepare(`SELECT category, count(*) AS count FROM ${MONTH_ROWS} WHERE received_at >= @from AND received_at < @to AND status <> 'voided' GROUP BY category`)
    .all({ from: from.toISOString(), to: to.toISOString() }) as Array<{ category: Category; count: number }>;
  return Object.fromEntries(rows.map((row) => [row.category, row.count]));
}
