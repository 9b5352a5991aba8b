// Connecting to a PostgreSQL server from a `postgres://user:password@host:port/database` URL.
// The client library (pg) is loaded only by connectPostgres (./client.js), so that a command on an
// SQLite file never pays for it (it is not in the main bundle: scripts/build.mjs). The URL's reading
// and a connection's troubles as one-line OperationErrors (naming the server, the role and the
// database, never the password) are in server-url.ts, which client.ts shares.
import type { ConnectOptions, PostgresConnection } from './connection.js';

export type { ConnectOptions, PostgresConnection } from './connection.js';
export {
  CONNECT_TIMEOUT_MS,
  isPostgresUrl,
  masked,
  parsePostgresUrl,
  postgresError,
  withoutPassword,
  type PostgresTarget,
} from './server-url.js';

/**
 * Connects to the server at `url`. The client library is loaded here, on first use: in the build,
 * from dist/postgres.cjs, which carries it (./client.js there; see scripts/build.mjs).
 */
export async function connectPostgres(url: string, options: ConnectOptions = {}): Promise<PostgresConnection> {
  const { openConnection } = await import('./client.js');
  return openConnection(url, options);
}
