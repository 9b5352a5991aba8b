// Connecting to a PostgreSQL server from a `postgres://user:password@host:port/database` URL.
// The client library (pg) is loaded only by connectPostgres (./client.js), so that a command on an
// SQLite file never pays for it (it is not in the main bundle: scripts/build.mjs). The URL's reading
// and a connection's troubles as one-line OperationErrors (naming the server, the role and the
// database, never the password) are in server-url.ts, which client.ts shares.
import type pg from 'pg';
import type { PostgresTarget } from './server-url.js';

export {
  CONNECT_TIMEOUT_MS,
  isPostgresUrl,
  masked,
  parsePostgresUrl,
  postgresError,
  withoutPassword,
  type PostgresTarget,
} from './server-url.js';

/** One connection to the server: a command's statements run in order on it, as on one SQLite handle. */
export interface PostgresConnection {
  readonly target: PostgresTarget;
  /**
   * Runs one statement (or, without values, several separated by semicolons); connection troubles
   * become OperationErrors. Statements asked for before the last one answered are sent at once
   * (pipelined) and answered in order.
   */
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<Row>>;
  /** Says goodbye to the server without waiting for its answer: everything asked before was answered. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  connectTimeoutMs?: number;
  /** the session's lock_timeout, set as the connection starts (not a statement of its own) */
  lockTimeoutMs?: number;
}

/**
 * Connects to the server at `url`. The client library is loaded here, on first use: in the build,
 * from dist/postgres.cjs, which carries it (./client.js there; see scripts/build.mjs).
 */
export async function connectPostgres(url: string, options: ConnectOptions = {}): Promise<PostgresConnection> {
  const { openConnection } = await import('./client.js');
  return openConnection(url, options);
}
