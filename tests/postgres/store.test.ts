// The PostgreSQL store against the SQLite one: the same operations on both, every read compared.
// Then what only a server has: offices side by side, runs on several hosts claiming alerts, and a
// failed transaction leaving nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Complaint, ValidDraft } from '../../src/domain/complaint.js';
import { OperationError } from '../../src/domain/errors.js';
import { received, transition, type Action } from '../../src/domain/lifecycle.js';
import { phoneKey } from '../../src/domain/search.js';
import { connectPostgres, type PostgresConnection } from '../../src/store/postgres/connect.js';
import { openPostgresStore } from '../../src/store/postgres/store.js';
import { openSqliteStore } from '../../src/store/sqlite/store.js';
import type { AlertKey, ComplaintFilter, ListOrder, Office, Store } from '../../src/store/store.js';
import { translateLoose } from '../../src/ui/messages.js';
import { freshDatabase, postgresServer, removeDatabases } from '../support/postgres-db.js';

// Each DROP DATABASE waits for a checkpoint: a long while on a server that syncs its writes.
afterAll(removeDatabases, 120_000);

const stores: Store[] = [];
const connections: PostgresConnection[] = [];
afterAll(async () => {
  await Promise.all([...stores.map((store) => store.close()), ...connections.map((c) => c.close())]);
});

const T0 = new Date('2026-10-01T01:00:00.000Z');
const at = (hours: number): Date => new Date(T0.getTime() + hours * 3_600_000);
const OFFICE_SETTINGS = { timezone: 'Asia/Shanghai', 'reply-days.phone': '1' } as const;

/** Chooses the office `code` of a store, adding it when missing. */
async function chooseOffice(store: Store, code: string, name: string): Promise<void> {
  const office: Office =
    (await store.offices()).find((known) => known.code === code) ??
    (await store.addOffice({ code, name, settings: { ...OFFICE_SETTINGS } }, T0));
  store.useOffice(office);
}

function openSqlite(): Store {
  const store = openSqliteStore({ path: ':memory:', initialSettings: () => ({}) });
  stores.push(store);
  return store;
}

async function openPostgres(url: string, code = 'north', name = '北区管理处'): Promise<Store> {
  const store = await openPostgresStore({ url });
  stores.push(store);
  await chooseOffice(store, code, name);
  return store;
}

async function rawConnection(url: string): Promise<PostgresConnection> {
  const connection = await connectPostgres(url);
  connections.push(connection);
  return connection;
}

// ---- the operations, the same on every store

interface Intake {
  draft: ValidDraft;
  at: Date;
  clerk: string;
  dueInHours?: number;
}

async function intake(store: Store, { draft, at: when, clerk, dueInHours = 24 }: Intake): Promise<number> {
  return store.transaction(async () => {
    const month = when.toISOString().slice(0, 7);
    const clock = {
      replyDays: 1,
      closingTime: null,
      zone: 'Asia/Shanghai',
      replyDueAt: new Date(when.getTime() + dueInHours * 3_600_000),
    };
    const complaint = await store.insertComplaint(received(draft, when, month, clock, clerk), when);
    await store.appendEvent(
      complaint.id,
      { type: 'received', at: when, actor: clerk, data: { channel: draft.channel } },
      when,
    );
    return complaint.id;
  });
}

async function act(store: Store, id: number, action: Action, when: Date, actor = 'a'): Promise<Complaint> {
  return store.transaction(async () => {
    const current = await store.getComplaint(id);
    const { complaint, event } = transition(current!, action, when);
    await store.saveComplaint(complaint);
    await store.appendEvent(id, { ...event, actor }, when);
    return complaint;
  });
}

const draft = (fields: Partial<ValidDraft> & Pick<ValidDraft, 'description'>): ValidDraft => ({
  channel: 'phone',
  category: 'facility',
  subcategory: null,
  complainant: { name: '王先生', unit: '3-2-1201', phone: null },
  location: null,
  ...fields,
});

const reply = (workingHours: number, satisfaction: 'satisfied' | 'basic' | 'dissatisfied' | null = null): Action => ({
  type: 'reply',
  method: 'phone',
  message: '已安排维修',
  satisfaction,
  workingHours,
});

