import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { OperationError } from '../../src/domain/errors.js';
import { MIGRATIONS, lendRules } from '../../src/store/sqlite/migrations.js';
import { repeatUnits } from '../../src/store/sqlite/report-queries.js';
import { openSqliteStore } from '../../src/store/sqlite/store.js';
import type { OpenOptions } from '../../src/store/sqlite/open.js';
import { FIRST_OFFICE } from '../support/harness.js';

/** A store turned to the office every new database has, as a command's context turns it. */
function openOffice(options: OpenOptions) {
  const store = openSqliteStore(options);
  store.useOffice(FIRST_OFFICE);
  return store;
}

const initialSettings = () => ({ timezone: 'Asia/Shanghai' });
const tempPath = (name = 'complaint.db') => join(mkdtempSync(join(tmpdir(), 'complaint-store-')), 'nested', name);

describe('the SQLite store', () => {
  it('lists every file of migrations/, in order', () => {
    const files = readdirSync(join(import.meta.dirname, '..', '..', 'migrations'))
      .filter((file) => file.endsWith('.sql'))
      .sort();
    expect(MIGRATIONS.map((migration) => migration.name)).toEqual(files);
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(files.map((_, index) => index + 1));
  });

  it('creates the folder and a 0600 file on first use, in WAL mode, versioned', async () => {
    const path = tempPath();
    const store = openOffice({ path, initialSettings });
    expect(store.created).toBe(true);
    await store.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'timezone'").pluck().get()).toBe('Asia/Shanghai');
    db.close();
    const again = openOffice({ path, initialSettings: () => ({ timezone: 'UTC' }) });
    expect(again.created).toBe(false);
    expect((await again.settingValues()).timezone).toBe('Asia/Shanghai');
    await again.close();
  });

  it('refuses a database written by a newer version and leaves it byte for byte untouched', async () => {
    const path = tempPath();
    await openOffice({ path, initialSettings }).close();
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    const before = readFileSync(path);
    let refusal: unknown;
    try {
      openOffice({ path, initialSettings });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(OperationError);
    expect((refusal as OperationError).key).toBe('store.tooNew');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('rolls a transaction back whole when any step fails', async () => {
    const store = openOffice({ path: ':memory:', initialSettings });
    await expect(
      store.transaction(async () => {
        await store.setSetting('office-name', 'half-done');
        throw new Error('second step failed');
      }),
    ).rejects.toThrow('second step failed');
    expect((await store.settingValues())['office-name']).toBeUndefined();
  });

  it("waits for another command's write, says so once, and gives up with nothing written", async () => {
    const path = tempPath();
    await openOffice({ path, initialSettings }).close();
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE'); // another process's import, say, holding the write lock
    let told = 0;
    const store = openOffice({ path, initialSettings, onWriteWait: () => (told += 1), writeWaitMs: 1_500 });
    let ran = false;
    const started = Date.now();
    await expect(store.transaction(() => ((ran = true), store.setSetting('office-name', 'waited')))).rejects.toThrow(
      expect.objectContaining({ code: 'SQLITE_BUSY' }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect([told, ran]).toEqual([1, false]);
    other.exec('ROLLBACK');
    // The wait ends with the other write: the next transaction goes straight through, unannounced.
    await store.transaction(() => store.setSetting('office-name', 'waited'));
    expect([told, (await store.settingValues())['office-name']]).toEqual([1, 'waited']);
    await store.close();
    other.close();
  });

  it('keeps the history of office days: an unset adds a row, nothing is deleted', async () => {
    const store = openOffice({ path: ':memory:', initialSettings });
    await store.setOfficeDay('2026-11-25', 'off', '台风', 'a', new Date());
    await store.setOfficeDay('2026-11-25', null, null, 'b', new Date());
    expect(await store.officeDays()).toEqual([]);
    await store.setOfficeDay('2026-11-25', 'work', null, 'c', new Date());
    expect((await store.officeDays()).map((day) => day.kind)).toEqual(['work']);
  });
});

describe('nothing is deleted', () => {
  it('no code deletes rows, drops tables or removes files', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(join(dir, entry.name)) : [join(dir, entry.name)],
      );
    const root = join(import.meta.dirname, '..', '..');
    const offenders = [...sources(join(root, 'src')), ...sources(join(root, 'migrations'))].filter((file) =>
      /\b(DELETE\s+FROM|DROP\s+TABLE|TRUNCATE|unlinkSync|rmSync)\b/i.test(readFileSync(file, 'utf8')),
    );
    // The exceptions: a restore replaces the content after copying it aside (tests/e2e/safety.test.ts
    // checks the copy), a backup removes its own half-made file when it fails, and an output file's
    // partial is removed when its write fails (src/files/output-file.ts names only those); and
    // migrations 007 and 009 build the alerts table again, every row copied, since SQLite cannot widen a
    // CHECK in place (the test below upgrades a database and finds its alerts kept), and 013 builds the
    // settings, digests and report tables again keyed by office (likewise checked below); and opening a
    // database with a hot journal looks at it in a private copy, removed after (src/store/sqlite/open.ts);
    // and `migrate` reads a ledger from a private copy of it, removed after (ledger-snapshot.ts).
    expect(offenders.map((file) => relative(root, file)).sort()).toEqual([
      join('migrations', '007_urgent.sql'),
      join('migrations', '009_reminders.sql'),
      join('migrations', '013_offices.sql'),
      join('src', 'files', 'node-file-system.ts'),
      join('src', 'store', 'sqlite', 'ledger-snapshot.ts'),
      join('src', 'store', 'sqlite', 'maintenance.ts'),
      join('src', 'store', 'sqlite', 'open.ts'),
    ]);
  });
});

describe('migrations', () => {
  it('014 lets a report rank its repeat units from their index alone, one office at a time', () => {
    const db = new Database(':memory:');
    lendRules(db);
    for (const migration of MIGRATIONS) db.exec(migration.sql);
    const plan = (
      db
        .prepare(`EXPLAIN QUERY PLAN ${repeatUnits(false)}`)
        .all({ office: 1, from: '2021-01', to: '2021-12' }) as Array<{
        detail: string;
      }>
    ).map((row) => row.detail);
    // Both reads of the complaints (the top units, then their categories) stay in the index.
    const reads = plan.filter((line) => /complaints/.test(line));
    expect(reads, plan.join('\n')).toHaveLength(2);
    for (const read of reads)
      expect(read).toBe(
        'SEARCH complaints USING COVERING INDEX complaints_repeat_units (office_id=? AND received_month>? AND received_month<?)',
      );
  });

  it('brings a database of an earlier version up to date, keeping its data', async () => {
    const path = tempPath();
    const old = new Database((mkdirSync(dirname(path), { recursive: true }), path));
    old.exec(MIGRATIONS[0]!.sql);
    old.prepare("INSERT INTO settings (key, value) VALUES ('timezone', 'Asia/Shanghai')").run();
    old.pragma('user_version = 1');
    old.close();
    const store = openOffice({ path, initialSettings: () => ({ timezone: 'UTC' }) });
    expect((await store.settingValues()).timezone).toBe('Asia/Shanghai');
    expect(await store.unsentAlerts()).toEqual([]);
    await store.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    check.close();
  });

  it('013 makes the ledger office main, named by its office-name, keeping every setting and sum', async () => {
    const path = tempPath();
    const old = new Database((mkdirSync(dirname(path), { recursive: true }), path));
    lendRules(old);
    for (const migration of MIGRATIONS.slice(0, 12)) old.exec(migration.sql);
    old.exec(
      `INSERT INTO settings (key, value) VALUES ('timezone', 'Asia/Urumqi'), ('office-name', '东区'), ('clerks', '张三')`,
    );
    old.exec(`INSERT INTO complaints (id, status, category, channel, received_at, received_month, reply_clock_from, reply_days, reply_due_at,
                status_changed_at, owner, received_by, complainant_name, unit, description, created_at, import_key)
              VALUES (7, 'received', 'incident', 'phone', '2026-11-23T01:00:00.000Z', '2026-11', '2026-11-23T01:00:00.000Z', 1,
                '2026-11-24T16:00:00.000Z', '2026-11-23T01:00:00.000Z', '张三', '张三', '王先生', '3-2-1201', '溢水',
                '2026-11-23T01:00:00.000Z', 'k1')`);
    old.exec(
      `INSERT INTO month_cells (month, category, subcategory, channel, received) VALUES ('2026-11', 'incident', '', 'phone', 1)`,
    );
    old.exec(`INSERT INTO month_owners (month, owner, received) VALUES ('2026-11', '张三', 1)`);
    old.exec(`INSERT INTO span_owners (span, owner, received) VALUES ('2026Q4', '张三', 1), ('2026', '张三', 1)`);
    old.exec(
      `INSERT INTO month_places (month, kind, place, category, received) VALUES ('2026-11', 'building', '3', 'incident', 1)`,
    );
    old.exec(
      `INSERT INTO span_places (span, kind, place, category, received) VALUES ('2026Q4', 'building', '3', 'incident', 1), ('2026', 'building', '3', 'incident', 1)`,
    );
    old.exec(`INSERT INTO digests (day, target, sent_at) VALUES ('2026-11-23', 'robot', '2026-11-23T01:00:00.000Z')`);
    old.pragma('user_version = 12');
    old.close();
    const store = openSqliteStore({ path, initialSettings: () => ({ timezone: 'UTC' }) });
    const offices = await store.offices();
    expect(offices).toEqual([{ id: 1, code: 'main', name: '东区', createdAt: new Date('2026-11-23T01:00:00.000Z') }]);
    store.useOffice(offices[0]!);
    expect(await store.settingValues()).toEqual({ timezone: 'Asia/Urumqi', 'office-name': '东区', clerks: '张三' });
    expect(await store.getComplaint(7)).toMatchObject({ owner: '张三' });
    expect((await store.periodFigures('2026-10', '2026-12', null)).groups.totals.received).toBe(1);
    expect((await store.placeFigures('2026-10', '2026-12', null)).places).toHaveLength(1);
    expect(await store.claimDigest('2026-11-23', 'robot', 'run', new Date(), new Date())).toBe(false);
    expect((await store.importedBefore())('anything')).toBe(false);
    await store.close();
  });

  it('007 keeps every alert, its claim and its delivery; complaints before it are not urgent', async () => {
    const path = tempPath();
    const old = new Database((mkdirSync(dirname(path), { recursive: true }), path));
    for (const migration of MIGRATIONS.slice(0, 6)) old.exec(migration.sql);
    old.prepare("INSERT INTO settings (key, value) VALUES ('timezone', 'Asia/Shanghai')").run();
    old.exec(`INSERT INTO complaints (id, status, category, channel, received_at, received_month, reply_clock_from, reply_days, reply_due_at,
                status_changed_at, owner, received_by, complainant_name, unit, description, created_at)
              VALUES (1, 'received', 'incident', 'phone', '2026-11-23T01:00:00.000Z', '2026-11', '2026-11-23T01:00:00.000Z', 1,
                '2026-11-24T16:00:00.000Z', '2026-11-23T01:00:00.000Z', 'a', 'a', '王先生', '3-2-1201', '溢水', '2026-11-23T01:00:00.000Z')`);
    old.exec(
      `INSERT INTO alerts (id, complaint_id, deadline, due_at, flagged_at, notified_at) VALUES (5, 1, 'reply', '2026-11-24T16:00:00.000Z', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:01.000Z')`,
    );
    old.exec(
      `INSERT INTO alerts (id, complaint_id, deadline, due_at, flagged_at, claimed_by, claim_expires_at) VALUES (6, 1, 'promise', '2026-11-26T16:00:00.000Z', '2026-11-27T00:00:00.000Z', 'run-1', '2026-11-27T00:10:00.000Z')`,
    );
    old.pragma('user_version = 6');
    old.close();
    const store = openOffice({ path, initialSettings: () => ({ timezone: 'UTC' }) });
    expect(await store.getComplaint(1)).toMatchObject({ category: 'incident', urgentHours: null });
    // The claimed one is still its run's until the lease lapses; then it is anyone's to post.
    expect(
      await store.claimUnsentAlerts('run-2', new Date('2026-11-27T00:05:00Z'), new Date('2026-11-27T00:15:00Z')),
    ).toEqual([]);
    expect(
      (await store.claimUnsentAlerts('run-2', new Date('2026-11-27T00:10:00Z'), new Date('2026-11-27T00:20:00Z'))).map(
        (alert) => alert.id,
      ),
    ).toEqual([6]);
    expect(
      await store.recordAlerts(
        [{ complaintId: 1, deadline: 'reply', dueAt: new Date('2026-11-24T16:00:00.000Z') }],
        new Date(),
      ),
    ).toEqual([]);
    expect(
      await store.recordAlerts(
        [{ complaintId: 1, deadline: 'urgent', dueAt: new Date('2026-11-24T16:00:00.000Z') }],
        new Date(),
      ),
    ).toHaveLength(1);
    await store.close();
  });
});
