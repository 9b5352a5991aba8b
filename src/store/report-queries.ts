// The monthly report's SQL: every figure is aggregated by SQLite over the month's rows, found
// through the received_at index, so the cost follows the month's complaints, not the years kept.
import type BetterSqlite3 from 'better-sqlite3';
import type { Category, Cause } from '../domain/complaint.js';
import type { MonthCube } from '../domain/report.js';

export interface MonthFigures {
  cube: MonthCube[];
  voided: number;
  causes: Array<{ cause: Cause | null; count: number }>;
  replies: Array<{ owner: string; from: Date; repliedAt: Date }>;
}

const IN_MONTH = 'received_at >= @from AND received_at < @to AND received_at <= @asOf';

export function monthFigures(db: BetterSqlite3.Database, from: Date, to: Date, asOf: Date): MonthFigures {
  const range = { from: from.toISOString(), to: to.toISOString(), asOf: asOf.toISOString() };
  const cube = db
    .prepare(
      `SELECT category, subcategory, channel, owner,
              count(*) AS received,
              coalesce(sum(replied_at <= @asOf), 0) AS replied,
              coalesce(sum(replied_at <= @asOf AND reply_on_time = 1), 0) AS repliedOnTime,
              coalesce(sum(replied_at <= @asOf AND reply_on_time = 0), 0) AS repliedLate,
              coalesce(sum(coalesce(replied_at <= @asOf, 0) OR reply_due_at < @asOf), 0) AS clockEnded,
              coalesce(sum(closed_at <= @asOf), 0) AS closed,
              coalesce(sum(escalated_at <= @asOf), 0) AS escalated,
              sum(repeat_count > 0) AS repeat,
              sum(satisfaction IS NOT NULL) AS rated,
              sum(satisfaction IN ('satisfied', 'basic')) AS satisfied
         FROM complaints
        WHERE ${IN_MONTH} AND status <> 'voided'
        GROUP BY category, subcategory, channel, owner`,
    )
    .all(range) as MonthCube[];
  const voided = db.prepare(`SELECT count(*) FROM complaints WHERE ${IN_MONTH} AND status = 'voided'`).pluck().get(range) as number;
  const causes = db
    .prepare(`SELECT cause, count(*) AS count FROM complaints WHERE ${IN_MONTH} AND status = 'closed' AND closed_at <= @asOf GROUP BY cause`)
    .all(range) as Array<{ cause: Cause | null; count: number }>;
  const replies = (
    db.prepare(`SELECT owner, reply_clock_from, replied_at FROM complaints WHERE ${IN_MONTH} AND status <> 'voided' AND replied_at <= @asOf`).raw().all(range) as Array<[string, string, string]>
  ).map(([owner, from, repliedAt]) => ({ owner, from: new Date(from), repliedAt: new Date(repliedAt) }));
  return { cube, voided, causes, replies };
}

export function categoryCounts(db: BetterSqlite3.Database, from: Date, to: Date): Partial<Record<Category, number>> {
  const rows = db
    .prepare(`SELECT category, count(*) AS count FROM complaints WHERE received_at >= @from AND received_at < @to AND status <> 'voided' GROUP BY category`)
    .all({ from: from.toISOString(), to: to.toISOString() }) as Array<{ category: Category; count: number }>;
  return Object.fromEntries(rows.map((row) => [row.category, row.count]));
}
