// One connection to the server through the client library (pg), which is imported here and nowhere
// else: in the build this file is in dist/postgres.cjs with the library bundled beside it (see
// scripts/build.mjs), and the main bundle reaches it only through connectPostgres (./connect.ts).
import { readFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import type { ConnectOptions, PostgresConnection } from './connection.js';
import { OperationError } from '../../domain/errors.js';
import { CONNECT_TIMEOUT_MS, parsePostgresUrl, postgresError, type PostgresTarget } from './server-url.js';

const INT8 = 20;
const DATE = 1082;

/**
 * How values come back: a bigint (an id, a count) as a number, since every one this program
 * keeps is far below 2^53 (one that is not is an error, not a rounded number); a date ("2026-11-23",
 * a day of the office's calendar) as its text, not as midnight in the machine's zone — the
 * machine's TZ must never change an answer. Instants (timestamptz) are Dates, as pg gives them.
 */
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) => {
    if (oid === INT8 && format !== 'binary')
      return (text: string) => {
        const value = Number(text);
        if (!Number.isSafeInteger(value)) throw new RangeError(`${text} is beyond the integers a number holds exactly`);
        return value;
      };
    if (oid === DATE && format !== 'binary') return (text: string) => text;
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openConnection(url: string, options: ConnectOptions = {}): Promise<PostgresConnection> {
  const target = parsePostgresUrl(url);
  const tls = tlsOptions(target);
  try {
    return await connected(target, tls, options);
  } catch (error) {
    // prefer and allow, as libpq: a server that does not take TLS is spoken to in the clear.
    const refused = error instanceof OperationError && error.key === 'postgres.noTls';
    if (!refused || !['prefer', 'allow'].includes(target.tls.mode)) throw error;
    return connected(target, false, options);
  }
}

async function connected(
  target: PostgresTarget,
  tls: ConnectionOptions | false,
  options: ConnectOptions,
): Promise<PostgresConnection> {
  const timeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const client = new pg.Client({
    connectionString: target.clientUrl,
    ssl: tls,
    connectionTimeoutMillis: timeoutMs,
    keepAlive: true,
    application_name: 'complaint',
    // Instants are sent and read as such; UTC keeps any text the server makes of one the same on every
    // server, whatever its own zone (a URL's own `options` parameter takes precedence).
    options: '-c TimeZone=UTC',
    // Set with the connection's start rather than by a statement of its own.
    ...(options.lockTimeoutMs === undefined ? {} : { lock_timeout: options.lockTimeoutMs }),
    // Statements asked for while others are under way are sent at once, each answered in order and
    // each with its own end (a failed one, within a transaction, makes those after it fail too).
    pipeline: true,
    types: typeParsers,
  });
  // A connection lost while idle is reported by an 'error' event, which would end the process if
  // nobody listened: keep it, and report it with the next statement.
  let lost: unknown = null;
  /** statements asked for and not yet answered */
  let unanswered = 0;
  client.on('error', (error) => {
    lost ??= error;
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw postgresError(error, target, timeoutMs);
  }
  return {
    target,
    async query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      if (lost !== null) throw postgresError(lost, target, timeoutMs);
      unanswered += 1;
      try {
        return await client.query<Row>(text, values);
      } catch (error) {
        throw postgresError(lost ?? error, target, timeoutMs);
      } finally {
        unanswered -= 1;
      }
    },
    close() {
      const { stream } = (client as unknown as { connection: { stream: Duplex & { unref?: () => void } } }).connection;
      // A statement still unanswered means the command gave up on the conversation (a statement sent
      // beside it failed: the server said it was shutting down, and its hang-up is yet to come). Nothing
      // is left to say: the connection is cut, and the server rolls back whatever it had begun.
      if (unanswered > 0) {
        stream.destroy();
        return Promise.resolve();
      }
      // Every statement was answered (a write's COMMIT among them): the goodbye is written, and the
      // process need not wait the server's hang-up (20–25 ms) to exit. It waits only until the goodbye
      // and the end of its side are handed to the system (the socket's 'finish'), since the program then
      // exits at once (src/main.ts).
      const written = new Promise<void>((resolve) => {
        if (stream.writableFinished || stream.destroyed) return resolve();
        // A server that stopped reading leaves the goodbye unsent: not worth more than a moment. (The
        // timer keeps the process alive meanwhile, as the socket no longer does.)
        const giveUp = setTimeout(resolve, 1_000);
        for (const event of ['finish', 'close', 'error'])
          stream.once(event, () => {
            clearTimeout(giveUp);
            resolve();
          });
      });
      void client.end().catch(() => undefined);
      stream.unref?.();
      return written;
    },
  };
}

/**
 * sslmode as libpq reads it (the client library takes prefer, require and verify-ca for verify-full,
 * and warns on stderr that this will change): disable is the clear; allow, prefer and require encrypt
 * without checking who answers, unless require is given an authority (then it checks, as verify-ca);
 * verify-ca checks the certificate's authority; verify-full also the host's name.
 */
function tlsOptions(target: PostgresTarget): ConnectionOptions | false {
  const { mode, rootCert, cert, key } = target.tls;
  if (mode === 'disable') return false;
  // Each file as node:tls names it, from the URL parameter (libpq's name) that gave it.
  const read = (
    file: string | undefined,
    option: 'ca' | 'cert' | 'key',
    parameter: string,
  ): { [option: string]: Buffer } => {
    if (file === undefined) return {};
    try {
      return { [option]: readFileSync(file) };
    } catch (error) {
      throw new OperationError('postgres.tlsFile', { file, parameter, reason: (error as Error).message });
    }
  };
  const files = {
    ...read(rootCert, 'ca', 'sslrootcert'),
    ...read(cert, 'cert', 'sslcert'),
    ...read(key, 'key', 'sslkey'),
  };
  const checked = mode === 'verify-full' || mode === 'verify-ca' || (mode === 'require' && rootCert !== undefined);
  if (!checked) return { ...files, rejectUnauthorized: false };
  return mode === 'verify-full'
    ? { ...files, rejectUnauthorized: true }
    : { ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined };
}
