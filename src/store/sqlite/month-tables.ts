// Keeps the report's month tables (month_cells, month_owners, month_causes, month_places) equal to the sums of
// contributionOf() over every complaint, and the quarters' and years' clerks and places (span_owners,
// span_places) equal to the sums of their months. Called by the store's only two writers of complaints,
// inside the caller's transaction, so the sums can never drift from the rows.
import type BetterSqlite3 from 'better-sqlite3';
import type { Complaint } from '../../domain/complaint.js';
import type { NewComplaint } from '../store.js';
import { ContributionSums, SUMMARY_FIELDS, contributionOf, placeRows } from '../../domain/month-counts.js';
import { spansOf } from '../../domain/period.js';
import type { OfficeScope } from './offices.js';

export { SUMMARY_COLUMN } from '../month-columns.js';
import { SUMMARY_COLUMN } from '../month-columns.js';

const upsert = (table: string, keys: string[]): string => {
  const columns = SUMMARY_FIELDS.map((field) => SUMMARY_COLUMN[field]);
  return `INSERT INTO ${table} (${[...keys, ...columns].join(', ')}) VALUES (${[...keys, ...columns].map(() => '?').join(', ')})
          ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${columns.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`;
};

export class MonthSummaries {
  private readonly cells: BetterSqlite3.Statement;
  private readonly owners: BetterSqlite3.Statement;
  private readonly causes: BetterSqlite3.Statement;
  private readonly places: BetterSqlite3.Statement;
  private readonly spanOwners: BetterSqlite3.Statement;
  private readonly spanPlaces: BetterSqlite3.Statement;
  private readonly median: BetterSqlite3.Statement;
  private readonly spanMedian: Record<'quarter' | 'year', BetterSqlite3.Statement>;

  constructor(
    db: BetterSqlite3.Database,
    private readonly office: OfficeScope,
  ) {
    // The middle one or two of the clerk's reply times, read in order from the complaints_month index.
    const replies = `FROM complaints INDEXED BY complaints_month WHERE received_month = @month AND owner = @owner AND office_id = @office AND reply_hours IS NOT NULL AND status <> 'voided'`;
    this.median = db.prepare(
      `UPDATE month_owners SET median_reply_hours = (
         SELECT avg(reply_hours) FROM (SELECT reply_hours ${replies} ORDER BY reply_hours
           LIMIT 2 - (SELECT count(*) ${replies}) % 2 OFFSET (SELECT (count(*) - 1) / 2 ${replies})))
       WHERE office_id = @office AND month = @month AND owner = @owner`,
    );
    // A quarter's or a year's median: the clerk's replies of those months, found by one index seek
    // a month (NULL when none is left).
    const spanMedian = (months: number): BetterSqlite3.Statement =>
      db.prepare(
        `INSERT INTO span_medians (office_id, span, owner, median_reply_hours)
         SELECT @office, @span, @owner, median(reply_hours) FROM complaints INDEXED BY complaints_month
          WHERE received_month IN (${Array.from({ length: months }, (_, index) => `@m${index}`).join(', ')}) AND owner = @owner
            AND office_id = @office AND reply_hours IS NOT NULL AND status <> 'voided'
         ON CONFLICT (office_id, span, owner) DO UPDATE SET median_reply_hours = excluded.median_reply_hours`,
      );
    this.spanMedian = { quarter: spanMedian(3), year: spanMedian(12) };
    this.cells = db.prepare(upsert('month_cells', ['office_id', 'month', 'category', 'subcategory', 'channel']));
    this.owners = db.prepare(upsert('month_owners', ['office_id', 'month', 'owner']));
    const places = (table: string, period: string): string =>
      `INSERT INTO ${table} (office_id, ${period}, kind, place, category, received, repeat) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (office_id, ${period}, kind, place, category) DO UPDATE SET received = received + excluded.received, repeat = repeat + excluded.repeat`;
    this.places = db.prepare(places('month_places', 'month'));
    this.spanOwners = db.prepare(upsert('span_owners', ['office_id', 'span', 'owner']));
    this.spanPlaces = db.prepare(places('span_places', 'span'));
    this.causes = db.prepare(
      'INSERT INTO month_causes (office_id, month, cause, closed) VALUES (?, ?, ?, ?) ON CONFLICT (office_id, month, cause) DO UPDATE SET closed = closed + excluded.closed',
    );
  }

  /**
   * After a complaint's row changed from `before` to `after`: the clerk's median moves when a reply
   * time is added, taken away (reopened, voided) or handed to another clerk.
   */
  recountMedians(before: Complaint | null, after: Complaint): void {
    if (
      before !== null &&
      before.replyHours === after.replyHours &&
      before.owner === after.owner &&
      before.receivedMonth === after.receivedMonth &&
      (before.status === 'voided') === (after.status === 'voided')
    )
      return;
    if (before === null && after.replyHours === null) return;
    this.recountMedian(after.receivedMonth, after.owner);
    if (before !== null && (before.owner !== after.owner || before.receivedMonth !== after.receivedMonth))
      this.recountMedian(before.receivedMonth, before.owner);
  }

  recountMedian(month: string, owner: string): void {
    const office = this.office.id;
    this.median.run({ office, month, owner });
    for (const span of spansOf(month)) {
      const months = Object.fromEntries(span.months.map((name, index) => [`m${index}`, name]));
      this.spanMedian[span.kind].run({ office, span: span.name, owner, ...months });
    }
  }

  /**
   * For many new complaints (a ledger import): what they count for is summed here as they come,
   * then each month cell and clerk is written once, and each clerk's median recounted once.
   */
  accumulator(): { add(complaint: NewComplaint): void; flush(): void } {
    const sums = new ContributionSums();
    return {
      add: (complaint) => sums.add(complaint),
      flush: () => {
        const office = this.office.id;
        for (const { key, values } of sums.cells.values()) this.cells.run(office, ...key, ...values);
        for (const { key, values } of sums.owners.values()) this.addOwner(key[0]!, key[1]!, values);
        for (const { key, values } of sums.causes.values()) this.causes.run(office, ...key, ...values);
        for (const { key, values } of sums.places.values()) this.addPlace(key, values);
        for (const { key } of sums.owners.values()) this.recountMedian(key[0]!, key[1]!);
      },
    };
  }

  /** Adds (sign +1) or takes away (sign −1) what a complaint counts for. */
  count(complaint: Complaint, sign: 1 | -1): void {
    const part = contributionOf(complaint);
    const values = SUMMARY_FIELDS.map((field) => sign * part.counts[field]);
    const office = this.office.id;
    this.cells.run(office, part.month, part.category, part.subcategory, part.channel, ...values);
    this.addOwner(part.month, part.owner, values);
    if (part.cause !== null) this.causes.run(office, part.month, part.cause, sign);
    for (const [key, values] of placeRows(part))
      this.addPlace(
        key,
        values.map((value) => sign * value),
      );
  }

  /** A clerk's counts added to a month, and to its quarter and year. */
  private addOwner(month: string, owner: string, values: readonly number[]): void {
    const office = this.office.id;
    this.owners.run(office, month, owner, ...values);
    for (const span of spansOf(month)) this.spanOwners.run(office, span.name, owner, ...values);
  }

  /** A place's counts (key: month, kind, place, category) added to a month, and to its quarter and year. */
  private addPlace(key: readonly string[], values: readonly number[]): void {
    const [month, ...place] = key;
    const office = this.office.id;
    this.places.run(office, ...key, ...values);
    for (const span of spansOf(month!)) this.spanPlaces.run(office, span.name, ...place, ...values);
  }
}
