// A PostgreSQL cluster of the bench's own, made from the machine's server binaries (Debian's
// postgresql package) the way tests/support/postgres.ts makes the tests' one: initdb and pg_ctl
// (as the `postgres` user when run as root, since they refuse root), a private port on 127.0.0.1
// and a private socket folder. Unlike the tests', it is kept: the company database loaded into it
// takes minutes, so the folder stays in the temp folder like the SQLite bench database, and each
// run starts the server on it and stops it at the end. Everything here is synchronous (spawnSync,
// psql), as the rest of the bench is.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Why the PostgreSQL bench cannot run here, or null when it can. */
export function postgresMissing(): string | null {
  if (serverBinaries() === null) return 'no PostgreSQL server binaries (initdb, pg_ctl, postgres, psql) were found';
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0)
    return 'running as root, and there is no "postgres" user to run the server as';
  return null;
}

/** The newest installed server's bin folder (Debian keeps each major version in /usr/lib/postgresql/N/bin). */
export function serverBinaries(): string | null {
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
    candidates.find((bin) => ['initdb', 'pg_ctl', 'postgres', 'psql'].every((tool) => existsSync(join(bin, tool)))) ??
    null
  );
}

export interface BenchCluster {
  /** the folder: data/, the socket, server.log */
  folder: string;
  port: number;
  /** postgres://bench:…@127.0.0.1:port/<database>: the bench role, over TCP with a password, as a clerk connects */
  url(database: string): string;
  /** runs SQL through psql as the superuser (over the private socket); its output, unaligned */
  admin(sql: string, database?: string): string;
  /** a shell command running psql as the bench role on `database` (for a pipe into \copy) */
  psqlCommand(database: string): string;
  /** the server log's path (log_statement output lands here) */
  log: string;
  stop(): void;
}

/**
 * Starts the server on the cluster in `folder`, making the cluster first when the folder has none.
 * `fresh` tells whether it was made now (so the caller loads it).
 */
export function startCluster(folder: string): { cluster: BenchCluster; fresh: boolean } {
  const bin = serverBinaries()!;
  const runAs = process.getuid?.() === 0 ? 'postgres' : null;
  const data = join(folder, 'data');
  const run = (program: string, args: string[]): string => {
    const command =
      runAs === null ? [join(bin, program), ...args] : ['runuser', '-u', runAs, '--', join(bin, program), ...args];
    const result = spawnSync(command[0]!, command.slice(1), { cwd: folder, encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`${program} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  const fresh = !existsSync(join(data, 'PG_VERSION'));
  if (fresh) {
    rmSync(folder, { recursive: true, force: true });
    // Under /tmp itself, not a TMPDIR the postgres user may not enter.
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (runAs !== null) {
      const uid = Number(spawnSync('id', ['-u', runAs], { encoding: 'utf8' }).stdout);
      const gid = Number(spawnSync('id', ['-g', runAs], { encoding: 'utf8' }).stdout);
      chownSync(folder, uid, gid);
    }
    // C.UTF-8: a UTF-8 database whose character classes know Chinese (pg_trgm splits words by them).
    run('initdb', ['-D', data, '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--auth=trust']);
    // The superuser through the private socket only; the bench role with a password over TCP, as
    // a company's clerks connect (the password exchange is part of every command's cost).
    writeFileSync(
      join(data, 'pg_hba.conf'),
      ['local all postgres trust', 'host all bench 127.0.0.1/32 scram-sha-256', ''].join('\n'),
    );
  } else if (spawnSync(join(bin, 'pg_ctl'), ['-D', data, 'status'], { stdio: 'ignore' }).status === 0) {
    // A run that was killed left its server running: stop it, so that this one starts on a known port.
    run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  }
  const log = join(folder, 'server.log');
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = 20_000 + Math.floor(Math.random() * 40_000);
    // A server as a company would run one (durable commits: fsync and synchronous_commit as shipped),
    // with a little more memory than the packaged default for the 3,000,000 complaints and their indexes.
    const settings = [
      `-c port=${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${folder}`,
      '-c max_connections=100',
      '-c shared_buffers=512MB',
      '-c max_wal_size=4GB',
      '-c log_line_prefix=%m\\ [%p]\\ ',
    ].join(' ');
    try {
      run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '120', '-o', settings, 'start']);
      break;
    } catch (error) {
      if (attempt === 3) throw error; // the port was taken: try another
    }
  }
  const psql = join(bin, 'psql');
  const admin = (sql: string, database = 'postgres'): string => {
    const args = ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', folder, '-p', String(port), '-U', 'postgres'];
    const result = spawnSync(psql, [...args, '-d', database], { input: sql, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`psql: ${result.stderr}`);
    return result.stdout.trim();
  };
  // A new password each start: nothing secret is kept in the folder.
  const password = randomBytes(12).toString('hex');
  admin(
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench') THEN CREATE ROLE bench LOGIN CREATEDB; END IF;
     END $$;
     ALTER ROLE bench PASSWORD '${password}';`,
  );
  const url = (database: string): string => `postgres://bench:${password}@127.0.0.1:${port}/${database}`;
  const cluster: BenchCluster = {
    folder,
    port,
    url,
    admin,
    log,
    psqlCommand: (database) => `${psql} -X -q -v ON_ERROR_STOP=1 '${url(database)}'`,
    stop: () => {
      if (existsSync(join(data, 'postmaster.pid'))) run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
  };
  return { cluster, fresh };
}
