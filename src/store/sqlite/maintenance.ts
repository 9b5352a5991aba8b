// Backup, restore and the doctor's checks: the database as a file. Every copy is made with SQLite's
// online backup, so it is consistent while clerks and cron keep writing, and is checked before it
// is trusted. Files are created 0600: they hold owners' names and phone numbers.
import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { format } from 'date-fns';
import { utc } from '../../domain/dates.js';
import { OperationError } from '../../domain/errors.js';
import { nodeFileSystem, noHardLinks } from '../../files/node-file-system.js';
import { openOutputFile } from '../../files/output-file.js';
import { MIGRATIONS } from './migrations.js';
import { CORE_TABLES, nativeBinding, openDatabase } from './open.js';
import { emptySearchIndex } from './search.js';
import type { DatabaseFacts, LeftoverFile, OnProgress, RestoreOutcome, TableCounts } from '../store.js';

/** Enough of SQLite's findings to say what is wrong without flooding the terminal. */
const MAX_PROBLEMS = 20;

/**
 * Opens a file that should be a complaint database and reports on it, or refuses it (exit 1)
 * when it is missing, not an SQLite database, not a complaint database, or of a newer schema.
 */
export function inspectDatabaseFile(path: string): DatabaseFacts {
  if (!existsSync(path)) throw new OperationError('file.missing', { path });
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() });
  } catch (error) {
    throw new OperationError('file.cannotOpenDatabase', { path, reason: (error as Error).message });
  }
  try {
    return { path, bytes: statSync(path).size, ...readFacts(db, path) };
  } finally {
    db.close();
  }
}

export function readFacts(
  db: BetterSqlite3.Database,
  path: string,
  onCheck?: () => void,
): Omit<DatabaseFacts, 'path' | 'bytes'> {
  let schemaVersion: number;
  let tables: string[];
  try {
    schemaVersion = db.pragma('user_version', { simple: true }) as number;
    tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  } catch (error) {
    throw new OperationError('file.notDatabase', { path, reason: (error as Error).message });
  }
  if (schemaVersion > MIGRATIONS.length)
    throw new OperationError('store.tooNew', { path, version: schemaVersion, known: MIGRATIONS.length });
  if (schemaVersion < 1 || !CORE_TABLES.every((table) => tables.includes(table)))
    throw new OperationError('file.notComplaintDatabase', { path });

  const problems: string[] = [];
  // A badly damaged file makes the checks themselves fail: that failure is the finding.
  const check = (work: () => void): void => {
    try {
      work();
    } catch (error) {
      problems.push((error as Error).message);
    }
  };
  check(() => {
    const integrity = db.pragma(`integrity_check(${MAX_PROBLEMS})`, { simple: false }) as Array<{
      integrity_check: string;
    }>;
    for (const row of integrity) if (row.integrity_check !== 'ok') problems.push(row.integrity_check);
  });
  onCheck?.();
  check(() => {
    const orphans = db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
    for (const row of orphans.slice(0, MAX_PROBLEMS))
      problems.push(`${row.table} row ${row.rowid} refers to a missing ${row.parent} row`);
  });
  onCheck?.();
  const counts: TableCounts = { complaints: 0, events: 0, alerts: 0 };
  for (const table of ['complaints', 'events', 'alerts'] as const)
    if (tables.includes(table))
      check(() => void (counts[table] = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number));
  onCheck?.();
  return { schemaVersion, counts, problems: [...new Set(problems)] };
}

/** Whether a file SQLite cannot open may still be a damaged database: SQLite writes whole pages of 512 bytes or more. */
function couldBeDatabase(path: string): boolean {
  const size = statSync(path).size;
  return size === 0 || (size >= 512 && size % 512 === 0);
}

/** A new file only this user can read, or an error naming why not; never replaces a file. */
function createPrivateFile(path: string): void {
  if (!existsSync(dirname(path))) throw new OperationError('file.noFolder', { path: dirname(path) });
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new OperationError('file.exists', { path });
    throw new OperationError('file.cannotWrite', { path, reason: (error as Error).message });
  }
}