/** A ledger of complaints and their lives: every kind of change the report counts. Returns the ids. */
async function populate(store: Store): Promise<number[]> {
  const ids: number[] = [];
  // 1: replied on time, a note only its history has, closed with a cause, revisited.
  ids.push(
    await intake(store, {
      draft: draft({
        subcategory: 'operation',
        complainant: { name: '王先生', unit: '3-2-1201', phone: '138 1234 5678' },
        description: '电梯经常停运',
        location: '3号楼大堂',
      }),
      at: at(0),
      clerk: 'a',
    }),
  );
  await act(store, ids[0]!, { type: 'note', text: '业主说周末也停，Weekend too' }, at(1));
  await act(store, ids[0]!, { type: 'visit', dispatchedAt: at(1), arrivedAt: at(1.05) }, at(1.05));
  await act(store, ids[0]!, reply(0.1, 'satisfied'), at(2));
  await act(
    store,
    ids[0]!,
    { type: 'close', result: '更换控制板', cause: 'equipment', satisfaction: null, revisitDueAt: at(100) },
    at(3),
  );
  await act(store, ids[0]!, { type: 'revisit', method: 'phone', satisfaction: 'basic', note: null }, at(50));
  // 2: replied late, reopened (a repeat complaint), escalated with a promise.
  ids.push(
    await intake(store, {
      draft: draft({
        channel: 'visit',
        category: 'service',
        subcategory: 'attitude',
        complainant: { name: 'John Smith', unit: '5-1-302', phone: null },
        description: 'Rude guard at the gate, 100% sure_of_it',
        location: 'North Gate',
      }),
      at: at(5),
      clerk: 'b',
    }),
  );
  await act(store, ids[1]!, reply(30, 'dissatisfied'), at(40), 'b');
  await act(
    store,
    ids[1]!,
    { type: 'reopen', reason: '又来了', replyDays: 1, closingTime: null, zone: 'Asia/Shanghai', replyDueAt: at(70) },
    at(45),
    'b',
  );
  await act(
    store,
    ids[1]!,
    {
      type: 'escalate',
      department: '保安部',
      promisedAt: at(200),
      message: '已上报保安部',
      method: 'phone',
      workingHours: 0.2,
    },
    at(46),
    'b',
  );
  // 3: a letter by phone number only, escalated then closed.
  ids.push(
    await intake(store, {
      draft: draft({
        channel: 'letter',
        category: 'fee',
        subcategory: 'shared',
        complainant: { name: '李女士', unit: null, phone: '+86 139-0000-1111' },
        description: '水费分摊不合理',
        location: '物业服务中心',
      }),
      at: at(10),
      clerk: 'a',
      dueInHours: 72,
    }),
  );
  await act(
    store,
    ids[2]!,
    {
      type: 'escalate',
      department: '财务部',
      promisedAt: at(300),
      message: '财务部核对水表',
      method: 'letter',
      workingHours: 7.5,
    },
    at(20),
  );
  await act(
    store,
    ids[2]!,
    { type: 'close', result: '退还多收水费', cause: 'pricing', satisfaction: 'satisfied' },
    at(30),
  );
  // 4: an incident handed over, replied, then voided (logged by mistake).
  ids.push(
    await intake(store, {
      draft: draft({
        category: 'incident',
        subcategory: 'lift-entrapment',
        description: '电梯困人',
        location: '3号楼',
      }),
      at: at(12),
      clerk: 'c',
    }),
  );
  await act(store, ids[3]!, { type: 'assign', to: 'b' }, at(13), 'c');
  await act(store, ids[3]!, reply(0.3), at(14), 'b');
  await act(store, ids[3]!, { type: 'void', reason: '重复登记' }, at(15), 'b');
  // 5: November, still waiting for its reply (overdue by December).
  ids.push(
    await intake(store, {
      draft: draft({
        channel: 'online',
        complainant: { name: '赵先生', unit: '3栋2单元1801', phone: '021-12345678 转 123' },
        description: '楼道灯不亮',
        location: '3号楼  大堂',
      }),
      at: at(24 * 40),
      clerk: 'b',
    }),
  );
  // 6: closed without a cause, reopened after the closing.
  ids.push(
    await intake(store, {
      draft: draft({ category: 'service', description: 'A_B 保洁不到位', location: null }),
      at: at(24 * 41),
      clerk: 'a',
    }),
  );
  await act(store, ids[5]!, reply(4, 'basic'), at(24 * 41 + 2));
  await act(store, ids[5]!, { type: 'close', result: '已清扫', cause: null, satisfaction: null }, at(24 * 41 + 3));
  await act(
    store,
    ids[5]!,
    {
      type: 'reopen',
      reason: '又脏了',
      replyDays: 1,
      closingTime: null,
      zone: 'Asia/Shanghai',
      replyDueAt: at(24 * 43),
    },
    at(24 * 42),
  );
  // Many more, for the medians and the pages (more than a page of 100).
  for (let n = 0; n < 120; n++) {
    const id = await intake(store, {
      draft: draft({
        channel: (['phone', 'visit', 'letter', 'online'] as const)[n % 4],
        category: (['facility', 'service', 'fee'] as const)[n % 3],
        complainant: {
          name: `住户${n}`,
          unit: `${(n % 7) + 1}-1-${100 + n}`,
          phone: n % 5 === 0 ? `1380000${1000 + n}` : null,
        },
        description: n % 10 === 0 ? `第${n}号楼道电梯异响` : `第${n}号楼道灯不亮`,
        location: n % 3 === 0 ? `${(n % 4) + 1}号楼` : null,
      }),
      at: at(24 * (n % 60) + (n % 7)),
      clerk: ['a', 'b', 'c'][n % 3]!,
    });
    ids.push(id);
    if (n % 2 === 0)
      await act(store, id, reply(((n * 7) % 13) / 10 + 0.1, n % 4 === 0 ? 'satisfied' : null), at(24 * (n % 60) + 10));
    if (n % 8 === 0)
      await act(
        store,
        id,
        { type: 'close', result: '处理完毕', cause: 'efficiency', satisfaction: null },
        at(24 * (n % 60) + 11),
      );
    if (n % 11 === 0) await act(store, id, { type: 'assign', to: 'd' }, at(24 * (n % 60) + 12));
  }
  // A ledger's rows, imported in one transaction.
  const seen = await store.importedBefore();
  expect(seen('2026-10-05T00:00:00.000Z\u001f王\u001f1')).toBe(false);
  await store.transaction(async () => {
    const writer = await store.ledgerWriter(at(24 * 45), 3);
    for (let n = 0; n < 3; n++) {
      const when = at(24 * 4 + n);
      const complaint = received(
        draft({ description: `台账第${n}条 漏水`, complainant: { name: '台账', unit: `9-9-90${n}`, phone: null } }),
        when,
        when.toISOString().slice(0, 7),
        { replyDays: 1, closingTime: null, zone: 'Asia/Shanghai', replyDueAt: at(24 * 5 + n) },
        'a',
      );
      const replied =
        n === 1
          ? { ...complaint, status: 'replied' as const, repliedAt: at(24 * 4 + 5), replyOnTime: true, replyHours: 2.5 }
          : complaint;
      writer.add(replied, `${when.toISOString()}\u001f台账\u001f${n}`, [
        { type: 'received', at: when, actor: 'a', data: { ledger: true } },
        { type: 'note', at: when, actor: 'a', data: { text: `台账备注${n} ledgerword` } },
      ]);
    }
    await writer.finish();
  });
  const seenNow = await store.importedBefore();
  expect(seenNow(`${at(24 * 4 + 1).toISOString()}\u001f台账\u001f1`)).toBe(true);
  expect(seenNow(`${at(24 * 4 + 9).toISOString()}\u001f台账\u001f9`)).toBe(false);
  // Settings, the calendar's records.
  await store.setSetting('departments', '保安部,财务部');
  await store.setSetting('notify.保安部', 'https://example.com/hook');
  expect(await store.keepCache('zone-rules', '{"zone":"Asia/Shanghai"}')).toBe(true);
  const schedule = (year: number, source: string) => ({
    schedule: { year, papers: [], days: [{ name: '国庆节', date: `${year}-10-01`, isOffDay: true }] } as never,
    source,
    importedAt: at(1),
    actor: 'a',
  });
  await store.addScheduleImport(schedule(2026, 'first'));
  await store.addScheduleImport(schedule(2027, 'next year'));
  await store.addScheduleImport(schedule(2026, 'corrected'));
  await store.setOfficeDay('2026-10-10', 'off', '停电检修', 'a', at(2));
  await store.setOfficeDay('2026-10-11', 'work', null, 'a', at(2));
  await store.setOfficeDay('2026-10-11', null, null, 'a', at(3));
  return ids;
}

