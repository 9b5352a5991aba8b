// `complaint migrate`: an SQLite ledger's office copied into an office on a company's server, in one
// transaction — complaints (new ids, the file's kept as source_id), their events and alerts (sent,
// settled and unsent as they were), the office's calendar days and sent digests, the official
// schedules of years the server lacks, and a new office's settings; the report's tables summed
// from the copied complaints. Copying the same ledger again copies only what it did not copy before.
// Before the commit, the copy is recounted as `doctor` does; a difference rolls it all back.
import { ContributionSums } from '../../domain/month-counts.js';
import { OperationError } from '../../domain/errors.js';
import type { LedgerSnapshot, SnapshotComplaint, SnapshotOffice } from '../sqlite/ledger-snapshot.js';
import type { Office, TableCounts } from '../store.js';
import { COLUMN_NAMES, COMPLAINT_COLUMNS, complaintValues } from './complaints.js';
import type { PostgresConnection } from './connect.js';
import type { OfficeDb } from './db.js';
import { officeHealth } from './maintenance.js';
import { MonthTables } from './month-tables.js';
import { insertOffice, listOffices } from './settings.js';

/** Complaints copied at a time: one statement each for them, their events and their alerts. */
export const COPY_BATCH = 1_000;

export interface CopyRequest {
  /** the office on the server to copy into (made when missing) */
  officeCode: string;
  /** the file's office to copy */
  source: SnapshotOffice;
  /**
   * What the copies' `source` column holds: the same for every copy of the same ledger, so that a
   * second run knows what the first copied (see sourceIdentity).
   */
  identity: string;
  /** how far the copy is: complaints done of all */
  onProgress?: (done: number, total: number) => void;
}

export interface CopyOutcome {
  office: { code: string; name: string; created: boolean; timezone: string | null };
  /** the file's office's time zone (its settings) */
  sourceTimezone: string | null;
  copied: TableCounts & { officeDays: number; digests: number; scheduleYears: number[] };
  /** the file's complaints found copied by an earlier run, left as they are */
  alreadyCopied: number;
  /** the new ids, first and last (null: none copied) */
  ids: { first: number; last: number } | null;
  /** the file's ids of complaints copied before that have gained events or alerts in the file since */
  changedSince: number[];
}

/**
 * What identifies a ledger's office for good, kept in each copy's `source`: the office's code and
 * the moment it was made in the file, which neither moving, renaming nor backing up the file
 * changes (a path would: the same ledger copied again from a new place would be copied twice).
 */
export function sourceIdentity(office: SnapshotOffice): string {
  return `sqlite:${office.code}@${office.createdAt.toISOString()}`;
}

/**
 * Copies the file's office into the server's office `request.officeCode`, in one transaction on
 * `connection` (schema up to date). Refused with nothing changed: a recount that differs.
 */
