// Opening a database file: this program's own or a new one, never another program's; checked
// before anything is written, in WAL mode, migrated. Shared by the store (src/store/sqlite.ts)
// and maintenance (backup, restore: src/store/maintenance.ts), so neither imports the other.
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  statfsSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { OperationError } from '../../domain/errors.js';
import type { SettingKey } from '../../domain/settings.js';
import { MIGRATIONS, lendRules } from './migrations.js';

export const BUSY_TIMEOUT_MS = 10_000;

export interface OpenOptions {
  /** a file path, or ":memory:" */
  path: string;
  /** settings a database starts with (the office zone defaults to the creating machine's); asked only when one is created */
  initialSettings: () => Partial<Record<SettingKey, string>>;
  /** called once when a write has to wait for another command's write to end */
  onWriteWait?: () => void;
  /** how long a write waits for that (tests shorten it) */
  writeWaitMs?: number;
}

type Database = BetterSqlite3.Database;

/**
 * The database file opened, checked to be this program's (or new), in WAL mode and migrated to
 * the current schema; `created` tells whether this open made the file.
 */
export function openDatabase(options: OpenOptions): BetterSqlite3.Database & { created: boolean } {
  const inMemory = options.path === ':memory:';
  if (!inMemory) refuseNonFile(options.path);
  const created = inMemory ? true : createFileIfMissing(options.path);
  if (!created) refuseForeignBeforeRecovery(options.path);
  let db: Database;
  try {
    db = new BetterSqlite3(options.path, { timeout: BUSY_TIMEOUT_MS, nativeBinding: nativeBinding() });
  } catch (error) {
    throw new OperationError('store.cannotOpen', { path: options.path, reason: (error as Error).message });
  }
  try {
    refuseNewerSchema(db, options.path);
    if (!inMemory) refuseForeignDatabase(db, options.path);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, options.initialSettings);
  } catch (error) {
    db.close();
    if (error instanceof OperationError) throw error;
    if (isDamage(error) && hasSqliteHeader(options.path))
      throw new OperationError('store.damaged', { path: options.path, reason: (error as Error).message });
    if (isDiskFull(error, options.path)) throw new OperationError('store.diskFull', { path: options.path });
    throw new OperationError('store.cannotOpen', { path: options.path, reason: (error as Error).message });
  }
  return Object.assign(db, { created });
}

/**
 * better-sqlite3's JavaScript is bundled; its addon is found here rather than by its `bindings`
 * search, which tries a dozen paths on every start. Undefined falls back to that search.
 */
export function nativeBinding(): string | undefined {
  try {
    const packageJson = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
    const addon = join(dirname(packageJson), 'build', 'Release', 'better_sqlite3.node');
    return existsSync(addon) ? addon : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A database is a plain file: a folder, or a device such as /dev/null (where SQLite would leave a
 * journal file beside it), is refused with the reason.
 */
function refuseNonFile(path: string): void {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    if (/[/\\]$/.test(path)) throw new OperationError('store.isFolder', { path });
    return;
  }
  if (stat.isDirectory()) throw new OperationError('store.isFolder', { path });
  if (!stat.isFile()) throw new OperationError('store.notFile', { path });
}

/** Creates the folder (0700) and an empty file (0600) on first use; true when this call created it. */
function createFileIfMissing(path: string): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'wx', 0o600));
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    throw new OperationError('store.cannotOpen', { path, reason: (error as Error).message });
  }
}

function refuseNewerSchema(db: Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const known = MIGRATIONS.length;
  if (version > known) throw new OperationError('store.tooNew', { path, version, known });
}

/** SQLite's word for a file whose pages are damaged (or whose first page is). */
export function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    code === 'SQLITE_CORRUPT' ||
    code === 'SQLITE_NOTADB' ||
    (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT_'))
  );
}

/** Below this much free space, an I/O error writing the database is the disk being full. */
const FULL_DISK_BYTES = 1_048_576;