/** The alerts' whole round: recorded once, claimed by one run, sent, released, settled; the digests. */
async function alertRounds(store: Store, ids: number[]): Promise<unknown[]> {
  const seen: unknown[] = [];
  const late = async (id: number): Promise<AlertKey> => ({
    complaintId: id,
    deadline: 'reply',
    dueAt: (await store.getComplaint(id))!.replyDueAt,
  });
  const keys = [await late(ids[4]!), await late(ids[5]!), await late(ids[7]!), await late(ids[9]!)];
  seen.push(await store.transaction(() => store.recordAlerts(keys, at(24 * 50))));
  seen.push(await store.transaction(() => store.recordAlerts(keys, at(24 * 50 + 1))));
  seen.push(
    await store.recordAlerts(
      [
        { ...keys[0]!, target: 'escalation' },
        { ...keys[1]!, round: 1 },
      ],
      at(24 * 51),
    ),
  );
  seen.push(await store.unsentAlerts(), await store.unsentAlerts('escalation'));
  seen.push(
    await store.latestRound(keys[1]!),
    await store.latestRound(keys[2]!),
    await store.latestRound({ ...keys[0]!, target: 'x' }),
  );
  const now = at(24 * 52);
  const claimed = await store.transaction(() => store.claimUnsentAlerts('run-1', now, at(24 * 52 + 1)));
  seen.push(claimed);
  seen.push(await store.transaction(() => store.claimUnsentAlerts('run-2', now, at(24 * 52 + 1))));
  await store.markAlertsSent([claimed[0]!.id], now, 'run-1');
  await store.markAlertsSent([claimed[1]!.id], now, 'run-2');
  await store.releaseAlerts([claimed[2]!.id], 'run-1');
  seen.push(await store.unsentAlerts());
  seen.push(await store.transaction(() => store.claimUnsentAlerts('run-2', now, at(24 * 52 + 1))));
  // run-1's claim lapses: run-3 takes its alerts over, and run-1 marks nothing sent.
  seen.push(await store.transaction(() => store.claimUnsentAlerts('run-3', at(24 * 53), at(24 * 54))));
  await store.markAlertsSent([claimed[1]!.id], at(24 * 53), 'run-1');
  await store.markAlertsSettled([claimed[1]!.id], at(24 * 53));
  seen.push(await store.unsentAlerts(), await store.claimUnsentAlerts('run-4', at(24 * 55), at(24 * 56), 'escalation'));
  seen.push(await store.flaggedComplaintIds());
  seen.push(
    await store.claimDigest('2026-11-20', 'hook-1', 'run-1', now, at(24 * 52 + 1)),
    await store.claimDigest('2026-11-20', 'hook-1', 'run-2', now, at(24 * 52 + 1)),
    await store.claimDigest('2026-11-20', 'hook-2', 'run-2', now, at(24 * 52 + 1)),
  );
  await store.settleDigest('2026-11-20', 'hook-1', 'run-2', now);
  await store.settleDigest('2026-11-20', 'hook-1', 'run-1', null);
  await store.settleDigest('2026-11-20', 'hook-2', 'run-2', now);
  seen.push(
    await store.claimDigest('2026-11-20', 'hook-1', 'run-3', now, at(24 * 52 + 1)),
    await store.claimDigest('2026-11-20', 'hook-2', 'run-3', at(24 * 60), at(24 * 61)),
  );
  return seen;
}

