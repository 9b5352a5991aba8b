// `complaint migrate --from <ledger.db> --to <postgres://…> --office <code>`: an office's SQLite
// ledger moved to the company's server. The file is only read (a private copy of it, brought up to
// date there if it is older); the server gets the whole office in one transaction, checked before
// it is committed, and a second run copies only what the first did not.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { OperationError, ValidationError } from '../domain/errors.js';
import { officeCode } from '../domain/office.js';
import type { SnapshotOffice } from '../store/sqlite/ledger-snapshot.js';
import { openLedgerSnapshot } from '../store/sqlite/ledger-snapshot.js';
import { printJson } from '../ui/json.js';

export interface MigrateOptions {
  from?: string;
  to?: string;
  /** the office on the server */
  office?: string;
  /** the file's office, when it holds several */
  fromOffice?: string;
  json: boolean;
}

export async function runMigrate(options: MigrateOptions, context: Context): Promise<void> {
  const { t } = context;
  // Everything the user typed is checked before the file is read or the server reached.
  if (options.from === undefined || options.from.trim() === '')
    throw new ValidationError('usage.missingOption', { value: '--from <file>' });
  if (options.to === undefined || options.to.trim() === '')
    throw new ValidationError('usage.missingOption', { value: '--to <postgres://…>' });
  if (options.office === undefined || options.office.trim() === '')
    throw new ValidationError('migrate.officeRequired', {});
  const code = officeCode(options.office);
  const fromOffice = options.fromOffice === undefined ? undefined : officeCode(options.fromOffice);
  // The client library is loaded only now (as for --db postgres://).
  const server = await import('../store/postgres/connect.js');
  if (!server.isPostgresUrl(options.to))
    throw new ValidationError('postgres.badUrl', { value: server.masked(options.to) });
  const target = server.parsePostgresUrl(options.to);
  const path = resolve(options.from.trim());
  if (!isFile(path)) throw new ValidationError('migrate.notFile', { value: options.from });

  const snapshot = await openLedgerSnapshot(path);
  try {
    const source = sourceOffice(snapshot.offices(), fromOffice, path);
    // The server's store, a file of its own in the build (dist/postgres.cjs), as for --db postgres://.
    const { migrate, copyLedger, sourceIdentity } = await import('../store/postgres/store.js');
    const connection = await server.connectPostgres(target.url);
    try {
      const schema = await migrate(connection);
      const location = server.masked(target.url);
      if (schema.from === 0) context.io.err(t('migrate.schemaMade', { path: location }) + '\n');
      const progress = context.progress('progress.migrate');
      let outcome;
      try {
        outcome = await copyLedger(connection, location, snapshot, {
          officeCode: code,
          source,
          identity: sourceIdentity(source),
          onProgress: (done, total) => progress.update(done, total),
        });
      } finally {
        progress.finish();
      }
      const summary = {
        from: path,
        fromOffice: source.code,
        to: location,
        office: outcome.office.code,
        officeName: outcome.office.name,
        officeCreated: outcome.office.created,
        source: sourceIdentity(source),
        complaints: outcome.copied.complaints,
        events: outcome.copied.events,
        alerts: outcome.copied.alerts,
        officeDays: outcome.copied.officeDays,
        digests: outcome.copied.digests,
        scheduleYears: outcome.copied.scheduleYears,
        alreadyCopied: outcome.alreadyCopied,
        firstId: outcome.ids?.first ?? null,
        lastId: outcome.ids?.last ?? null,
        changedSince: outcome.changedSince,
      };
      if (options.json) printJson(context.io.out, summary);
      const { yellow } = context.style;
      if (outcome.office.created)
        context.io.err(
          t('migrate.officeMade', {
            office: outcome.office.code,
            name: outcome.office.name,
            zone: outcome.office.timezone ?? '—',
          }) + '\n',
        );
      else {
        context.io.err(t('migrate.officeKept', { office: outcome.office.code }) + '\n');
        if (outcome.sourceTimezone !== null && outcome.office.timezone !== outcome.sourceTimezone)
          context.io.err(
            yellow(
              t('migrate.zoneDiffers', {
                office: outcome.office.code,
                zone: outcome.office.timezone ?? '—',
                fileZone: outcome.sourceTimezone,
              }),
            ) + '\n',
          );
      }
      if (outcome.changedSince.length > 0)
        context.io.err(
          yellow(
            t('migrate.changedSince', {
              count: outcome.changedSince.length,
              ids: outcome.changedSince
                .slice(0, 10)
                .map((id) => `#${id}`)
                .join(' '),
            }),
          ) + '\n',
        );
      const already = outcome.alreadyCopied === 0 ? '' : t('migrate.already', { count: outcome.alreadyCopied });
      context.io.err(
        (outcome.ids === null
          ? t('migrate.nothing', { office: outcome.office.code, server: location, already })
          : t('migrate.done', {
              complaints: outcome.copied.complaints,
              events: outcome.copied.events,
              alerts: outcome.copied.alerts,
              office: outcome.office.code,
              server: location,
              first: outcome.ids.first,
              last: outcome.ids.last,
              already,
            })) + '\n',
      );
    } finally {
      await connection.close();
    }
  } finally {
    snapshot.close();
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The file's office to copy: the one named, or the only one. */
function sourceOffice(offices: SnapshotOffice[], code: string | undefined, path: string): SnapshotOffice {
  const accepted = offices.map((office) => office.code).join(', ');
  if (code !== undefined) {
    const found = offices.find((office) => office.code === code);
    if (found === undefined)
      throw new ValidationError('invalid.office', { flag: '--from-office', value: code, accepted });
    return found;
  }
  if (offices.length === 1) return offices[0]!;
  if (offices.length === 0) throw new OperationError('store.foreign', { path });
  throw new ValidationError('migrate.chooseSource', { path, count: offices.length, accepted });
}

export function registerMigrate(program: Command, { t, context }: Registration): void {
  program
    .command('migrate')
    .description(t('help.migrate'))
    .option('--from <file>', t('help.migrate.from'))
    .option('--to <url>', t('help.migrate.to'))
    .option('--office <code>', t('help.migrate.office'))
    .option('--from-office <code>', t('help.migrate.fromOffice'))
    .option('--json', t('help.json'))
    // (--office is the program's option too: commander gives it to the program, so it is read from there.)
    .action((flags: { from?: string; to?: string; fromOffice?: string; json?: boolean }, command: Command) =>
      runMigrate(
        {
          from: flags.from,
          to: flags.to,
          office: command.optsWithGlobals<{ office?: string }>().office,
          fromOffice: flags.fromOffice,
          json: flags.json === true,
        },
        context(),
      ),
    );
}
