// The report's SQL on PostgreSQL, for a period of whole months of one office, as
// src/store/sqlite/report-queries.ts reckons it: as it stands now from the month tables
// (month-tables.ts keeps them), as of an earlier time from the period's complaints.
// Names the program reads are quoted: PostgreSQL folds unquoted names to lower case.
import type { Category, Cause, Channel } from '../../domain/complaint.js';
import { buildingOf, placeOf } from '../../domain/place.js';
import type { MonthCategoryCounts, MonthCounts } from '../../domain/report.js';
import { TOP_PLACES, groupsOf } from '../../domain/report.js';
import { spanName } from '../../domain/period.js';
import type { MonthFigures, PlaceFigures } from '../store.js';
import type { OfficeDb } from './db.js';

type Cell = MonthCounts & { category: Category; subcategory: string | null; channel: Channel };

/** The counts of SPEC §3 over the period's complaints, judged at $asOf (a parameter's number): what came after has not happened yet. */
const countsAsOf = (asOf: string): string => `count(*) AS received,
  count(*) FILTER (WHERE replied_at <= ${asOf}) AS replied,
  count(*) FILTER (WHERE replied_at <= ${asOf} AND reply_on_time) AS "repliedOnTime",
  count(*) FILTER (WHERE replied_at <= ${asOf} AND NOT reply_on_time) AS "repliedLate",
  count(*) FILTER (WHERE coalesce(replied_at <= ${asOf}, false) OR reply_due_at < ${asOf}) AS "clockEnded",
  count(*) FILTER (WHERE closed_at <= ${asOf}) AS closed,
  count(*) FILTER (WHERE escalated_at <= ${asOf}) AS escalated,
  count(*) FILTER (WHERE repeat_count > 0) AS repeat,
  count(*) FILTER (WHERE satisfaction IS NOT NULL) AS rated,
  count(*) FILTER (WHERE satisfaction IN ('satisfied', 'basic')) AS satisfied,
  count(*) FILTER (WHERE revisited_at <= ${asOf}) AS revisited,
  count(*) FILTER (WHERE revisited_at <= ${asOf} AND revisit_on_time) AS "revisitedOnTime",
  count(*) FILTER (WHERE revisited_at <= ${asOf} AND revisit_satisfaction IN ('satisfied', 'basic')) AS "revisitSatisfied",
  count(*) FILTER (WHERE coalesce(revisited_at <= ${asOf}, false) OR (closed_at <= ${asOf} AND revisit_due_at < ${asOf})) AS "revisitClockEnded"`;

/**
 * The same counts read from the month tables; clockEnded starts at the replies (revisitClockEnded
 * at the return visits) and is completed by the caller.
 */
function countsNow(value: (column: string) => string): string {
  return `${value('received')} AS received, ${value('replied')} AS replied, ${value('replied_on_time')} AS "repliedOnTime",
  ${value('replied_late')} AS "repliedLate", ${value('replied')} AS "clockEnded", ${value('closed')} AS closed,
  ${value('escalated')} AS escalated, ${value('repeat')} AS repeat, ${value('rated')} AS rated,
  ${value('satisfied')} AS satisfied, ${value('revisited')} AS revisited, ${value('revisited_on_time')} AS "revisitedOnTime",
  ${value('revisit_satisfied')} AS "revisitSatisfied", ${value('revisited')} AS "revisitClockEnded"`;
}

const COUNTS_NOW = countsNow((column) => `sum(${column})`);
const COUNTS_OF_SPAN = countsNow((column) => column);

/** The replies a median is taken of: the office's, not voided (and the period's, by the caller). */
const REPLIES = `office_id = $1 AND received_month BETWEEN $2 AND $3 AND reply_hours IS NOT NULL AND status <> 'voided'`;

