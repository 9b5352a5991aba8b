// The report's SQL, for a period of whole months. The usual report (as of now) reads the month
// tables that the store keeps current (src/store/sqlite/month-tables.ts): a few hundred rows a month,
// whatever the month's size, and a quarter's or a year's clerks and places from rows of their own.
// A report as of an earlier time aggregates the period's complaints themselves, found through the
// complaints_month index. Either way the cost follows the period, not the years kept.
import type BetterSqlite3 from 'better-sqlite3';
import type { Category, Cause, Channel } from '../../domain/complaint.js';
import type { MonthCategoryCounts, MonthCounts } from '../../domain/report.js';
import { TOP_PLACES, groupsOf } from '../../domain/report.js';
import type { MonthFigures, PlaceFigures } from '../store.js';
import { spanName } from '../../domain/period.js';

const MONTH_ROWS = 'complaints INDEXED BY complaints_month';

/**
 * The rows of `select`, as `.all()` gives them, read as one JSON text that SQLite makes of them: for
 * the thousands of rows of a company's clerks and places, better-sqlite3's making an object of each
 * row took twice SQLite's own work (a year's 1,500 clerks: 14–16 ms against 8–9). Numbers, texts and
 * NULLs only (SQLite writes a REAL with the 17 digits that read back as the same number).
 */
function manyRows<Row>(db: BetterSqlite3.Database, select: string, parameters: Record<string, unknown>): Row[] {
  const names = db
    .prepare(select)
    .columns()
    .map((column) => column.name);
  const asObject = names.map((name) => `'${name}', "${name}"`).join(', ');
  const text = db
    .prepare(`SELECT json_group_array(json_object(${asObject})) FROM (${select})`)
    .pluck()
    .get(parameters) as string;
  return JSON.parse(text) as Row[];
}

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
const COUNTS_NOW = countsNow((column) => `sum(${column})`);

/** The counts of one row of a quarter's or a year's table (span_owners), named as COUNTS_NOW names them. */
const COUNTS_OF_SPAN = countsNow((column) => column);

function countsNow(value: (column: string) => string): string {
  return `${value('received')} AS received, ${value('replied')} AS replied, ${value('replied_on_time')} AS repliedOnTime,
  ${value('replied_late')} AS repliedLate, ${value('replied')} AS clockEnded, ${value('closed')} AS closed,
  ${value('escalated')} AS escalated, ${value('repeat')} AS repeat, ${value('rated')} AS rated,
  ${value('satisfied')} AS satisfied, ${value('revisited')} AS revisited, ${value('revisited_on_time')} AS revisitedOnTime,
  ${value('revisit_satisfied')} AS revisitSatisfied, ${value('revisited')} AS revisitClockEnded`;
}

/**
 * The median of each clerk's reply times as they stood at `asOf`, by SQL over the index (which
 * holds month, clerk and reply time: no table rows are read). A month's medians as they stand now
 * are kept in month_owners; a longer period's cannot be made from them, so they are read here.
 */