/** Rows whose order is the store's to choose, in one order. */
const sorted = <T>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) =>
    JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0,
  );

const FILTERS: Array<[string, ComplaintFilter, ListOrder?]> = [
  ['all', {}],
  ['all, oldest first, 3', {}, { oldestFirst: true, limit: 3 }],
  ['newest 5', {}, { limit: 5 }],
  ['open', { statuses: ['received', 'escalated'] }],
  ['no status', { statuses: [] }],
  ['a category', { category: 'fee' }],
  ['a channel', { channel: 'visit' }],
  ['an owner', { owner: 'b' }],
  ['a month', { month: '2026-11' }],
  ['overdue', { overdueAt: at(24 * 45) }],
  ['a unit', { unit: '3-2-1201' }],
  ['a phone', { phoneKey: phoneKey('+86 138-1234-5678') }],
  ['a landline', { phoneKey: phoneKey('021 12345678') }],
  ['a name', { name: '王' }],
  ['a latin name', { name: 'Smith' }],
  ['a CJK word', { search: ['停运'] }],
  ['a CJK character', { search: ['梯'] }],
  ['two words', { search: ['电梯', '大堂'] }],
  ['a word only in a note', { search: ['周末'] }],
  ['any case', { search: ['WEEKEND'] }],
  ['a word of a ledger note', { search: ['ledgerword'] }],
  ['a reply message', { search: ['安排维修'] }],
  ['an escalation message', { search: ['核对水表'] }],
  ['a closing result', { search: ['退还'] }],
  ['a percent sign', { search: ['100%'] }],
  ['an underscore', { search: ['a_b'] }],
  ['not an underscore wildcard', { search: ['axb'] }],
  ['not across description and location', { search: ['停运3'] }],
  ['a location', { search: ['north gate'] }],
  ['a search and a filter', { search: ['灯'], owner: 'a' }, { limit: 4 }],
  ['nothing', { search: ['不存在的词'] }],
];

/** Every read of the store, after populate() and alertRounds(). */
async function reads(store: Store, ids: number[]): Promise<Record<string, unknown>> {
  const seen: Record<string, unknown> = {};
  for (const id of [...ids, 9_999]) seen[`complaint ${id}`] = await store.getComplaint(id);
  for (const id of ids) seen[`events ${id}`] = await store.events(id);
  for (const [name, filter, order] of FILTERS) {
    seen[`list: ${name}`] = await store.listComplaints(filter, order);
    seen[`count: ${name}`] = await store.countComplaints(filter);
    const pages: Array<readonly Complaint[]> = [];
    for await (const page of store.complaintPages(filter, order)) pages.push(page);
    seen[`pages: ${name}`] = pages.map((page) => page.map((complaint) => complaint.id));
  }
  const pages: number[] = [];
  for await (const page of store.complaintPages({}, { oldestFirst: true, limit: 150 })) pages.push(page.length);
  seen['pages of 150'] = pages;
  seen['history of a unit'] = await store.complaintsOf({ unit: '3-2-1201', phoneKey: '13812345678' }, at(0), 5);
  seen['history of a phone'] = await store.complaintsOf({ unit: null, phoneKey: '13900001111' }, at(0), 5);
  seen['history since'] = await store.complaintsOf({ unit: '3-2-1201', phoneKey: null }, at(13), 5);
  seen.open = await store.openComplaints();
  seen['open up to October'] = await store.openComplaints('2026-10');
  seen['revisits due'] = await store.revisitsDue();
  seen['revisits due up to September'] = await store.revisitsDue('2026-09');
  seen.settings = await store.settingValues();
  seen['schedule imports'] = await store.scheduleImports();
  seen['office days'] = await store.officeDays();
  for (const [from, to] of [
    ['2026-10', '2026-10'],
    ['2026-11', '2026-11'],
    ['2026-10', '2026-11'],
    ['2026-10', '2026-12'],
    ['2026-01', '2026-12'],
  ] as const)
    for (const asOf of [null, at(24 * 20), at(24 * 70)]) {
      const name = `${from}…${to} as of ${asOf?.toISOString() ?? 'now'}`;
      const figures = await store.periodFigures(from, to, asOf);
      seen[`figures ${name}`] = {
        totals: figures.groups.totals,
        byCategory: sorted(figures.groups.byCategory),
        byChannel: sorted(figures.groups.byChannel),
        byOwner: sorted(figures.groups.byOwner),
        voided: figures.voided,
        causes: sorted(figures.causes),
        medians: [...figures.medianReplyHours.entries()].sort(),
      };
      seen[`monthly ${name}`] = sorted(await store.monthlyCounts(from, to, asOf));
      const places = await store.placeFigures(from, to, asOf);
      seen[`places ${name}`] = { places: sorted(places.places), repeatUnits: sorted(places.repeatUnits) };
      if (asOf !== null) seen[`visits ${name}`] = await store.periodVisits(from, to, asOf);
    }
  seen['replied during'] = sorted((await store.repliedDuring(at(0), at(24 * 30))).map((complaint) => complaint.id));
  const health = await store.health();
  seen.health = {
    counts: health.counts,
    byStatus: health.byStatus,
    withoutReceipt: health.withoutReceipt,
    monthsAdrift: health.monthsAdrift,
    importedYears: health.importedYears,
    problems: health.problems,
  };
  return seen;
}

