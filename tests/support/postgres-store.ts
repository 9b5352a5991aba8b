// The command tests' PostgreSQL databases (the `postgres` project, tests/support/harness.ts). A test
// starts from an empty database whose numbers start at 1, as a new SQLite file's do: a copy of one
// migrated template made for the test file, or one a test before it used, emptied (EMPTY_DATABASE).
// A database is opened when first used, and given back when its test (or, made outside a test, its
// file) ends; the file's databases are dropped at its end.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { Store } from '../../src/store/store.js';
import { postgresServer, urlWith } from './postgres-db.js';

type Scope = 'test' | 'file';

interface Opened {
  scope: Scope;
  database: string;
  store: Promise<Store>;
}

const opened: Opened[] = [];
/** emptied databases, ready for the next test */
const emptied: string[] = [];
/** every database the file made, dropped at its end */
const made: string[] = [];
let adminClient: Promise<pg.Client> | null = null;
let template: Promise<string> | null = null;

/** One connection for the file's CREATE and DROP DATABASEs (each connection costs a sign-in). */
function admin(): Promise<pg.Client> {
  if (postgresServer === null) throw new Error('the postgres test project needs a PostgreSQL server');
  adminClient ??= (async () => {
    const { Client } = createRequire(import.meta.url)('pg') as typeof pg;
    const client = new Client({ connectionString: postgresServer.url });
    await client.connect();
    return client;
  })();
  return adminClient;
}

const databaseName = (): string => `complaint_cmd_${randomBytes(6).toString('hex')}`;

/** A database with the schema and nothing else, made once for the file; new databases copy it. */
function templateDatabase(): Promise<string> {
  template ??= (async () => {
    const name = databaseName();
    await (await admin()).query(`CREATE DATABASE ${name}`);
    const { openPostgresStore } = await import('../../src/store/postgres/store.js');
    const store = await openPostgresStore({ url: urlWith(postgresServer!.url, { database: name }) });
    await store.close();
    return name;
  })();
  return template;
}

async function openDatabase(database: string, timezone: string): Promise<Store> {
  if (!made.includes(database)) {
    const copyOf = await templateDatabase();
    await (await admin()).query(`CREATE DATABASE ${database} TEMPLATE ${copyOf}`);
    made.push(database);
  }
  const { openPostgresStore } = await import('../../src/store/postgres/store.js');
  const store = await openPostgresStore({ url: urlWith(postgresServer!.url, { database }) });
  // The office a new SQLite file has (migrations/013_offices.sql): code main, no name, made at 0.
  const office = await store.addOffice({ code: 'main', name: '', settings: { timezone } }, new Date(0));
  store.useOffice(office);
  return store;
}

/**
 * A new database for the real binary (tests/support/e2e-database.ts): its URL, with the first office
 * a new SQLite file has. Dropped at the file's end.
 */
export async function newPostgresDatabase(timezone: string, copyOf?: string): Promise<string> {
  const database = databaseName();
  await (await admin()).query(`CREATE DATABASE ${database} TEMPLATE ${copyOf ?? (await templateDatabase())}`);
  made.push(database);
  const url = urlWith(postgresServer!.url, { database });
  if (copyOf === undefined) await openDatabase(database, timezone).then((store) => store.close());
  return url;
}

/** The name of the database at `url` (one newPostgresDatabase made), to copy it with newPostgresDatabase. */
export const databaseOf = (url: string): string => decodeURIComponent(new URL(url).pathname.slice(1));

/**
 * A store that opens its own new database when first asked anything. Commands close the store they
 * are given: this one stays open for the test's next run, and is closed by closeTestStores.
 */
export function openTestPostgres(timezone: string, scope: Scope): Store {
  let entry: Opened | null = null;
  const store = (): Promise<Store> => {
    if (entry === null) {
      const database = emptied.pop() ?? databaseName();
      entry = { scope, database, store: openDatabase(database, timezone) };
      opened.push(entry);
    }
    return entry.store;
  };
  return new Proxy({} as Store, {
    get(target, property) {
      // A test may put its own method in place of one (to make it fail): the proxy's object keeps it.
      if (Object.hasOwn(target, property)) return (target as unknown as Record<string | symbol, unknown>)[property];
      switch (property) {
        case 'then':
          return undefined; // not a promise itself
        case 'created':
          return false;
        case 'location':
          return entry === null ? 'postgres://(not opened yet)' : `postgres://…/${entry.database}`;
        case 'close':
          return () => Promise.resolve();
        case 'useOffice':
          // Queued behind the opening: a call made before it lands after the first office is chosen.
          return (office: Parameters<Store['useOffice']>[0]) => void store().then((open) => open.useOffice(office));
        case 'complaintPages':
          return (...args: Parameters<Store['complaintPages']>) =>
            (async function* pages() {
              yield* (await store()).complaintPages(...args);
            })();
        default:
          return async (...args: unknown[]) => {
            const open = (await store()) as unknown as Record<string | symbol, (...a: unknown[]) => unknown>;
            return open[property]!(...args);
          };
      }
    },
  });
}

/**
 * Empties a database a test wrote: every table but the schema's version, those that refer to
 * complaints and offices first, and every sequence back to 1. (DELETE, not TRUNCATE: on a few rows a
 * TRUNCATE, which makes each table and index a new file, takes longer than copying the template.)
 */
const EMPTY_DATABASE = `DO $$
DECLARE name text;
BEGIN
  FOR name IN SELECT quote_ident(tablename) FROM pg_tables
      WHERE schemaname = current_schema() AND tablename <> 'schema_version'
      ORDER BY tablename IN ('complaints', 'offices'), tablename = 'offices' LOOP
    EXECUTE 'DELETE FROM ' || name;
  END LOOP;
  PERFORM setval(oid, 1, false) FROM pg_class WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace;
END $$`;

/**
 * Empties the databases of the test that ended for the next one, or (at the file's end) drops all
 * the file made.
 */
export async function closeTestStores(scope: Scope): Promise<void> {
  const ending = opened.filter((entry) => scope === 'file' || entry.scope === 'test');
  opened.splice(0, opened.length, ...opened.filter((entry) => !ending.includes(entry)));
  for (const entry of ending) {
    const store = await entry.store.catch(() => null); // null: it never opened, and the test has said why
    if (store === null) continue;
    if (scope === 'test') {
      // Through the store's own connection (the class's query, not the Store interface): the test is over.
      await (store as unknown as { query(text: string): Promise<pg.QueryResult> }).query(EMPTY_DATABASE);
    }
    await store.close();
    if (scope === 'test') emptied.push(entry.database);
  }
  if (scope === 'file') {
    emptied.splice(0);
    for (const name of made.splice(0)) await (await admin()).query(`DROP DATABASE IF EXISTS ${name}`);
    if (template !== null) {
      const name = await template.catch(() => null);
      if (name !== null) await (await admin()).query(`DROP DATABASE IF EXISTS ${name}`);
      template = null;
    }
    if (adminClient !== null) await (await adminClient).end();
    adminClient = null;
  }
}