/** Removes a half-made copy (and any journal SQLite left beside it). */
function removeCopy(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

/**
 * Copies the open database `source` to `target` (a new file): page by page through SQLite's online
 * backup in one step, so the copy is the database as of one moment even while others write. The
 * copy is made under a temporary name, turned into a single self-contained file (no WAL beside it),
 * checked, and only then given its name: a failed backup leaves no file that looks like one.
 */
export async function backupDatabase(
  source: BetterSqlite3.Database,
  given: string,
  options: BackupOptions = { requireSound: true },
): Promise<DatabaseFacts> {
  try {
    return await backupInto(source, given, options);
  } finally {
    if (options.closeSource) source.close();
  }
}

interface BackupOptions {
  requireSound: boolean;
  now?: Date;
  closeSource?: boolean;
  onProgress?: OnProgress;
}

const CHECK_WEIGHT = 3;

/** The progress of one part of a larger work, which runs from `from` to `to` of the whole. */
function part(onProgress: OnProgress | undefined, from: number, to: number): OnProgress | undefined {
  return (
    onProgress &&
    ((fraction, checking) => onProgress(from + (to - from) * Math.min(Math.max(fraction, 0), 1), checking))
  );
}

/** A check, told before and after (a new stage is drawn at once: the check itself says nothing for a while). */
function checked<T>(onProgress: OnProgress | undefined, check: () => T): T {
  onProgress?.(0, true);
  const result = check();
  onProgress?.(1, true);
  return result;
}

async function backupInto(
  source: BetterSqlite3.Database,
  given: string,
  options: BackupOptions,
): Promise<DatabaseFacts> {
  // A folder gets a file named after the moment (UTC), so a nightly job can name only the folder.
  const target =
    existsSync(given) && statSync(given).isDirectory()
      ? join(given, `complaint-${compactTime(options.now ?? new Date())}.db`)
      : given;
  // `backup /backup/` names a folder: one that is missing is said so, not made a file of that name.
  if (target === given && /[/\\]$/.test(given)) throw new OperationError('file.noFolder', { path: given });
  if (existsSync(target)) throw new OperationError('file.exists', { path: target });
  // Written like every output file: never over a database, under a partial name until checked.
  const output = openOutputFile(nodeFileSystem, target, { force: false, databasePath: source.name });
  const partial = output.partialPath;
  const copied = 1 / (1 + CHECK_WEIGHT);
  try {
    await copyAll(source, partial, part(options.onProgress, 0, copied));
    const copy = new BetterSqlite3(partial, { fileMustExist: true, nativeBinding: nativeBinding() });
    let facts: Omit<DatabaseFacts, 'path' | 'bytes'>;
    try {
      copy.pragma('journal_mode = DELETE');
      facts = checked(part(options.onProgress, copied, 1), () => readFacts(copy, target));
    } finally {
      copy.close();
    }
    if (options.requireSound && facts.problems.length > 0)
      throw new OperationError('backup.damaged', { path: target, problem: facts.problems[0]! });
    try {
      output.finish();
    } catch (error) {
      // A file that appeared meanwhile is not replaced (a backup has no --force).
      if (error instanceof OperationError && error.key === 'file.existsNoForce')
        throw new OperationError('file.exists', { path: target });
      throw error;
    }
    return { path: target, bytes: statSync(target).size, ...facts };
  } finally {
    output.abandon();
    removeCopy(partial);
  }
}

/** 2026-11-27T01:30:00.123Z → 20261127T013000Z: a moment in a file name. */
export function compactTime(instant: Date): string {
  return format(instant, "yyyyMMdd'T'HHmmss'Z'", { in: utc });
}

/** better-sqlite3 copies this many pages per step: all of them, in one consistent step. */
const ALL_PAGES = 0x7fffffff;
/** Pages per step when progress is shown: 4 MiB of 4 KiB pages, a few milliseconds' copying. */
const STEP_PAGES = 1024;

/**
 * Every page of `source` copied into `target` through SQLite's online backup. Unwatched (cron,
 * scripts), in one step. With `onProgress` (a bar on a terminal), STEP_PAGES at a time so that
 * the count moves: SQLite starts a backup again when another connection changed the source
 * between two steps (the copy is still of one moment); after such a restart the rest is copied in
 * one step, so that a busy ledger cannot keep it restarting.
 */
async function copyAll(source: BetterSqlite3.Database, target: string, onProgress?: OnProgress): Promise<void> {
  if (onProgress === undefined) {
    await source.backup(target, { progress: () => ALL_PAGES });
    return;
  }
  let lastRemaining = Number.POSITIVE_INFINITY;
  let restarted = false;
  await source.backup(target, {
    progress: ({ totalPages, remainingPages }) => {
      restarted ||= remainingPages > lastRemaining;
      lastRemaining = remainingPages;
      onProgress(totalPages > 0 ? 1 - remainingPages / totalPages : 1, false);
      return restarted ? ALL_PAGES : STEP_PAGES;
    },
  });
  onProgress(1, false);
}

/** Every page of the database file `source` written into `target` (a new file, or a database others may have open). */
async function copyPages(source: string, target: string, onProgress?: OnProgress): Promise<void> {
  const reader = new BetterSqlite3(source, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() });
  try {
    await copyAll(reader, target, onProgress);
  } finally {
    reader.close();
  }
}

