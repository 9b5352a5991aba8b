// An SQLite ledger read for `complaint migrate`, never written: the file is copied (as one
// consistent moment, even while clerks and cron keep writing) into a private temporary folder, and
// that copy is opened the usual way (openDatabase: another program's file, a
// newer schema or a damaged one refused; an older schema brought up to date in the copy alone).
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Complaint } from '../../domain/complaint.js';
import { OperationError } from '../../domain/errors.js';
import type { ComplaintRow } from './complaints.js';
import { toComplaint } from './complaints.js';
import { MIGRATIONS } from './migrations.js';
import { hasSqliteHeader, isDamage, journalledCopy, nativeBinding, openDatabase } from './open.js';

export interface SnapshotOffice {
  id: number;
  code: string;
  name: string;
  createdAt: Date;
}

export interface SnapshotComplaint {
  complaint: Complaint;
  importKey: string | null;
  createdAt: Date;
}

export interface SnapshotEvent {
  complaintId: number;
  type: string;
  at: Date;
  recordedAt: Date;
  actor: string;
  /** as stored: JSON text */
  data: string;
}

export interface SnapshotAlert {
  complaintId: number;
  deadline: string;
  dueAt: Date;
  target: string;
  round: number;
  flaggedAt: Date;
  notifiedAt: Date | null;
  settledAt: Date | null;
}

export interface SnapshotOfficeDay {
  date: string;
  kind: 'off' | 'work' | null;
  note: string | null;
  setAt: Date;
  actor: string;
}

export interface SnapshotScheduleImport {
  year: number;
  /** as stored: JSON text */
  schedule: string;
  source: string;
  importedAt: Date;
  actor: string;
}

export interface SnapshotDigest {
  day: string;
  target: string;
  sentAt: Date;
}

export interface LedgerSnapshot {
  /** the ledger file, as given (absolute) */
  readonly path: string;
  offices(): SnapshotOffice[];
  /** the office's settings (its name is the office's) */
  settings(officeId: number): Record<string, string>;
  /** the office's complaints after `afterId`, by id, at most `limit` */
  complaintsAfter(officeId: number, afterId: number, limit: number): SnapshotComplaint[];
  /** the events of the office's complaints with ids in (afterId, upToId], oldest written first */
  eventsBetween(officeId: number, afterId: number, upToId: number): SnapshotEvent[];
  /** the alerts of the office's complaints with ids in (afterId, upToId], by id */
  alertsBetween(officeId: number, afterId: number, upToId: number): SnapshotAlert[];
  /** how many events and alerts each complaint of the office has */
  countsByComplaint(officeId: number): Map<number, { events: number; alerts: number }>;
  /** the office's calendar days, every entry (set and unset) in the order written */
  officeDays(officeId: number): SnapshotOfficeDay[];
  /** every official schedule imported, in the order imported */
  scheduleImports(): SnapshotScheduleImport[];
  /** the office's daily digests that were sent */
  sentDigests(officeId: number): SnapshotDigest[];
  /** closes the copy and removes it */
  close(): void;
}

/**
 * A private, migrated copy of the ledger at `path` (an existing file). Refusals are the usual
 * OperationErrors (store.foreign, store.tooNew, store.damaged, store.cannotOpen), naming `path`.
 */
