// Keeps the office's report tables (month_cells, month_owners, month_causes, month_places, and the
// quarters' and years' span_owners, span_places, span_medians) equal to the sums of contributionOf()
// over its complaints, as src/store/sqlite/month-tables.ts does on SQLite. Called by the store's
// writers of complaints inside their transaction. A change is summed here first — what the
// complaint counted for taken away, what it counts for now added — then each table gets one
// INSERT … ON CONFLICT DO UPDATE of the rows that move: a few statements a change, not dozens.
import type { SummedRow } from '../../domain/month-counts.js';
import { ContributionSums, SUMMARY_FIELDS, sumKey } from '../../domain/month-counts.js';
import { spansOf } from '../../domain/period.js';
import type { NewComplaint } from '../store.js';
import type { OfficeDb } from './db.js';

export { SUMMARY_COLUMN } from '../month-columns.js';
import { SUMMARY_COLUMN } from '../month-columns.js';

const COUNT_COLUMNS = SUMMARY_FIELDS.map((field) => SUMMARY_COLUMN[field]);

type Rows = Map<string, SummedRow>;

/** A table's key columns and count columns. */
interface Table {
  name: string;
  keys: string[];
  counts: string[];
}

const TABLES = {
  cells: { name: 'month_cells', keys: ['month', 'category', 'subcategory', 'channel'], counts: COUNT_COLUMNS },
  owners: { name: 'month_owners', keys: ['month', 'owner'], counts: COUNT_COLUMNS },
  causes: { name: 'month_causes', keys: ['month', 'cause'], counts: ['closed'] },
  places: { name: 'month_places', keys: ['month', 'kind', 'place', 'category'], counts: ['received', 'repeat'] },
  spanOwners: { name: 'span_owners', keys: ['span', 'owner'], counts: COUNT_COLUMNS },
  spanPlaces: { name: 'span_places', keys: ['span', 'kind', 'place', 'category'], counts: ['received', 'repeat'] },
} satisfies Record<string, Table>;

/** The rows of `added` less those of `taken`, leaving out the rows that do not move. */
function difference(added: Rows, taken: Rows): Rows {
  const moved: Rows = new Map();
  for (const [name, row] of added) moved.set(name, { key: row.key, values: [...row.values] });
  for (const [name, row] of taken) {
    const into = moved.get(name);
    if (into) row.values.forEach((value, index) => (into.values[index]! -= value));
    else moved.set(name, { key: row.key, values: row.values.map((value) => -value) });
  }
  for (const [name, row] of moved) if (row.values.every((value) => value === 0)) moved.delete(name);
  return moved;
}

/** A month's rows (key led by the month) summed into its quarter's and year's. */
function spanRows(rows: Rows): Rows {
  const spans: Rows = new Map();
  for (const { key, values } of rows.values()) {
    const [month, ...rest] = key;
    for (const span of spansOf(month!)) {
      const spanKey = [span.name, ...rest];
      const into = spans.get(sumKey(spanKey));
      if (into) values.forEach((value, index) => (into.values[index]! += value));
      else spans.set(sumKey(spanKey), { key: spanKey, values: [...values] });
    }
  }
  return spans;
}

export class MonthTables {
  constructor(private readonly db: OfficeDb) {}

  /** After a complaint's row changed from `before` (null: a new complaint) to `after`. */
  async changed(before: NewComplaint | null, after: NewComplaint): Promise<void> {
    const added = new ContributionSums();
    added.add(after);
    const taken = new ContributionSums();
    if (before !== null) taken.add(before);
    // Sent together, and run in this order: the medians are reckoned from the complaints as written.
    await Promise.all([
      this.write({
        cells: difference(added.cells, taken.cells),
        owners: difference(added.owners, taken.owners),
        causes: difference(added.causes, taken.causes),
        places: difference(added.places, taken.places),
      }),
      this.recountMedians(before, after),
    ]);
  }

  /** Many new complaints' sums at once (a ledger import), then each of their clerks' medians once. */
  async addAll(sums: ContributionSums): Promise<void> {
    await this.write(sums);
    for (const { key } of sums.owners.values()) await this.recountMedian(key[0]!, key[1]!);
  }

