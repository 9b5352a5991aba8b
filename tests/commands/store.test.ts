import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { OperationError } from '../../src/domain/errors.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { PHONE_KEY, searchCondition } from '../../src/store/search.js';

const initialSettings = () => ({ timezone: 'Asia/Shanghai' });
const tempPath = (name = 'complaint.db') => join(mkdtempSync(join(tmpdir(), 'complaint-store-')), 'nested', name);

describe('the SQLite store', () => {
  it('lists every file of migrations/, in order', () => {
    const files = readdirSync(join(import.meta.dirname, '..', '..', 'migrations')).filter((file) => file.endsWith('.sql')).sort();
    expect(MIGRATIONS.map((migration) => migration.name)).toEqual(files);
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(files.map((_, index) => index + 1));
  });

  it('creates the folder and a 0600 file on first use, in WAL mode, versioned', () => {
    const path = tempPath();
    const store = openSqliteStore({ path, initialSettings });
    expect(store.created).toBe(true);
    store.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'timezone'").pluck().get()).toBe('Asia/Shanghai');
    db.close();
    const again = openSqliteStore({ path, initialSettings: () => ({ timezone: 'UTC' }) });
    expect(again.created).toBe(false);
    expect(again.settingValues().timezone).toBe('Asia/Shanghai');
    again.close();
  });

  it('refuses a database written by a newer version and leaves it byte for byte untouched', () => {
    const path = tempPath();
    openSqliteStore({ path, initialSettings }).close();
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    const before = readFileSync(path);
    let refusal: unknown;
    try {
      openSqliteStore({ path, initialSettings });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(OperationError);
    expect((refusal as OperationError).key).toBe('store.tooNew');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('rolls a transaction back whole when any step fails', () => {
    const store = openSqliteStore({ path: ':memory:', initialSettings });
    expect(() =>
      store.transaction(() => {
        store.setSetting('office-name', 'half-done');
        throw new Error('second step failed');
      }),
    ).toThrow('second step failed');
    expect(store.settingValues()['office-name']).toBeUndefined();
  });

  it("waits for another command's write, says so once, and gives up with nothing written", () => {
    const path = tempPath();
    openSqliteStore({ path, initialSettings }).close();
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE'); // another process's import, say, holding the write lock
    let told = 0;
    const store = openSqliteStore({ path, initialSettings, onWriteWait: () => (told += 1), writeWaitMs: 1_500 });
    let ran = false;
    const started = Date.now();
    expect(() => store.transaction(() => ((ran = true), store.setSetting('office-name', 'waited')))).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect([told, ran]).toEqual([1, false]);
    other.exec('ROLLBACK');
    // The wait ends with the other write: the next transaction goes straight through, unannounced.
    store.transaction(() => store.setSetting('office-name', 'waited'));
    expect([told, store.settingValues()['office-name']]).toEqual([1, 'waited']);
    store.close();
    other.close();
  });

  it('keeps the history of office days: an unset adds a row, nothing is deleted', () => {
    const store = openSqliteStore({ path: ':memory:', initialSettings });
    store.setOfficeDay('2026-11-25', 'off', '台风', 'a', new Date());
    store.setOfficeDay('2026-11-25', null, null, 'b', new Date());
    expect(store.officeDays()).toEqual([]);
    store.setOfficeDay('2026-11-25', 'work', null, 'c', new Date());
    expect(store.officeDays().map((day) => day.kind)).toEqual(['work']);
  });
});

describe('nothing is deleted', () => {
  it('no code deletes rows, drops tables or removes files', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sources(join(dir, entry.name)) : [join(dir, entry.name)]));
    const root = join(import.meta.dirname, '..', '..');
    const offenders = [...sources(join(root, 'src')), ...sources(join(root, 'migrations'))].filter((file) => /\b(DELETE\s+FROM|DROP\s+TABLE|TRUNCATE|unlinkSync|rmSync)\b/i.test(readFileSync(file, 'utf8')));
    // The exceptions: a restore replaces the content after copying it aside (tests/e2e/safety.test.ts
    // checks the copy), a backup removes its own half-made file when it fails, and an output file's
    // partial is removed when its write fails (src/files/output-file.ts names only those).
    expect(offenders.map((file) => relative(root, file)).sort()).toEqual([join('src', 'files', 'node-file-system.ts'), join('src', 'store', 'maintenance.ts')]);
  });
});

