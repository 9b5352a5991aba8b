// The one way a command writes a file (an export, a report workbook, a backup). Every way a file
// output could lose data is closed here, once:
// - an existing file is refused unless the user says --force;
// - the database in use, its -wal/-shm/-journal, and any SQLite file are refused even with --force
//   (`export --output "$COMPLAINT_DB"` would otherwise replace the ledger with a CSV);
// - the content is written to `<file>.partial` and named only when complete, without replacing a
//   file that appeared meanwhile; a failed write removes its partial.
import { basename, dirname, resolve } from 'node:path';
import { OperationError } from '../domain/errors.js';

/** What is at a path: a file or a folder, and an identity that two names of one file share. */
export interface FileFacts {
  kind: 'file' | 'folder' | 'other';
  /** device and inode on a real disk: a link or another spelling of the path has the same */
  identity: string;
}

/** The file-system calls an output needs: node:fs in src/main.ts, a map in command tests. */
export interface FileSystem {
  /** what is at `path` (links followed), or null when nothing is */
  facts(path: string): FileFacts | null;
  /** the first bytes of a file (fewer when it is shorter) */
  head(path: string, bytes: number): Uint8Array;
  /** creates an empty file only this user can read; fails with code EEXIST if anything is there */
  createNew(path: string): void;
  append(path: string, data: string | Uint8Array): void;
  /** gives `from` the name `to`, failing with code EEXIST when `to` exists (a hard link, then `from` removed) */
  renameNoReplace(from: string, to: string): void;
  /** gives `from` the name `to`, replacing a file there */
  rename(from: string, to: string): void;
  /** removes a file this command created (its partial output) */
  remove(path: string): void;
}

export interface OutputOptions {
  /** replace an existing file (never a database) */
  force: boolean;
  /** the database in use: never written, whatever its name */
  databasePath: string;
}

/** A file being written: `write` as often as needed, then `finish` names it, or `abandon` removes it. */
export interface OutputFile {
  readonly path: string;
  /** where the content goes until it is complete (a backup has SQLite write there) */
  readonly partialPath: string;
  write(data: string | Uint8Array): void;
  finish(): void;
  abandon(): void;
}

const SQLITE_HEADER = 'SQLite format 3\u0000';
const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'];

export function openOutputFile(fs: FileSystem, path: string, options: OutputOptions): OutputFile {
  checkTarget(fs, path, options);
  const partialPath = `${path}.partial`;
  try {
    fs.createNew(partialPath);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') throw new OperationError('file.partialExists', { path: partialPath });
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR')
      throw new OperationError('file.noFolder', { path: dirname(path) });
    throw writeError(path, error);
  }
  let open = true;
  const abandon = (): void => {
    if (!open) return;
    open = false;
    try {
      fs.remove(partialPath);
    } catch {
      // Nothing more can be done; doctor names a leftover partial.
    }
  };
  const failing = (work: () => void): void => {
    try {
      work();
    } catch (error) {
      abandon();
      throw error instanceof OperationError ? error : writeError(path, error);
    }
  };
  return {
    path,
    partialPath,
    write: (data) => failing(() => fs.append(partialPath, data)),
    finish: () =>
      failing(() => {
        // Checked again: the name may have been taken while the content was written.
        checkTarget(fs, path, options);
        if (options.force) fs.rename(partialPath, path);
        else {
          try {
            fs.renameNoReplace(partialPath, path);
          } catch (error) {
            if (errorCode(error) === 'EEXIST') throw new OperationError('file.existsNoForce', { path });
            throw error;
          }
        }
        open = false;
      }),
    abandon,
  };
}

/** Writes a whole file through the same rules. */
export function writeOutputFile(fs: FileSystem, path: string, data: string | Uint8Array, options: OutputOptions): void {
  const output = openOutputFile(fs, path, options);
  output.write(data);
  output.finish();
}

/** Refuses a target the command must not write: a folder, the database or any SQLite file, or (without --force) a file. */
function checkTarget(fs: FileSystem, path: string, options: OutputOptions): void {
  const target = fs.facts(path);
  if (target?.kind === 'folder' || /[/\\]$/.test(path)) throw new OperationError('file.isFolder', { path });
  // A device, a pipe or a socket (/dev/null, /dev/stdout, a FIFO) is no file to write an export
  // into: renaming over it would replace it — as root, /dev/null for the whole machine — and
  // reading its first bytes could wait forever.
  if (target?.kind === 'other') throw new OperationError('file.notRegular', { path });
  if (isDatabaseInUse(fs, path, target, options.databasePath)) throw new OperationError('file.isDatabase', { path });
  if (target !== null && isSqliteFile(fs, path)) throw new OperationError('file.isSqlite', { path });
  const companionOf = SQLITE_COMPANIONS.map((suffix) =>
    path.endsWith(suffix) ? path.slice(0, -suffix.length) : null,
  ).find((base) => base !== null);
  if (companionOf && fs.facts(companionOf)?.kind === 'file' && isSqliteFile(fs, companionOf))
    throw new OperationError('file.isSqlite', { path });
  if (target !== null && !options.force) throw new OperationError('file.existsNoForce', { path });
}

/** The database or one of its companions, by identity (a link, another spelling) or by name (a -wal not made yet). */
function isDatabaseInUse(fs: FileSystem, path: string, target: FileFacts | null, databasePath: string): boolean {
  const names = ['', ...SQLITE_COMPANIONS].map((suffix) => databasePath + suffix);
  if (names.some((name) => sameName(fs, name, path))) return true;
  if (target === null) return false;
  return names.some((name) => fs.facts(name)?.identity === target.identity);
}

/** One name, however spelled: the same file name in the same folder (reached through a link or not). */
function sameName(fs: FileSystem, a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  if (basename(a) !== basename(b)) return false;
  const folder = fs.facts(dirname(a));
  return folder !== null && folder.identity === fs.facts(dirname(b))?.identity;
}

function isSqliteFile(fs: FileSystem, path: string): boolean {
  try {
    return new TextDecoder('latin1').decode(fs.head(path, SQLITE_HEADER.length)) === SQLITE_HEADER;
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** A failed write in the user's words: a full disk says so; anything else names the file and the reason. */
function writeError(path: string, error: unknown): OperationError {
  if (errorCode(error) === 'ENOSPC' || errorCode(error) === 'EDQUOT')
    return new OperationError('file.diskFull', { path });
  return new OperationError('file.cannotWrite', { path, reason: (error as Error).message });
}
