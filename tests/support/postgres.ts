// The PostgreSQL server the PostgreSQL tests use: COMPLAINT_TEST_PG=<url> names an existing one
// (its role must be allowed to create databases); otherwise a throwaway cluster is made for the run
// from the machine's server binaries (Debian's postgresql package), on a private port and socket
// folder, and stopped and removed at the end. Without server binaries the PostgreSQL tests are
// skipped, said on one line — unless COMPLAINT_REQUIRE_PG=1 (CI), when that is a failure.
// initdb and the server refuse to run as root: as root, they run as the `postgres` user.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import type pg from 'pg';
import type { TestProject } from 'vitest/node';

export interface TestPostgres {
  /** a URL whose role may create databases (tests/support/postgres-db.ts makes one per test file) */
  url: string;
  /** true when this run made the cluster (the tests may then rely on its pg_hba.conf, below) */
  own: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: TestPostgres | null;
  }
}

/** A role that pg_hba.conf lets in without a password over TCP: it has no role, so the server says so (28000). */
export const ROLE_WITHOUT_PASSWORD = 'nobody_here';

/** The run's own cluster speaks TLS with this certificate authority's server certificate (see its README). */
export const TLS_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'tls');

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env.COMPLAINT_TEST_PG;
  if (given !== undefined && given !== '') {
    project.provide('postgres', { url: given, own: false });
    return undefined;
  }
  const missing = clusterMissing();
  if (missing !== null) {
    if (process.env.COMPLAINT_REQUIRE_PG === '1')
      throw new Error(`COMPLAINT_REQUIRE_PG=1, but ${missing}: install Debian's postgresql package`);
    process.stdout.write(
      `PostgreSQL suite skipped: ${missing} (install Debian's postgresql package, or set COMPLAINT_TEST_PG=<url>)\n`,
    );
    project.provide('postgres', null);
    return undefined;
  }

  const cluster = await startCluster();
  project.provide('postgres', { url: cluster.url, own: true });
  return cluster.stop;
}

/** A running throwaway cluster: its tests' role's URL, and the server's own switches. */
export interface Cluster {
  url: string;
  /** stops the server (`pg_ctl stop -m fast`: open connections are ended, committed work kept) */
  stopServer: () => void;
  /** starts it again, on the same port and folder */
  startServer: () => void;
  /** `pg_ctl restart -m fast` */
  restart: () => void;
  /** stops the server at once and removes the cluster's folder */
  stop: () => void;
}

/** Why a cluster cannot be made on this machine, or null when it can. */
export function clusterMissing(): string | null {
  const runAs = serverUser();
  return serverBinaries() === null
    ? 'no PostgreSQL server binaries (initdb, pg_ctl) were found'
    : runAs !== null && spawnSync('id', ['-u', runAs]).status !== 0
      ? 'running as root, and there is no "postgres" user to run the server as'
      : null;
}

/**
 * A new cluster from the machine's server binaries, as the run's own (global setup), or as a test
 * file's own when it must stop and start its server without disturbing the other files.
 */
export async function startCluster(): Promise<Cluster> {
  const missing = clusterMissing();
  if (missing !== null) throw new Error(`cannot make a PostgreSQL cluster: ${missing}`);
  return makeCluster(serverBinaries()!, serverUser());
}

/** initdb and the server refuse to run as root: as root, they run as the `postgres` user. */
function serverUser(): string | null {
  return process.getuid?.() === 0 ? 'postgres' : null;
}

