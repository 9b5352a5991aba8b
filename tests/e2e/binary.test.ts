// The real binary (bin/complaint, built by `npm test`) on real database files.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'complaint');
const NEW = [
  'new',
  '--channel',
  'phone',
  '--category',
  'facility',
  '--subcategory',
  'operation',
  '--name',
  '王先生',
  '--unit',
  '3-2-1201',
  '--phone',
  '13812345678',
  '--description',
  '电梯经常停运',
];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'complaint-e2e-'));
}

function complaint(args: string[], env: Record<string, string> = {}, input?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    input,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      COMPLAINT_LANG: 'en',
      COMPLAINT_USER: 'clerk-e2e',
      ...env,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the complaint binary', () => {
  it('creates its database on first use, logs a complaint and shows it', () => {
    const db = join(tempDir(), 'data', 'office.db');
    const env = { COMPLAINT_DB: db };
    expect(complaint(['config', 'timezone', 'Asia/Shanghai'], env)).toMatchObject({ code: 0, stdout: '' });
    expect(statSync(db).mode & 0o777).toBe(0o600);
    const created = complaint([...NEW, '--at', '2026-11-23 10:00'], env);
    expect(created).toEqual({ code: 0, stdout: '#1 received · reply by Tue 24 Nov, 24:00\n', stderr: '' });
    const listed = JSON.parse(complaint(['list', '--json'], env).stdout);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      id: 1,
      receivedAt: '2026-11-23T10:00:00+08:00',
      replyDueAt: '2026-11-25T00:00:00+08:00',
      owner: 'clerk-e2e',
    });
    const shown = JSON.parse(complaint(['show', '1', '--json'], env).stdout);
    expect(shown.events.map((event: { type: string }) => event.type)).toEqual(['received']);
    const plain = complaint(['show', '1'], env).stdout;
    expect(plain).toContain('王先生');
    expect(plain).not.toContain('\u001b['); // no colour without a terminal
  });

  it('keeps its data in the per-user data folder by default', () => {
    const home = tempDir();
    const result = complaint([...NEW], { XDG_DATA_HOME: join(home, 'xdg') });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(join(home, 'xdg', 'complaint', 'complaint.db'));
    expect(statSync(join(home, 'xdg', 'complaint', 'complaint.db')).isFile()).toBe(true);
  });

  it("starts a new office in China's time zone whatever the machine's, and says so", () => {
    for (const zone of ['UTC', 'America/New_York']) {
      const db = join(tempDir(), 'office.db');
      const first = complaint(['config', 'timezone'], { COMPLAINT_DB: db, TZ: zone });
      expect(first.stdout).toBe('Asia/Shanghai\n');
      expect(first.stderr).toContain('(office time zone Asia/Shanghai, China');
    }
    // An office elsewhere says so once; then a machine in any zone gives the same answers.
    const db = join(tempDir(), 'ny.db');
    complaint(['config', 'timezone', 'America/New_York'], { COMPLAINT_DB: db, TZ: 'UTC' });
    const at = complaint([...NEW, '--at', '2026-11-06 23:30', '--json'], { COMPLAINT_DB: db, TZ: 'Asia/Tokyo' });
    expect(JSON.parse(at.stdout)).toMatchObject({
      receivedAt: '2026-11-06T23:30:00-05:00',
      replyDueAt: '2026-11-10T00:00:00-05:00',
    });
  });

  it('refuses bad input with one line and exit 2, leaving the database as it was', () => {
    const db = join(tempDir(), 'bad.db');
    complaint([...NEW], { COMPLAINT_DB: db });
    const before = new Database(db, { readonly: true }).prepare('SELECT count(*) FROM complaints').pluck().get();
    for (const args of [
      [...NEW.slice(0, 5), 'noise'],
      ['new', '--channel', 'phone'],
      [...NEW, '--phone', '12'],
      [...NEW, '--at', 'tomorrow'],
      ['show', 'x'],
      ['list', '--month', '2026-13'],
      ['config', 'reply-days.phone', '-1'],
    ]) {
      const result = complaint(args, { COMPLAINT_DB: db });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(complaint(['show', '42'], { COMPLAINT_DB: db })).toMatchObject({ code: 1, stderr: '✗ No complaint #42\n' });
    const after = new Database(db, { readonly: true }).prepare('SELECT count(*) FROM complaints').pluck().get();
    expect(after).toBe(before);
  });

  it('refuses bad input before making a database at a new path', () => {
    for (const [args, code] of [
      [['config', 'bogus-key'], 2],
      [['config', 'reply-days.phone', '0'], 2],
      [['edit', '1', '--phone', '123'], 2],
      [['list', '--month', '2026-13'], 2],
      [['report', '--month', '2026-13'], 2],
      [['export', '--month', '2026-13', '--output', 'a.csv'], 2],
      [['overdue', '--soon', 'x'], 2],
      [[...NEW.slice(0, 1), '--channel', 'fax', ...NEW.slice(3)], 2],
      [['void', '1', '--reason', '误登记', '--at', 'garbage'], 2],
      [['escalate', '1', '--to', '工程部', '--promise', 'garbage'], 2],
      [['backup', '/nonexistent/dir/x.db'], 1],
      [['restore', '/nonexistent/dir/x.db', '--yes'], 1],
    ] as const) {
      const db = join(tempDir(), 'office.db');
      const refused = complaint([...args], { COMPLAINT_DB: db });
      expect(refused.code, args.join(' ')).toBe(code);
      expect(refused.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(existsSync(db), args.join(' ')).toBe(false);
    }
  });

  it('refuses an output file it may not write before making a database at a new path', () => {
    const folder = tempDir();
    const kept = join(folder, 'kept.csv');
    writeFileSync(kept, 'kept');
    for (const args of [
      ['export', '--output', kept],
      ['report', '--month', '2026-11', '--xlsx', kept],
    ]) {
      const db = join(folder, 'office.db');
      const refused = complaint(args, { COMPLAINT_DB: db });
      expect(refused, args.join(' ')).toEqual({
        code: 1,
        stdout: '',
        stderr: `✗ ${kept} already exists; choose a new name, or add --force to replace it\n`,
      });
      expect(existsSync(db), args.join(' ')).toBe(false);
      expect(readFileSync(kept, 'utf8')).toBe('kept');
    }
  });

  it('takes a PostgreSQL address as --db or COMPLAINT_DB: a server not there is one line without its password, making nothing', () => {
    // Port 1 on this machine: nothing listens there, so the connection is refused at once.
    const url = 'postgres://clerk:s3cret@127.0.0.1:1/ledger';
    const cwd = tempDir();
    for (const [args, env] of [
      [['--db', url, 'list'], {}],
      [['list'], { COMPLAINT_DB: url }],
    ] as const) {
      const result = spawnSync(process.execPath, [bin, ...args], {
        cwd,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: cwd, COMPLAINT_LANG: 'en', ...env },
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^✗ The PostgreSQL server 127\.0\.0\.1:1 refused the connection/);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toContain('s3cret');
      expect(readdirSync(cwd)).toEqual([]);
    }
  });

  it('leaves the PostgreSQL client and store out of the bundle, and never loads them for an SQLite file', () => {
    const bundle = readFileSync(join(root, 'dist', 'complaint.cjs'), 'utf8');
    expect(bundle).not.toMatch(/pg-protocol|pg-pool|class Client extends EventEmitter/);
    // The server's store is a file of its own too (dist/postgres.cjs), read only for a postgres:// URL.
    expect(bundle).not.toContain('SKIP LOCKED');
    expect(readFileSync(join(root, 'dist', 'postgres.cjs'), 'utf8')).toContain('SKIP LOCKED');
    // A preloaded hook says, as the command ends, which of pg's files were loaded.
    const folder = tempDir();
    const hook = join(folder, 'hook.cjs');
    writeFileSync(
      hook,
      "process.on('exit', () => process.stderr.write('pg files: ' + Object.keys(require.cache).filter((f) => /node_modules[\\\\/]pg/.test(f)).length + '\\n'));",
    );
    const result = spawnSync(process.execPath, ['--require', hook, bin, ...NEW], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: folder,
        COMPLAINT_DB: join(folder, 'office.db'),
        COMPLAINT_LANG: 'en',
      },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('pg files: 0');
  });

  it('refuses a database from a newer version and does not touch it', () => {
    const db = join(tempDir(), 'newer.db');
    complaint([...NEW], { COMPLAINT_DB: db });
    const raw = new Database(db);
    raw.pragma('journal_mode = DELETE');
    raw.pragma('user_version = 99');
    raw.close();
    const before = readFileSync(db);
    const result = complaint(['list'], { COMPLAINT_DB: db });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('was written by a newer version of complaint (schema 99');
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('lets several clerks and cron write to one file at once', async () => {
    const db = join(tempDir(), 'busy.db');
    complaint(['config', 'timezone', 'Asia/Shanghai'], { COMPLAINT_DB: db });
    const schedule = join(root, 'tests', 'fixtures', 'schedule-2027.json');
    const run = promisify(execFile);
    const env = { ...process.env, COMPLAINT_DB: db, COMPLAINT_LANG: 'en' };
    const jobs = [
      ...Array.from({ length: 12 }, (_, index) =>
        run(process.execPath, [bin, ...NEW, '--as', `clerk-${index}`], { env }),
      ),
      run(process.execPath, [bin, 'calendar', 'import', schedule], { env }),
      run(process.execPath, [bin, 'list', '--overdue'], { env }),
    ];
    const results = await Promise.allSettled(jobs);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const ids = JSON.parse(complaint(['list', '--json'], { COMPLAINT_DB: db }).stdout).map((c: { id: number }) => c.id);
    expect(ids.sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
  });

  it('reads while another command writes, though its zone cache is stale: the cache waits for a later run', () => {
    const db = join(tempDir(), 'office.db');
    const env = { COMPLAINT_DB: db };
    expect(complaint([...NEW, '--at', '2026-11-23 10:00'], env).code).toBe(0);
    const stale = (value: string) => value.replace(/"tzVersion":"[^"]*"/, '"tzVersion":"old"');
    const other = new Database(db);
    const cached = () => other.prepare("SELECT value FROM settings WHERE key = 'zone-rules'").pluck().get() as string;
    other.prepare("UPDATE settings SET value = ? WHERE key = 'zone-rules'").run(stale(cached()));
    other.exec('BEGIN IMMEDIATE'); // an import, say, holding the write lock
    const started = Date.now();
    const listed = complaint(['list', '--limit', '1'], env);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toContain('王先生');
    expect(Date.now() - started).toBeLessThan(10_000);
    other.exec('ROLLBACK');
    expect(cached()).toContain('"tzVersion":"old"');
    // The next run that can write keeps it.
    expect(complaint(['list', '--limit', '1'], env).code).toBe(0);
    expect(cached()).not.toContain('"tzVersion":"old"');
    other.close();
  });

  it('answers --version and --help, and help for a command, with exit 0', () => {
    const version = complaint(['--version']);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n`);
    expect(version.code).toBe(0);
    for (const args of [['--help'], ['report', '--help'], ['help', 'report']]) {
      const help = complaint(args);
      expect(help.stdout, args.join(' ')).toContain('Usage: complaint');
      expect(help.code, args.join(' ')).toBe(0);
    }
  });

  it('starts from the code cache the build made for the command, which V8 accepts', () => {
    const folder = tempDir();
    // Names each cache the launcher reads, and whether V8 took it for the bundle.
    const hook = join(folder, 'hook.cjs');
    writeFileSync(
      hook,
      `const fs = require('node:fs');
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (String(file).endsWith('.cache')) process.stderr.write('read: ' + require('node:path').basename(String(file)) + '\\n');
  return readFileSync.call(this, file, ...rest);
};
const vm = require('node:vm');
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(source, options) {
    super(source, options);
    if (options && options.cachedData) process.stderr.write('cache ' + (this.cachedDataRejected ? 'rejected' : 'taken') + '\\n');
  }
};
`,
    );
    const env = { COMPLAINT_DB: join(folder, 'office.db') };
    const started = (args: string[]): string =>
      spawnSync(process.execPath, ['--require', hook, bin, ...args], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: folder, COMPLAINT_LANG: 'en', COMPLAINT_USER: 'clerk-e2e', ...env },
      }).stderr;
    expect(started(['--version'])).toBe('read: complaint.cache\ncache taken\n');
    expect(complaint([...NEW, '--at', '2026-11-23 10:00'], env).code).toBe(0);
    expect(started(['list'])).toBe('read: complaint.cache\ncache taken\n');
    expect(started(['report', '--month', '2026-11'])).toBe('read: report.cache\ncache taken\n');
  });

  it('is ASCII, and its Chinese patterns still read a unit, an extension and a ledger date', () => {
    // scripts/build.mjs writes the Chinese of regular expressions as \u escapes: a bundle with one
    // non-ASCII character is held by V8 as a two-byte string, and decoded at every start.
    for (const file of ['complaint.cjs', 'postgres.cjs', 'charts.cjs'])
      expect(readFileSync(join(root, 'dist', file)).every((byte) => byte < 0x80)).toBe(true);
    const folder = tempDir();
    const env = { COMPLAINT_DB: join(folder, 'office.db') };
    const unit = (text: string, phone: string) => [
      ...NEW.slice(0, -6),
      '--unit',
      text,
      '--phone',
      phone,
      ...NEW.slice(-2),
    ];
    expect(complaint([...unit('3栋2单元1201', '13812345678'), '--at', '2026-11-20 10:00'], env).code).toBe(0);
    expect(complaint([...unit('5号楼 1201', '0755-8888888转123'), '--at', '2026-11-20 11:00'], env).code).toBe(0);
    const report = JSON.parse(complaint(['report', '--month', '2026-11', '--json'], env).stdout);
    expect(report.byBuilding.map((entry: { building: string }) => entry.building).sort()).toEqual(['3', '5']);
    const byPhone = JSON.parse(complaint(['list', '--phone', '0755-8888888', '--json'], env).stdout);
    expect(byPhone.map((entry: { id: number }) => entry.id)).toEqual([2]);
    // A ledger's Chinese date and time (年月日, 时分).
    const ledger = join(folder, 'ledger.csv');
    writeFileSync(
      ledger,
      '受理时间,渠道,类别,投诉人,房号,投诉内容\n2026年11月18日 9时30分,电话,设施设备,赵女士,7-1-101,门禁坏了\n',
    );
    expect(complaint(['import', ledger, '--commit'], env)).toMatchObject({ code: 0 });
    const imported = JSON.parse(complaint(['list', '--unit', '7-1-101', '--json'], env).stdout);
    expect(imported).toHaveLength(1);
    expect(imported[0].receivedAt).toBe('2026-11-18T09:30:00+08:00');
  });
});

describe('complaint new on a terminal', () => {
  it('asks for the missing fields and logs the answers', () => {
    const db = join(tempDir(), 'tty.db');
    complaint(['config', 'timezone', 'Asia/Shanghai'], { COMPLAINT_DB: db });
    const DOWN = '\u001b[B';
    const steps = [
      ['Channel', `${DOWN}\r`], // visit
      ['Category', `${DOWN}\r`], // service
      ['Sub-category', `${DOWN}${DOWN}\r`], // attitude
      ["Complainant's name", '张女士\r'],
      ['Unit', '5-1-302\r'],
      ['Phone', '12\r'], // refused as typed…
      ['Malformed phone number', '\u001513912345678\r'], // …cleared (Ctrl-U) and typed again
      ['What is the complaint', '保安说话很冲\r'],
      ['Where', '\r'],
    ];
    const drive = spawnSync(
      'python3',
      [
        join(root, 'tests', 'support', 'pty-drive.py'),
        JSON.stringify({
          argv: [process.execPath, bin, 'new'],
          env: { COMPLAINT_DB: db, COMPLAINT_LANG: 'en', COMPLAINT_USER: 'clerk-tty', TERM: 'xterm' },
          steps,
        }),
      ],
      { encoding: 'utf8' },
    );
    const outcome = JSON.parse(drive.stdout) as { code: number; screen: string; timeout?: string };
    expect(outcome.timeout, outcome.screen).toBeUndefined();
    expect(outcome.code, outcome.screen).toBe(0);
    expect(outcome.screen).toContain('电话  Phone'.split('  ').reverse().join('  ')); // both languages in the list
    expect(outcome.screen).toMatch(/↑↓\S* \S*move\S* \S*•\S* \S*⏎\S* \S*choose/); // the keys' help in the user's language
    expect(outcome.screen).toMatch(/#1 received · reply by \w{3} \d+ \w{3}, 24:00/);
    const saved = JSON.parse(complaint(['show', '1', '--json'], { COMPLAINT_DB: db }).stdout);
    expect(saved).toMatchObject({
      channel: 'visit',
      category: 'service',
      subcategory: 'attitude',
      owner: 'clerk-tty',
      complainant: { name: '张女士', unit: '5-1-302', phone: '13912345678' },
      description: '保安说话很冲',
      location: null,
    });
  });
});