describe.skipIf(postgresServer === null)('the PostgreSQL store', () => {
  let sqliteSeen: Record<string, unknown>;
  let postgresSeen: Record<string, unknown>;
  let sqliteRounds: unknown[];
  let postgresRounds: unknown[];

  beforeAll(async () => {
    const sqlite = openSqlite();
    await chooseOffice(sqlite, 'north', '北区管理处');
    const postgres = await openPostgres(await freshDatabase());
    const sqliteIds = await populate(sqlite);
    const postgresIds = await populate(postgres);
    expect(postgresIds).toEqual(sqliteIds);
    sqliteRounds = await alertRounds(sqlite, sqliteIds);
    postgresRounds = await alertRounds(postgres, postgresIds);
    sqliteSeen = await reads(sqlite, sqliteIds);
    postgresSeen = await reads(postgres, postgresIds);
  }, 120_000);

  it('reads what the SQLite store reads, read by read', () => {
    expect(Object.keys(postgresSeen)).toEqual(Object.keys(sqliteSeen));
    for (const key of Object.keys(sqliteSeen)) expect([key, postgresSeen[key]]).toEqual([key, sqliteSeen[key]]);
  });

  it('goes through the alerts’ round as the SQLite store does', () => {
    expect(postgresRounds).toEqual(sqliteRounds);
    // (and the round did something: alerts were claimed, and digests claimed once)
    expect((sqliteRounds[8] as unknown[]).length).toBe(4);
  });

  it('finds what the filters ask for (the comparison above is not of two empty lists)', () => {
    const listed = (name: string) => (postgresSeen[`list: ${name}`] as Complaint[]).map((complaint) => complaint.id);
    expect(listed('a word only in a note')).toEqual([1]);
    expect(listed('any case')).toEqual([1]);
    expect(listed('a percent sign')).toEqual([2]);
    expect(listed('an underscore')).toEqual([6]);
    expect(listed('not an underscore wildcard')).toEqual([]);
    expect(listed('not across description and location')).toEqual([]);
    expect(listed('a word of a ledger note')).toHaveLength(3);
    expect(listed('a CJK word')).toEqual([1]);
    expect(postgresSeen['pages of 150']).toEqual([100, 29]);
    expect(postgresSeen.health).toMatchObject({ monthsAdrift: [], withoutReceipt: { count: 0, first: [] } });
    expect(postgresSeen.settings).toMatchObject({ 'office-name': '北区管理处', timezone: 'Asia/Shanghai' });
  });
});