describe('migrations', () => {
  it('brings a database of an earlier version up to date, keeping its data', () => {
    const path = tempPath();
    const old = new Database((mkdirSync(dirname(path), { recursive: true }), path));
    old.exec(MIGRATIONS[0]!.sql);
    old.prepare("INSERT INTO settings (key, value) VALUES ('timezone', 'Asia/Shanghai')").run();
    old.pragma('user_version = 1');
    old.close();
    const store = openSqliteStore({ path, initialSettings: () => ({ timezone: 'UTC' }) });
    expect(store.settingValues().timezone).toBe('Asia/Shanghai');
    expect(store.unsentAlerts()).toEqual([]);
    store.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    check.close();
  });

  it('indexes the complaints, notes, replies and results of a version-5 database for --search', () => {
    const path = tempPath();
    const old = new Database((mkdirSync(dirname(path), { recursive: true }), path));
    for (const migration of MIGRATIONS.slice(0, 5)) old.exec(migration.sql);
    old.pragma('user_version = 5');
    const columns = `status, category, channel, received_at, received_month, reply_clock_from, reply_days, reply_due_at,
      status_changed_at, owner, received_by, complainant_name, unit, phone, description, location, created_at`;
    const at = '2026-11-02T01:00:00.000Z';
    const insert = old.prepare(`INSERT INTO complaints (${columns}) VALUES ('replied', 'facility', 'phone', ?, '2026-11', ?, 1, ?,
      ?, 'a', 'a', '王先生', '3-2-1201', ?, ?, ?, ?)`);
    insert.run(at, at, at, at, '+86 138 1234 5678', '电梯停运', '3号楼', at);
    insert.run(at, at, at, at, null, '漏水', null, at);
    const event = old.prepare("INSERT INTO events (complaint_id, type, at, recorded_at, actor, data) VALUES (?, ?, ?, ?, 'a', ?)");
    event.run(1, 'note', at, at, JSON.stringify({ text: '已联系工程部' }));
    event.run(2, 'replied', at, at, JSON.stringify({ method: 'phone', message: '更换了水管', satisfaction: null }));
    event.run(2, 'voided', at, at, JSON.stringify({ reason: '重复登记' }));
    old.close();
    const store = openSqliteStore({ path, initialSettings });
    const found = (filter: Parameters<typeof store.listComplaints>[0]): number[] => store.listComplaints(filter).map((c) => c.id);
    expect(found({ search: ['电梯'] })).toEqual([1]);
    expect(found({ search: ['号楼'] })).toEqual([1]);
    expect(found({ search: ['工程部'] })).toEqual([1]);
    expect(found({ search: ['水'] })).toEqual([2]);
    expect(found({ search: ['更换了水管'] })).toEqual([2]);
    expect(found({ search: ['重复'] })).toEqual([]);
    expect(found({ phoneKey: '13812345678' })).toEqual([1]);
    // An edited description is found by its new words only.
    store.transaction(() => store.saveComplaint({ ...store.getComplaint(1)!, description: '水泵异响', location: null }));
    expect(found({ search: ['电梯'] })).toEqual([]);
    expect(found({ search: ['号楼'] })).toEqual([]);
    expect(found({ search: ['泵'] })).toEqual([1]);
    expect(found({ search: ['水'] })).toEqual([2, 1]);
    store.close();
  });

  it('finds a phone number through its index', () => {
    const db = new Database(':memory:');
    for (const migration of MIGRATIONS) db.exec(migration.sql);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM complaints WHERE (${PHONE_KEY}) = ?`).all('13812345678') as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING (COVERING )?INDEX complaints_phone_key/);
    db.close();
  });

  it('finds the same complaints whether a word is rare or common, read by id or newest first', () => {
    const db = new Database(':memory:');
    for (const migration of MIGRATIONS) db.exec(migration.sql);
    const insert = db.prepare(`INSERT INTO complaints (status, category, channel, received_at, received_month, reply_clock_from, reply_days,
      reply_due_at, status_changed_at, owner, received_by, complainant_name, unit, description, created_at)
      VALUES ('received', 'fee', 'phone', ?, '2026-11', ?, 1, ?, ?, 'a', 'a', '王', '1-1-101', ?, ?)`);
    const texts = ['3号楼电梯停运', '5号楼漏水', '3号楼漏水', '楼道灯', '电梯困人', '水费'];
    texts.forEach((text, index) => {
      const at = new Date(Date.UTC(2026, 10, 1 + ((index * 7) % 6))).toISOString();
      insert.run(at, at, at, at, text, at);
    });
    const found = (words: string[], limit: number | undefined, tuning?: { common: number; probes: number }): number[] => {
      const params: Record<string, string> = {};
      const where = searchCondition(db, words, params, { limit, narrowed: false }, tuning);
      const order = `ORDER BY received_at DESC, id DESC${limit === undefined ? '' : ` LIMIT ${limit}`}`;
      return db.prepare(`SELECT id FROM complaints WHERE ${where} ${order}`).pluck().all(params) as number[];
    };
    const tunings = [undefined, { common: 1, probes: 1_000_000 }, { common: 2, probes: 1_000_000 }, { common: 1, probes: 0 }];
    for (const words of [['楼'], ['号楼'], ['漏水'], ['楼', '漏'], ['电梯'], ['3号楼', '电梯'], ['费'], ['无此']]) {
      for (const limit of [undefined, 2]) {
        const answers = tunings.map((tuning) => found(words, limit, tuning));
        for (const answer of answers) expect(answer, `${words.join(' ')} limit ${limit}`).toEqual(answers[0]);
      }
    }
    expect(found(['楼', '漏'], undefined, { common: 1, probes: 1_000_000 })).toEqual(found(['漏水'], undefined));
    db.close();
  });
});
