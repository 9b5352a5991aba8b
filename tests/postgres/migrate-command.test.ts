// `complaint migrate` through the real binary: an office's SQLite ledger, made with the binary,
// copied to a company's server, where every report, list, history and check gives what the file
// gave; copied again, nothing twice; into a second office, kept apart; bad input, nothing changed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, lendRules } from '../../src/store/sqlite/migrations.js';
import { admin, freshDatabase, postgresServer, removeDatabases } from '../support/postgres-db.js';

afterAll(removeDatabases, 120_000);

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'complaint');
const home = mkdtempSync(join(tmpdir(), 'complaint-pg-migrate-'));
const ledger = join(home, 'office.db');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function complaint(db: string, args: string[], extra: Record<string, string> = {}): Ran {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      COMPLAINT_DB: db,
      COMPLAINT_LANG: 'en',
      COMPLAINT_USER: 'clerk-a',
      ...extra,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A command that must succeed; its stdout. */
function ok(db: string, args: string[], extra: Record<string, string> = {}): string {
  const ran = complaint(db, args, extra);
  expect(ran.code, `${args.join(' ')}: ${ran.stderr}`).toBe(0);
  return ran.stdout;
}

const json = <T>(db: string, args: string[], extra: Record<string, string> = {}): T =>
  JSON.parse(ok(db, [...args, '--json'], extra)) as T;

const fileHash = (path: string): string | null =>
  existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;

interface Listed {
  id: number;
  description: string;
  [field: string]: unknown;
}

interface Shown extends Listed {
  events: Array<{ id?: number; complaintId?: number; [field: string]: unknown }>;
}

interface Summary {
  office: string;
  officeCreated: boolean;
  complaints: number;
  events: number;
  alerts: number;
  officeDays: number;
  scheduleYears: number[];
  alreadyCopied: number;
  firstId: number | null;
  lastId: number | null;
  source: string;
}

const AS_OF = ['--at', '2026-12-01 12:00'];
const NEW = ['new', '--name', '王先生', '--unit', '3-2-1201', '--phone', '13812345678'];

/** An event as the history shows it, less its numbers (which are the database's). */
function withoutIds(event: Shown['events'][number]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...event };
  delete copy.id;
  delete copy.complaintId;
  return copy;
}

/** The office's ledger as the binary shows it, every id replaced by the complaint's description. */
function ledgerOf(db: string, office: Record<string, string> = {}) {
  const listed = json<Listed[]>(db, ['list', ...AS_OF], office);
  const names = new Map(listed.map((item) => [item.id, item.description]));
  const named = (id: number): string => names.get(id) ?? `#${id}?`;
  const shown = listed
    .map((item) => json<Shown>(db, ['show', String(item.id), ...AS_OF], office))
    .map(({ id, events, ...rest }) => ({
      ...rest,
      complaint: named(id),
      events: events.map((event) => withoutIds(event)),
    }))
    .sort((a, b) => a.complaint.localeCompare(b.complaint));
  const report = json<{ overdue: Array<{ id: number }>; [key: string]: unknown }>(
    db,
    ['report', '--month', '2026-11', ...AS_OF],
    office,
  );
  const doctor = json<{ complaints: number; events: number; alerts: number; byStatus: unknown; healthy: boolean }>(
    db,
    ['doctor'],
    office,
  );
  return {
    list: listed.map(({ id, ...rest }) => ({ ...rest, complaint: named(id) })),
    shown,
    report: { ...report, overdue: report.overdue.map(({ id, ...rest }) => ({ ...rest, complaint: named(id) })) },
    doctor: {
      complaints: doctor.complaints,
      events: doctor.events,
      alerts: doctor.alerts,
      byStatus: doctor.byStatus,
      healthy: doctor.healthy,
    },
  };
}