/** The newest installed server's bin folder (Debian keeps each major version in /usr/lib/postgresql/N/bin). */
function serverBinaries(): string | null {
  const candidates: string[] = [];
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian))
    candidates.push(
      ...readdirSync(debian)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
        .map((name) => join(debian, name, 'bin')),
    );
  const configured = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (configured.status === 0) candidates.push(configured.stdout.trim());
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (onPath.status === 0) candidates.push(dirname(onPath.stdout.trim()));
  return (
    candidates.find(
      (bin) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl')) && existsSync(join(bin, 'postgres')),
    ) ?? null
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function makeCluster(bin: string, runAs: string | null): Promise<Cluster> {
  // Under /tmp itself, not the run's TMPDIR (a root-only folder the postgres user cannot enter).
  const folder = mkdtempSync('/tmp/complaint-pg-');
  // The server's user owns its folder (and its TLS key, below).
  const ownedByServer = (path: string): void => {
    if (runAs === null) return;
    const uid = Number(spawnSync('id', ['-u', runAs], { encoding: 'utf8' }).stdout);
    const gid = Number(spawnSync('id', ['-g', runAs], { encoding: 'utf8' }).stdout);
    chownSync(path, uid, gid);
  };
  ownedByServer(folder);
  const data = join(folder, 'data');
  const run = (program: string, args: string[]): void => {
    const command =
      runAs === null ? [join(bin, program), ...args] : ['runuser', '-u', runAs, '--', join(bin, program), ...args];
    const result = spawnSync(command[0]!, command.slice(1), { cwd: folder, encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`${program} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
  };
  const log = join(folder, 'server.log');
  const stopServer = (): void => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  // A start is given the first start's settings again (only a restart reads them back from
  // postmaster.opts), and -l: without it the server would hold pg_ctl's output pipe open.
  let settings = '';
  const startServer = (): void => run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', settings, 'start']);
  const restart = (): void => run('pg_ctl', ['-D', data, '-l', log, '-m', 'fast', '-w', '-t', '60', 'restart']);
  const stop = () => {
    if (existsSync(join(data, 'postmaster.pid'))) {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // the folder goes anyway; a server left behind has lost its files
      }
    }
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    // C.UTF-8: a UTF-8 database whose character classes know Chinese (pg_trgm splits words by them).
    run('initdb', ['-D', data, '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--auth=trust']);
    // The superuser only through the private socket; the tests' role with a password over TCP, as a
    // company's clerks connect; and one unknown role let in without one, to meet "no such role".
    writeFileSync(
      join(data, 'pg_hba.conf'),
      [
        'local all postgres trust',
        `host all ${ROLE_WITHOUT_PASSWORD} 127.0.0.1/32 trust`,
        'host all all 127.0.0.1/32 scram-sha-256',
        '',
      ].join('\n'),
    );
    // TLS with the fixtures' certificate (tests/fixtures/tls): sslmode=require and verify-full meet a
    // real handshake. The key must be the server user's own, readable by it alone.
    for (const file of ['server.crt', 'server.key']) {
      copyFileSync(join(TLS_FIXTURES, file), join(folder, file));
      ownedByServer(join(folder, file));
      chmodSync(join(folder, file), 0o600);
    }
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      settings = [
        '-c ssl=on',
        `-c ssl_cert_file=${join(folder, 'server.crt')}`,
        `-c ssl_key_file=${join(folder, 'server.key')}`,
        `-c port=${port}`,
        `-c listen_addresses=127.0.0.1`,
        `-c unix_socket_directories=${folder}`,
        // A throwaway cluster: durability is not wanted, speed is.
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
      try {
        startServer();
        break;
      } catch (error) {
        if (attempt === 3) throw error; // another process took the port between the check and the start
      }
    }
    const password = randomBytes(12).toString('hex');
    const { Client } = createRequire(import.meta.url)('pg') as typeof pg;
    const admin = new Client({ host: folder, port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    try {
      // Not a superuser: the migrations must work for a database's owner (pg_trgm is a trusted extension).
      await admin.query(`CREATE ROLE complaint_test LOGIN CREATEDB PASSWORD '${password}'`);
    } finally {
      await admin.end();
    }
    return {
      url: `postgres://complaint_test:${password}@127.0.0.1:${port}/postgres`,
      stopServer,
      startServer,
      restart,
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
}