/** The period as it stands now, from the month tables. */
export async function periodFiguresNow(db: OfficeDb, from: string, to: string): Promise<MonthFigures> {
  const office = db.officeId;
  // The three statements sent together (one round trip).
  const cellsRead = db.query<Cell & { voided: number }>(
    `SELECT category, nullif(subcategory, '') AS subcategory, channel, ${COUNTS_NOW}, sum(voided) AS voided
       FROM month_cells WHERE office_id = $1 AND month BETWEEN $2 AND $3
      GROUP BY category, subcategory, channel ORDER BY category COLLATE "C", subcategory COLLATE "C", channel COLLATE "C"`,
    [office, from, to],
  );
  // A quarter or a year has a row a clerk of its own (span_owners; its medians are in span_medians).
  const span = spanName(from, to);
  const ownersRead =
    span === null
      ? db.query<MonthCounts & { owner: string; median: number | null }>(
          `SELECT owner, ${COUNTS_NOW}, max(median_reply_hours) AS median FROM month_owners
            WHERE office_id = $1 AND month BETWEEN $2 AND $3 GROUP BY owner ORDER BY owner COLLATE "C"`,
          [office, from, to],
        )
      : db.query<MonthCounts & { owner: string; median: number | null }>(
          `SELECT owner, ${COUNTS_OF_SPAN}, NULL::double precision AS median FROM span_owners
            WHERE office_id = $1 AND span = $2 ORDER BY owner COLLATE "C"`,
          [office, span],
        );
  const causesRead = db.query<{ cause: Cause | null; count: number }>(
    `SELECT nullif(cause, '') AS cause, sum(closed) AS count FROM month_causes
      WHERE office_id = $1 AND month BETWEEN $2 AND $3 GROUP BY cause HAVING sum(closed) > 0 ORDER BY cause COLLATE "C"`,
    [office, from, to],
  );
  const [{ rows: cells }, ownersResult, { rows: causes }] = await Promise.all([cellsRead, ownersRead, causesRead]);
  const owners = ownersResult.rows.filter((row) => row.received > 0);
  return {
    groups: groupsOf(cells, owners),
    voided: cells.reduce((total, cell) => total + cell.voided, 0),
    causes,
    medianReplyHours: await medianNow(db, from, to, owners),
  };
}

/**
 * Each clerk's median reply time as it stands now: a month's and a quarter's or a year's are kept
 * (month_owners, span_medians); any other run of months is reckoned from the replies, interpolated
 * as SQLite's median() does.
 */
async function medianNow(
  db: OfficeDb,
  from: string,
  to: string,
  owners: ReadonlyArray<{ owner: string; median: number | null }>,
): Promise<Map<string, number>> {
  if (from === to) return new Map(owners.filter((row) => row.median !== null).map((row) => [row.owner, row.median!]));
  const span = spanName(from, to);
  const rows =
    span !== null
      ? await db.query<{ owner: string; median: number }>(
          `SELECT owner, median_reply_hours AS median FROM span_medians
            WHERE office_id = $1 AND span = $2 AND median_reply_hours IS NOT NULL ORDER BY owner COLLATE "C"`,
          [db.officeId, span],
        )
      : await db.query<{ owner: string; median: number }>(
          `SELECT owner, percentile_cont(0.5) WITHIN GROUP (ORDER BY reply_hours) AS median FROM complaints
            WHERE ${REPLIES} GROUP BY owner ORDER BY owner COLLATE "C"`,
          [db.officeId, from, to],
        );
  return new Map(rows.rows.map((row) => [row.owner, row.median]));
}

/**
 * The median of each clerk's reply times as they stood at `asOf` (the middle one or two averaged,
 * as SQLite reckons it there).
 */
async function mediansAsOf(db: OfficeDb, from: string, to: string, asOf: Date): Promise<Map<string, number>> {
  const { rows } = await db.query<{ owner: string; median: number }>(
    `SELECT owner, avg(reply_hours) AS median FROM (
       SELECT owner, reply_hours,
              row_number() OVER (PARTITION BY owner ORDER BY reply_hours) AS position,
              count(*) OVER (PARTITION BY owner) AS replies
         FROM complaints WHERE ${REPLIES} AND replied_at <= $4) AS ranked
      WHERE position IN ((replies + 1) / 2, (replies + 2) / 2)
      GROUP BY owner ORDER BY owner COLLATE "C"`,
    [db.officeId, from, to, asOf],
  );
  return new Map(rows.map((row) => [row.owner, row.median]));
}

