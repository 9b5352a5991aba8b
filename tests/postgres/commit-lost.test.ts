// A connection lost while a change is committed: the program cannot know whether the server made
// it durable, and must not tell the clerk to try again as if it had not (an owner's complaint
// logged twice). Through the real binary, by a go-between that cuts the connection at the COMMIT.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN as bin, runBinary } from '../support/binary.js';
import { freshDatabase, postgresServer, removeDatabases, urlWith } from '../support/postgres-db.js';

afterAll(removeDatabases, 120_000);

const home = mkdtempSync(join(tmpdir(), 'complaint-pg-commit-'));
const env = (url: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  HOME: home,
  COMPLAINT_DB: url,
  COMPLAINT_LANG: 'en',
  COMPLAINT_USER: 'clerk-a',
});

/**
 * Passes connections on to the server until a client sends the COMMIT after a new complaint's
 * INSERT: then hands that COMMIT to the server (`passCommit`) or not, never lets the answer back,
 * and cuts both sides.
 */
async function cutAtCommit(server: URL, passCommit: boolean): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const between: Server = createServer((client) => {
    const upstream = connect(Number(server.port), server.hostname);
    sockets.push(client, upstream);
    let inserted = false;
    let cut = false;
    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      const text = chunk.toString('latin1');
      if (inserted && text.includes('COMMIT')) {
        cut = true;
        if (passCommit) upstream.write(chunk);
        // Long enough for the server to have done what it was given; then the connection is gone.
        setTimeout(() => {
          client.destroy();
          upstream.destroy();
        }, 300);
        return;
      }
      if (text.includes('INSERT INTO complaints')) inserted = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cut) client.write(chunk);
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => between.listen(0, '127.0.0.1', resolve));
  return {
    port: (between.address() as { port: number }).port,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        between.close(() => resolve());
      }),
  };
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
