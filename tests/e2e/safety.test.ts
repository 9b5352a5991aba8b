// Data safety through the real binary: backups while others write, restores that keep what they
// replace, the doctor's verdicts, processes killed mid-write, old schemas, unusable files.
import { execFile, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readFileSync,
  closeSync,
  writeSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { contentHash } from '../support/content-hash.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'complaint');
const newArgs = (name: string, at = '2026-11-20 09:00'): string[] => [
  'new',
  '--channel',
  'phone',
  '--category',
  'facility',
  '--name',
  name,
  '--unit',
  '1-1-101',
  '--phone',
  '13812345678',
  '--description',
  '电梯停运',
  '--at',
  at,
];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'complaint-safety-'));
}

function complaint(db: string, args: string[], options: { uid?: number } = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tmpdir(),
      COMPLAINT_DB: db,
      COMPLAINT_LANG: 'en',
      COMPLAINT_USER: 'clerk-a',
    },
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(db: string, args: string[]): string {
  const result = complaint(db, args);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

function office(): string {
  const db = join(tempDir(), 'office.db');
  ok(db, ['config', 'timezone', 'Asia/Shanghai']);
  return db;
}

function count(path: string, sql: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('complaint backup', () => {
  it('makes a checked, private copy while clerks keep writing, and never replaces a file', async () => {
    const db = office();
    for (let index = 0; index < 5; index += 1) ok(db, newArgs(`业主${index}`));
    const folder = tempDir();
    const target = join(folder, 'backup.db');
    const run = promisify(execFile);
    const env = { ...process.env, COMPLAINT_DB: db, COMPLAINT_LANG: 'en', COMPLAINT_USER: 'clerk-b' };
    const writers = Array.from({ length: 8 }, (_, index) =>
      run(process.execPath, [bin, ...newArgs(`并发${index}`)], { env }),
    );
    const backup = run(process.execPath, [bin, 'backup', target, '--json'], { env });
    const results = await Promise.allSettled([...writers, backup]);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);

    const facts = JSON.parse((await backup).stdout);
    expect(facts).toMatchObject({ path: target, schemaVersion: MIGRATIONS.length });
    expect(facts.complaints).toBeGreaterThanOrEqual(5);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    // One self-contained file: no WAL beside it, and every complaint in it has its receipt.
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(
      copy
        .prepare(
          "SELECT count(*) FROM complaints WHERE id NOT IN (SELECT complaint_id FROM events WHERE type = 'received')",
        )
        .pluck()
        .get(),
    ).toBe(0);
    expect(copy.prepare('SELECT count(*) FROM complaints').pluck().get()).toBe(facts.complaints);
    copy.close();
    expect(count(db, 'SELECT count(*) FROM complaints')).toBe(13);

    const before = readFileSync(target);
    const again = complaint(db, ['backup', target]);
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toBe(`✗ ${target} already exists; a backup never replaces a file — choose a new name\n`);
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(complaint(db, ['backup', join(folder, 'no', 'such', 'folder.db')])).toMatchObject({ code: 1 });

    // Given a folder, the backup is a file in it named after the moment.
    const nightly = JSON.parse(ok(db, ['backup', folder, '--json']));
    expect(nightly.path).toMatch(new RegExp(`^${folder}/complaint-\\d{8}T\\d{6}Z\\.db$`));
    expect(nightly.complaints).toBe(13);
  });
});

describe('complaint restore', () => {
  it('brings a backup back, keeps the current database aside, and can be undone', () => {
    const db = office();
    ok(db, newArgs('王先生'));
    const backup = join(tempDir(), 'monday.db');
    ok(db, ['backup', backup]);
    ok(db, newArgs('李女士'));
    ok(db, ['reply', '1', '--method', 'phone', '--message', '已派人维修', '--at', '2026-11-20 10:00']);
    const current = contentHash(db);

    const restored = JSON.parse(ok(db, ['restore', backup, '--json']));
    expect(restored.restored).toMatchObject({ complaints: 1 });
    expect(restored.aside.complaints).toBe(2);
    expect(restored.aside.path).toMatch(/office\.db\.before-restore-\d{8}T\d{6}Z(-\d+)?$/);
    expect(statSync(restored.aside.path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(ok(db, ['list', '--json'])).map((c: { id: number; status: string }) => [c.id, c.status])).toEqual(
      [[1, 'received']],
    );
    expect(complaint(db, ['doctor']).code).toBe(0);

    // The copy aside is the database as it was: restoring it undoes the restore.
    expect(contentHash(restored.aside.path)).toBe(current);
    const undo = complaint(db, ['restore', restored.aside.path]);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stderr).toContain('Restored 2 complaints');
    expect(contentHash(db)).toBe(current);
  });

  it('restores over a damaged database, keeping the damaged one aside as it was', () => {
    for (const [where, offset] of [
      ['a table page', 4096 * 2],
      ['the first page', 0],
    ] as const) {
      const db = office();
      ok(db, newArgs('王先生'));
      const backup = join(tempDir(), 'good.db');
      ok(db, ['backup', backup]);
      // Force everything into the main file, then scribble over one page of it.
      const raw = new Database(db);
      raw.pragma('wal_checkpoint(TRUNCATE)');
      raw.close();
      const fd = openSync(db, 'r+');
      writeSync(fd, Buffer.alloc(1024, 0x5a), 0, 1024, offset);
      closeSync(fd);
      const damaged = readFileSync(db);
      expect(complaint(db, ['doctor']).code, where).toBe(1);

      const restored = complaint(db, ['restore', backup, '--json']);
      expect(restored.code, `${where}: ${restored.stderr}`).toBe(0);
      const aside = JSON.parse(restored.stdout).aside.path as string;
      expect(
        readFileSync(aside)
          .subarray(offset, offset + 1024)
          .equals(damaged.subarray(offset, offset + 1024)),
        where,
      ).toBe(true);
      expect(JSON.parse(ok(db, ['list', '--json'])), where).toHaveLength(1);
      expect(complaint(db, ['doctor']).code, where).toBe(0);
    }
  });

  it('refuses what is not a sound complaint database, changing nothing', () => {
    const db = office();
    ok(db, newArgs('王先生'));
    const folder = tempDir();
    const good = join(folder, 'good.db');
    ok(db, ['backup', good]);
    const damaged = join(folder, 'damaged.db');
    copyFileSync(good, damaged);
    // Scribble over the complaints table's first page (a page in use, not one a migration freed).
    const schema = new Database(good, { readonly: true });
    const root = schema.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'complaints'").pluck().get() as number;
    const pageSize = schema.pragma('page_size', { simple: true }) as number;
    schema.close();
    const fd = openSync(damaged, 'r+');
    writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, (root - 1) * pageSize + 8);
    closeSync(fd);
    const text = join(folder, 'notes.txt');
    writeFileSync(text, '这不是数据库');
    const other = join(folder, 'other.db');
    new Database(other).exec('CREATE TABLE t (x)');
    const newer = join(folder, 'newer.db');
    copyFileSync(good, newer);
    new Database(newer).pragma('user_version = 99');

    const before = contentHash(db);
    for (const [file, message] of [
      [damaged, 'fails the integrity check'],
      [text, 'is not an SQLite database'],
      [other, 'not a complaint database'],
      [newer, 'newer version of complaint'],
      [join(folder, 'missing.db'), 'No file'],
      [db, 'is the database in use'],
    ] as const) {
      const result = complaint(db, ['restore', file]);
      expect(result.code, file).toBe(1);
      expect(result.stderr, file).toContain(message);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(contentHash(db)).toBe(before);
  });
});

describe('complaint doctor', () => {
  it('passes a sound database and names each problem with what to do, exit 1', () => {
    const db = office();
    ok(db, newArgs('王先生'));
    ok(db, newArgs('李女士'));
    const healthy = complaint(db, ['doctor']);
    expect(healthy.code, healthy.stdout).toBe(0);
    expect(healthy.stdout).toContain('✓ Every complaint has its receipt event');
    expect(healthy.stdout).toContain('No problems found.');

    chmodSync(db, 0o644);
    const readable = complaint(db, ['doctor']);
    expect(readable.code).toBe(1);
    expect(readable.stdout).toContain(`→ chmod 600 "${db}"`);
    chmodSync(db, 0o600);

    const raw = new Database(db);
    raw.prepare("UPDATE month_cells SET received = received + 1 WHERE month = '2026-11'").run();
    raw.prepare("UPDATE events SET type = 'note' WHERE complaint_id = 2 AND type = 'received'").run();
    raw.close();
    const report = JSON.parse(complaint(db, ['doctor', '--json']).stdout);
    expect(report.healthy).toBe(false);
    expect(
      report.findings
        .filter((finding: { level: string }) => finding.level === 'problem')
        .map((finding: { check: string; text: string }) => [finding.check, finding.text]),
    ).toEqual([
      ['receipts', '1 complaint(s) without a receipt event: #2'],
      ['monthTables', "The report's month tables disagree with the complaints for 2026-11"],
    ]);
  });
});

describe('a write while another command holds the database', () => {
  it("waits for it, says so, and lands once the other command's write ends", async () => {
    const db = office();
    // Another process holds the write lock for three seconds, as a big import does.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(${JSON.stringify(db)}); db.exec('BEGIN IMMEDIATE'); console.log('held'); setTimeout(() => db.exec('COMMIT'), 3000);`,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const holderExit = new Promise((resolve) => holder.once('exit', resolve));
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    const started = Date.now();
    const run = promisify(execFile);
    const result = await run(process.execPath, [bin, ...newArgs('等待的业主')], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: tmpdir(),
        COMPLAINT_DB: db,
        COMPLAINT_LANG: 'en',
        COMPLAINT_USER: 'clerk-a',
      },
    });
    expect(Date.now() - started).toBeGreaterThan(2_000);
    expect(result.stderr).toMatch(
      /^Another complaint command .* is writing to the database; waiting for it to finish…\n$/,
    );
    expect(result.stdout).toMatch(/^#1 received/);
    expect(count(db, "SELECT count(*) FROM complaints WHERE complainant_name = '等待的业主'")).toBe(1);
    await holderExit;
  });
});