  /** Each table's rows, the statements sent together (pipelined): one round trip for them all. */
  private async write(rows: Pick<ContributionSums, 'cells' | 'owners' | 'causes' | 'places'>): Promise<void> {
    await Promise.all([
      this.upsert(TABLES.cells, rows.cells),
      this.upsert(TABLES.owners, rows.owners),
      this.upsert(TABLES.causes, rows.causes),
      this.upsert(TABLES.places, rows.places),
      this.upsert(TABLES.spanOwners, spanRows(rows.owners)),
      this.upsert(TABLES.spanPlaces, spanRows(rows.places)),
    ]);
  }

  /** Adds each row's counts to the table's row of the same key (made when missing): one statement for them all. */
  private async upsert(table: Table, rows: Rows): Promise<void> {
    if (rows.size === 0) return;
    const all = [...rows.values()];
    const keys = table.keys.map((_, index) => all.map((row) => row.key[index]!));
    const counts = table.counts.map((_, index) => all.map((row) => row.values[index]!));
    const arrays = [
      ...keys.map((_, index) => `$${index + 2}::text[]`),
      ...counts.map((_, index) => `$${index + 2 + keys.length}::integer[]`),
    ];
    await this.db.query(
      `INSERT INTO ${table.name} AS t (office_id, ${[...table.keys, ...table.counts].join(', ')})
       SELECT $1, * FROM unnest(${arrays.join(', ')})
       ON CONFLICT (office_id, ${table.keys.join(', ')})
       DO UPDATE SET ${table.counts.map((column) => `${column} = t.${column} + excluded.${column}`).join(', ')}`,
      [this.db.officeId, ...keys, ...counts],
    );
  }

  /**
   * After a complaint's row changed from `before` to `after`: the clerk's median moves when a reply
   * time is added, taken away (reopened, voided) or handed to another clerk.
   */
  private async recountMedians(before: NewComplaint | null, after: NewComplaint): Promise<void> {
    if (
      before !== null &&
      before.replyHours === after.replyHours &&
      before.owner === after.owner &&
      before.receivedMonth === after.receivedMonth &&
      (before.status === 'voided') === (after.status === 'voided')
    )
      return;
    if (before === null && after.replyHours === null) return;
    await Promise.all([
      this.recountMedian(after.receivedMonth, after.owner),
      before !== null && (before.owner !== after.owner || before.receivedMonth !== after.receivedMonth)
        ? this.recountMedian(before.receivedMonth, before.owner)
        : undefined,
    ]);
  }

  /**
   * A clerk's median reply time in a month (the middle one or two of the month's replies,
   * averaged, as SQLite reckons it), and in its quarter and year (SQLite's median(): the middle
   * two interpolated, as percentile_cont does), in one statement.
   */
  async recountMedian(month: string, owner: string): Promise<void> {
    const replies = `FROM complaints WHERE office_id = $1 AND reply_hours IS NOT NULL AND status <> 'voided' AND owner = $3`;
    const [quarter, year] = spansOf(month);
    await this.db.query(
      `WITH month_median AS (
         UPDATE month_owners SET median_reply_hours = (
           SELECT avg(reply_hours) FROM (
             SELECT reply_hours, row_number() OVER (ORDER BY reply_hours) AS position, count(*) OVER () AS replies
               ${replies} AND received_month = $2) AS ranked
            WHERE position IN ((replies + 1) / 2, (replies + 2) / 2))
          WHERE office_id = $1 AND month = $2 AND owner = $3)
       INSERT INTO span_medians (office_id, span, owner, median_reply_hours)
       SELECT $1, spans.span, $3,
              (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY reply_hours) ${replies} AND received_month = ANY(spans.months))
         FROM (VALUES ($4::text, $5::text[]), ($6::text, $7::text[])) AS spans (span, months)
       ON CONFLICT (office_id, span, owner) DO UPDATE SET median_reply_hours = excluded.median_reply_hours`,
      [this.db.officeId, month, owner, quarter!.name, quarter!.months, year!.name, year!.months],
    );
  }
}
