// Connections lost in the middle of a command, through the real binary and a go-between that stands
// between it and the server:
// - at the COMMIT of a new complaint: the program cannot know whether the server made it durable,
//   and must not tell the clerk to try again as if it had not (an owner's complaint logged twice);
// - as a command opens its ledger, the server shutting down (a restart, an administrator's pg_ctl
//   stop): the server says why in an error and then hangs up. The store asks its first statements
//   together (the schema's version and what every command reads first), so the error answers the
//   first of them while the others wait for answers that will never come. The command must fail
//   with one line and exit 1, whenever the hang-up itself arrives; it once ended with exit 0 and
//   nothing said, as if a clerk's complaint had been logged, when the hang-up came a moment after.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN as bin, runBinary } from '../support/binary.js';
import { freshDatabase, postgresServer, removeDatabases, urlWith } from '../support/postgres-db.js';

afterAll(removeDatabases, 120_000);

const home = mkdtempSync(join(tmpdir(), 'complaint-pg-lost-'));
const env = (url: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  HOME: home,
  COMPLAINT_DB: url,
  COMPLAINT_LANG: 'en',
  COMPLAINT_USER: 'clerk-a',
});

/** A go-between on a port of its own, and how to take it down (the connections it holds, and their timers). */
interface GoBetween {
  port: number;
  close: () => Promise<void>;
}

/**
 * Listens on a port of its own and connects each client to the server; `wire` decides what passes
 * between the two (`later` runs something after a while, unless the go-between is closed first).
 */
async function goBetween(
  server: URL,
  wire: (client: Socket, upstream: Socket, later: (ms: number, work: () => void) => void) => void,
): Promise<GoBetween> {
  const sockets: Socket[] = [];
  const timers: NodeJS.Timeout[] = [];
  const between: Server = createServer((client) => {
    const upstream = connect(Number(server.port), server.hostname);
    sockets.push(client, upstream);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    wire(client, upstream, (ms, work) => timers.push(setTimeout(work, ms)));
  });
  await new Promise<void>((resolve) => between.listen(0, '127.0.0.1', resolve));
  return {
    port: (between.address() as { port: number }).port,
    close: () =>
      new Promise((resolve) => {
        timers.forEach((timer) => clearTimeout(timer));
        sockets.forEach((socket) => socket.destroy());
        between.close(() => resolve());
      }),
  };
}

/**
 * Passes connections on to the server until a client sends the COMMIT after a new complaint's
 * INSERT: then hands that COMMIT to the server (`passCommit`) or not, never lets the answer back,
 * and cuts both sides.
 */
function cutAtCommit(server: URL, passCommit: boolean): Promise<GoBetween> {
  return goBetween(server, (client, upstream, later) => {
    let inserted = false;
    let cut = false;
    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      const text = chunk.toString('latin1');
      if (inserted && text.includes('COMMIT')) {
        cut = true;
        if (passCommit) upstream.write(chunk);
        // Long enough for the server to have done what it was given; then the connection is gone.
        later(300, () => {
          client.destroy();
          upstream.destroy();
        });
        return;
      }
      if (text.includes('INSERT INTO complaints')) inserted = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cut) client.write(chunk);
    });
  });
}

/** How long the go-between holds the connection open after the error: longer than any command should wait. */
const HANG_UP_AFTER_MS = 5_000;

/** The server's message that it is shutting down (ErrorResponse, FATAL, 57P01), as PostgreSQL sends it. */
function shuttingDown(): Buffer {
  const fields = Buffer.from(
    'SFATAL\0VFATAL\0C57P01\0Mterminating connection due to administrator command\0\0',
    'latin1',
  );
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}

/** ReadyForQuery: the server has let the client in and waits for its first statement. */
const READY = Buffer.from([0x5a, 0, 0, 0, 5]);

/**
 * Passes a connection on to the server until the client is let in; answers the client's first
 * statements with the shutdown error in the server's stead, and hangs up only `HANG_UP_AFTER_MS` later.
 */
function shutDownAtFirstStatement(server: URL): Promise<GoBetween> {
  return goBetween(server, (client, upstream, later) => {
    let ready = false;
    let cut = false;
    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      if (!ready) {
        upstream.write(chunk);
        return;
      }
      cut = true;
      // (The go-between stands in for the server from here on.)
      upstream.destroy();
      client.write(shuttingDown());
      later(HANG_UP_AFTER_MS, () => client.destroy());
    });
    upstream.on('data', (chunk: Buffer) => {
      if (cut) return;
      if (chunk.includes(READY)) ready = true;
      client.write(chunk);
    });
  });
}

const NEW = ['new', '--channel', 'phone', '--category', 'facility', '--name', '王先生', '--unit', '3-2-1201'];

describe.skipIf(postgresServer === null)('a connection lost at the COMMIT of a new complaint', () => {
  it.each([
    ['after the server had it', true, 1],
    ['before the server had it', false, 0],
  ])(
    '%s: one line that it may or may not be saved; the ledger holds it once or not at all',
    async (_, passCommit, kept) => {
      const url = await freshDatabase();
      expect(
        spawnSync(process.execPath, [bin, 'office', 'add', 'main', '--name', '测试'], { env: env(url) }).status,
      ).toBe(0);
      const between = await cutAtCommit(new URL(url), passCommit);
      try {
        const lost = await runBinary([...NEW, '--description', '电梯停运'], env(urlWith(url, { port: between.port })));
        expect(lost.code).toBe(1);
        expect(lost.stdout).toBe('');
        expect(lost.stderr).toMatch(
          /^✗ The connection to the PostgreSQL server 127\.0\.0\.1:\d+ was lost while the change was being saved \(.+\): it may have been saved or not\. Look \(complaint list, complaint show\) before doing it again\n$/,
        );
      } finally {
        await between.close();
      }
      const listed = spawnSync(process.execPath, [bin, 'list', '--json'], { env: env(url), encoding: 'utf8' });
      expect(listed.status, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toHaveLength(kept);
    },
  );
});

describe.skipIf(postgresServer === null)('the server shutting down as a command opens its ledger', () => {
  it.each([
    ['new', [...NEW, '--description', '电梯停运']],
    ['list', ['list']],
  ])('%s: one line, exit 1, at once and not at the hang-up; nothing written', async (_, args) => {
    const url = await freshDatabase();
    const office = spawnSync(process.execPath, [bin, 'office', 'add', 'main', '--name', '测试'], {
      env: env(url),
      encoding: 'utf8',
    });
    expect(office.status, office.stderr).toBe(0);
    const between = await shutDownAtFirstStatement(new URL(url));
    try {
      const started = performance.now();
      const lost = await runBinary(args, env(urlWith(url, { port: between.port })));
      const ms = performance.now() - started;
      expect(lost.stdout).toBe('');
      expect(lost.stderr).toMatch(
        /^✗ The connection to the PostgreSQL server 127\.0\.0\.1:\d+ was lost \(terminating connection due to administrator command\); .+\n$/,
      );
      expect(lost.code).toBe(1);
      expect(ms).toBeLessThan(HANG_UP_AFTER_MS / 2);
    } finally {
      await between.close();
    }
    const listed = spawnSync(process.execPath, [bin, 'list', '--json'], { env: env(url), encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });
});