describe.skipIf(postgresServer === null)('offices in one PostgreSQL database', () => {
  it('see none of each other’s complaints, settings, alerts or days', async () => {
    const url = await freshDatabase();
    const north = await openPostgres(url, 'north', '北区管理处');
    const south = await openPostgres(url, 'south', '南区管理处');
    expect((await north.offices()).map((office) => [office.code, office.name])).toEqual([
      ['north', '北区管理处'],
      ['south', '南区管理处'],
    ]);
    const northIds = await populate(north);
    const southId = await intake(south, { draft: draft({ description: '南区的投诉' }), at: at(3), clerk: 'z' });
    await south.setSetting('office-name', '南区物业管理处');
    await alertRounds(north, northIds);
    expect((await south.listComplaints({})).map((complaint) => complaint.id)).toEqual([southId]);
    expect(await south.countComplaints({ search: ['电梯'] })).toBe(0);
    expect(await south.getComplaint(northIds[0]!)).toBeNull();
    expect(await north.getComplaint(southId)).toBeNull();
    expect(await south.events(northIds[0]!)).toEqual([]);
    await expect(south.appendEvent(northIds[0]!, { type: 'note', at: at(4), actor: 'z' }, at(4))).rejects.toMatchObject(
      {
        code: '23503',
      },
    );
    expect(await south.settingValues()).toEqual({ ...OFFICE_SETTINGS, 'office-name': '南区物业管理处' });
    expect((await north.settingValues())['office-name']).toBe('北区管理处');
    expect(await south.unsentAlerts()).toEqual([]);
    expect(await south.claimUnsentAlerts('run-s', at(24 * 60), at(24 * 61))).toEqual([]);
    expect(await south.flaggedComplaintIds()).toEqual(new Set());
    expect(await south.officeDays()).toEqual([]);
    expect((await south.scheduleImports()).length).toBe(2); // the State Council's, shared
    expect((await south.periodFigures('2026-10', '2026-10', null)).groups.totals.received).toBe(1);
    expect((await south.health()).counts).toEqual({ complaints: 1, events: 1, alerts: 0 });
    expect((await south.health()).monthsAdrift).toEqual([]);
    expect((await north.health()).monthsAdrift).toEqual([]);
  }, 60_000);

  it('refuses a code that is taken, changing nothing, and asks for an office before anything else', async () => {
    const url = await freshDatabase();
    const store = await openPostgresStore({ url });
    stores.push(store);
    expect(store.created).toBe(true);
    expect(store.location).not.toContain(new URL(postgresServer!.url).password);
    expect(await store.offices()).toEqual([]);
    await expect(store.settingValues()).rejects.toThrow('no office chosen');
    await expect(store.getComplaint(1)).rejects.toThrow('no office chosen');
    const office = await store.addOffice({ code: 'east', name: '', settings: { timezone: 'UTC' } }, T0);
    expect(office).toMatchObject({ code: 'east', name: '', createdAt: T0 });
    const refusal = await store
      .addOffice({ code: 'east', name: '又一个', settings: { timezone: 'Asia/Shanghai' } }, T0)
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(refusal).toBeInstanceOf(OperationError);
    expect((refusal as OperationError).key).toBe('office.exists');
    expect(translateLoose('en', 'office.exists', { code: 'east' })).toBe(
      'There is already an office east; nothing was changed',
    );
    expect(await store.offices()).toEqual([office]);
    store.useOffice(office);
    expect(await store.settingValues()).toEqual({ timezone: 'UTC', 'office-name': '' });
    const again = await openPostgresStore({ url });
    stores.push(again);
    expect(again.created).toBe(false);
  });

  it('gives the commands to back up and restore with the server’s own tools', async () => {
    const url = await freshDatabase();
    const store = await openPostgres(url);
    const password = new URL(url).password;
    const plain = url.replace(`:${password}@`, '@');
    const backup = await store.backupTo('/var/backups/complaint.dump', T0).then(
      () => null,
      (error: unknown) => error as OperationError,
    );
    expect(backup?.key).toBe('postgres.backup');
    expect(backup?.params.command).toBe(`pg_dump --format=custom --file=/var/backups/complaint.dump ${plain}`);
    const restore = await store.restoreFrom('my dump.dump', '/tmp/aside').then(
      () => null,
      (error: unknown) => error as OperationError,
    );
    expect(restore?.params.command).toBe(`pg_restore --clean --if-exists --dbname=${plain} 'my dump.dump'`);
    for (const lang of ['en', 'zh'] as const) {
      expect(translateLoose(lang, backup!.key, backup!.params)).toContain(String(backup!.params.command));
      expect(translateLoose(lang, restore!.key, restore!.params)).not.toContain(password);
    }
  });
});

