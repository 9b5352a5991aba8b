// The files the program may touch, through the real binary: only its own database, never a file
// it did not create.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'complaint');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'complaint-files-'));
}

function complaint(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tmpdir(),
      XDG_DATA_HOME: join(tempDir(), 'data'),
      COMPLAINT_LANG: 'en',
      COMPLAINT_USER: 'clerk-a',
      ...env,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const newArgs = [
  'new',
  '--channel',
  'phone',
  '--category',
  'facility',
  '--name',
  '王先生',
  '--unit',
  '1-1-101',
  '--description',
  '电梯停运',
];

describe('--db names only a complaint database', () => {
  it("refuses another program's SQLite file and leaves it byte for byte unchanged", () => {
    const folder = tempDir();
    const other = join(folder, 'accounts.db');
    const db = new Database(other);
    db.exec('CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO ledger (amount) VALUES (12.5)');
    db.close();
    const before = readFileSync(other);
    for (const args of [
      newArgs,
      ['list'],
      ['overdue'],
      ['report', '--month', '2026-11'],
      ['config', 'timezone', 'UTC'],
      ['doctor'],
    ]) {
      const result = complaint(['--db', other, ...args]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toContain('database of another program');
      expect(result.stdout).toBe('');
    }
    expect(readFileSync(other).equals(before)).toBe(true);
    expect(readdirSync(folder)).toEqual(['accounts.db']);
  });

  it.each([
    [
      'a WAL it has not checkpointed',
      "db.pragma('journal_mode = WAL'); db.exec('CREATE TABLE ledger (x); INSERT INTO ledger VALUES (1)');",
    ],
    [
      'a hot journal (killed mid-transaction)',
      "db.exec('CREATE TABLE ledger (x); INSERT INTO ledger VALUES (1)'); db.pragma('cache_size = 1'); db.exec('BEGIN'); for (let i = 0; i < 3000; i += 1) db.prepare('INSERT INTO ledger VALUES (?)').run('x'.repeat(200));",
    ],
  ])("refuses another program's database left with %s, changing none of its files", (_, work) => {
    const folder = tempDir();
    const other = join(folder, 'app.db');
    // The other program is killed at once: nothing closes its database.
    const script = `const db = new (require('better-sqlite3'))(${JSON.stringify(other)}); ${work} process.kill(process.pid, 'SIGKILL');`;
    spawnSync(process.execPath, ['-e', script], { cwd: root });
    const files = readdirSync(folder)
      .filter((name) => !name.endsWith('-shm'))
      .sort();
    expect(files.length, files.join(' ')).toBe(2);
    const before = files.map((name) => readFileSync(join(folder, name)));
    const result = complaint(['--db', other, 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('database of another program');
    expect(
      readdirSync(folder)
        .filter((name) => !name.endsWith('-shm'))
        .sort(),
    ).toEqual(files);
    files.forEach((name, index) => expect(readFileSync(join(folder, name)).equals(before[index]!), name).toBe(true));
  });

  it('refuses a database of another program that also sets a schema version', () => {
    const other = join(tempDir(), 'app.db');
    const db = new Database(other);
    db.exec('CREATE TABLE settings (key, value)');
    db.pragma('user_version = 2');
    db.close();
    const before = readFileSync(other);
    const result = complaint(['--db', other, 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('database of another program');
    expect(readFileSync(other).equals(before)).toBe(true);
  });

  it.each([
    ['--db ""', ['--db', ''], {}],
    ['--db of spaces', ['--db', '   '], {}],
    ['--db :memory:', ['--db', ':memory:'], {}],
    ['COMPLAINT_DB of spaces', [], { COMPLAINT_DB: '  ' }],
    ['COMPLAINT_DB=:memory:', [], { COMPLAINT_DB: ':memory:' }],
  ])('refuses %s as a usage error instead of switching to another database', (_, flags, env) => {
    const dataHome = join(tempDir(), 'data');
    const result = complaint([...flags, ...newArgs], { XDG_DATA_HOME: dataHome, ...env });
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/names no database file; accepted: the path of a complaint database/);
    expect(existsSync(dataHome)).toBe(false);
  });

  it('takes an empty COMPLAINT_DB as unset (the per-user database), as shells write it', () => {
    const dataHome = join(tempDir(), 'data');
    const result = complaint(newArgs, { XDG_DATA_HOME: dataHome, COMPLAINT_DB: '' });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(dataHome, 'complaint', 'complaint.db'))).toBe(true);
  });
});

describe('files read', () => {
  it('refuses a calendar file past its size at the limit, not after filling the memory', () => {
    const result = complaint(['calendar', 'import', '/dev/zero'], { COMPLAINT_DB: join(tempDir(), 'office.db') });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^✗ \/dev\/zero is larger than 1024 KB: not a holiday schedule/);
  });
});

describe('output files: nothing is overwritten that the command did not create', () => {
  function office(): { folder: string; db: string; env: Record<string, string> } {
    const folder = tempDir();
    const db = join(folder, 'office.db');
    const env = { COMPLAINT_DB: db };
    for (let index = 0; index < 3; index += 1) expect(complaint(newArgs, env).code).toBe(0);
    return { folder, db, env };
  }
  const outputs = (path: string, force: string[] = []): string[][] => [
    ['export', '--format', 'csv', '--output', path, ...force],
    ['export', '--format', 'json', '--output', path, ...force],
    ['export', '--format', 'xlsx', '--output', path, ...force],
    ['report', '--month', '2026-11', '--xlsx', path, ...force],
    ['report', '--month', '2026-11', '--html', path, ...force],
  ];

  it('never writes the database in use, its -wal or -shm, or any SQLite file, even with --force', () => {
    const { folder, db, env } = office();
    const other = join(folder, 'other.db');
    new Database(other).exec('CREATE TABLE t (x)');
    const link = join(folder, 'link-to-office.db');
    symlinkSync(db, link);
    const otherBefore = readFileSync(other);
    const ledger = complaint(['list', '--json'], env).stdout;
    for (const target of [db, `${db}-wal`, `${db}-shm`, join(folder, '.', 'office.db'), link, other]) {
      for (const args of [...outputs(target), ...outputs(target, ['--force'])]) {
        const result = complaint(args, env);
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(1);
        expect(result.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
        expect(result.stderr).toMatch(/is the database in use|is an SQLite database/);
        expect(existsSync(`${target}.partial`)).toBe(false);
      }
    }
    expect(complaint(['list', '--json'], env).stdout).toBe(ledger);
    expect(complaint(['doctor'], env).code).toBe(0);
    expect(readFileSync(other).equals(otherBefore)).toBe(true);
  });

  it('refuses an existing file unless --force, and then replaces it', () => {
    const { folder, env } = office();
    for (const [index, args] of outputs(join(folder, 'out')).entries()) {
      const path = join(folder, `out-${index}`);
      writeFileSync(path, 'the supervisor’s notes');
      const target = args.map((arg) => (arg === join(folder, 'out') ? path : arg));
      const refused = complaint(target, env);
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.stderr).toBe(`✗ ${path} already exists; choose a new name, or add --force to replace it\n`);
      expect(readFileSync(path, 'utf8')).toBe('the supervisor’s notes');
      const forced = complaint([...target, '--force'], env);
      expect(forced.code, forced.stderr).toBe(0);
      expect(readFileSync(path, 'utf8')).not.toBe('the supervisor’s notes');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readdirSync(folder).filter((name) => name.endsWith('.partial'))).toEqual([]);
    }
  });

  it('never replaces a device, a pipe or a link to one, even with --force, and does not wait on a pipe', () => {
    const { folder, env } = office();
    const fifo = join(folder, 'pipe');
    spawnSync('mkfifo', [fifo]);
    const stdout = join(folder, 'my-stdout');
    symlinkSync('/proc/self/fd/1', stdout);
    const nullLink = join(folder, 'my-null');
    symlinkSync('/dev/null', nullLink);
    for (const target of [fifo, stdout, nullLink, '/dev/null']) {
      for (const args of [...outputs(target), ...outputs(target, ['--force'])]) {
        const result = complaint(args, env);
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(1);
        expect(result.stderr).toMatch(/is not a plain file \(a device, a pipe or a socket\)/);
      }
    }
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(folder).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('refuses a folder, a missing folder and a leftover partial, leaving nothing behind', () => {
    const { folder, env } = office();
    mkdirSync(join(folder, 'reports'));
    const before = readdirSync(folder).sort();
    expect(complaint(['export', '--format', 'csv', '--output', join(folder, 'reports'), '--force'], env).stderr).toBe(
      `✗ ${join(folder, 'reports')} is a folder; give a file name\n`,
    );
    expect(complaint(['export', '--format', 'csv', '--output', join(folder, 'none', 'out.csv')], env).stderr).toBe(
      `✗ No folder ${join(folder, 'none')}; create it first\n`,
    );
    expect(readdirSync(folder).sort()).toEqual(before);
    writeFileSync(join(folder, 'out.csv.partial'), 'left by a killed export');
    const refused = complaint(['export', '--format', 'csv', '--output', join(folder, 'out.csv')], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('out.csv.partial exists: an earlier write that did not finish left it');
    expect(readFileSync(join(folder, 'out.csv.partial'), 'utf8')).toBe('left by a killed export');
  });
});
