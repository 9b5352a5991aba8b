// A ledger's import on PostgreSQL: rows are kept as they come (LedgerWriter.add is synchronous) and
// written a batch at a time — a multi-row INSERT of the complaints, ids taken from their sequence in
// the order given, then one of their events — inside the caller's transaction; the month tables
// are brought up to date once, at the end.
import { ContributionSums } from '../../domain/month-counts.js';
import { importKey } from '../import-key.js';
import type { LedgerWriter, NewComplaint, NewEvent } from '../store.js';
import { COLUMN_NAMES, COMPLAINT_COLUMNS, complaintValues } from './complaints.js';
import type { OfficeDb } from './db.js';
import type { MonthTables } from './month-tables.js';

/** Complaints written at a time: one statement each for them and their events. */
export const LEDGER_BATCH = 500;

/** The office's ledger keys (complaints.import_key), read this many at a time. */
const KEY_PAGE = 50_000;

interface Pending {
  complaint: NewComplaint;
  key: string;
  events: readonly NewEvent[];
}

/**
 * Whether a ledger row was imported before. The answer must be synchronous (the ledger is read row
 * by row), so the office's keys are held in memory — on SQLite, beyond 200,000 keys each is looked
 * up instead, which a server connection cannot do synchronously.
 */
export async function importedBefore(db: OfficeDb): Promise<(identity: string) => boolean> {
  const keys = new Set<string>();
  for (let after = 0; ;) {
    const { rows } = await db.query<{ id: number; import_key: string }>(
      `SELECT id, import_key FROM complaints WHERE office_id = $1 AND import_key IS NOT NULL AND id > $2
        ORDER BY id LIMIT ${KEY_PAGE}`,
      [db.officeId, after],
    );
    for (const row of rows) keys.add(row.import_key);
    if (rows.length < KEY_PAGE) break;
    after = rows.at(-1)!.id;
  }
  if (keys.size === 0) return () => false;
  return (identity) => keys.has(importKey(identity));
}

export function ledgerWriter(db: OfficeDb, monthTables: MonthTables, recordedAt: Date): LedgerWriter {
  const sums = new ContributionSums();
  let batch: Pending[] = [];
  // Batches are written one after another, on the connection's queue; the first failure is kept
  // for finish() (the caller's transaction is aborted by it, so nothing of the ledger lands).
  let written: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  const send = (): void => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    written = written.then(async () => {
      if (failure === null)
        await writeBatch(db, rows, recordedAt).catch((error: unknown) => void (failure ??= { error }));
    });
    db.hold(written);
  };
  return {
    add: (complaint, identity, events) => {
      batch.push({ complaint, key: importKey(identity), events });
      sums.add(complaint);
      if (batch.length >= LEDGER_BATCH) send();
    },
    finish: async () => {
      send();
      await written;
      if (failure !== null) throw failure.error;
      await monthTables.addAll(sums);
    },
  };
}

async function writeBatch(db: OfficeDb, rows: readonly Pending[], recordedAt: Date): Promise<void> {
  // Ids taken in order first, so that they follow the ledger's order and its events can name them.
  const { rows: ids } = await db.query<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence('complaints', 'id')) AS id FROM generate_series(1, $1::integer)`,
    [rows.length],
  );
  const numbers = ids.map((row) => row.id).sort((a, b) => a - b);
  const columns = COLUMN_NAMES.map((column, index) => ({ column, index }));
  const table = rows.map((row) => complaintValues(row.complaint));
  const values = columns.map(({ index }) => table.map((row) => row[index]));
  const arrays = [
    '$2::bigint[]',
    ...columns.map(({ column }, index) => `$${index + 3}::${COMPLAINT_COLUMNS[column]}[]`),
    `$${columns.length + 3}::text[]`,
  ];
  await db.query(
    `INSERT INTO complaints (office_id, id, ${COLUMN_NAMES.join(', ')}, import_key, created_at)
     SELECT $1, *, $${columns.length + 4}::timestamptz FROM unnest(${arrays.join(', ')})`,
    [db.officeId, numbers, ...values, rows.map((row) => row.key), recordedAt],
  );
  const events = rows.flatMap((row, index) => row.events.map((event) => ({ id: numbers[index]!, event })));
  if (events.length === 0) return;
  await db.query(
    `INSERT INTO events (office_id, complaint_id, type, at, recorded_at, actor, data)
     SELECT $1, complaint_id, type, at, $2, actor, data::json
       FROM unnest($3::bigint[], $4::text[], $5::timestamptz[], $6::text[], $7::text[]) WITH ORDINALITY
            AS e (complaint_id, type, at, actor, data, position)
      ORDER BY position`,
    [
      db.officeId,
      recordedAt,
      events.map((entry) => entry.id),
      events.map((entry) => entry.event.type),
      events.map((entry) => entry.event.at),
      events.map((entry) => entry.event.actor),
      events.map((entry) => JSON.stringify(entry.event.data ?? {})),
    ],
  );
}