describe.skipIf(postgresServer === null)('PostgreSQL under several hosts', () => {
  it('two connections claiming alerts at once never get the same alert', async () => {
    const url = await freshDatabase();
    const [first, second] = [await openPostgres(url), await openPostgres(url)];
    const claimedBy = new Map<number, string>();
    for (let round = 0; round < 5; round++) {
      const ids: number[] = [];
      for (let n = 0; n < 20; n++)
        ids.push(
          await intake(first, {
            draft: draft({ description: `第${round}-${n}条` }),
            at: at(round + n / 100),
            clerk: 'a',
          }),
        );
      await first.recordAlerts(
        await Promise.all(
          ids.map(async (id) => ({
            complaintId: id,
            deadline: 'reply' as const,
            dueAt: (await first.getComplaint(id))!.replyDueAt,
          })),
        ),
        at(100),
      );
      // Each claims inside a transaction that stays open a moment, as a run posting them does.
      const claim = (store: Store, run: string) =>
        store.transaction(async () => {
          const alerts = await store.claimUnsentAlerts(run, at(100), at(101));
          await new Promise((resolve) => setTimeout(resolve, 50));
          return alerts;
        });
      const [a, b] = await Promise.all([claim(first, `a${round}`), claim(second, `b${round}`)]);
      for (const [alerts, run] of [
        [a, `a${round}`],
        [b, `b${round}`],
      ] as const)
        for (const alert of alerts) {
          expect(claimedBy.get(alert.id)).toBeUndefined();
          claimedBy.set(alert.id, run);
        }
      await first.markAlertsSent(
        a.map((alert) => alert.id),
        at(100),
        `a${round}`,
      );
      await second.markAlertsSent(
        b.map((alert) => alert.id),
        at(100),
        `b${round}`,
      );
    }
    expect(claimedBy.size).toBe(100);
    expect(await first.unsentAlerts()).toEqual([]);
  }, 60_000);

  it('a failure inside transaction() leaves nothing written, the month tables included', async () => {
    const url = await freshDatabase();
    const store = await openPostgres(url);
    const raw = await rawConnection(url);
    const id = await intake(store, { draft: draft({ description: '先有一条' }), at: at(0), clerk: 'a' });
    const tables = [
      'complaints',
      'events',
      'month_cells',
      'month_owners',
      'month_causes',
      'month_places',
      'span_owners',
      'span_places',
      'span_medians',
      'settings',
      'alerts',
    ];
    const snapshot = async () => {
      const contents: Record<string, unknown> = {};
      for (const table of tables) contents[table] = (await raw.query(`SELECT * FROM ${table} ORDER BY 1, 2, 3`)).rows;
      return contents;
    };
    const before = await snapshot();
    await expect(
      store.transaction(async () => {
        await intake(store, { draft: draft({ description: '写了一半' }), at: at(1), clerk: 'b' });
        await act(store, id, reply(2, 'satisfied'), at(2));
        await act(store, id, { type: 'close', result: '完', cause: 'skill', satisfaction: null }, at(3));
        await store.setSetting('office-name', '改名');
        await store.recordAlerts([{ complaintId: id, deadline: 'reply', dueAt: at(24) }], at(30));
        throw new Error('the last step failed');
      }),
    ).rejects.toThrow('the last step failed');
    expect(await snapshot()).toEqual(before);
    // A nested piece of work that fails undoes only itself.
    await store.transaction(async () => {
      await act(store, id, reply(2, 'satisfied'), at(2));
      await expect(
        store.transaction(async () => {
          await act(store, id, { type: 'note', text: '不会留下' }, at(3));
          await store.appendEvent(9_999, { type: 'note', at: at(3), actor: 'a' }, at(3));
        }),
      ).rejects.toMatchObject({ code: '23503' });
    });
    expect((await store.getComplaint(id))!.status).toBe('replied');
    expect((await store.events(id)).map((event) => event.type)).toEqual(['received', 'replied']);
    // So does one that is the transaction's first work (which takes no savepoint: the transaction is
    // begun again), and what follows it in the transaction is kept.
    await store.transaction(async () => {
      await expect(
        store.transaction(async () => {
          await act(store, id, { type: 'note', text: '也不会留下' }, at(4));
          await store.appendEvent(9_999, { type: 'note', at: at(4), actor: 'a' }, at(4));
        }),
      ).rejects.toMatchObject({ code: '23503' });
      await act(store, id, { type: 'note', text: '留下' }, at(5));
    });
    expect((await store.events(id)).map((event) => [event.type, event.data])).toEqual([
      ['received', expect.anything()],
      ['replied', expect.anything()],
      ['note', expect.objectContaining({ text: '留下' })],
    ]);
    expect((await store.health()).monthsAdrift).toEqual([]);
    // keepCache keeps nothing, and neither waits nor fails, while another command holds the row.
    await store.setSetting('zone-rules', 'old');
    await raw.query('BEGIN');
    await raw.query("SELECT * FROM settings WHERE key = 'zone-rules' FOR UPDATE");
    const started = Date.now();
    expect(await store.keepCache('zone-rules', 'new')).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    await raw.query('ROLLBACK');
    expect(await store.keepCache('zone-rules', 'new')).toBe(true);
    expect((await store.settingValues())['zone-rules']).toBe('new');
  }, 60_000);

  it('a write that waits for another command’s lock says so once, and keepCache in a transaction keeps its lock wait', async () => {
    const url = await freshDatabase();
    let told = 0;
    const store = await openPostgresStore({ url, onWriteWait: () => (told += 1) });
    stores.push(store);
    await chooseOffice(store, 'north', '北区管理处');
    const raw = await rawConnection(url);
    await store.setSetting('departments', '工程部');
    await raw.query('BEGIN');
    await raw.query("SELECT * FROM settings WHERE key = 'departments' FOR UPDATE");
    const waiting = store.transaction(async () => {
      await store.setSetting('departments', '工程部,保安部');
      await store.setSetting('departments', '工程部,保安部,财务部');
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await raw.query('COMMIT');
    await waiting;
    expect(told).toBe(1);
    // Inside a transaction, a refused cache write undoes only itself, and the transaction's writes
    // wait for locks again as before (the cache's wait of a millisecond was its own).
    await raw.query('BEGIN');
    await raw.query("INSERT INTO settings (office_id, key, value) SELECT id, 'zone-rules', 'x' FROM offices");
    await store.transaction(async () => {
      expect(await store.keepCache('zone-rules', 'mine')).toBe(false);
      await store.setSetting('closing-time', '17:30');
      setTimeout(() => void raw.query('ROLLBACK'), 300);
      await store.setSetting('zone-rules', 'waited');
      expect(await store.keepCache('zone-rules', 'kept')).toBe(true);
      await raw.query('BEGIN');
      await raw.query("INSERT INTO settings (office_id, key, value) SELECT id, 'notify.工程部', 'x' FROM offices");
      setTimeout(() => void raw.query('ROLLBACK'), 300);
      await store.setSetting('notify.工程部', 'https://example.com/hook');
    });
    expect(await store.settingValues()).toMatchObject({
      'closing-time': '17:30',
      departments: '工程部,保安部,财务部',
      'zone-rules': 'kept',
      'notify.工程部': 'https://example.com/hook',
    });
  }, 30_000);
});

describe.skipIf(postgresServer === null)('a ledger imported into PostgreSQL', () => {
  it('is written in batches, its ids in the order given, and counted as the SQLite store counts it', async () => {
    const rows = 1_234;
    const ledger = (store: Store) =>
      store.transaction(async () => {
        const writer = await store.ledgerWriter(at(24 * 80), rows);
        for (let n = 0; n < rows; n++) {
          const when = at(24 * (n % 75) + (n % 5));
          const complaint = received(
            draft({
              channel: (['phone', 'letter'] as const)[n % 2],
              category: (['facility', 'fee', 'incident'] as const)[n % 3],
              description: `台账 ${n}`,
              complainant: { name: `户${n}`, unit: `${n % 9}-1-${n}`, phone: null },
              location: n % 4 === 0 ? '地下车库' : null,
            }),
            when,
            when.toISOString().slice(0, 7),
            {
              replyDays: 1,
              closingTime: null,
              zone: 'Asia/Shanghai',
              replyDueAt: new Date(when.getTime() + 86_400_000),
            },
            ['a', 'b', 'c', 'd'][n % 4]!,
          );
          const replied =
            n % 3 === 0
              ? {
                  ...complaint,
                  status: 'replied' as const,
                  repliedAt: new Date(when.getTime() + 3_600_000 * (n % 30)),
                  replyOnTime: n % 30 <= 24,
                  replyHours: (n % 17) / 4,
                  satisfaction: n % 2 === 0 ? ('satisfied' as const) : null,
                }
              : complaint;
          writer.add(replied, `${when.toISOString()}\u001f${n}`, [
            { type: 'received', at: when, actor: 'a', data: { row: n } },
          ]);
        }
        await writer.finish();
      });
    const sqlite = openSqlite();
    await chooseOffice(sqlite, 'north', '北区管理处');
    const postgres = await openPostgres(await freshDatabase());
    await ledger(sqlite);
    await ledger(postgres);
    const listed = await postgres.listComplaints({}, { oldestFirst: true });
    expect(listed.map((complaint) => complaint.description)).toEqual(
      Array.from({ length: rows }, (_, n) => `台账 ${n}`),
    );
    expect(listed).toEqual(await sqlite.listComplaints({}, { oldestFirst: true }));
    for (const [from, to] of [
      ['2026-10', '2026-10'],
      ['2026-10', '2026-12'],
      ['2026-10', '2026-11'],
    ] as const) {
      const [mine, theirs] = [await postgres.periodFigures(from, to, null), await sqlite.periodFigures(from, to, null)];
      expect(mine.groups.totals).toEqual(theirs.groups.totals);
      expect(sorted(mine.groups.byOwner)).toEqual(sorted(theirs.groups.byOwner));
      expect([...mine.medianReplyHours].sort()).toEqual([...theirs.medianReplyHours].sort());
      expect(sorted((await postgres.placeFigures(from, to, null)).places)).toEqual(
        sorted((await sqlite.placeFigures(from, to, null)).places),
      );
    }
    expect(await postgres.events(listed[700]!.id)).toEqual(await sqlite.events(listed[700]!.id));
    expect((await postgres.health()).monthsAdrift).toEqual([]);
    const seen = await postgres.importedBefore();
    expect(seen(`${at(24 * 3 + 3).toISOString()}\u001f228`)).toBe(true);
  }, 60_000);

  it('a failed batch fails finish(), and the transaction leaves nothing', async () => {
    const store = await openPostgres(await freshDatabase());
    const attempt = store.transaction(async () => {
      const writer = await store.ledgerWriter(at(24 * 80), 600);
      for (let n = 0; n < 600; n++) {
        const complaint = received(
          draft({ description: n === 550 ? '' : `台账 ${n}` }), // an empty description: refused by the schema
          at(n),
          '2026-10',
          { replyDays: 1, closingTime: null, zone: 'Asia/Shanghai', replyDueAt: at(n + 24) },
          'a',
        );
        writer.add(complaint, `${at(n).toISOString()}\u001f${n}`, []);
      }
      await writer.finish();
    });
    await expect(attempt).rejects.toMatchObject({ code: '23514' });
    expect(await store.countComplaints({})).toBe(0);
    expect((await store.periodFigures('2026-10', '2026-10', null)).groups.totals.received).toBe(0);
  });
});
