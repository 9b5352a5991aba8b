// The monthly report's SQL: every figure is aggregated by SQLite over the month's rows, found
// through the received_at index, so the cost follows the month's complaints, not the years kept.
import type BetterSqlite3 from 'better-sqlite3';
import type { Category, Cause } from '../domain/complaint.js';
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
    db.prepare(`SELECT ${columns ? `${columns}, ` : ''}${COUNTS} FROM ${MONTH_ROWS} WHERE ${IN_MONTH} AND status <> 'voided'${columns ? ` GROUP BY ${columns}` : ''}`).all(range) as T[];
  const groups: MonthGroups = {
    totals: grouped<MonthCounts>('')[0]!,
    byCategory: grouped('category, subcategory'),
    byChannel: grouped('channel'),
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

export function categoryCounts(db: BetterSqlite3.Database, from: Date, to: Date): Partial<Record<Category, number>> {
  const rows = db
    .prepare(`SELECT category, count(*) AS count FROM ${MONTH_ROWS} WHERE received_at >= @from AND received_at < @to AND status <> 'voided' GROUP BY category`)
    .all({ from: from.toISOString(), to: to.toISOString() }) as Array<{ category: Category; count: number }>;
  return Object.fromEntries(rows.map((row) => [row.category, row.count]));
}
