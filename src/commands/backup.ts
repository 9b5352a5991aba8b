// `complaint backup <file>` and `complaint restore <file>`: the ledger copied out while clerks and
// cron keep working, and brought back without losing what it replaces.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { OperationError, ValidationError } from '../domain/errors.js';
import type { DatabaseFacts, OnProgress, RestoreOutcome } from '../store/store.js';
import { compactTime, restoreOverUnopenable } from '../store/sqlite/maintenance.js';
import { printJson } from '../ui/json.js';
import type { Translate } from '../ui/messages.js';
import type { Progress } from '../ui/progress.js';

export interface BackupOptions {
  file: string;
  json: boolean;
}

export async function runBackup(options: BackupOptions, context: Context): Promise<void> {
  const given = requiredPath(options.file);
  // A trailing slash says "a folder" (resolve() would drop it): a missing one is refused as such.
  const target = resolve(given) + (/[/\\]$/.test(given) ? sep : '');
  checkBackupTarget(target);
  // The whole database, every office's ledger.
  const store = await context.database();
  const progress = context.progress('progress.backup', { counts: false });
  let facts: DatabaseFacts;
  try {
    facts = await store.backupTo(target, context.now, pagesTo(progress, context.t));
  } finally {
    progress.finish();
  }
  if (options.json) printJson(context.io.out, factsJson(facts));
  else
    context.io.err(
      context.t('backup.done', {
        path: facts.path,
        complaints: facts.counts.complaints,
        size: megabytes(facts.bytes),
      }) + '\n',
    );
}

export interface RestoreOptions {
  file: string;
  json: boolean;
  /** no question on a terminal (scripts) */
  yes?: boolean;
}

export async function runRestore(options: RestoreOptions, context: Context): Promise<void> {
  const source = resolve(requiredPath(options.file));
  // Before anything is asked or opened: a restore of nothing, or of a file that is no database at
  // all, leaves even a new --db unmade. (Whether it is a sound complaint database is checked with it.)
  checkRestoreSource(source);
  const livePath = context.databasePath();
  // Named after the moment, in UTC so two offices' admins read the same name the same way.
  const stamp = compactTime(context.now);
  const asidePath = `${resolve(livePath)}.before-restore-${stamp}`;
  // Replacing the whole ledger is asked about on a terminal; "no" is the first choice.
  if (context.io.canPrompt && options.yes !== true) {
    const { t } = context;
    const prompter = await context.prompter();
    const choices = [
      { value: 'no', name: t('prompt.restore.no') },
      { value: 'yes', name: t('prompt.restore.yes') },
    ];
    if ((await prompter.select(t('prompt.restore', { source, database: livePath }), choices)) !== 'yes') {
      context.io.err(t('restore.notDone') + '\n');
      return;
    }
  }
  let opens = true;
  try {
    await context.database();
  } catch (error) {
    // A database that cannot even be opened is what a restore is most needed for.
    if (!(error instanceof OperationError) || (error.key !== 'store.cannotOpen' && error.key !== 'store.damaged'))
      throw error;
    opens = false;
  }
  const progress = context.progress('progress.restore', { counts: false });
  let outcome: RestoreOutcome;
  try {
    outcome = opens
      ? await (await context.database()).restoreFrom(source, asidePath, pagesTo(progress, context.t))
      : await restoreOverUnopenable(resolve(livePath), source, asidePath, pagesTo(progress, context.t));
  } finally {
    progress.finish();
  }
  if (options.json) {
    printJson(context.io.out, { restored: factsJson(outcome.restored), aside: factsJson(outcome.aside) });
    return;
  }
  const { t } = context;
  context.io.err(
    t('restore.done', {
      path: source,
      complaints: outcome.restored.counts.complaints,
      version: outcome.restored.schemaVersion,
    }) + '\n',
  );
  const aside =
    outcome.aside.counts === null
      ? t('restore.asideUnreadable', { path: outcome.aside.path })
      : t('restore.aside', { path: outcome.aside.path, complaints: outcome.aside.counts.complaints });
  context.io.err(aside + '\n');
}

/**
 * A copy's or a check's progress, to the bar; none without a terminal, so that unwatched copies
 * are made in one step, as they always were.
 */
function pagesTo(progress: Progress, t: Translate): OnProgress | undefined {
  if (!progress.active) return undefined;
  const checking = t('progress.checking');
  return (fraction, check) => progress.update(fraction, 1, check ? checking : undefined);
}

/**
 * What the copy itself would refuse at once, said before the database is opened (a refused backup
 * leaves even a new --db unmade): a missing folder, or a file already there.
 */
function checkBackupTarget(target: string): void {
  const folder = /[/\\]$/.test(target) ? target : existsSync(target) ? null : dirname(target);
  if (folder !== null && !existsSync(folder)) throw new OperationError('file.noFolder', { path: folder });
  if (folder === null && !statSync(target).isDirectory()) throw new OperationError('file.exists', { path: target });
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

function checkRestoreSource(source: string): void {
  if (!existsSync(source)) throw new OperationError('file.missing', { path: source });
  if (statSync(source).isDirectory()) throw new OperationError('file.isFolder', { path: source });
  const head = Buffer.alloc(SQLITE_HEADER.length);
  let read = 0;
  try {
    const fd = openSync(source, 'r');
    try {
      read = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new OperationError('file.cannotOpenDatabase', { path: source, reason: (error as Error).message });
  }
  // An empty file is left to the restore's own checks (a database SQLite has not written yet).
  if (read > 0 && head.toString('latin1', 0, read) !== SQLITE_HEADER)
    throw new OperationError('file.notDatabase', { path: source, reason: 'file is not a database' });
}

function requiredPath(value: string): string {
  if (value.trim() === '') throw new ValidationError('invalid.file', { value });
  return value.trim();
}

export function megabytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

function factsJson(facts: RestoreOutcome['aside']): Record<string, unknown> {
  return { path: facts.path, bytes: facts.bytes, schemaVersion: facts.schemaVersion, ...facts.counts };
}

export function registerBackup(program: Command, { t, context }: Registration): void {
  program
    .command('backup')
    .description(t('help.backup'))
    .argument('<file>', t('help.backup.file'))
    .option('--json', t('help.json'))
    .action((file: string, flags: { json?: boolean }) => runBackup({ file, json: flags.json === true }, context()));
  program
    .command('restore')
    .description(t('help.restore'))
    .argument('<file>', t('help.restore.file'))
    .option('--yes', t('help.restore.yes'))
    .option('--json', t('help.json'))
    .action((file: string, flags: { json?: boolean; yes?: boolean }) =>
      runRestore({ file, json: flags.json === true, yes: flags.yes === true }, context()),
    );
}