function medians(
  db: BetterSqlite3.Database,
  office: number,
  from: string,
  to: string,
  asOf: Date,
): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT owner, avg(reply_hours) FROM (
         SELECT owner, reply_hours,
                row_number() OVER (PARTITION BY owner ORDER BY reply_hours) AS position,
                count(*) OVER (PARTITION BY owner) AS replies
           FROM ${MONTH_ROWS}
          WHERE received_month BETWEEN @from AND @to AND office_id = @office AND reply_hours IS NOT NULL AND status <> 'voided'
            AND replied_at <= @asOf)
        WHERE position IN ((replies + 1) / 2, (replies + 2) / 2)
        GROUP BY owner`,
    )
    .raw()
    .all({ office, from, to, asOf: asOf.toISOString() }) as Array<[string, number]>;
  return new Map(rows);
}

/** The period as it stands now, from the month tables. */
export function periodFiguresNow(db: BetterSqlite3.Database, office: number, from: string, to: string): MonthFigures {
  const period = { office, from, to };
  const cells = db
    .prepare(
      `SELECT category, nullif(subcategory, '') AS subcategory, channel, ${COUNTS_NOW}, sum(voided) AS voided FROM month_cells WHERE office_id = @office AND month BETWEEN @from AND @to GROUP BY category, subcategory, channel`,
    )
    .all(period) as Array<
    MonthCounts & { category: Category; subcategory: string | null; channel: Channel; voided: number }
  >;
  // A quarter or a year has a row a clerk of its own (span_owners; its medians are in span_medians).
  const span = spanName(from, to);
  type OwnerRow = MonthCounts & { owner: string; median: number | null };
  const owners = (
    span === null
      ? manyRows<OwnerRow>(
          db,
          `SELECT owner, ${COUNTS_NOW}, max(median_reply_hours) AS median FROM month_owners WHERE office_id = @office AND month BETWEEN @from AND @to GROUP BY owner`,
          period,
        )
      : manyRows<OwnerRow>(
          db,
          `SELECT owner, ${COUNTS_OF_SPAN}, NULL AS median FROM span_owners WHERE office_id = @office AND span = @span`,
          { office, span },
        )
  ).filter((row) => row.received > 0);
  const causes = db
    .prepare(
      `SELECT nullif(cause, '') AS cause, sum(closed) AS count FROM month_causes WHERE office_id = @office AND month BETWEEN @from AND @to GROUP BY cause HAVING sum(closed) > 0`,
    )
    .all(period) as Array<{ cause: Cause | null; count: number }>;
  return {
    groups: groupsOf(cells, owners),
    voided: cells.reduce((total, cell) => total + cell.voided, 0),
    causes,
    medianReplyHours: medianNow(db, office, from, to, owners),
  };
}

/**
 * Each clerk's median reply time as it stands now: a month's and a quarter's or a year's are kept
 * (month_owners, span_medians); any other run of months is reckoned from the replies by SQLite's
 * median() over the month index (no table rows are read).
 */
function medianNow(
  db: BetterSqlite3.Database,
  office: number,
  from: string,
  to: string,
  owners: ReadonlyArray<{ owner: string; median: number | null }>,
): Map<string, number> {
  if (from === to) return new Map(owners.filter((row) => row.median !== null).map((row) => [row.owner, row.median!]));
  const span = spanName(from, to);
  if (span !== null)
    return new Map(
      db
        .prepare(
          'SELECT owner, median_reply_hours FROM span_medians WHERE office_id = ? AND span = ? AND median_reply_hours IS NOT NULL',
        )
        .raw()
        .all(office, span) as Array<[string, number]>,
    );
  const rows = db
    .prepare(
      `SELECT owner, median(reply_hours) FROM ${MONTH_ROWS} WHERE received_month BETWEEN ? AND ? AND office_id = ? AND reply_hours IS NOT NULL AND status <> 'voided' GROUP BY owner`,
    )
    .raw()
    .all(from, to, office) as Array<[string, number]>;
  return new Map(rows);
}

/** The period as it stood at `asOf`, from its complaints. */
export function periodFiguresAsOf(
  db: BetterSqlite3.Database,
  office: number,
  from: string,
  to: string,
  asOf: Date,
): MonthFigures {
  const parameters = { office, from, to, asOf: asOf.toISOString() };
  const where = `received_month BETWEEN @from AND @to AND office_id = @office AND received_at <= @asOf`;
  const grouped = <T>(columns: string): T[] =>
    db
      .prepare(
        `SELECT ${columns}, ${COUNTS_AS_OF} FROM ${MONTH_ROWS} WHERE ${where} AND status <> 'voided' GROUP BY ${columns}`,
      )
      .all(parameters) as T[];
  const cells = grouped<MonthCounts & { category: Category; subcategory: string | null; channel: Channel }>(
    'category, subcategory, channel',
  );
  return {
    groups: groupsOf(cells, grouped('owner')),
    voided: db
      .prepare(`SELECT count(*) FROM ${MONTH_ROWS} WHERE ${where} AND status = 'voided'`)
      .pluck()
      .get(parameters) as number,
    causes: db
      .prepare(
        `SELECT cause, count(*) AS count FROM ${MONTH_ROWS} WHERE ${where} AND status = 'closed' AND closed_at <= @asOf GROUP BY cause`,
      )
      .all(parameters) as Array<{ cause: Cause | null; count: number }>,
    medianReplyHours: medians(db, office, from, to, asOf),
  };
}

/** Each month's counts by category, from `from` to `to`, as they stand now (the month tables). */
export function monthlyCountsNow(
  db: BetterSqlite3.Database,
  office: number,
  from: string,
  to: string,
): MonthCategoryCounts[] {
  return db
    .prepare(
      `SELECT month, category, ${COUNTS_NOW} FROM month_cells WHERE office_id = ? AND month BETWEEN ? AND ? GROUP BY month, category`,
    )
    .all(office, from, to) as MonthCategoryCounts[];
}

/** The same as they stood at `asOf`, from the complaints. */
export function monthlyCountsAsOf(
  db: BetterSqlite3.Database,
  office: number,
  from: string,
  to: string,
  asOf: Date,
): MonthCategoryCounts[] {
  return db
    .prepare(
      `SELECT received_month AS month, category, ${COUNTS_AS_OF} FROM ${MONTH_ROWS} WHERE received_month BETWEEN @from AND @to AND office_id = @office AND received_at <= @asOf AND status <> 'voided' GROUP BY received_month, category`,
    )
    .all({ office, from, to, asOf: asOf.toISOString() }) as MonthCategoryCounts[];
}

/**
 * The units with the most repeat complaints (the report's TOP_PLACES of them: a year has thousands),
 * each by category, read from the repeat complaints' own small index alone (as of an earlier time,
 * also their receipts). Ranked as the report ranks them: most repeat complaints, most reopenings,
 * then the unit's name (SQLite's binary order, which is JavaScript's for any name without
 * characters beyond U+FFFF).
 */
export const repeatUnits = (asOf: boolean): string => {
  const rows = `FROM complaints INDEXED BY complaints_repeat_units
   WHERE received_month BETWEEN @from AND @to AND office_id = @office AND repeat_count > 0 AND status <> 'voided' AND unit IS NOT NULL${asOf ? ' AND received_at <= @asOf' : ''}`;
  return `SELECT unit, category, count(*) AS repeat, sum(repeat_count) AS reopenings ${rows}
     AND unit IN (SELECT unit ${rows} GROUP BY unit ORDER BY count(*) DESC, sum(repeat_count) DESC, unit LIMIT ${TOP_PLACES})
   GROUP BY unit, category`;
};

/** As they stand now: month_places (a quarter's or a year's: span_places), and the small index of repeat complaints. */
export function placeFiguresNow(db: BetterSqlite3.Database, office: number, from: string, to: string): PlaceFigures {
  const span = spanName(from, to);
  const period = { office, from, to };
  return {
    places:
      span === null
        ? manyRows<PlaceFigures['places'][number]>(
            db,
            'SELECT kind, place, category, sum(received) AS received, sum(repeat) AS repeat FROM month_places WHERE office_id = @office AND month BETWEEN @from AND @to GROUP BY kind, place, category HAVING sum(received) > 0',
            period,
          )
        : manyRows<PlaceFigures['places'][number]>(
            db,
            'SELECT kind, place, category, received, repeat FROM span_places WHERE office_id = @office AND span = @span AND received > 0',
            { office, span },
          ),
    repeatUnits: db.prepare(repeatUnits(false)).all(period) as PlaceFigures['repeatUnits'],
  };
}

/** As they stood at `asOf`: from the period's complaints, placed by the same rules as month_places. */
export function placeFiguresAsOf(
  db: BetterSqlite3.Database,
  office: number,
  from: string,
  to: string,
  asOf: Date,
  placeOfRow: (unit: string | null, location: string | null) => { building: string; place: string | null },
): PlaceFigures {
  const parameters = { office, from, to, asOf: asOf.toISOString() };
  const sums = new Map<string, PlaceFigures['places'][number]>();
  const add = (kind: 'building' | 'location', place: string, category: Category, repeat: number): void => {
    const key = `${kind}\u001f${place}\u001f${category}`;
    const row = sums.get(key) ?? { kind, place, category, received: 0, repeat: 0 };
    row.received += 1;
    row.repeat += repeat;
    sums.set(key, row);
  };
  const rows = db
    .prepare(
      `SELECT unit, location, category, repeat_count > 0 AS repeat FROM ${MONTH_ROWS} WHERE received_month BETWEEN @from AND @to AND office_id = @office AND received_at <= @asOf AND status <> 'voided'`,
    )
    .iterate(parameters) as IterableIterator<{
    unit: string | null;
    location: string | null;
    category: Category;
    repeat: number;
  }>;
  for (const row of rows) {
    const where = placeOfRow(row.unit, row.location);
    add('building', where.building, row.category, row.repeat);
    if (where.place !== null) add('location', where.place, row.category, row.repeat);
  }
  return {
    places: [...sums.values()],
    repeatUnits: db.prepare(repeatUnits(true)).all(parameters) as PlaceFigures['repeatUnits'],
  };
}

/**
 * The on-site visits (亲临现场) to the period's complaints made by `asOf`, voided complaints left
 * out, oldest first: which complaint, and the minutes from dispatch to arrival. Read from the visits'
 * own index (few beside the complaints), so a year costs what its visits cost.
 */
export function periodVisits(
  db: BetterSqlite3.Database,
  office: number,
  from: string,
  to: string,
  asOf: Date,
): Array<{ id: number; minutes: number }> {
  return db
    .prepare(
      `SELECT e.complaint_id AS id, json_extract(e.data, '$.arrivalMinutes') AS minutes
         FROM events e INDEXED BY events_visits JOIN complaints c ON c.id = e.complaint_id
        WHERE e.type = 'visit' AND e.at <= ? AND c.received_month BETWEEN ? AND ? AND c.office_id = ? AND c.status <> 'voided'
        ORDER BY e.at, e.id`,
    )
    .all(asOf.toISOString(), from, to, office) as Array<{ id: number; minutes: number }>;
}
