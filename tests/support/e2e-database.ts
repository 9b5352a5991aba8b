// The database the end-to-end tests give the real binary (COMPLAINT_DB): a new SQLite file, or, in
// the `postgres` test project (vitest.config.ts), a new database on the test server with the office
// a new SQLite file has — the same tests on both backends.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INITIAL_TIME_ZONE } from '../../src/domain/settings.js';
import { BACKEND } from './harness.js';
import { databaseOf, newPostgresDatabase } from './postgres-store.js';

/** A COMPLAINT_DB for a new, empty database. */
export async function e2eDatabase(prefix = 'complaint-e2e-'): Promise<string> {
  if (BACKEND === 'postgres') return newPostgresDatabase(INITIAL_TIME_ZONE);
  return join(mkdtempSync(join(tmpdir(), prefix)), 'office.db');
}

/** A COMPLAINT_DB holding a copy of what `database` (one e2eDatabase gave, no command running on it) holds. */
export async function e2eCopy(database: string): Promise<string> {
  if (BACKEND === 'postgres') return newPostgresDatabase(INITIAL_TIME_ZONE, databaseOf(database));
  const copy = join(mkdtempSync(join(tmpdir(), 'complaint-e2e-copy-')), 'office.db');
  copyFileSync(database, copy);
  return copy;
}
