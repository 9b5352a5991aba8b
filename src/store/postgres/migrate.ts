// Bringing a PostgreSQL database to the schema this program knows (migrations/postgres/). Hosts may
// start commands at the same moment against one new database: each migration is one transaction,
// taken under a transaction-scoped advisory lock, so one host applies it and the others, waiting
// on the lock, find it done. A database of a newer schema is refused, untouched; so is one that
// holds another program's tables.
import { OperationError } from '../../domain/errors.js';
import { withoutPassword, type PostgresConnection } from './connect.js';
import { POSTGRES_MIGRATIONS, type Migration } from './migrations.js';

/** The advisory lock's key: "complain" in ASCII, a number no other program is likely to pick. */
export const MIGRATION_LOCK = '7165065861791836526';

const UNDEFINED_TABLE = '42P01';

export interface MigrationOutcome {
  /** the schema version found (0: an empty database) */
  from: number;
  /** the schema version now */
  to: number;
}

/** The database's schema version (0: none yet), read without changing anything. */
export async function schemaVersion(connection: PostgresConnection): Promise<number> {
  try {
    const { rows } = await connection.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM schema_version',
    );
    return rows[0]?.version ?? 0;
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return 0;
    throw error;
  }
}

export async function migrate(
  connection: PostgresConnection,
  migrations: readonly Migration[] = POSTGRES_MIGRATIONS,
): Promise<MigrationOutcome> {
  const known = migrations.length;
  const { server, database } = connection.target;
  const found = await schemaVersion(connection);
  // The common case, every command of a day: one statement, no lock, no transaction.
  if (found > known) throw new OperationError('postgres.tooNew', { server, database, version: found, known });
  if (found === known) return { from: found, to: found };

  let version = found;
  for (;;) {
    await connection.query('BEGIN');
    let next: Migration | undefined;
    try {
      await connection.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      version = await versionUnderLock(connection);
      if (version > known) throw new OperationError('postgres.tooNew', { server, database, version, known });
      next = migrations[version];
      if (next === undefined) {
        await connection.query('COMMIT');
        return { from: found, to: version };
      }
      await connection.query(next.sql);
      await connection.query('INSERT INTO schema_version (version, name) VALUES ($1, $2)', [next.version, next.name]);
      await connection.query('COMMIT');
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      if (error instanceof OperationError || next === undefined) throw error;
      throw new OperationError('postgres.migrationFailed', {
        server,
        database,
        migration: next.name,
        reason: withoutPassword((error as Error).message, connection.target)
          .replace(/\s+/g, ' ')
          .trim(),
      });
    }
  }
}

/**
 * Inside the migration's transaction, holding the lock: the version, after creating the table
 * that records it in a database with none — an empty one. A database that has tables but no
 * record of this program's schema belongs to another program.
 */
async function versionUnderLock(connection: PostgresConnection): Promise<number> {
  const { rows } = await connection.query<{ recorded: boolean; tables: number }>(
    `SELECT to_regclass('schema_version') IS NOT NULL AS recorded,
            (SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')) AS tables`,
  );
  const { recorded, tables } = rows[0]!;
  if (recorded) return schemaVersion(connection);
  if (tables > 0) {
    const { server, database } = connection.target;
    throw new OperationError('postgres.foreign', { server, database });
  }
  await connection.query(`CREATE TABLE schema_version (
    version    integer     PRIMARY KEY CHECK (version > 0),
    name       text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  return 0;
}
