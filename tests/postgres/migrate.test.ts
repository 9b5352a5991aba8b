import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError, OperationError } from '../../src/domain/errors.js';
import { phoneKey } from '../../src/domain/search.js';
import { connectPostgres, type PostgresConnection } from '../../src/store/postgres/connect.js';
import { MIGRATION_LOCK, migrate, schemaVersion } from '../../src/store/postgres/migrate.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { MIGRATIONS as SQLITE_MIGRATIONS, lendRules } from '../../src/store/sqlite/migrations.js';
import { translateLoose } from '../../src/ui/messages.js';
import { admin, freshDatabase, postgresServer, removeDatabases } from '../support/postgres-db.js';

// Each DROP DATABASE waits for a checkpoint: a long while on a server that syncs its writes.
afterAll(removeDatabases, 120_000);

const connections: PostgresConnection[] = [];
afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.close()));
});

async function open(url: string): Promise<PostgresConnection> {
  const connection = await connectPostgres(url);
  connections.push(connection);
  return connection;
}

async function migrated(): Promise<PostgresConnection> {
  const connection = await open(await freshDatabase());
  await migrate(connection);
  return connection;
}

const rejection = (work: Promise<unknown>): Promise<AppError> =>
  work.then(
    () => {
      throw new Error('it went through');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(OperationError);
      return error as AppError;
    },
  );

const tables = async (connection: PostgresConnection): Promise<string[]> =>
  (
    await connection.query<{ name: string }>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1',
    )
  ).rows.map((row) => row.name);

describe('the PostgreSQL migrations', () => {
  it('list every file of migrations/postgres/, in order', () => {
    const files = readdirSync(join(import.meta.dirname, '..', '..', 'migrations', 'postgres'))
      .filter((file) => file.endsWith('.sql'))
      .sort();
    expect(POSTGRES_MIGRATIONS.map((migration) => migration.name)).toEqual(files);
    expect(POSTGRES_MIGRATIONS.map((migration) => migration.version)).toEqual(files.map((_, index) => index + 1));
  });
});