describe('a process killed in the middle of writing', () => {
  it('leaves a database that passes doctor, each complaint whole with its events or absent', async () => {
    const db = office();
    ok(db, newArgs('首位业主', '2026-11-23 09:00'));
    const env = { ...process.env, COMPLAINT_DB: db, COMPLAINT_LANG: 'en', COMPLAINT_USER: 'clerk-a' };
    const writes = [
      (index: number) => newArgs(`业主${index}`, '2026-11-23 09:00'),
      // One transaction over every open complaint: deadlines moved, each with an event.
      (index: number) => ['calendar', index % 4 < 2 ? 'set' : 'unset', '2026-11-24', ...(index % 4 < 2 ? ['off'] : [])],
      (index: number) => ['note', '1', '--text', `催促${index}`],
    ];
    let killed = 0;
    for (let index = 0; index < 36; index += 1) {
      const child = spawn(process.execPath, [bin, ...writes[index % writes.length]!(index)], { env, stdio: 'ignore' });
      // Start-up takes ~50 ms and a write a few more: kill anywhere from before it to after it.
      const delay = 20 + ((index * 37) % 70);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const outcome = await new Promise<string | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      clearTimeout(timer);
      if (outcome === 'SIGKILL') killed += 1;
    }
    expect(killed).toBeGreaterThan(10);

    const doctor = complaint(db, ['doctor']);
    expect(doctor.code, doctor.stdout).toBe(0);
    // Every complaint's row and its receipt event landed together, or neither did.
    expect(
      count(
        db,
        "SELECT count(*) FROM complaints WHERE id NOT IN (SELECT complaint_id FROM events WHERE type = 'received')",
      ),
    ).toBe(0);
    expect(
      count(
        db,
        "SELECT count(*) FROM events WHERE type = 'received' AND complaint_id NOT IN (SELECT id FROM complaints)",
      ),
    ).toBe(0);
    // Each moved deadline has its event: the row's deadline is the one the last event of it names.
    const db2 = new Database(db, { readonly: true });
    const moved = db2
      .prepare(
        `SELECT c.id, c.reply_due_at, (SELECT json_extract(data, '$.toAt') FROM events e WHERE e.complaint_id = c.id AND e.type = 'deadline-recomputed' ORDER BY e.id DESC LIMIT 1) AS last
         FROM complaints c`,
      )
      .all() as Array<{ id: number; reply_due_at: string; last: string | null }>;
    db2.close();
    for (const row of moved) if (row.last !== null) expect(row.last, `#${row.id}`).toBe(row.reply_due_at);
  });
});

