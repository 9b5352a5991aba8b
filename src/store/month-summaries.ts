// Keeps the report's month tables (month_cells, month_owners, month_causes) equal to the sums of
// contributionOf() over every complaint. Called by the store's only two writers of complaints,
// inside the caller's transaction, so the sums can never drift from the rows.
import type BetterSqlite3 from 'better-sqlite3';
import type { Complaint } from '../domain/complaint.js';
import type { SummaryCounts } from '../domain/month-counts.js';
import { SUMMARY_FIELDS, contributionOf } from '../domain/month-counts.js';

const COLUMN: Record<keyof SummaryCounts, string> = {
  received: 'received',
  replied: 'replied',
  repliedOnTime: 'replied_on_time',
  repliedLate: 'replied_late',
  closed: 'closed',
  escalated: 'escalated',
  repeat: 'repeat',
  rated: 'rated',
  satisfied: 'satisfied',
  voided: 'voided',
};

const upsert = (table: string, keys: string[]): string => {
  const columns = SUMMARY_FIELDS.map((field) => COLUMN[field]);
  return `INSERT INTO ${table} (${[...keys, ...columns].join(', ')}) VALUES (${[...keys, ...columns].map(() => '?').join(', ')})
          ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${columns.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`;
};

export class MonthSummaries {
  private readonly cells: BetterSqlite3.Statement;
  private readonly owners: BetterSqlite3.Statement;
  private readonly causes: BetterSqlite3.Statement;

  constructor(db: BetterSqlite3.Database) {
    this.cells = db.prepare(upsert('month_cells', ['month', 'category', 'subcategory', 'channel']));
    this.owners = db.prepare(upsert('month_owners', ['month', 'owner']));
    this.causes = db.prepare('INSERT INTO month_causes (month, cause, closed) VALUES (?, ?, ?) ON CONFLICT (month, cause) DO UPDATE SET closed = closed + excluded.closed');
  }

  /** Adds (sign +1) or takes away (sign −1) what a complaint counts for. */
  count(complaint: Complaint, sign: 1 | -1): void {
    const part = contributionOf(complaint);
    const values = SUMMARY_FIELDS.map((field) => sign * part.counts[field]);
    this.cells.run(part.month, part.category, part.subcategory, part.channel, ...values);
    this.owners.run(part.month, part.owner, ...values);
    if (part.cause !== null) this.causes.run(part.month, part.cause, sign);
  }
}
