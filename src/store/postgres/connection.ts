// What a connection to the server is, to the store and to the client library's side of it
// (client.ts, which makes one; connect.ts, which loads client.ts on first use).
import type pg from 'pg';
import type { PostgresTarget } from './server-url.js';

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
  /**
   * Says goodbye to the server without waiting for its answer, once everything asked was answered;
   * with a statement still unanswered (the command gave up on the conversation), cuts the connection.
   */
  close(): Promise<void>;
}

export interface ConnectOptions {
  connectTimeoutMs?: number;
  /** the session's lock_timeout, set as the connection starts (not a statement of its own) */
  lockTimeoutMs?: number;
}