describe('a ledger import killed in the middle', () => {
  it('leaves none of its rows, and a database that passes doctor', async () => {
    const db = office();
    ok(db, newArgs('已有业主'));
    const ledger = join(tempDir(), 'ledger.csv');
    const rows = Array.from({ length: 60_000 }, (_, index) => {
      const day = String(1 + (index % 20)).padStart(2, '0');
      return `2026-11-${day} 09:${String(index % 60).padStart(2, '0')},电话,设备设施,业主${index},${index}-1-101,投诉第${index}号,2026-11-${day} 15:00,已处理,设备`;
    });
    writeFileSync(ledger, ['受理时间,渠道,类别,业主,房号,内容,回复时间,处理结果,原因', ...rows].join('\n'));
    const env = { ...process.env, COMPLAINT_DB: db, COMPLAINT_LANG: 'en', COMPLAINT_USER: 'clerk-a' };
    const started = Date.now();
    const child = spawn(process.execPath, [bin, 'import', ledger, '--commit'], { env, stdio: 'ignore' });
    // 60,000 rows take seconds to write, in one transaction that starts with the first row.
    const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
    const signal = await new Promise<string | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    clearTimeout(timer);
    const complaints = count(db, 'SELECT count(*) FROM complaints');
    expect(signal, `the import finished in ${Date.now() - started} ms, before it could be killed`).toBe('SIGKILL');
    expect(complaints).toBe(1);
    expect(complaint(db, ['doctor']).code).toBe(0);
    // Importing again brings all of it in — 60,000 rows into a database of one, so written without
    // indexes and the indexes built again after: the same indexes, and a sound database.
    const indexes =
      "SELECT group_concat(name || ':' || sql, ' | ') FROM (SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name)";
    const before = count(db, indexes);
    ok(db, ['import', ledger, '--commit']);
    expect(count(db, 'SELECT count(*) FROM complaints')).toBe(60_001);
    expect(count(db, indexes)).toBe(before);
    expect(complaint(db, ['doctor']).code).toBe(0);
  }, 60_000);
});