export async function copyLedger(
  connection: PostgresConnection,
  location: string,
  snapshot: LedgerSnapshot,
  request: CopyRequest,
): Promise<CopyOutcome> {
  await connection.query('BEGIN');
  try {
    const outcome = await copyInTransaction(connection, location, snapshot, request);
    const { command } = await connection.query('COMMIT');
    if (command !== 'COMMIT') throw new Error('the transaction was aborted by an earlier failure and rolled back');
    return outcome;
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function copyInTransaction(
  connection: PostgresConnection,
  location: string,
  snapshot: LedgerSnapshot,
  request: CopyRequest,
): Promise<CopyOutcome> {
  const { source, identity } = request;
  // Two copies into the same office at once would each find the other's rows missing: one waits.
  await connection.query("SELECT pg_advisory_xact_lock(hashtext('complaint migrate'), hashtext($1))", [
    request.officeCode,
  ]);
  const sourceSettings = snapshot.settings(source.id);
  const { office, created } = await targetOffice(connection, request.officeCode, source, sourceSettings);
  // (nothing is held: every statement of the copy is awaited in turn, inside the caller's transaction)
  const db: OfficeDb = { query: connection.query.bind(connection), officeId: office.id, hold: () => undefined };
  const timezone = (
    await db.query<{ value: string }>("SELECT value FROM settings WHERE office_id = $1 AND key = 'timezone'", [
      office.id,
    ])
  ).rows[0]?.value;

  const copiedBefore = new Map<number, number>();
  for (const row of (
    await db.query<{ id: number; source_id: number }>(
      'SELECT id, source_id FROM complaints WHERE office_id = $1 AND source = $2',
      [office.id, identity],
    )
  ).rows)
    copiedBefore.set(row.source_id, row.id);
  const importKeys = new Set(
    (
      await db.query<{ import_key: string }>(
        'SELECT import_key FROM complaints WHERE office_id = $1 AND import_key IS NOT NULL',
        [office.id],
      )
    ).rows.map((row) => row.import_key),
  );

  const fileCounts = snapshot.countsByComplaint(source.id);
  const total = fileCounts.size;
  const sums = new ContributionSums();
  const expected: TableCounts = { complaints: 0, events: 0, alerts: 0 };
  let first: number | null = null;
  let last: number | null = null;
  let done = 0;
  let analyzedAt = 0;
  let copiedEvents = 0;
  let copiedAlerts = 0;
  request.onProgress?.(0, total);
  for (let after = 0; ;) {
    const batch = snapshot.complaintsAfter(source.id, after, COPY_BATCH);
    if (batch.length === 0) break;
    const upTo = batch.at(-1)!.complaint.id;
    const fresh = batch.filter((row) => !copiedBefore.has(row.complaint.id));
    if (fresh.length > 0) {
      const ids = await insertComplaints(db, fresh, identity, importKeys);
      const mapped = new Map(fresh.map((row, index) => [row.complaint.id, ids[index]!]));
      const events = snapshot.eventsBetween(source.id, after, upTo).filter((event) => mapped.has(event.complaintId));
      const alerts = snapshot.alertsBetween(source.id, after, upTo).filter((alert) => mapped.has(alert.complaintId));
      await insertEvents(db, events, mapped);
      await insertAlerts(db, alerts, mapped);
      // What the recount expects is the file's own count of each complaint's events and alerts, not what was read.
      for (const row of fresh) {
        sums.add(row.complaint);
        const counted = fileCounts.get(row.complaint.id);
        expected.events += counted?.events ?? 0;
        expected.alerts += counted?.alerts ?? 0;
      }
      expected.complaints += fresh.length;
      copiedEvents += events.length;
      copiedAlerts += alerts.length;
      first ??= ids[0]!;
      last = ids.at(-1)!;
      // The rows of an uncommitted transaction are in no statistics: without these, the planner
      // takes the tables for as empty as they were (each event's foreign-key check, and the
      // recount, would read the whole office's complaints). Each time the copy has doubled.
      if (expected.complaints >= 2 * analyzedAt) {
        await analyze(db);
        analyzedAt = expected.complaints;
      }
    }
    done += batch.length;
    request.onProgress?.(done, total);
    after = upTo;
  }
  await new MonthTables(db).addAll(sums);

  const officeDays = await copyOfficeDays(db, snapshot, source.id);
  const digests = await copyDigests(db, snapshot, source.id);
  const scheduleYears = await copySchedules(db, snapshot);
  const changedSince = await changedAfterCopy(db, identity, copiedBefore, fileCounts);

  if (expected.complaints > 0) await analyze(db);
  await recount(connection, db, location, { identity, firstId: first, total, expected });
  return {
    office: { code: office.code, name: office.name, created, timezone: timezone ?? null },
    sourceTimezone: sourceSettings.timezone ?? null,
    copied: {
      complaints: expected.complaints,
      events: copiedEvents,
      alerts: copiedAlerts,
      officeDays,
      digests,
      scheduleYears,
    },
    alreadyCopied: copiedBefore.size,
    ids: first === null || last === null ? null : { first, last },
    changedSince,
  };
}

/** Brings the planner's statistics of the tables the copy writes up to date, this transaction's rows counted. */
async function analyze(db: OfficeDb): Promise<void> {
  await db.query('ANALYZE complaints, events, alerts');
}

/** The server's office of that code, or a new one with the file's office's name and settings. */
async function targetOffice(
  connection: PostgresConnection,
  code: string,
  source: SnapshotOffice,
  settings: Record<string, string>,
): Promise<{ office: Office; created: boolean }> {
  const found = (await listOffices(connection)).find((office) => office.code === code);
  if (found !== undefined) return { office: found, created: false };
  return {
    office: await insertOffice(connection, { code, name: source.name, settings }, source.createdAt),
    created: true,
  };
}

/** Writes complaints with ids taken in their order from the sequence; returns the ids, in the same order. */
async function insertComplaints(
  db: OfficeDb,
  rows: readonly SnapshotComplaint[],
  identity: string,
  importKeys: Set<string>,
): Promise<number[]> {
  const { rows: taken } = await db.query<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence('complaints', 'id')) AS id FROM generate_series(1, $1::integer)`,
    [rows.length],
  );
  const ids = taken.map((row) => row.id).sort((a, b) => a - b);
  // A ledger row the office imported itself as well keeps its key once: on the complaint there first.
  const keys = rows.map((row) => {
    if (row.importKey === null || importKeys.has(row.importKey)) return null;
    importKeys.add(row.importKey);
    return row.importKey;
  });
  const table = rows.map((row) => complaintValues(row.complaint));
  const values = COLUMN_NAMES.map((_, index) => table.map((row) => row[index]));
  const arrays = [
    '$2::bigint[]',
    ...COLUMN_NAMES.map((column, index) => `$${index + 3}::${COMPLAINT_COLUMNS[column]}[]`),
    `$${COLUMN_NAMES.length + 3}::text[]`,
    `$${COLUMN_NAMES.length + 4}::bigint[]`,
    `$${COLUMN_NAMES.length + 5}::timestamptz[]`,
  ];
  await db.query(
    `INSERT INTO complaints (office_id, id, ${COLUMN_NAMES.join(', ')}, import_key, source_id, created_at, source)
     SELECT $1, *, $${COLUMN_NAMES.length + 6}::text FROM unnest(${arrays.join(', ')})`,
    [
      db.officeId,
      ids,
      ...values,
      keys,
      rows.map((row) => row.complaint.id),
      rows.map((row) => row.createdAt),
      identity,
    ],
  );
  return ids;
}

async function insertEvents(
  db: OfficeDb,
  events: ReturnType<LedgerSnapshot['eventsBetween']>,
  mapped: Map<number, number>,
): Promise<void> {
  if (events.length === 0) return;
  await db.query(
    `INSERT INTO events (office_id, complaint_id, type, at, recorded_at, actor, data)
     SELECT $1, complaint_id, type, at, recorded_at, actor, data::json
       FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[])
            WITH ORDINALITY AS e (complaint_id, type, at, recorded_at, actor, data, position)
      ORDER BY position`,
    [
      db.officeId,
      events.map((event) => mapped.get(event.complaintId)!),
      events.map((event) => event.type),
      events.map((event) => event.at),
      events.map((event) => event.recordedAt),
      events.map((event) => event.actor),
      events.map((event) => event.data),
    ],
  );
}

/** Alerts as they stood: delivered, settled or waiting (a claim in flight is not copied: the alert waits unclaimed). */
async function insertAlerts(
  db: OfficeDb,
  alerts: ReturnType<LedgerSnapshot['alertsBetween']>,
  mapped: Map<number, number>,
): Promise<void> {
  if (alerts.length === 0) return;
  await db.query(
    `INSERT INTO alerts (office_id, complaint_id, deadline, due_at, target, round, flagged_at, notified_at, settled_at)
     SELECT $1, complaint_id, deadline, due_at, target, round, flagged_at, notified_at, settled_at
       FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::integer[], $7::timestamptz[],
                   $8::timestamptz[], $9::timestamptz[])
            WITH ORDINALITY AS a (complaint_id, deadline, due_at, target, round, flagged_at, notified_at, settled_at, position)
      ORDER BY position`,
    [
      db.officeId,
      alerts.map((alert) => mapped.get(alert.complaintId)!),
      alerts.map((alert) => alert.deadline),
      alerts.map((alert) => alert.dueAt),
      alerts.map((alert) => alert.target),
      alerts.map((alert) => alert.round),
      alerts.map((alert) => alert.flaggedAt),
      alerts.map((alert) => alert.notifiedAt),
      alerts.map((alert) => alert.settledAt),
    ],
  );
}

/**
 * The office's calendar days, every entry in the order written, after the office's own (the newest
 * entry of a date counts); an entry already there (copied before) is not added again.
 */
async function copyOfficeDays(db: OfficeDb, snapshot: LedgerSnapshot, officeId: number): Promise<number> {
  const days = snapshot.officeDays(officeId);
  if (days.length === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO calendar_office_days (office_id, date, kind, note, set_at, actor)
     SELECT $1, d.date, d.kind, d.note, d.set_at, d.actor
       FROM unnest($2::date[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
            WITH ORDINALITY AS d (date, kind, note, set_at, actor, position)
      WHERE NOT EXISTS (SELECT 1 FROM calendar_office_days c
                         WHERE c.office_id = $1 AND c.date = d.date AND c.kind IS NOT DISTINCT FROM d.kind
                           AND c.note IS NOT DISTINCT FROM d.note AND c.set_at = d.set_at AND c.actor = d.actor)
      ORDER BY position`,
    [
      db.officeId,
      days.map((day) => day.date),
      days.map((day) => day.kind),
      days.map((day) => day.note),
      days.map((day) => day.setAt),
      days.map((day) => day.actor),
    ],
  );
  return rowCount ?? 0;
}

