// The PostgreSQL schema's history, in order (migrations/postgres/). Append a new file; never edit
// or reorder a released one. The SQL is part of the program, as SQLite's is (src/store/sqlite/migrations.ts):
// imported as text, so the bundle carries it. tests/postgres/migrate.test.ts checks that every file
// of migrations/postgres/ is listed here.
import init from '../../../migrations/postgres/001_init.sql?raw';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const POSTGRES_MIGRATIONS: readonly Migration[] = [{ version: 1, name: '001_init.sql', sql: init }];