describe('a database made by an earlier schema', () => {
  it('is brought up to date by the current program with nothing lost', () => {
    // Fill a database through the commands, then keep only what the first schema had, in a file
    // made by the first migration alone.
    const full = office();
    ok(full, ['config', 'office-name', '阳光花园管理处']);
    // The first schema had no return visits (回访): closings here start none, as they did then.
    ok(full, ['config', 'revisit-days', '0']);
    ok(full, newArgs('王先生', '2026-11-02 09:00'));
    ok(full, newArgs('李女士', '2026-11-03 09:00'));
    ok(full, [
      'reply',
      '1',
      '--method',
      'phone',
      '--message',
      '已修',
      '--satisfaction',
      'satisfied',
      '--at',
      '2026-11-02 15:00',
    ]);
    ok(full, ['close', '1', '--result', '更换控制板', '--cause', 'equipment', '--at', '2026-11-03 10:00']);
    ok(full, ['calendar', 'set', '2026-11-30', 'off', '--note', '停电检修']);
    const old = join(tempDir(), 'v1.db');
    const v1 = new Database(old);
    v1.exec(MIGRATIONS[0]!.sql);
    v1.pragma('user_version = 1');
    v1.prepare('ATTACH DATABASE ? AS full').run(full);
    const columns: Record<string, string[]> = {};
    for (const table of v1
      .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[]) {
      columns[table] = v1.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[];
      const list = columns[table].map((column) => `"${column}"`).join(', ');
      v1.exec(`INSERT INTO main."${table}" (${list}) SELECT ${list} FROM full."${table}"`);
    }
    v1.exec('DETACH DATABASE full');
    v1.close();
    chmodSync(old, 0o600);
    expect(count(old, 'SELECT count(*) FROM complaints')).toBe(2);
    const before = contentHash(old, columns);

    const report = ok(old, ['report', '--month', '2026-11', '--json', '--at', '2026-11-26 12:00']);
    expect(count(old, 'PRAGMA user_version')).toBe(MIGRATIONS.length);
    expect(contentHash(old, columns)).toBe(before);
    expect(report).toBe(ok(full, ['report', '--month', '2026-11', '--json', '--at', '2026-11-26 12:00']));
    const doctor = complaint(old, ['doctor']);
    expect(doctor.code, doctor.stdout).toBe(0);
  });
});

describe('files the program cannot use', () => {
  it('refuses a --db that is not a database, changing nothing', () => {
    const text = join(tempDir(), 'notes.txt');
    writeFileSync(text, '这不是数据库\n'.repeat(200));
    const before = readFileSync(text);
    const result = complaint(text, ['list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^✗ Cannot open the database .*notes\.txt: file is not a database\n$/);
    expect(readFileSync(text).equals(before)).toBe(true);
  });

  it('refuses to write to a database it may only read, changing nothing', () => {
    const folder = tempDir();
    const db = join(folder, 'office.db');
    ok(db, ['config', 'timezone', 'Asia/Shanghai']);
    ok(db, newArgs('王先生'));
    // Root may write anything: the read-only user is then "nobody".
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      chmodSync(folder, 0o755);
      chownSync(db, 0, 0);
    }
    chmodSync(db, 0o444);
    const before = contentHash(db);
    const result = complaint(db, newArgs('李女士'), asRoot ? { uid: 65534 } : {});
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/read-only|readonly|Cannot open/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(contentHash(db)).toBe(before);
  });
});
