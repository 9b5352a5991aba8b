// The real binary on a PostgreSQL database: a company's offices, clerks on several hosts writing at
// once, and cron posting each alert once however many hosts run it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBinary, type Ran } from '../support/binary.js';
import { webhookServer, type WebhookServer } from '../support/webhook-server.js';
import { freshDatabase, postgresServer, removeDatabases } from '../support/postgres-db.js';

afterAll(removeDatabases, 120_000);

const home = mkdtempSync(join(tmpdir(), 'complaint-pg-cli-'));

const envFor = (url: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  HOME: home,
  COMPLAINT_DB: url,
  COMPLAINT_LANG: 'en',
  COMPLAINT_USER: 'clerk-a',
  ...extra,
});

function complaint(url: string, args: string[], extra: Record<string, string> = {}): Ran {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: envFor(url, extra) });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, not waiting: several hosts at once. */
function started(url: string, args: string[], extra: Record<string, string> = {}): Promise<Ran> {
  return runBinary(args, envFor(url, extra));
}

const NEW = ['new', '--channel', 'phone', '--category', 'facility', '--name', '王先生', '--unit', '3-2-1201'];

describe.skipIf(postgresServer === null)('the binary on PostgreSQL', () => {
  let url = '';
  let hooks: WebhookServer;
  beforeAll(async () => {
    url = await freshDatabase();
    hooks = await webhookServer();
  }, 60_000);
  afterAll(() => hooks?.close());

  it('sets up a new database, asks for its first office, then keeps offices apart', () => {
    const first = complaint(url, ['list']);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('Set up the complaint tables in postgres://');
    expect(first.stderr).toContain('This database has no office yet; add one first: complaint office add');
    expect(first.stderr).not.toContain(postgresServer!.url.match(/:([^:@/]+)@/)![1]!);
    expect(complaint(url, ['office', 'add', 'north', '--name', '北区管理处']).code).toBe(0);
    expect(complaint(url, ['office', 'add', 'kashi', '--name', '喀什项目部', '--timezone', 'Asia/Urumqi']).code).toBe(
      0,
    );
    expect(complaint(url, ['office', 'add', 'north', '--name', '重复'])).toMatchObject({ code: 1 });
    expect(
      complaint(url, [...NEW, '--description', '电梯停运', '--office', 'north', '--at', '2026-11-02 09:00']).code,
    ).toBe(0);
    expect(complaint(url, [...NEW, '--description', '楼道灯不亮'], { COMPLAINT_OFFICE: 'kashi' }).code).toBe(0);
    expect(complaint(url, ['list'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('accepted: kashi, north'),
    });
    const north = JSON.parse(complaint(url, ['list', '--json', '--office', 'north']).stdout) as Array<{
      description: string;
    }>;
    expect(north.map((c) => c.description)).toEqual(['电梯停运']);
    const kashi = JSON.parse(complaint(url, ['list', '--json', '--office', 'kashi']).stdout) as Array<{
      receivedAt: string;
    }>;
    expect(kashi[0]!.receivedAt).toMatch(/\+06:00$/);
    const offices = JSON.parse(complaint(url, ['office', 'list', '--json']).stdout) as Array<{
      code: string;
      complaints: number;
    }>;
    expect(offices.map((office) => [office.code, office.complaints])).toEqual([
      ['kashi', 1],
      ['north', 1],
    ]);
  });

  it('follows a complaint through, and reports and checks it as on SQLite', () => {
    const office = { COMPLAINT_OFFICE: 'north' };
    const id = String(JSON.parse(complaint(url, ['list', '--json'], office).stdout)[0].id);
    const replied = complaint(
      url,
      ['reply', id, '--method', 'phone', '--message', '已派人', '--at', '2026-11-02 15:00'],
      office,
    );
    expect(replied.code, replied.stderr).toBe(0);
    expect(
      complaint(
        url,
        ['close', id, '--result', '更换控制板', '--cause', 'equipment', '--at', '2026-11-03 10:00'],
        office,
      ).code,
    ).toBe(0);
    const report = JSON.parse(complaint(url, ['report', '--month', '2026-11', '--json'], office).stdout);
    expect(report.totals).toMatchObject({ received: 1, replied: 1, closed: 1 });
    const found = JSON.parse(complaint(url, ['list', '--search', '控制板', '--json'], office).stdout) as unknown[];
    expect(found).toHaveLength(1);
    const doctor = complaint(url, ['doctor', '--json'], office);
    expect(doctor.code, doctor.stderr).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ healthy: true, journalMode: 'postgresql' });
    const backup = complaint(url, ['backup', join(home, 'company.dump')]);
    expect(backup).toMatchObject({ code: 1, stderr: expect.stringContaining('pg_dump --format=custom') });
  });

  it('takes clerks on several hosts at once, every complaint once, and posts each alert once', async () => {
    const office = { COMPLAINT_OFFICE: 'north' };
    const writers = Array.from({ length: 8 }, async (_, writer) => {
      const results: Ran[] = [];
      for (let index = 0; index < 4; index += 1)
        results.push(
          await started(url, [...NEW, '--description', `并发 ${writer}-${index}`, '--at', '2026-11-05 09:00'], office),
        );
      return results;
    });
    // Cron on two hosts, at the same time as the clerks and each other.
    const webhook = hooks.url('/robot');
    const cron = Array.from({ length: 2 }, async () => {
      const results: Ran[] = [];
      for (let round = 0; round < 3; round += 1)
        results.push(await started(url, ['overdue', '--flag', '--notify', webhook], office));
      return results;
    });
    const ran = (await Promise.all([...writers, ...cron])).flat();
    for (const result of ran) expect([0, 3], result.stderr).toContain(result.code);
    const listed = JSON.parse(complaint(url, ['list', '--json', '--search', '并发'], office).stdout) as Array<{
      id: number;
      description: string;
    }>;
    expect(listed.map((c) => c.description).sort()).toEqual(
      Array.from({ length: 8 }, (_, w) => Array.from({ length: 4 }, (_, i) => `并发 ${w}-${i}`))
        .flat()
        .sort(),
    );
    // Once more after the rush: whatever is still unsent goes now, and nothing twice.
    await started(url, ['overdue', '--flag', '--notify', webhook], office);
    const posted = hooks
      .received('/robot')
      .flatMap((body: { alerts: Array<{ id: number }> }) => body.alerts.map((alert) => String(alert.id)));
    expect(new Set(posted).size).toBe(posted.length);
    // The late replies, and the closed complaint's return visit (回访) never made.
    const closed = JSON.parse(complaint(url, ['list', '--status', 'closed', '--json'], office).stdout) as Array<{
      id: number;
    }>;
    expect(new Set(posted)).toEqual(new Set([...listed, ...closed].map((c) => String(c.id))));
  }, 180_000);
});