export async function openLedgerSnapshot(path: string): Promise<LedgerSnapshot> {
  const folder = mkdtempSync(join(tmpdir(), 'complaint-migrate-'));
  const copy = join(folder, 'ledger.db');
  const done = (): void => rmSync(folder, { recursive: true, force: true });
  let db: BetterSqlite3.Database;
  try {
    await snapshotTo(path, copy);
    db = openDatabase({ path: copy, initialSettings: () => ({}) });
  } catch (error) {
    done();
    throw naming(error, copy, path);
  }
  const all = <T>(sql: string, ...values: unknown[]): T[] => db.prepare(sql).all(...values) as T[];
  const date = (text: string | null): Date | null => (text === null ? null : new Date(text));
  return {
    path,
    offices: () =>
      all<{ id: number; code: string; name: string; created_at: string }>(
        'SELECT id, code, name, created_at FROM offices ORDER BY code',
      ).map((row) => ({ id: row.id, code: row.code, name: row.name, createdAt: new Date(row.created_at) })),
    settings: (officeId) =>
      Object.fromEntries(
        all<{ key: string; value: string }>('SELECT key, value FROM settings WHERE office_id = ?', officeId).map(
          (row) => [row.key, row.value],
        ),
      ),
    complaintsAfter: (officeId, afterId, limit) =>
      all<ComplaintRow & { import_key: string | null; created_at: string }>(
        'SELECT * FROM complaints WHERE office_id = ? AND id > ? ORDER BY id LIMIT ?',
        officeId,
        afterId,
        limit,
      ).map((row) => ({ complaint: toComplaint(row), importKey: row.import_key, createdAt: new Date(row.created_at) })),
    eventsBetween: (officeId, afterId, upToId) =>
      all<{ complaint_id: number; type: string; at: string; recorded_at: string; actor: string; data: string }>(
        `SELECT complaint_id, type, at, recorded_at, actor, data FROM events
          WHERE complaint_id IN (SELECT id FROM complaints WHERE office_id = ? AND id > ? AND id <= ?) ORDER BY id`,
        officeId,
        afterId,
        upToId,
      ).map((row) => ({
        complaintId: row.complaint_id,
        type: row.type,
        at: new Date(row.at),
        recordedAt: new Date(row.recorded_at),
        actor: row.actor,
        data: row.data,
      })),
    alertsBetween: (officeId, afterId, upToId) =>
      all<{
        complaint_id: number;
        deadline: string;
        due_at: string;
        target: string;
        round: number;
        flagged_at: string;
        notified_at: string | null;
        settled_at: string | null;
      }>(
        `SELECT complaint_id, deadline, due_at, target, round, flagged_at, notified_at, settled_at FROM alerts
          WHERE office_id = ? AND complaint_id > ? AND complaint_id <= ? ORDER BY id`,
        officeId,
        afterId,
        upToId,
      ).map((row) => ({
        complaintId: row.complaint_id,
        deadline: row.deadline,
        dueAt: new Date(row.due_at),
        target: row.target,
        round: row.round,
        flaggedAt: new Date(row.flagged_at),
        notifiedAt: date(row.notified_at),
        settledAt: date(row.settled_at),
      })),
    countsByComplaint: (officeId) => {
      const counts = new Map<number, { events: number; alerts: number }>();
      const rows = all<{ id: number; events: number; alerts: number }>(
        `SELECT c.id,
                (SELECT count(*) FROM events e WHERE e.complaint_id = c.id) AS events,
                (SELECT count(*) FROM alerts a WHERE a.complaint_id = c.id) AS alerts
           FROM complaints c WHERE c.office_id = ?`,
        officeId,
      );
      for (const row of rows) counts.set(row.id, { events: row.events, alerts: row.alerts });
      return counts;
    },
    officeDays: (officeId) =>
      all<{ date: string; kind: 'off' | 'work' | null; note: string | null; set_at: string; actor: string }>(
        'SELECT date, kind, note, set_at, actor FROM calendar_office_days WHERE office_id = ? ORDER BY id',
        officeId,
      ).map((row) => ({
        date: row.date,
        kind: row.kind,
        note: row.note,
        setAt: new Date(row.set_at),
        actor: row.actor,
      })),
    scheduleImports: () =>
      all<{ year: number; schedule: string; source: string; imported_at: string; actor: string }>(
        'SELECT year, schedule, source, imported_at, actor FROM calendar_imports ORDER BY id',
      ).map((row) => ({
        year: row.year,
        schedule: row.schedule,
        source: row.source,
        importedAt: new Date(row.imported_at),
        actor: row.actor,
      })),
    sentDigests: (officeId) =>
      all<{ day: string; target: string; sent_at: string }>(
        'SELECT day, target, sent_at FROM digests WHERE office_id = ? AND sent_at IS NOT NULL ORDER BY day, target',
        officeId,
      ).map((row) => ({ day: row.day, target: row.target, sentAt: new Date(row.sent_at) })),
    close: () => {
      try {
        db.close();
      } finally {
        done();
      }
    },
  };
}