/** The period's complaints received by $4 (asOf). */
const PERIOD_AS_OF = `office_id = $1 AND received_month BETWEEN $2 AND $3 AND received_at <= $4`;

/** The period as it stood at `asOf`, from its complaints. */
export async function periodFiguresAsOf(db: OfficeDb, from: string, to: string, asOf: Date): Promise<MonthFigures> {
  const values = [db.officeId, from, to, asOf];
  const grouped = async <T extends object>(columns: string): Promise<T[]> =>
    (
      await db.query<T>(
        `SELECT ${columns}, ${countsAsOf('$4')} FROM complaints WHERE ${PERIOD_AS_OF} AND status <> 'voided'
          GROUP BY ${columns} ORDER BY ${columns
            .split(', ')
            .map((column) => `${column} COLLATE "C"`)
            .join(', ')}`,
        values,
      )
    ).rows;
  const cells = await grouped<Cell>('category, subcategory, channel');
  const byOwner = await grouped<MonthCounts & { owner: string }>('owner');
  const voided = await db.query<{ count: number }>(
    `SELECT count(*) AS count FROM complaints WHERE ${PERIOD_AS_OF} AND status = 'voided'`,
    values,
  );
  const causes = await db.query<{ cause: Cause | null; count: number }>(
    `SELECT cause, count(*) AS count FROM complaints WHERE ${PERIOD_AS_OF} AND status = 'closed' AND closed_at <= $4
      GROUP BY cause ORDER BY cause COLLATE "C"`,
    values,
  );
  return {
    groups: groupsOf(cells, byOwner),
    voided: voided.rows[0]!.count,
    causes: causes.rows,
    medianReplyHours: await mediansAsOf(db, from, to, asOf),
  };
}

/** Each month's counts by category, from `from` to `to`, as they stand now (the month tables). */
export async function monthlyCountsNow(db: OfficeDb, from: string, to: string): Promise<MonthCategoryCounts[]> {
  const { rows } = await db.query<MonthCategoryCounts>(
    `SELECT month, category, ${COUNTS_NOW} FROM month_cells WHERE office_id = $1 AND month BETWEEN $2 AND $3
      GROUP BY month, category ORDER BY month, category COLLATE "C"`,
    [db.officeId, from, to],
  );
  return rows;
}

/** The same as they stood at `asOf`, from the complaints. */
export async function monthlyCountsAsOf(
  db: OfficeDb,
  from: string,
  to: string,
  asOf: Date,
): Promise<MonthCategoryCounts[]> {
  const { rows } = await db.query<MonthCategoryCounts>(
    `SELECT received_month AS month, category, ${countsAsOf('$4')} FROM complaints
      WHERE ${PERIOD_AS_OF} AND status <> 'voided'
      GROUP BY received_month, category ORDER BY received_month, category COLLATE "C"`,
    [db.officeId, from, to, asOf],
  );
  return rows;
}

/**
 * The units with the most repeat complaints (the report's TOP_PLACES of them), each by category,
 * from the repeat complaints' own index; ranked as the report ranks them (ties by the unit's name
 * in code-unit order: COLLATE "C", as SQLite's binary order).
 */