describe.skipIf(postgresServer === null)('migrating a PostgreSQL database', () => {
  it('makes the whole schema in an empty database, and records its version', async () => {
    const connection = await open(await freshDatabase());
    expect(await migrate(connection)).toEqual({ from: 0, to: POSTGRES_MIGRATIONS.length });
    expect(await tables(connection)).toEqual([
      'alerts',
      'calendar_imports',
      'calendar_office_days',
      'complaints',
      'digests',
      'events',
      'month_causes',
      'month_cells',
      'month_owners',
      'month_places',
      'offices',
      'schema_version',
      'settings',
      'span_medians',
      'span_owners',
      'span_places',
    ]);
    const { rows } = await connection.query('SELECT version, name FROM schema_version ORDER BY version');
    expect(rows).toEqual(POSTGRES_MIGRATIONS.map(({ version, name }) => ({ version, name })));
  });

  it('holds every column SQLite has after its migrations, plus the office and the copy’s origin', async () => {
    const sqlite = new Database(':memory:');
    lendRules(sqlite);
    for (const migration of SQLITE_MIGRATIONS) sqlite.exec(migration.sql);
    const sqliteTables = (
      sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search\\_%' ESCAPE '\\'")
        .pluck()
        .all() as string[]
    ).sort();
    const connection = await migrated();
    const { rows } = await connection.query<{ table_name: string; column_name: string }>(
      'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()',
    );
    const columnsOf = (table: string) =>
      rows
        .filter((row) => row.table_name === table)
        .map((row) => row.column_name)
        .sort();
    const shared = { calendar_imports: [] as string[], offices: [] as string[] };
    for (const table of sqliteTables) {
      const sqliteColumns = (sqlite.pragma(`table_info(${table})`) as Array<{ name: string }>)
        .map((c) => c.name)
        .sort();
      // SQLite keeps an event's office with its complaint; the server keeps it on the event too.
      const office = sqliteColumns.includes('office_id') ? [] : ['office_id'];
      const added = table in shared ? [] : table === 'complaints' ? ['source', 'source_id'] : office;
      expect([table, columnsOf(table)]).toEqual([table, [...sqliteColumns, ...added].sort()]);
    }
    sqlite.close();
  });

  it('keeps offices apart: codes as typed on a command line, and an event or alert with its complaint’s office', async () => {
    const connection = await migrated();
    const office = async (code: string) =>
      (
        await connection.query<{ id: number }>(
          "INSERT INTO offices (code, name, created_at) VALUES ($1, '管理处', now()) RETURNING id",
          [code],
        )
      ).rows[0]!.id;
    const north = await office('north-1');
    const south = await office('south_2');
    for (const code of ['North', '-north', 'a b', '', 'x'.repeat(33), '北区'])
      await expect(office(code)).rejects.toMatchObject({ code: '23514' });
    await expect(office('north-1')).rejects.toMatchObject({ code: '23505' });
    const complaint = (
      await connection.query<{ id: number }>(
        `INSERT INTO complaints (office_id, status, category, channel, received_at, received_month, reply_clock_from,
           reply_days, reply_zone, reply_due_at, status_changed_at, owner, received_by, complainant_name, unit,
           description, created_at)
         VALUES ($1, 'received', 'facility', 'phone', now(), '2026-11', now(), 1, 'Asia/Shanghai', now(), now(),
           'a', 'a', '王先生', '3-2-1201', '电梯停运', now()) RETURNING id`,
        [north],
      )
    ).rows[0]!.id;
    const event = (officeId: number) =>
      connection.query(
        "INSERT INTO events (office_id, complaint_id, type, at, recorded_at, actor) VALUES ($1, $2, 'received', now(), now(), 'a')",
        [officeId, complaint],
      );
    await event(north);
    await expect(event(south)).rejects.toMatchObject({ code: '23503' });
  });

  it('keys a phone number as domain/search.ts does', async () => {
    const connection = await migrated();
    const phones = [
      '13812345678',
      '138 1234 5678',
      '+86 138-1234-5678',
      '0086 13812345678',
      '021-12345678 转 123',
      '021-12345678转123',
      '(021) 12345678 ext 9',
      '021-12345678 X 9',
      '021-12345678#9',
      '12345678',
    ];
    const { rows } = await connection.query<{ key: string }>(
      'SELECT complaint_phone_key(phone) AS key FROM unnest($1::text[]) WITH ORDINALITY AS p(phone, n) ORDER BY n',
      [phones],
    );
    expect(rows.map((row) => row.key)).toEqual(phones.map(phoneKey));
  });

  it.skipIf(!postgresServer?.own)('finds Chinese words by the substring index, for one office', async () => {
    const connection = await migrated();
    const { rows } = await connection.query<{ pieces: string[] }>("SELECT show_trgm('电梯经常停运') AS pieces");
    expect(rows[0]!.pieces.length).toBeGreaterThan(0);
    await connection.query(
      "INSERT INTO offices (code, name, created_at) VALUES ('north', '北区管理处', now()), ('south', '南区管理处', now())",
    );
    // Two offices' complaints, one of which says 电梯停运 (the lift stopped).
    await connection.query(
      `INSERT INTO complaints (office_id, status, category, channel, received_at, received_month, reply_clock_from,
         reply_days, reply_zone, reply_due_at, status_changed_at, owner, received_by, complainant_name, unit,
         description, location, created_at)
       SELECT 1 + n % 2, 'received', 'facility', 'phone', now(), '2026-11', now(), 1, 'Asia/Shanghai', now(), now(),
         'a', 'a', '王先生', n || '-1-101', CASE WHEN n = 777 THEN '3号楼电梯经常停运' ELSE '第' || n || '号楼道灯不亮' END,
         '大堂', now()
         FROM generate_series(1, 4000) AS n`,
    );
    // (a GIN index's own statistics are brought up to date by VACUUM, as autovacuum does)
    await connection.query('VACUUM ANALYZE complaints');
    const search = (office: number, word: string) =>
      connection.query<{ id: number }>(
        'SELECT id FROM complaints WHERE office_id = $1 AND complaint_search_text(description, location) ILIKE $2',
        [office, `%${word}%`],
      );
    expect((await search(2, '经常停')).rows).toEqual([{ id: 777 }]);
    expect((await search(1, '经常停')).rows).toEqual([]);
    // description and location are apart: no word runs from one into the other
    expect((await search(2, '停运大')).rows).toEqual([]);
    expect((await search(2, '大堂')).rows).toHaveLength(2000);
    const plan = await connection.query<{ 'QUERY PLAN': string }>(
      "EXPLAIN SELECT id FROM complaints WHERE office_id = $1 AND complaint_search_text(description, location) ILIKE '%经常停%'",
      [2],
    );
    const lines = plan.rows.map((row) => row['QUERY PLAN']);
    expect(lines.find((line) => line.includes('Index Scan'))).toContain('complaints_search');
    expect(lines.find((line) => line.includes('Index Cond'))).toMatch(/office_id = .*~~\*/);
  });

  it('changes nothing the second time', async () => {
    const connection = await migrated();
    const before = await tables(connection);
    expect(await migrate(connection)).toEqual({ from: POSTGRES_MIGRATIONS.length, to: POSTGRES_MIGRATIONS.length });
    expect(await tables(connection)).toEqual(before);
    expect((await connection.query('SELECT count(*) AS n FROM schema_version')).rows[0]).toEqual({
      n: POSTGRES_MIGRATIONS.length,
    });
  });

  it('two hosts migrating one new database at the same moment: both succeed, the schema is made once', async () => {
    const url = await freshDatabase();
    const [first, second, holder] = [await open(url), await open(url), await open(url)];
    // Both start while a third holds the lock, so that both find the database empty and wait.
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const both = Promise.allSettled([migrate(first), migrate(second)]);
    for (let waited = 0; ; waited += 20) {
      const { rows } = await holder.query<{ n: number }>(
        "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      );
      if (rows[0]!.n === 2) break;
      if (waited > 10_000) throw new Error('the two migrations never waited for the lock');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await holder.query('COMMIT');
    const outcomes = await both;
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(outcomes.map((outcome) => (outcome as PromiseFulfilledResult<{ to: number }>).value.to)).toEqual([
      POSTGRES_MIGRATIONS.length,
      POSTGRES_MIGRATIONS.length,
    ]);
    const { rows } = await holder.query('SELECT version FROM schema_version ORDER BY version');
    expect(rows).toEqual(POSTGRES_MIGRATIONS.map(({ version }) => ({ version })));
  });

  it('refuses a database of a newer schema, in one line, and leaves it untouched', async () => {
    const connection = await migrated();
    const newer = POSTGRES_MIGRATIONS.length + 1;
    await connection.query("INSERT INTO schema_version (version, name) VALUES ($1, '999_future.sql')", [newer]);
    const before = await tables(connection);
    const error = await rejection(migrate(connection));
    expect(error.key).toBe('postgres.tooNew');
    const { server, database } = connection.target;
    expect(translateLoose('en', error.key, error.params)).toBe(
      `The database ${database} on ${server} was written by a newer version of complaint (schema ${newer}; this version knows up to ${POSTGRES_MIGRATIONS.length}). Upgrade complaint; the database was left untouched.`,
    );
    expect(await tables(connection)).toEqual(before);
    expect(await schemaVersion(connection)).toBe(newer);
  });

  it('refuses a database that holds another program’s tables, creating nothing', async () => {
    const url = await freshDatabase();
    await admin((client) => client.query('CREATE TABLE customers (id int)'), new URL(url).pathname.slice(1));
    const connection = await open(url);
    const error = await rejection(migrate(connection));
    expect(error.key).toBe('postgres.foreign');
    expect(await tables(connection)).toEqual(['customers']);
  });

  it('applies a migration whole or not at all', async () => {
    const connection = await migrated();
    const broken = [
      ...POSTGRES_MIGRATIONS,
      {
        version: POSTGRES_MIGRATIONS.length + 1,
        name: '999_broken.sql',
        sql: 'CREATE TABLE half_made (id integer); ALTER TABLE complaints ADD COLUMN half integer; SELECT no_such_function();',
      },
    ];
    const error = await rejection(migrate(connection, broken));
    expect(error.key).toBe('postgres.migrationFailed');
    expect(translateLoose('en', error.key, error.params)).toContain(
      '(999_broken.sql: function no_such_function() does not exist); it was left as it was',
    );
    expect(await tables(connection)).not.toContain('half_made');
    expect(await schemaVersion(connection)).toBe(POSTGRES_MIGRATIONS.length);
    const fixed = [...broken.slice(0, -1), { ...broken.at(-1)!, sql: 'CREATE TABLE half_made (id integer);' }];
    expect(await migrate(connection, fixed)).toEqual({ from: fixed.length - 1, to: fixed.length });
    expect(await tables(connection)).toContain('half_made');
  });
});