/**
 * Where each part of a restore ends, as a fraction of the whole, weighed by the files' sizes: the
 * backup checked, copied in and its copy checked; the current ledger copied aside and checked;
 * the restored tables written (as long as a copy of the backup; told table by table, since SQLite
 * says nothing of an INSERT … SELECT as it runs). Without a current ledger to set aside (it
 * cannot be opened: it is linked aside whole), the first three only.
 */
function restoreParts(source: string, live: string | null) {
  const backup = sizeOf(source);
  const current = live === null ? 0 : sizeOf(live);
  const weights = [
    backup * CHECK_WEIGHT,
    backup,
    backup * CHECK_WEIGHT,
    current * (1 + CHECK_WEIGHT),
    live === null ? 0 : backup,
  ];
  const total = weights.reduce((sum, weight) => sum + weight, 0) || 1;
  const ends = weights.map((_, index) => weights.slice(0, index + 1).reduce((sum, weight) => sum + weight, 0) / total);
  return { checkBackup: ends[0]!, prepare: ends[2]!, aside: ends[3]!, write: 1 };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Replaces the content of the open database `live` (at `livePath`) with that of the backup `source`.
 * The backup is checked and brought to the current schema in a private copy first. Then the write
 * lock is taken (`beginWrite`, which waits for another command's write) and held until the restored
 * ledger is in place: the current content is copied aside and every table replaced in that one
 * transaction. A clerk who saves a complaint meanwhile waits, and the complaint lands in the
 * restored ledger; a restore killed at any moment leaves the old ledger or the restored one.
 */
export async function restoreDatabase(
  live: BetterSqlite3.Database,
  livePath: string,
  source: string,
  asidePath: string,
  beginWrite: () => void,
  onProgress?: OnProgress,
): Promise<RestoreOutcome> {
  if (existsSync(source) && realpathSync(source) === realpathSync(livePath))
    throw new OperationError('restore.sameFile', { path: source });
  const ends = restoreParts(source, livePath);
  checked(part(onProgress, 0, ends.checkBackup), () => soundBackup(source));

  const prepared = preparedPath(livePath);
  const restored = await prepareRestoredCopy(source, prepared, part(onProgress, ends.checkBackup, ends.prepare));
  try {
    // Neither can be changed inside a transaction; tables are replaced one by one, so references
    // are checked once, at the end (replaceAllTables).
    live.prepare('ATTACH DATABASE ? AS restored').run(prepared);
    live.pragma('foreign_keys = OFF');
    try {
      beginWrite();
      try {
        // Read through a second connection: it sees the committed ledger, which nobody can change
        // while this one holds the write lock. The database being replaced may be the damaged
        // one: it is kept as it is, for the record.
        const aside = await backupDatabase(readOnly(livePath), unusedName(asidePath), {
          requireSound: false,
          closeSource: true,
          onProgress: part(onProgress, ends.prepare, ends.aside),
        });
        const writing = part(onProgress, ends.aside, ends.write);
        if (aside.problems.length > 0) {
          // Its damaged tables cannot be emptied row by row: the restored pages are written over
          // them instead, through SQLite's backup, which takes the write lock itself.
          live.exec('ROLLBACK');
          await copyPages(prepared, livePath, writing);
          return { restored: { ...restored, path: source }, aside };
        }
        replaceAllTables(live, writing && ((done, count) => writing(done / count, false)));
        live.exec('COMMIT');
        return { restored: { ...restored, path: source }, aside };
      } finally {
        if (live.inTransaction) live.exec('ROLLBACK');
      }
    } finally {
      live.exec('DETACH DATABASE restored');
      live.pragma('foreign_keys = ON');
    }
  } finally {
    removeCopy(prepared);
  }
}

/** Where a restore prepares the backup's copy: beside the database, so that a rename can put it in place. */
function preparedPath(livePath: string): string {
  return `${livePath}.restoring-${process.pid}`;
}

/** The backup copied to `prepared` (a new file), brought to the current schema, and checked. */
async function prepareRestoredCopy(source: string, prepared: string, onProgress?: OnProgress): Promise<DatabaseFacts> {
  removeCopy(prepared);
  createPrivateFile(prepared);
  const copied = 1 / (1 + CHECK_WEIGHT);
  try {
    await copyPages(source, prepared, part(onProgress, 0, copied));
    // An older backup is migrated like any database the program opens (its settings are its own).
    openDatabase({ path: prepared, initialSettings: () => ({}) }).close();
    return checked(part(onProgress, copied, 1), () => inspectDatabaseFile(prepared));
  } catch (error) {
    removeCopy(prepared);
    throw error;
  }
}

function readOnly(path: string): BetterSqlite3.Database {
  return new BetterSqlite3(path, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() });
}

/**
 * Restores over a database file SQLite cannot even open (its first page is damaged): nobody can
 * be using it. The backup is prepared in a copy beside it first; then the damaged file is linked
 * aside (it stays at its path meanwhile), its -wal and -shm are moved aside (they belong to it and
 * must not be applied to the restored file), and the copy is renamed into place in one step. A
 * restore killed at any moment leaves the damaged file or the restored one at the path, never an
 * empty or half-copied file.
 */
export async function restoreOverUnopenable(
  livePath: string,
  source: string,
  asidePath: string,
  onProgress?: OnProgress,
): Promise<RestoreOutcome> {
  // A damaged database is still whole pages; anything else (notes.txt given as --db) is not replaced.
  if (existsSync(livePath) && !couldBeDatabase(livePath))
    throw new OperationError('restore.notDatabase', { path: livePath });
  const ends = restoreParts(source, null);
  checked(part(onProgress, 0, ends.checkBackup), () => soundBackup(source));
  const prepared = preparedPath(livePath);
  const restored = await prepareRestoredCopy(source, prepared, part(onProgress, ends.checkBackup, ends.prepare));
  try {
    const aside = unusedName(asidePath);
    const bytes = existsSync(livePath) ? statSync(livePath).size : 0;
    try {
      if (existsSync(livePath)) keepAside(livePath, aside);
      for (const suffix of ['-wal', '-shm'])
        if (existsSync(livePath + suffix)) renameSync(livePath + suffix, aside + suffix);
      renameSync(prepared, livePath);
    } catch (error) {
      throw new OperationError('file.cannotWrite', { path: aside, reason: (error as Error).message });
    }
    return {
      restored: { ...restored, path: source },
      aside: { path: aside, bytes, schemaVersion: 0, counts: null, problems: [] },
    };
  } finally {
    removeCopy(prepared);
  }
}

/** A second name for `path`'s file (a hard link), or a copy where the disk has no links. */
function keepAside(path: string, aside: string): void {
  try {
    linkSync(path, aside);
  } catch (error) {
    if (!noHardLinks(error)) throw error;
    copyFileSync(path, aside, constants.COPYFILE_EXCL);
  }
}

/** A backup to restore from: a complaint database that passes the integrity checks, or refused (exit 1). */
function soundBackup(source: string): void {
  const checked = inspectDatabaseFile(source);
  if (checked.problems.length > 0)
    throw new OperationError('restore.damaged', { path: source, problem: checked.problems[0]! });
}

/** `path`, or `path-2`, `path-3`… : the first that does not exist yet (two restores in one second). */
function unusedName(path: string): string {
  let candidate = path;
  for (let number = 2; existsSync(candidate); number += 1) candidate = `${path}-${number}`;
  return candidate;
}

/**
 * Inside the caller's transaction: every table of the live database takes the rows of the attached
 * `restored` one (same schema). This is the one place rows are removed — the content they held was
 * copied aside just before, in a file the restore names.
 */
function replaceAllTables(db: BetterSqlite3.Database, onTables?: (done: number, count: number) => void): void {
  const tables = db
    .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  // The substring index is not copied: emptied first, it is filled again by its triggers as the
  // complaints and events are written back (its virtual tables and their shadow tables are skipped).
  const virtual = db
    .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
    .pluck()
    .all() as string[];
  emptySearchIndex(db);
  const copied = tables.filter((table) => !virtual.some((name) => table === name || table.startsWith(`${name}_`)));
  copied.forEach((table, index) => {
    db.exec(`DELETE FROM main."${table}"`);
    db.exec(`INSERT INTO main."${table}" SELECT * FROM restored."${table}"`);
    onTables?.(index + 1, copied.length);
  });
  const orphans = db.pragma('main.foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
  if (orphans.length > 0)
    throw new OperationError('restore.damaged', {
      path: 'restored',
      problem: `${orphans[0]!.table} row ${orphans[0]!.rowid} refers to a missing ${orphans[0]!.parent} row`,
    });
}

/**
 * The files in the database's folder that a write or a restore left behind: output files that never
 * got their name (`*.partial`), a restore's prepared copy (`<db>.restoring-<pid>`), and the ledgers
 * restores set aside (`<db>.before-restore-<time>`). Nothing here removes them: the user decides.
 */
export function leftoverFiles(databasePath: string): LeftoverFile[] {
  const folder = dirname(databasePath);
  const base = basename(databasePath);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const kinds: Array<[LeftoverFile['kind'], RegExp]> = [
    ['partial', /\.partial(-\d+)?$/],
    ['restoring', new RegExp(`^${escapeRegExp(base)}\\.restoring-\\d+$`)],
    ['beforeRestore', new RegExp(`^${escapeRegExp(base)}\\.before-restore-\\d{8}T\\d{6}Z(-\\d+)?$`)],
  ];
  const found: LeftoverFile[] = [];
  for (const name of names.sort()) {
    const kind = kinds.find(([, pattern]) => pattern.test(name))?.[0];
    if (kind) found.push({ kind, path: join(folder, name) });
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
