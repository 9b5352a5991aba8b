import { join } from 'node:path';
import { connect as connectTcp, createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AppError, OperationError, ValidationError } from '../../src/domain/errors.js';
import {
  connectPostgres,
  isPostgresUrl,
  masked,
  parsePostgresUrl,
  withoutPassword,
  type PostgresConnection,
} from '../../src/store/postgres/connect.js';
import { translateLoose } from '../../src/ui/messages.js';
import { ROLE_WITHOUT_PASSWORD, TLS_FIXTURES } from '../support/postgres.js';
import { admin, freshDatabase, postgresServer, removeDatabases, urlWith } from '../support/postgres-db.js';

// Each DROP DATABASE waits for a checkpoint: a long while on a server that syncs its writes.
afterAll(removeDatabases, 120_000);

/** The error as the user reads it, in each language: what src/cli/run.ts prints. */
const lines = (error: AppError): string[] =>
  (['en', 'zh'] as const).map((lang) => translateLoose(lang, error.key, error.params));

async function failure(url: string, options = {}): Promise<AppError> {
  const error = await connectPostgres(url, options).then(
    async (connection) => {
      await connection.close();
      return new Error('connected');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP server on a private port that does `onSocket` with each connection instead of speaking PostgreSQL. */
async function impostor(onSocket: (socket: Socket) => void): Promise<{ port: number; server: Server }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.on('close', () => sockets.forEach((socket) => socket.destroy()));
  return { port: (server.address() as { port: number }).port, server };
}

describe('a postgres:// address', () => {
  it.each([
    ['postgres://clerk:pw@db.example.com:5432/company', true],
    ['postgresql://clerk@db.example.com/company', true],
    ['  POSTGRES://clerk@db/company', true],
    ['/var/lib/complaint/office.db', false],
    ['office.db', false],
    ['postgres.db', false],
    ['mysql://clerk@db/company', false],
    [':memory:', false],
  ])('%s is one: %s', (text, expected) => {
    expect(isPostgresUrl(text)).toBe(expected);
  });

  it('is described by role, server and database, never by its password', () => {
    expect(parsePostgresUrl('postgres://clerk:p%40ss@db.example.com:6543/company')).toMatchObject({
      user: 'clerk',
      server: 'db.example.com:6543',
      database: 'company',
      password: 'p@ss',
    });
    expect(parsePostgresUrl('postgres://clerk@db.example.com/company')).toMatchObject({
      server: 'db.example.com:5432',
      password: '',
    });
    expect(parsePostgresUrl('postgres://clerk@/company?host=/run/postgresql')).toMatchObject({
      server: '/run/postgresql (socket, port 5432)',
      database: 'company',
    });
  });

  it('refuses a malformed one without repeating its password', () => {
    let error: unknown;
    try {
      parsePostgresUrl('postgres://clerk:hunter2@db.example.com:notaport/company');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    for (const line of lines(error as AppError)) {
      expect(line).toContain('postgres://clerk:***@db.example.com:notaport/company');
      expect(line).not.toContain('hunter2');
    }
  });

  it('masks a password given in the query string too, and knows it to take out of any text', () => {
    const url = 'postgres://clerk@db/company?sslmode=disable&password=S3cretPW';
    expect(masked(url)).toBe('postgres://clerk@db/company?sslmode=disable&password=***');
    expect(withoutPassword('auth S3cretPW failed', parsePostgresUrl(url))).toBe('auth *** failed');
  });

  it('refuses an address without a database, rather than make the tables in the role’s own', () => {
    for (const url of ['postgres://clerk:hunter2@db.example.com:5432/', 'postgres://clerk@db.example.com']) {
      let error: unknown;
      try {
        parsePostgresUrl(url);
      } catch (caught) {
        error = caught;
      }
      expect(error, url).toBeInstanceOf(ValidationError);
      expect((error as AppError).key).toBe('postgres.noDatabaseName');
      for (const line of lines(error as AppError)) expect(line).not.toContain('hunter2');
    }
  });

  it('reads sslmode and the certificate files as libpq does, and gives the client library the rest', () => {
    const target = parsePostgresUrl(
      'postgres://clerk:pw@db.example.com/company?sslmode=verify-full&sslrootcert=/etc/ca.crt&application_name=desk&sslcert=/c.crt&sslkey=/c.key',
    );
    expect(target.tls).toEqual({ mode: 'verify-full', rootCert: '/etc/ca.crt', cert: '/c.crt', key: '/c.key' });
    expect(target.clientUrl).toBe('postgres://clerk:pw@db.example.com/company?application_name=desk');
    expect(parsePostgresUrl('postgres://clerk@db/company?sslmode=REQUIRE&sslrootcert=system').tls).toEqual({
      mode: 'require',
    });
    expect(parsePostgresUrl('postgres://clerk@db/company?uselibpqcompat=true&sslmode=prefer').clientUrl).toBe(
      'postgres://clerk@db/company',
    );
    // Without one: PGSSLMODE, as libpq reads it; else none (the client library's default).
    expect(parsePostgresUrl('postgres://clerk@db/company').tls).toEqual({ mode: 'disable' });
    vi.stubEnv('PGSSLMODE', 'require');
    try {
      expect(parsePostgresUrl('postgres://clerk@db/company').tls).toEqual({ mode: 'require' });
      expect(parsePostgresUrl('postgres://clerk@db/company?sslmode=disable').tls).toEqual({ mode: 'disable' });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses an sslmode PostgreSQL does not know, in one line without the password', () => {
    let caught: unknown;
    try {
      parsePostgresUrl('postgres://clerk:secret@db/company?sslmode=maybe');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const [en, zh] = lines(caught as AppError);
    expect(en).toBe(
      "sslmode=maybe in postgres://clerk:***@db/company?sslmode=maybe is not one PostgreSQL knows; accepted: disable, allow, prefer, require, verify-ca, verify-full (libpq's, as psql reads them)",
    );
    expect(zh).not.toContain('secret');
  });

  it('takes the password out of any text, as given and as typed', () => {
    const target = parsePostgresUrl('postgres://clerk:p%40ss@db/company');
    expect(withoutPassword('bad p@ss and p%40ss', target)).toBe('bad *** and ***');
  });
});

describe.skipIf(postgresServer === null)('connecting to PostgreSQL', () => {
  const server = postgresServer!;
  const password = server === null ? '' : new URL(server.url).password;
  const role = server === null ? '' : parsePostgresUrl(server.url).user;
  const seen: AppError[] = [];
  const failed = async (url: string, key: string, options = {}): Promise<string[]> => {
    const error = await failure(url, options);
    seen.push(error);
    expect(error).toBeInstanceOf(OperationError);
    expect(error.key).toBe(key);
    return lines(error);
  };

  it('reads ids and counts as numbers, days as their text and instants as instants, whatever the machine zone', async () => {
    const connection = await connectPostgres(await freshDatabase());
    try {
      const { rows } = await connection.query<{ id: unknown; day: unknown; at: unknown; zone: unknown }>(
        `SELECT 9007199254740991::bigint AS id, DATE '2026-11-23' AS day,
                TIMESTAMPTZ '2026-11-23T02:00:00.123Z' AS at, current_setting('TimeZone') AS zone`,
      );
      expect(rows[0]).toEqual({
        id: 9007199254740991,
        day: '2026-11-23',
        at: new Date('2026-11-23T02:00:00.123Z'),
        zone: 'UTC',
      });
      await expect(connection.query('SELECT 9007199254740993::bigint AS id')).rejects.toThrow(/beyond the integers/);
    } finally {
      await connection.close();
    }
  });

  it('a wrong password: one line naming the role and the server', async () => {
    const url = urlWith(await freshDatabase(), { password: 'not-the-password' });
    const [en] = await failed(url, 'postgres.wrongPassword');
    const { server: where } = parsePostgresUrl(url);
    expect(en).toBe(
      `The PostgreSQL server ${where} refused the password of role ${role} (or has no such role); check the password in --db or ~/.pgpass. Nothing was changed`,
    );
  });

  it('a missing database: one line that says how to create it', async () => {
    const url = urlWith(server.url, { database: 'no_such_ledger' });
    const [en] = await failed(url, 'postgres.noDatabase');
    expect(en).toBe(
      `There is no database no_such_ledger on the PostgreSQL server ${parsePostgresUrl(url).server}; create it (createdb -O ${role} no_such_ledger) or check --db`,
    );
  });

  it.skipIf(!server?.own)('a role the server does not know: one line with the server’s reason', async () => {
    const url = urlWith(server.url, { password: '' }).replace(`${role}@`, `${ROLE_WITHOUT_PASSWORD}@`);
    const [en] = await failed(url, 'postgres.notAllowed');
    expect(en).toContain(`does not let role ${ROLE_WITHOUT_PASSWORD} into the database postgres`);
    expect(en).toContain(`role "${ROLE_WITHOUT_PASSWORD}" does not exist`);
  });

  it('no server on the port: one line, refused', async () => {
    const port = await closedPort();
    const [en] = await failed(urlWith(server.url, { host: '127.0.0.1', port }), 'postgres.refused');
    expect(en).toBe(
      `The PostgreSQL server 127.0.0.1:${port} refused the connection (is it running, and listening on that port?); nothing was changed`,
    );
  });

  it('a host that does not exist: one line naming it', async () => {
    const url = server.url.replace(/@[^/]+\//, '@no-such-host.invalid:5432/');
    const [en] = await failed(url, 'postgres.hostNotFound');
    expect(en).toContain('The host no-such-host.invalid of the PostgreSQL database postgres was not found');
  });

  it('a server that never answers: one line after the timeout', async () => {
    const { port, server: silent } = await impostor(() => undefined);
    try {
      const [en] = await failed(urlWith(server.url, { host: '127.0.0.1', port }), 'postgres.timeout', {
        connectTimeoutMs: 300,
      });
      expect(en).toBe(`The PostgreSQL server 127.0.0.1:${port} did not answer within 0.3 s; nothing was changed`);
    } finally {
      silent.close();
    }
  });

  it('a server that hangs up while the connection is made: one line, lost', async () => {
    const { port, server: rude } = await impostor((socket) => socket.once('data', () => socket.destroy()));
    try {
      const [en] = await failed(urlWith(server.url, { host: '127.0.0.1', port }), 'postgres.connectionLost');
      expect(en).toMatch(/^The connection to the PostgreSQL server 127\.0\.0\.1:\d+ was lost \(.+\); /);
    } finally {
      rude.close();
    }
  });

  describe('the server ends the connection (an administrator, a restart)', () => {
    const terminate = (connectionPid: number) =>
      admin((client) => client.query('SELECT pg_terminate_backend($1)', [connectionPid]));
    const pidOf = async (connection: PostgresConnection) =>
      (await connection.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const lost = async (work: Promise<unknown>): Promise<AppError> => {
      const error = await work.then(
        () => new Error('no error'),
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(OperationError);
      expect((error as AppError).key).toBe('postgres.connectionLost');
      seen.push(error as AppError);
      return error as AppError;
    };

    it('in the middle of a statement: that statement fails with one line', async () => {
      const connection = await connectPostgres(await freshDatabase());
      try {
        const pid = await pidOf(connection);
        const sleeping = lost(connection.query('SELECT pg_sleep(30)'));
        await new Promise((resolve) => setTimeout(resolve, 200));
        await terminate(pid);
        const [en] = lines(await sleeping);
        expect(en).toContain('(terminating connection due to administrator command)');
      } finally {
        await connection.close();
      }
    });

    it('while idle: the process goes on, and the next statement fails with one line', async () => {
      const connection = await connectPostgres(await freshDatabase());
      try {
        await terminate(await pidOf(connection));
        await new Promise((resolve) => setTimeout(resolve, 200));
        const [en] = lines(await lost(connection.query('SELECT 1')));
        expect(en).toContain('was lost (terminating connection due to administrator command)');
      } finally {
        await connection.close();
      }
    });
  });

  describe("over TLS (the run's own cluster has a certificate: tests/fixtures/tls)", () => {
    const authority = join(TLS_FIXTURES, 'ca.crt');
    const withTls = (url: string, parameters: string): string => `${url}${url.includes('?') ? '&' : '?'}${parameters}`;
    const encrypted = async (url: string): Promise<boolean> => {
      const connection = await connectPostgres(url);
      try {
        const { rows } = await connection.query<{ ssl: boolean }>(
          'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
        );
        return rows[0]!.ssl;
      } finally {
        await connection.close();
      }
    };

    it.skipIf(!server?.own)(
      'encrypts with require and prefer, checks with verify-ca and verify-full, and never warns',
      async () => {
        const url = await freshDatabase();
        const warned = vi.spyOn(process, 'emitWarning');
        try {
          expect(await encrypted(url)).toBe(false);
          expect(await encrypted(withTls(url, 'sslmode=disable'))).toBe(false);
          expect(await encrypted(withTls(url, 'sslmode=prefer'))).toBe(true);
          expect(await encrypted(withTls(url, 'sslmode=require'))).toBe(true);
          expect(await encrypted(withTls(url, `sslmode=verify-ca&sslrootcert=${authority}`))).toBe(true);
          expect(await encrypted(withTls(url, `sslmode=verify-full&sslrootcert=${authority}`))).toBe(true);
          expect(
            await encrypted(
              urlWith(withTls(url, `sslmode=verify-full&sslrootcert=${authority}`), { host: 'localhost' }),
            ),
          ).toBe(true);
          // (The client library warns on stderr that it reads prefer, require and verify-ca as verify-full.)
          expect(warned).not.toHaveBeenCalled();
        } finally {
          warned.mockRestore();
        }
      },
    );

    it.skipIf(!server?.own)(
      'a certificate it cannot trust, or an authority file it cannot read: one line each',
      async () => {
        const url = await freshDatabase();
        const untrusted = await failed(withTls(url, 'sslmode=verify-full'), 'postgres.certificate');
        expect(untrusted[0]).toMatch(
          /^The certificate of the PostgreSQL server 127\.0\.0\.1:\d+ could not be trusted \(.*certificate.*\); give the authority that signed it as sslrootcert=<file> in --db/,
        );
        const missing = join(TLS_FIXTURES, 'no-such-ca.crt');
        const unread = await failed(withTls(url, `sslmode=verify-ca&sslrootcert=${missing}`), 'postgres.tlsFile');
        expect(unread[0]).toContain(`Cannot read ${missing}, given as sslrootcert in --db: ENOENT`);
      },
    );

    it('a server that does not take TLS: require says so in one line; prefer speaks in the clear', async () => {
      // A go-between that answers the request for TLS with "N", as a server with ssl off does, and
      // passes any other connection on to the real server.
      const real = new URL(server.url);
      const between = await impostor((socket) => {
        socket.once('data', (first) => {
          const asksForTls = first.length === 8 && first.readInt32BE(4) === 80877103;
          if (asksForTls) {
            socket.write('N');
            socket.end();
            return;
          }
          const upstream = connectTcp(Number(real.port), real.hostname, () => upstream.write(first));
          socket.pipe(upstream).pipe(socket);
          upstream.on('error', () => socket.destroy());
          socket.on('error', () => upstream.destroy());
          socket.on('close', () => upstream.destroy());
        });
      });
      try {
        const url = urlWith(await freshDatabase(), { port: between.port });
        const refused = await failed(withTls(url, 'sslmode=require'), 'postgres.noTls');
        expect(refused[0]).toBe(
          `The PostgreSQL server 127.0.0.1:${between.port} does not take encrypted connections, which sslmode=require requires; turn ssl on in its postgresql.conf, or use sslmode=prefer. Nothing was changed`,
        );
        expect(await encrypted(withTls(url, 'sslmode=prefer'))).toBe(false);
      } finally {
        await new Promise((resolve) => between.server.close(resolve));
      }
    });
  });

  // Last: every line the tests above met.
  it('never shows the password, in any line, in either language', () => {
    expect(seen.length).toBeGreaterThanOrEqual(10);
    for (const error of seen) {
      for (const line of [...lines(error), error.message]) {
        expect(line).not.toContain('\n');
        expect(line).not.toContain(password);
        expect(line).not.toContain('not-the-password');
      }
    }
  });
});