/** The daily digests the file's office sent, so that the server does not post today's again. */
async function copyDigests(db: OfficeDb, snapshot: LedgerSnapshot, officeId: number): Promise<number> {
  const digests = snapshot.sentDigests(officeId);
  if (digests.length === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO digests (office_id, day, target, sent_at)
     SELECT $1, * FROM unnest($2::date[], $3::text[], $4::timestamptz[])
     ON CONFLICT (office_id, day, target) DO NOTHING`,
    [db.officeId, digests.map((d) => d.day), digests.map((d) => d.target), digests.map((d) => d.sentAt)],
  );
  return rowCount ?? 0;
}

/** The official schedules of years the server has none of (they are shared by every office), in the order imported. */
async function copySchedules(db: OfficeDb, snapshot: LedgerSnapshot): Promise<number[]> {
  const known = new Set(
    (await db.query<{ year: number }>('SELECT DISTINCT year FROM calendar_imports')).rows.map((row) => row.year),
  );
  const missing = snapshot.scheduleImports().filter((entry) => !known.has(entry.year));
  if (missing.length === 0) return [];
  await db.query(
    `INSERT INTO calendar_imports (year, schedule, source, imported_at, actor)
     SELECT year, schedule::json, source, imported_at, actor
       FROM unnest($1::integer[], $2::text[], $3::text[], $4::timestamptz[], $5::text[])
            WITH ORDINALITY AS s (year, schedule, source, imported_at, actor, position)
      ORDER BY position`,
    [
      missing.map((entry) => entry.year),
      missing.map((entry) => entry.schedule),
      missing.map((entry) => entry.source),
      missing.map((entry) => entry.importedAt),
      missing.map((entry) => entry.actor),
    ],
  );
  return [...new Set(missing.map((entry) => entry.year))].sort((a, b) => a - b);
}

/**
 * The file's complaints copied by an earlier run that have more events or alerts in the file than
 * their copies hold: changed in the file since. Their copies are left as they are (the server's
 * ledger may have moved on too); the caller says so.
 */
async function changedAfterCopy(
  db: OfficeDb,
  identity: string,
  copiedBefore: Map<number, number>,
  fileCounts: Map<number, { events: number; alerts: number }>,
): Promise<number[]> {
  if (copiedBefore.size === 0) return [];
  const { rows } = await db.query<{ source_id: number; events: number; alerts: number }>(
    `SELECT c.source_id,
            (SELECT count(*) FROM events e WHERE e.office_id = c.office_id AND e.complaint_id = c.id) AS events,
            (SELECT count(*) FROM alerts a WHERE a.office_id = c.office_id AND a.complaint_id = c.id) AS alerts
       FROM complaints c WHERE c.office_id = $1 AND c.source = $2`,
    [db.officeId, identity],
  );
  return rows
    .filter((row) => {
      const file = fileCounts.get(row.source_id);
      return file !== undefined && (file.events > row.events || file.alerts > row.alerts);
    })
    .map((row) => row.source_id)
    .sort((a, b) => a - b);
}

/**
 * The copy read back before it is committed: every complaint of the file is on the server, this
 * run's copies hold as many events and alerts as the file's, and the office's report tables equal
 * a recount of its complaints (doctor's check). Otherwise an OperationError naming what differs.
 */
async function recount(
  connection: PostgresConnection,
  db: OfficeDb,
  location: string,
  check: { identity: string; firstId: number | null; total: number; expected: TableCounts },
): Promise<void> {
  const { rows } = await db.query<{ every: number; complaints: number; events: number; alerts: number }>(
    `WITH copied AS (SELECT id FROM complaints WHERE office_id = $1 AND source = $2 AND id >= $3)
     SELECT (SELECT count(*) FROM complaints WHERE office_id = $1 AND source = $2) AS every,
            (SELECT count(*) FROM copied) AS complaints,
            (SELECT count(*) FROM events WHERE office_id = $1 AND complaint_id IN (SELECT id FROM copied)) AS events,
            (SELECT count(*) FROM alerts WHERE office_id = $1 AND complaint_id IN (SELECT id FROM copied)) AS alerts`,
    [db.officeId, check.identity, check.firstId ?? Number.MAX_SAFE_INTEGER],
  );
  const found = rows[0]!;
  const differences = recountDifferences(check.expected, found, check.total, found.every);
  const health = await officeHealth(connection, db, location);
  if (health.monthsAdrift === null) differences.push('months ?');
  else if (health.monthsAdrift.length > 0) differences.push(`months ${health.monthsAdrift.join(' ')}`);
  if (differences.length > 0)
    throw new OperationError('migrate.recountFailed', { differences: differences.join('; ') });
}

/**
 * What differs between the file's counts and the server's, each as "events 120≠118" (the file's,
 * then the server's; the message catalogue says so): "all" for every complaint of the file.
 */
export function recountDifferences(
  expected: TableCounts,
  found: TableCounts,
  fileComplaints: number,
  serverComplaints: number,
): string[] {
  const differences: string[] = [];
  if (fileComplaints !== serverComplaints) differences.push(`all ${fileComplaints}≠${serverComplaints}`);
  for (const table of ['complaints', 'events', 'alerts'] as const)
    if (expected[table] !== found[table]) differences.push(`${table} ${expected[table]}≠${found[table]}`);
  return differences;
}