/**
 * SQLite says SQLITE_FULL when a write finds no room, but only a "disk I/O error" when creating
 * its -wal or -shm does: that one is a full disk when the database's disk has no room left.
 */
export function isDiskFull(error: unknown, path: string): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'SQLITE_FULL') return true;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_IOERR')) return false;
  try {
    const disk = statfsSync(dirname(path));
    return disk.bavail * disk.bsize < FULL_DISK_BYTES;
  } catch {
    return false;
  }
}

/** Whether a file begins as an SQLite database does: a damaged ledger, not a text file given as --db. */
export function hasSqliteHeader(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(16);
      readSync(fd, head, 0, 16, 0);
      return head.toString('latin1') === 'SQLite format 3\u0000';
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** The tables every complaint database has had since its first schema. */
export const CORE_TABLES = ['complaints', 'events', 'settings'] as const;

/**
 * Refuses an SQLite file of another program before anything is written to it: a mistyped `--db`
 * must not turn someone's database into a complaint ledger (tables added, WAL mode switched on).
 * A complaint database has a schema version and the core tables; a new one has no tables at all.
 */
function refuseForeignDatabase(db: Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  const ours = version >= 1 && CORE_TABLES.every((table) => tables.includes(table));
  const empty = version === 0 && tables.length === 0;
  if (!ours && !empty) throw new OperationError('store.foreign', { path });
}

/**
 * Any connection to a file with a -wal or a hot -journal beside it may change the file as it opens
 * it: a hot journal is rolled back (even by a read-only connection, where the disk allows), a WAL is
 * checkpointed into the file when the last writer closes. Another program's database left so must
 * be refused before that. A WAL is safe to read through a read-only connection; a hot journal is
 * looked at in a copy (a complaint database, in WAL mode, never leaves one behind).
 */
function refuseForeignBeforeRecovery(path: string): void {
  const journal = existsSync(`${path}-journal`);
  if (!journal && !existsSync(`${path}-wal`)) return;
  // The copy is this command's own: it is opened for writing, so that its journal is rolled back.
  const file = journal ? { ...journalledCopy(path), readonly: false } : { path, done: () => {}, readonly: true };
  inspectWith(file, (reader) => refuseForeignDatabase(reader, path));
}

function inspectWith(
  file: { path: string; done: () => void; readonly: boolean },
  check: (reader: Database) => void,
): void {
  try {
    let reader: Database;
    try {
      reader = new BetterSqlite3(file.path, {
        readonly: file.readonly,
        fileMustExist: true,
        nativeBinding: nativeBinding(),
      });
    } catch {
      return;
    }
    try {
      check(reader);
    } catch (error) {
      if (error instanceof OperationError) throw error;
    } finally {
      reader.close();
    }
  } finally {
    file.done();
  }
}

function migrate(db: Database, initialSettings: () => Partial<Record<SettingKey, string>>): void {
  if ((db.pragma('user_version', { simple: true }) as number) >= MIGRATIONS.length) return;
  const apply = db.transaction(() => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current >= MIGRATIONS.length) return;
    lendRules(db);
    for (const migration of MIGRATIONS.slice(current)) db.exec(migration.sql);
    if (current === 0) {
      // A new database's one office (migrations/013_offices.sql made it).
      const insert = db.prepare('INSERT OR IGNORE INTO settings (office_id, key, value) VALUES (1, ?, ?)');
      for (const [key, value] of Object.entries(initialSettings())) insert.run(key, value);
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  apply.immediate();
}

/**
 * A copy of a database and its hot journal in a private temporary folder, to be looked at without
 * the rollback touching the original; `done` removes the copy.
 */
export function journalledCopy(path: string): { path: string; done: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'complaint-inspect-'));
  const copy = join(folder, 'copy.db');
  const done = (): void => rmSync(folder, { recursive: true, force: true });
  try {
    copyFileSync(path, copy);
    copyFileSync(`${path}-journal`, `${copy}-journal`);
  } catch {
    done();
    return { path: join(folder, 'missing.db'), done: () => {} };
  }
  return { path: copy, done };
}