describe.skipIf(postgresServer === null)('complaint migrate, SQLite ledger to a company server', () => {
  let url = '';
  beforeAll(async () => {
    url = await freshDatabase();
    // An office's year on SQLite, through the binary.
    ok(ledger, ['config', 'office-name', '阳光花园管理处']);
    ok(ledger, ['config', 'reply-days.letter', '4']);
    ok(ledger, ['calendar', 'import', join(root, 'tests', 'fixtures', 'schedule-2027.json')]);
    ok(ledger, ['calendar', 'set', '2026-11-25', 'off', '--note', '台风停工']);
    ok(ledger, ['calendar', 'set', '2026-11-28', 'work', '--note', '年终盘点']);
    ok(ledger, ['calendar', 'unset', '2026-11-28']);
    const made = (args: string[]): string => String(json<{ id: number }>(ledger, [...NEW, ...args]).id);
    const lift = made([
      '--channel',
      'phone',
      '--category',
      'facility',
      '--subcategory',
      'operation',
      '--description',
      '电梯停运',
      '--at',
      '2026-11-02 09:00',
    ]);
    ok(ledger, ['visit', lift, '--arrived', '2026-11-02 09:02']);
    ok(ledger, [
      'reply',
      lift,
      '--method',
      'phone',
      '--message',
      '已派人',
      '--satisfaction',
      'basic',
      '--at',
      '2026-11-02 15:00',
    ]);
    ok(ledger, ['close', lift, '--result', '更换控制板', '--cause', 'equipment', '--at', '2026-11-03 10:00']);
    const roof = made([
      '--channel',
      'letter',
      '--category',
      'facility',
      '--subcategory',
      'design',
      '--description',
      '屋顶漏水',
      '--at',
      '2026-11-04 10:00',
    ]);
    ok(ledger, [
      'escalate',
      roof,
      '--to',
      '工程部',
      '--promise',
      '2026-11-20',
      '--message',
      '需防水施工',
      '--at',
      '2026-11-05 10:00',
    ]);
    ok(ledger, ['note', roof, '已联系防水公司', '--at', '2026-11-06 10:00']);
    const fee = made([
      '--channel',
      'online',
      '--category',
      'fee',
      '--subcategory',
      'shared',
      '--description',
      '公摊电费过高',
      '--at',
      '2026-11-09 10:00',
    ]);
    ok(ledger, ['reply', fee, '--method', 'letter', '--message', '附明细', '--at', '2026-11-20 10:00']);
    ok(ledger, ['reopen', fee, '--reason', '仍有疑问', '--at', '2026-11-23 10:00']);
    const wrong = made([
      '--channel',
      'visit',
      '--category',
      'service',
      '--description',
      '登记错误',
      '--at',
      '2026-11-10 10:00',
    ]);
    ok(ledger, ['void', wrong, '--reason', '重复登记', '--at', '2026-11-10 11:00']);
    made([
      '--channel',
      'phone',
      '--category',
      'service',
      '--subcategory',
      'attitude',
      '--description',
      '保安态度差',
      '--at',
      '2026-11-16 10:00',
    ]);
    const hall = made([
      '--channel',
      'visit',
      '--category',
      'service',
      '--subcategory',
      'environment',
      '--description',
      '楼道脏',
      '--at',
      '2026-10-30 10:00',
    ]);
    ok(ledger, ['assign', hall, 'clerk-b', '--at', '2026-10-30 11:00']);
    // Cron found the late ones (alerts recorded, as sent or not).
    expect([0, 3]).toContain(complaint(ledger, ['overdue', '--flag']).code);
  }, 120_000);

  it('copies the office, and the server shows what the file showed', () => {
    const before = ledgerOf(ledger);
    const files = [fileHash(ledger), fileHash(`${ledger}-wal`)];
    const ran = complaint(ledger, ['migrate', '--from', ledger, '--to', url, '--office', 'north', '--json']);
    expect(ran.code, ran.stderr).toBe(0);
    const summary = JSON.parse(ran.stdout) as Summary;
    expect(summary).toMatchObject({
      office: 'north',
      officeCreated: true,
      complaints: 6,
      events: before.doctor.events,
      alerts: before.doctor.alerts,
      officeDays: 3,
      scheduleYears: [2027],
      alreadyCopied: 0,
    });
    expect(summary.alerts).toBeGreaterThan(0);
    expect(ran.stderr).toContain('Copied 6 complaints');
    expect(ran.stderr).toContain(`ids #${summary.firstId}–#${summary.lastId}`);
    expect(ran.stderr).toContain('Made office north (阳光花园管理处)');
    expect(ran.stderr).not.toContain(new URL(postgresServer!.url).password);
    // The file was only read.
    expect([fileHash(ledger), fileHash(`${ledger}-wal`)]).toEqual(files);

    const north = { COMPLAINT_OFFICE: 'north' };
    const after = ledgerOf(url, north);
    expect(after.doctor).toEqual({ ...before.doctor, healthy: true });
    expect(after.list).toEqual(before.list);
    expect(after.shown).toEqual(before.shown);
    expect(after.report).toEqual(before.report);
    // The office's settings and calendar came along.
    expect(json<Record<string, string>>(url, ['config'], north)).toMatchObject({
      'office-name': '阳光花园管理处',
      'reply-days.letter': '4',
    });
    expect(ok(url, ['calendar', '2026-11'], north)).toEqual(ok(ledger, ['calendar', '2026-11']));
    // What the file's cron flagged is not flagged again by the server's.
    expect(complaint(url, ['overdue', '--flag'], north).code).toBe(0);
    expect(json<{ alerts: number }>(url, ['doctor'], north).alerts).toBe(before.doctor.alerts);
  });

  it('copies nothing twice; a complaint logged in the file since is copied on the next run', () => {
    const again = complaint(ledger, ['migrate', '--from', ledger, '--to', url, '--office', 'north', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      complaints: 0,
      events: 0,
      alerts: 0,
      officeDays: 0,
      alreadyCopied: 6,
    });
    expect(again.stderr).toContain('6 already copied');
    expect(again.stderr).toContain('its settings were kept');

    ok(ledger, [
      ...NEW,
      '--channel',
      'phone',
      '--category',
      'facility',
      '--description',
      '水管爆裂',
      '--at',
      '2026-11-30 10:00',
    ]);
    const third = complaint(ledger, ['migrate', '--from', ledger, '--to', url, '--office', 'north', '--json']);
    expect(third.code, third.stderr).toBe(0);
    expect(JSON.parse(third.stdout)).toMatchObject({ complaints: 1, events: 1, alreadyCopied: 6 });
    const north = { COMPLAINT_OFFICE: 'north' };
    expect(ledgerOf(url, north)).toEqual({
      ...ledgerOf(ledger),
      doctor: { ...ledgerOf(ledger).doctor, healthy: true },
    });
  });

  it('copies the same file into a second office apart from the first', () => {
    const ran = complaint(ledger, ['migrate', '--from', ledger, '--to', url, '--office', 'south', '--json']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({
      office: 'south',
      officeCreated: true,
      complaints: 7,
      scheduleYears: [],
    });
    const offices = json<Array<{ code: string; complaints: number }>>(url, ['office', 'list']);
    expect(offices.map((office) => [office.code, office.complaints])).toEqual([
      ['north', 7],
      ['south', 7],
    ]);
    const south = ledgerOf(url, { COMPLAINT_OFFICE: 'south' });
    expect(south.list).toEqual(ledgerOf(url, { COMPLAINT_OFFICE: 'north' }).list);
    // A number of north's is not south's.
    const northId = json<Listed[]>(url, ['list'], { COMPLAINT_OFFICE: 'north' })[0]!.id;
    expect(complaint(url, ['show', String(northId)], { COMPLAINT_OFFICE: 'south' }).code).toBe(1);
  });

  it('refuses bad input in one line, exit 2, changing nothing and making no file', () => {
    const offices = ok(url, ['office', 'list', '--json']);
    const missing = join(home, 'missing.db');
    const cases: Array<[string[], string]> = [
      [['migrate', '--to', url, '--office', 'east'], 'Missing --from'],
      [['migrate', '--from', ledger, '--office', 'east'], 'Missing --to'],
      [['migrate', '--from', ledger, '--to', url], '--office <code>'],
      [['migrate', '--from', ledger, '--to', 'mysql://x/y', '--office', 'east'], 'is not a PostgreSQL address'],
      [['migrate', '--from', missing, '--to', url, '--office', 'east'], 'is not a file'],
      [['migrate', '--from', home, '--to', url, '--office', 'east'], 'is not a file'],
      [['migrate', '--from', ledger, '--to', url, '--office', 'East Gate'], 'Office code "East Gate"'],
      [['migrate', '--from', ledger, '--from-office', 'west', '--to', url, '--office', 'east'], 'accepted: main'],
    ];
    for (const [args, words] of cases) {
      const ran = complaint(ledger, args);
      expect(ran.code, `${args.join(' ')}: ${ran.stderr}`).toBe(2);
      expect(ran.stderr.trim().split('\n')).toHaveLength(1);
      expect(ran.stderr).toContain(words);
      expect(ran.stderr).not.toContain(new URL(postgresServer!.url).password);
    }
    expect(existsSync(missing)).toBe(false);
    expect(ok(url, ['office', 'list', '--json'])).toEqual(offices);
  });

  it('copies a ledger of an older schema from a private copy brought up to date, the file left as it was', () => {
    const old = join(home, 'old.db');
    const db = new BetterSqlite3(old);
    lendRules(db);
    for (const migration of MIGRATIONS.slice(0, 12)) db.exec(migration.sql);
    db.prepare("INSERT INTO settings (key, value) VALUES ('office-name', '老台账'), ('timezone', 'Asia/Urumqi')").run();
    db.pragma('user_version = 12');
    db.close();
    const before = fileHash(old);
    const ran = complaint(ledger, ['migrate', '--from', old, '--to', url, '--office', 'old', '--json']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ office: 'old', officeCreated: true, complaints: 0 });
    expect(ran.stderr).toContain('Nothing new to copy into office old');
    expect(json<Record<string, string>>(url, ['config'], { COMPLAINT_OFFICE: 'old' })).toMatchObject({
      'office-name': '老台账',
      timezone: 'Asia/Urumqi',
    });
    expect(fileHash(old)).toBe(before);
    const reader = new BetterSqlite3(old, { readonly: true });
    expect(reader.pragma('user_version', { simple: true })).toBe(12);
    reader.close();
  });

  it('rolls the whole copy back when the recount differs from the file, naming what differs', async () => {
    const other = await freshDatabase();
    ok(other, ['office', 'add', 'east', '--name', '东区']);
    // A server that silently drops notes: the copy holds one event fewer than the file.
    await admin(async (client) => {
      await client.query(`CREATE FUNCTION drop_notes() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.type = 'note' THEN RETURN NULL; END IF; RETURN NEW; END $$`);
      await client.query(
        'CREATE TRIGGER drop_notes BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION drop_notes()',
      );
    }, new URL(other).pathname.slice(1));
    const offices = ok(other, ['office', 'list', '--json']);
    const ran = complaint(ledger, ['migrate', '--from', ledger, '--to', other, '--office', 'north']);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/did not check out .*events \d+≠\d+.*rolled back/);
    expect(ok(other, ['office', 'list', '--json'])).toEqual(offices);
  });
});