async function repeatUnits(
  db: OfficeDb,
  from: string,
  to: string,
  asOf: Date | null,
): Promise<PlaceFigures['repeatUnits']> {
  const rows = `FROM complaints WHERE office_id = $1 AND received_month BETWEEN $2 AND $3 AND repeat_count > 0
    AND status <> 'voided' AND unit IS NOT NULL${asOf === null ? '' : ' AND received_at <= $4'}`;
  const { rows: units } = await db.query<PlaceFigures['repeatUnits'][number]>(
    `SELECT unit, category, count(*) AS repeat, sum(repeat_count)::integer AS reopenings ${rows}
       AND unit IN (SELECT unit ${rows} GROUP BY unit
                     ORDER BY count(*) DESC, sum(repeat_count) DESC, unit COLLATE "C" LIMIT ${TOP_PLACES})
     GROUP BY unit, category ORDER BY unit COLLATE "C", category COLLATE "C"`,
    asOf === null ? [db.officeId, from, to] : [db.officeId, from, to, asOf],
  );
  return units;
}

/** As they stand now: month_places (a quarter's or a year's: span_places), and the repeat complaints. */
export async function placeFiguresNow(db: OfficeDb, from: string, to: string): Promise<PlaceFigures> {
  const span = spanName(from, to);
  // The two statements sent together (one round trip).
  const placesRead =
    span === null
      ? db.query<PlaceFigures['places'][number]>(
          `SELECT kind, place, category, sum(received) AS received, sum(repeat) AS repeat FROM month_places
            WHERE office_id = $1 AND month BETWEEN $2 AND $3 GROUP BY kind, place, category HAVING sum(received) > 0
            ORDER BY kind, place COLLATE "C", category COLLATE "C"`,
          [db.officeId, from, to],
        )
      : db.query<PlaceFigures['places'][number]>(
          `SELECT kind, place, category, received, repeat FROM span_places
            WHERE office_id = $1 AND span = $2 AND received > 0 ORDER BY kind, place COLLATE "C", category COLLATE "C"`,
          [db.officeId, span],
        );
  const [places, units] = await Promise.all([placesRead, repeatUnits(db, from, to, null)]);
  return { places: places.rows, repeatUnits: units };
}

/** As they stood at `asOf`: from the period's complaints, placed by the same rules as month_places. */
export async function placeFiguresAsOf(db: OfficeDb, from: string, to: string, asOf: Date): Promise<PlaceFigures> {
  const sums = new Map<string, PlaceFigures['places'][number]>();
  const add = (kind: 'building' | 'location', place: string, category: Category, repeat: number): void => {
    const key = `${kind}\u001f${place}\u001f${category}`;
    const row = sums.get(key) ?? { kind, place, category, received: 0, repeat: 0 };
    row.received += 1;
    row.repeat += repeat;
    sums.set(key, row);
  };
  const { rows } = await db.query<{ unit: string | null; location: string | null; category: Category; repeat: number }>(
    `SELECT unit, location, category, (repeat_count > 0)::integer AS repeat FROM complaints
      WHERE ${PERIOD_AS_OF} AND status <> 'voided' ORDER BY id`,
    [db.officeId, from, to, asOf],
  );
  for (const row of rows) {
    add('building', buildingOf(row.unit) ?? '', row.category, row.repeat);
    const place = placeOf(row.location);
    if (place !== null) add('location', place, row.category, row.repeat);
  }
  return { places: [...sums.values()], repeatUnits: await repeatUnits(db, from, to, asOf) };
}

/**
 * The on-site visits (亲临现场) to the period's complaints made by `asOf`, voided complaints left
 * out, oldest first: which complaint, and the minutes from dispatch to arrival.
 */
export async function periodVisits(
  db: OfficeDb,
  from: string,
  to: string,
  asOf: Date,
): Promise<Array<{ id: number; minutes: number }>> {
  const { rows } = await db.query<{ id: number; minutes: number }>(
    `SELECT e.complaint_id AS id, (e.data ->> 'arrivalMinutes')::double precision AS minutes
       FROM events e JOIN complaints c ON c.office_id = e.office_id AND c.id = e.complaint_id
      WHERE e.office_id = $1 AND e.type = 'visit' AND e.at <= $2 AND c.received_month BETWEEN $3 AND $4
        AND c.status <> 'voided'
      ORDER BY e.at, e.id`,
    [db.officeId, asOf, from, to],
  );
  return rows;
}
