// A database of its own for each PostgreSQL test, on the server tests/support/postgres.ts provides;
// removed when the test file ends. `postgresServer` is null when the PostgreSQL suite is skipped.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type pg from 'pg';
import { inject } from 'vitest';

export const postgresServer = inject('postgres');

const { Client } = createRequire(import.meta.url)('pg') as typeof pg;
const made: string[] = [];

/** The server's URL with another database (and, if given, another password) in it. */
export function urlWith(
  url: string,
  change: { database?: string; password?: string; host?: string; port?: number },
): string {
  const parsed = new URL(url);
  if (change.host !== undefined) parsed.hostname = change.host;
  if (change.database !== undefined) parsed.pathname = `/${encodeURIComponent(change.database)}`;
  if (change.password !== undefined) parsed.password = encodeURIComponent(change.password);
  if (change.port !== undefined) parsed.port = String(change.port);
  return parsed.toString();
}

export async function admin<T>(work: (client: pg.Client) => Promise<T>, database?: string): Promise<T> {
  const client = new Client({
    connectionString: database === undefined ? postgresServer!.url : urlWith(postgresServer!.url, { database }),
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database; its URL. */
export async function freshDatabase(): Promise<string> {
  const name = `complaint_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  made.push(name);
  return urlWith(postgresServer!.url, { database: name });
}

/** Removes the databases this file made (for a server the run did not make, COMPLAINT_TEST_PG). */
export async function removeDatabases(): Promise<void> {
  if (postgresServer === null || made.length === 0) return;
  await admin(async (client) => {
    for (const name of made.splice(0)) await dropDatabase(client, name);
  });
}

/** An autovacuum worker has no role, and only a superuser or pg_signal_backend may end it. */
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * WITH (FORCE) ends the sessions a test left open (the tests' role owns them). It refuses outright
 * when an autovacuum worker happens to be in the database at that moment: the worker is not the
 * role's to end. A worker on a test's few rows is gone within a moment, so the drop is tried again.
 */
async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== INSUFFICIENT_PRIVILEGE || attempt === 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
