// The substring index of `list --search` and the phone key's index (migration 006), at the store.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, lendRules } from '../../src/store/sqlite/migrations.js';
import { FLAGGED_IDS } from '../../src/store/sqlite/alerts.js';
import { PHONE_KEY, searchCondition } from '../../src/store/sqlite/search.js';
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
const tempPath = (name = 'complaint.db') => join(mkdtempSync(join(tmpdir(), 'complaint-search-')), 'nested', name);

describe('the search index', () => {
  it('indexes the complaints, notes, replies and results of a version-5 database for --search', async () => {
    const path = tempPath();
    const old = new Database((mkdirSync(dirname(path), { recursive: true }), path));
    for (const migration of MIGRATIONS.slice(0, 5)) old.exec(migration.sql);
    old.pragma('user_version = 5');
    const columns = `status, category, channel, received_at, received_month, reply_clock_from, reply_days, reply_due_at,
      status_changed_at, owner, received_by, complainant_name, unit, phone, description, location, created_at`;
    const at = '2026-11-02T01:00:00.000Z';
    const insert =
      old.prepare(`INSERT INTO complaints (${columns}) VALUES ('replied', 'facility', 'phone', ?, '2026-11', ?, 1, ?,
      ?, 'a', 'a', '王先生', '3-2-1201', ?, ?, ?, ?)`);
    insert.run(at, at, at, at, '+86 138 1234 5678', '电梯停运', '3号楼', at);
    insert.run(at, at, at, at, null, '漏水', null, at);
    const event = old.prepare(
      "INSERT INTO events (complaint_id, type, at, recorded_at, actor, data) VALUES (?, ?, ?, ?, 'a', ?)",
    );
    event.run(1, 'note', at, at, JSON.stringify({ text: '已联系工程部' }));
    event.run(2, 'replied', at, at, JSON.stringify({ method: 'phone', message: '更换了水管', satisfaction: null }));
    event.run(2, 'voided', at, at, JSON.stringify({ reason: '重复登记' }));
    old.close();
    const store = openOffice({ path, initialSettings });
    const found = async (filter: Parameters<typeof store.listComplaints>[0]): Promise<number[]> =>
      (await store.listComplaints(filter)).map((c) => c.id);
    expect(await found({ search: ['电梯'] })).toEqual([1]);
    expect(await found({ search: ['号楼'] })).toEqual([1]);
    expect(await found({ search: ['工程部'] })).toEqual([1]);
    expect(await found({ search: ['水'] })).toEqual([2]);
    expect(await found({ search: ['更换了水管'] })).toEqual([2]);
    expect(await found({ search: ['重复'] })).toEqual([]);
    expect(await found({ phoneKey: '13812345678' })).toEqual([1]);
    // An edited description is found by its new words only.
    await store.transaction(
      async () =>
        await store.saveComplaint({ ...(await store.getComplaint(1))!, description: '水泵异响', location: null }),
    );
    expect(await found({ search: ['电梯'] })).toEqual([]);
    expect(await found({ search: ['号楼'] })).toEqual([]);
    expect(await found({ search: ['泵'] })).toEqual([1]);
    expect(await found({ search: ['水'] })).toEqual([2, 1]);
    await store.close();
  });

  it('finds the flagged complaints from the alerts, never by walking the complaints', () => {
    const db = new Database(':memory:');
    lendRules(db);
    for (const migration of MIGRATIONS) db.exec(migration.sql);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${FLAGGED_IDS}`).all(1) as Array<{ detail: string }>).map(
      (row) => row.detail,
    );
    expect(plan.join('\n')).toMatch(/SCAN a|SEARCH a/);
    expect(plan.join('\n')).toContain('SEARCH c USING INTEGER PRIMARY KEY');
    expect(plan.join('\n')).not.toMatch(/(SCAN|SEARCH) c USING (COVERING )?INDEX/);
  });

  it('finds a phone number through its index', () => {
    const db = new Database(':memory:');
    lendRules(db);
    for (const migration of MIGRATIONS) db.exec(migration.sql);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM complaints WHERE (${PHONE_KEY}) = ?`)
      .all('13812345678') as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING (COVERING )?INDEX complaints_phone_key/);
    db.close();
  });

  it('finds the same complaints whether a word is rare or common, read by id or newest first', () => {
    const db = new Database(':memory:');
    lendRules(db);
    for (const migration of MIGRATIONS) db.exec(migration.sql);
    const insert = db.prepare(`INSERT INTO complaints (status, category, channel, received_at, received_month,
      reply_clock_from, reply_days, reply_due_at, status_changed_at, owner, received_by, complainant_name, unit,
      description, created_at)
      VALUES ('received', 'fee', 'phone', ?, '2026-11', ?, 1, ?, ?, 'a', 'a', '王', '1-1-101', ?, ?)`);
    const texts = ['3号楼电梯停运', '5号楼漏水', '3号楼漏水', '楼道灯', '电梯困人', '水费'];
    texts.forEach((text, index) => {
      const at = new Date(Date.UTC(2026, 10, 1 + ((index * 7) % 6))).toISOString();
      insert.run(at, at, at, at, text, at);
    });
    const found = (
      words: string[],
      limit: number | undefined,
      tuning?: { common: number; probes: number },
    ): number[] => {
      const params: Record<string, string> = {};
      const where = searchCondition(db, words, params, { limit, narrowed: false }, tuning);
      const order = `ORDER BY received_at DESC, id DESC${limit === undefined ? '' : ` LIMIT ${limit}`}`;
      return db.prepare(`SELECT id FROM complaints WHERE ${where} ${order}`).pluck().all(params) as number[];
    };
    const tunings = [
      undefined,
      { common: 1, probes: 1_000_000 },
      { common: 2, probes: 1_000_000 },
      { common: 1, probes: 0 },
    ];
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