/**
 * Copies the ledger at `path` to `copy` without writing to it, or beside it. A file with no -wal
 * beside it holds the whole ledger: it is copied as a file, again if it changed meanwhile (a
 * command wrote to it). A file with a -wal is read through a read-only connection and SQLite's
 * online backup, one consistent moment of it. A file left with a hot rollback journal (never one of
 * this program's, which run in WAL mode) is copied with its journal, rolled back in the copy. A file
 * that is not a complaint ledger of a schema this program knows is refused.
 */
async function snapshotTo(path: string, copy: string): Promise<void> {
  // An empty file would be taken for a new database (and become an empty ledger): it is none.
  if (statSync(path).size === 0 || !hasSqliteHeader(path)) throw new OperationError('migrate.notLedger', { path });
  if (existsSync(`${path}-journal`)) {
    const journalled = journalledCopy(path);
    try {
      copyFileSync(journalled.path, copy);
      copyFileSync(`${journalled.path}-journal`, `${copy}-journal`);
    } finally {
      journalled.done();
    }
  } else if (!copiedWhole(path, copy)) await backedUp(path, copy);
  refuseUnversioned(copy, path);
}

/** The file copied as it is, when it has no -wal and stays the same while it is copied; false otherwise. */
function copiedWhole(path: string, copy: string): boolean {
  const state = (): string => {
    const stat = statSync(path, { bigint: true });
    return `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${existsSync(`${path}-wal`)}`;
  };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const before = state();
    if (before.endsWith('true')) return false;
    copyFileSync(path, copy);
    if (state() === before) return true;
  }
  return false;
}

/** The file read through SQLite's online backup on a read-only connection (its -wal and -shm are there already). */
async function backedUp(path: string, copy: string): Promise<void> {
  rmSync(copy, { force: true });
  let source: BetterSqlite3.Database;
  try {
    source = new BetterSqlite3(path, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() });
  } catch (error) {
    throw new OperationError('store.cannotOpen', { path, reason: (error as Error).message });
  }
  try {
    const version = source.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length)
      throw new OperationError('store.tooNew', { path, version, known: MIGRATIONS.length });
    await source.backup(copy);
  } catch (error) {
    throw refusal(error, path);
  } finally {
    source.close();
  }
}

/**
 * An SQLite file with no schema version is no complaint ledger (openDatabase would take an empty
 * one for a new database): refused before the copy is opened the usual way.
 */
function refuseUnversioned(copy: string, path: string): void {
  let reader: BetterSqlite3.Database | undefined;
  try {
    reader = new BetterSqlite3(copy, { fileMustExist: true, nativeBinding: nativeBinding() });
    if ((reader.pragma('user_version', { simple: true }) as number) === 0)
      throw new OperationError('store.foreign', { path });
  } catch (error) {
    throw refusal(error, path);
  } finally {
    reader?.close();
  }
}

function refusal(error: unknown, path: string): unknown {
  if (error instanceof OperationError) return error;
  if (isDamage(error)) return new OperationError('store.damaged', { path, reason: (error as Error).message });
  return new OperationError('store.cannotOpen', { path, reason: (error as Error).message });
}

/** An error about the private copy, told of the file the user named. */
function naming(error: unknown, copy: string, path: string): unknown {
  if (!(error instanceof OperationError)) return error;
  const params = Object.fromEntries(
    Object.entries(error.params).map(([name, value]) => [
      name,
      typeof value === 'string' ? value.split(copy).join(path) : value,
    ]),
  );
  return new OperationError(error.key, params);
}
