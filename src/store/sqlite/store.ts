// The SQLite store: one file, WAL so a clerk, a supervisor and cron can share it, every
// multi-row change in one transaction, and nothing ever deleted.
import { statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { Complaint, ComplaintEvent, Status } from '../../domain/complaint.js';
import type { CalendarDate } from '../../domain/dates.js';
import { OperationError } from '../../domain/errors.js';
import type { DepartmentWebhookKey, SettingKey } from '../../domain/settings.js';
import { PHONE_KEY, indexSearchFrom } from './search.js';
import { importKey } from '../import-key.js';
import { MIGRATIONS } from './migrations.js';
import type { MonthCategoryCounts } from '../../domain/report.js';
import type { MonthFigures, PlaceFigures } from '../store.js';
import {
  monthlyCountsAsOf,
  monthlyCountsNow,
  periodFiguresAsOf,
  periodFiguresNow,
  periodVisits,
  placeFiguresAsOf,
  placeFiguresNow,
} from './report-queries.js';
import { buildingOf, placeOf } from '../../domain/place.js';
import { MonthSummaries, SUMMARY_COLUMN } from './month-tables.js';
import type { ComplaintRow } from './complaints.js';
import { COMPLAINT_COLUMNS, complaintQuery, complaintRow, iso, toComplaint } from './complaints.js';
import { SqliteAlerts } from './alerts.js';
import { SqliteCalendar } from './calendar.js';
import { SqliteEvents } from './events.js';
import { SqliteSettings } from './settings.js';
import { OfficeScope, SqliteOffices } from './offices.js';
import type { DatabaseFacts, OnProgress, RestoreOutcome } from '../store.js';
import { backupDatabase, leftoverFiles, readFacts, restoreDatabase } from './maintenance.js';
import type { OpenOptions } from './open.js';
import { BUSY_TIMEOUT_MS, openDatabase } from './open.js';
import { ContributionSums, SUMMARY_FIELDS, sumKey } from '../../domain/month-counts.js';
import type {
  Alert,
  AlertKey,
  ComplaintFilter,
  LedgerWriter,
  ListOrder,
  NewComplaint,
  NewEvent,
  NewOffice,
  Office,
  OfficeDayRecord,
  ScheduleImport,
  Store,
  StoreHealth,
} from '../store.js';

/**
 * How long a write waits for another command's write to end before giving up. An import of a big
 * ledger or a restore holds the write lock for seconds; a clerk's complaint, typed while the owner
 * is on the phone, must wait that out rather than fail.
 */
const WRITE_WAIT_MS = 120_000;
/** The first try at the write lock is short, so whoever waits is told so at once, not after ten silent seconds. */
const FIRST_TRY_MS = 1_000;
/**
 * complaintPages gives this many complaints at a time: the caller's work between rows stays
 * synchronous, and a page's complaints still die young (pages of 1,000 outlived the young
 * generation: an export of 60,000 complaints took 20 % longer, its garbage collection twice as long).
 */
const COMPLAINT_PAGE = 100;
/** A ledger import of more rows than this (and than the database holds) rebuilds the indexes after. */
const REBUILD_INDEXES_ABOVE = 10_000;
/** Page cache for a big ledger import, in KiB as SQLite takes it (negative): 512 MB. */
const IMPORT_CACHE_KIB = -524_288;

type Database = BetterSqlite3.Database;

export function openSqliteStore(options: OpenOptions): Store {
  const db = openDatabase(options);
  const inMemory = options.path === ':memory:';
  return new SqliteStore(db, inMemory ? ':memory:' : options.path, db.created, {
    onWait: options.onWriteWait ?? (() => {}),
    waitMs: options.writeWaitMs ?? WRITE_WAIT_MS,
  });
}

class SqliteStore implements Store {
  private monthSummaries: MonthSummaries | undefined;
  /** how deep the savepoints of nested transactions go */
  private savepoints = 0;
  private readonly alerts: SqliteAlerts;
  private readonly calendarRecords: SqliteCalendar;
  private readonly settingRecords: SqliteSettings;
  private readonly eventRecords: SqliteEvents;
  private readonly officeRecords: SqliteOffices;
  /** the office chosen: every query of an office's own data names it */
  private readonly office = new OfficeScope();

  constructor(
    private readonly db: Database,
    readonly location: string,
    readonly created: boolean,
    private readonly writeWait: { onWait: () => void; waitMs: number },
  ) {
    this.alerts = new SqliteAlerts(db, this.office);
    this.calendarRecords = new SqliteCalendar(db, this.office);
    this.settingRecords = new SqliteSettings(db, this.office);
    this.eventRecords = new SqliteEvents(db);
    this.officeRecords = new SqliteOffices(db);
  }

  async offices(): Promise<Office[]> {
    return this.officeRecords.offices();
  }

  async addOffice(office: NewOffice, at: Date): Promise<Office> {
    return this.officeRecords.addOffice(office, at);
  }

  useOffice(office: Office): void {
    this.office.use(office);
  }

  /** Prepared on first write: a command that only reads never needs them. */
  private get summaries(): MonthSummaries {
    this.monthSummaries ??= new MonthSummaries(this.db, this.office);
    return this.monthSummaries;
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    // Within a transaction, a savepoint: a nested piece of work that fails undoes only itself.
    if (this.db.inTransaction) {
      const savepoint = `nested_${(this.savepoints += 1)}`;
      this.db.exec(`SAVEPOINT ${savepoint}`);
      try {
        const result = await work();
        this.db.exec(`RELEASE ${savepoint}`);
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
        throw error;
      } finally {
        this.savepoints -= 1;
      }
    }
    // IMMEDIATE takes the write lock up front, so a read-then-write cannot be overtaken by another
    // process. Only a failure to begin is retried — once `work` has run, its error stands.
    this.beginWrite();
    try {
      const result = await work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Takes the write lock for a transaction the caller ends itself (a restore awaits inside it). */
  private beginWrite(): void {
    this.waitingForTheWriteLock(() => this.db.exec('BEGIN IMMEDIATE'));
  }

  /**
   * Runs `begin` until it gets the write lock. While another command holds it, the wait is said
   * once and goes on for up to WRITE_WAIT_MS.
   */
  private waitingForTheWriteLock<T>(begin: () => T): T {
    const giveUpAt = Date.now() + this.writeWait.waitMs;
    let waited = false;
    try {
      for (;;) {
        const left = giveUpAt - Date.now();
        this.db.pragma(`busy_timeout = ${Math.max(0, waited ? left : Math.min(FIRST_TRY_MS, left))}`);
        try {
          return begin();
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || giveUpAt - Date.now() <= 0) throw error;
          if (!waited) this.writeWait.onWait();
          waited = true;
        }
      }
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  // Settings (settings.ts) and events (events.ts), each in its own file.
  async settingValues(): Promise<Partial<Record<SettingKey | 'zone-rules' | DepartmentWebhookKey, string>>> {
    return this.settingRecords.settingValues();
  }

  async setSetting(key: SettingKey | 'zone-rules' | DepartmentWebhookKey, value: string): Promise<void> {
    return this.settingRecords.setSetting(key, value);
  }

  async keepCache(key: 'zone-rules', value: string): Promise<boolean> {
    const waitMs = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      this.settingRecords.setSetting(key, value);
      return true;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|READONLY|FULL)/.test(code)) return false;
      throw error;
    } finally {
      this.db.pragma(`busy_timeout = ${waitMs}`);
    }
  }

  async appendEvent(complaintId: number, event: NewEvent, recordedAt: Date): Promise<ComplaintEvent> {
    return this.eventRecords.appendEvent(complaintId, event, recordedAt);
  }

  async events(complaintId: number): Promise<ComplaintEvent[]> {
    return this.eventRecords.events(complaintId);
  }

  async insertComplaint(complaint: NewComplaint, recordedAt: Date): Promise<Complaint> {
    const result = this.db
      .prepare(
        `INSERT INTO complaints (${COMPLAINT_COLUMNS.join(', ')}, created_at, office_id)
         VALUES (${COMPLAINT_COLUMNS.map((column) => `@${column}`).join(', ')}, @created_at, @office_id)`,
      )
      .run({ ...complaintRow(complaint), created_at: iso(recordedAt), office_id: this.office.id });
    const saved = { ...complaint, id: Number(result.lastInsertRowid) };
    this.summaries.count(saved, +1);
    this.summaries.recountMedians(null, saved);
    return saved;
  }

  async saveComplaint(complaint: Complaint): Promise<void> {
    // The month's report counts move with the complaint: out goes what it counted for, in what it counts for now.
    const before = await this.getComplaint(complaint.id);
    this.db
      .prepare(
        `UPDATE complaints SET ${COMPLAINT_COLUMNS.map((column) => `${column} = @${column}`).join(', ')}
         WHERE id = @id AND office_id = @office_id`,
      )
      .run({ ...complaintRow(complaint), id: complaint.id, office_id: this.office.id });
    if (before) this.summaries.count(before, -1);
    this.summaries.count(complaint, +1);
    this.summaries.recountMedians(before, complaint);
  }

  async getComplaint(id: number): Promise<Complaint | null> {
    const row = this.db.prepare('SELECT * FROM complaints WHERE id = ? AND office_id = ?').get(id, this.office.id) as
      ComplaintRow | undefined;
    return row ? toComplaint(row) : null;
  }

  async listComplaints(filter: ComplaintFilter, order: ListOrder = {}): Promise<Complaint[]> {
    return [...this.complaintRows(filter, order)];
  }

  async *complaintPages(filter: ComplaintFilter, order: ListOrder = {}): AsyncGenerator<readonly Complaint[]> {
    let page: Complaint[] = [];
    for (const complaint of this.complaintRows(filter, order)) {
      page.push(complaint);
      if (page.length < COMPLAINT_PAGE) continue;
      yield page;
      page = [];
    }
    if (page.length > 0) yield page;
  }

  private *complaintRows(filter: ComplaintFilter, order: ListOrder): Generator<Complaint> {
    // One row at a time: a company's millions of complaints need not fit in memory at once.
    const { sql, params } = complaintQuery(this.db, this.office.id, filter, order);
    for (const row of this.db.prepare(sql).iterate(params) as IterableIterator<ComplaintRow>) yield toComplaint(row);
  }

  async countComplaints(filter: ComplaintFilter): Promise<number> {
    // SQLite flattens the subquery and drops its ORDER BY: unfiltered, it counts the smallest index.
    const { sql, params } = complaintQuery(this.db, this.office.id, filter, { oldestFirst: true });
    return this.db.prepare(`SELECT count(*) FROM (${sql})`).pluck().get(params) as number;
  }

  async complaintsOf(
    who: { unit: string | null; phoneKey: string | null },
    since: Date,
    limit: number,
  ): Promise<Complaint[]> {
    // Each through its own index (the unit's, the phone key's), then the two sets together.
    const rows = this.db
      .prepare(
        `SELECT * FROM complaints WHERE id IN (
           SELECT id FROM complaints WHERE unit = @unit AND received_at >= @since
           UNION SELECT id FROM complaints WHERE (${PHONE_KEY}) = @phoneKey AND received_at >= @since)
         AND office_id = @office AND status <> 'voided' ORDER BY received_at DESC, id DESC LIMIT ${Math.trunc(limit)}`,
      )
      .all({ unit: who.unit, phoneKey: who.phoneKey, since: iso(since), office: this.office.id }) as ComplaintRow[];
    return rows.map(toComplaint);
  }

  async openComplaints(receivedUpTo?: string): Promise<Complaint[]> {
    // Sorted here, not by SQL: ORDER BY id could tempt the planner into scanning every year's rows.
    const open = `SELECT * FROM complaints WHERE status IN ('received', 'escalated') AND office_id = ?`;
    const upTo = `${open} AND received_month <= ?`;
    const statement =
      receivedUpTo === undefined
        ? this.db.prepare(open).bind(this.office.id)
        : this.db.prepare(upTo).bind(this.office.id, receivedUpTo);
    // Row by row: a backlog of 300,000 held twice (rows, then complaints) doubled the memory and the collector's work.
    const complaints: Complaint[] = [];
    for (const row of statement.iterate() as IterableIterator<ComplaintRow>) complaints.push(toComplaint(row));
    return complaints.sort((a, b) => a.id - b.id);
  }

  async revisitsDue(receivedUpTo?: string): Promise<Complaint[]> {
    // Through the partial index of return visits still to make: a few, whatever the years kept.
    const due = `SELECT * FROM complaints INDEXED BY complaints_revisit_due
                 WHERE revisit_due_at IS NOT NULL AND revisited_at IS NULL AND status = 'closed' AND office_id = ?`;
    const rows = (
      receivedUpTo === undefined
        ? this.db.prepare(due).all(this.office.id)
        : this.db.prepare(`${due} AND received_month <= ?`).all(this.office.id, receivedUpTo)
    ) as ComplaintRow[];
    return rows.map(toComplaint).sort((a, b) => a.id - b.id);
  }

  // The alerts (alerts.ts) and the calendar's records (calendar.ts), each in its own file.
  async recordAlerts(alerts: readonly AlertKey[], flaggedAt: Date): Promise<AlertKey[]> {
    return this.alerts.recordAlerts(alerts, flaggedAt);
  }

  async unsentAlerts(target = ''): Promise<Alert[]> {
    return this.alerts.unsentAlerts(target);
  }

  async latestRound(key: AlertKey): Promise<{ round: number; flaggedAt: Date } | null> {
    return this.alerts.latestRound(key);
  }

  async claimUnsentAlerts(claim: string, now: Date, expiresAt: Date, target = ''): Promise<Alert[]> {
    return this.alerts.claimUnsentAlerts(claim, now, expiresAt, target);
  }

  async claimDigest(day: string, target: string, claim: string, now: Date, expiresAt: Date): Promise<boolean> {
    return this.alerts.claimDigest(day, target, claim, now, expiresAt);
  }

  async settleDigest(day: string, target: string, claim: string, sentAt: Date | null): Promise<void> {
    return this.alerts.settleDigest(day, target, claim, sentAt);
  }

  async markAlertsSent(alertIds: readonly number[], sentAt: Date, claim: string): Promise<void> {
    return this.alerts.markAlertsSent(alertIds, sentAt, claim);
  }

  async releaseAlerts(alertIds: readonly number[], claim: string): Promise<void> {
    return this.alerts.releaseAlerts(alertIds, claim);
  }

  async markAlertsSettled(alertIds: readonly number[], settledAt: Date): Promise<void> {
    return this.alerts.markAlertsSettled(alertIds, settledAt);
  }

  async flaggedComplaintIds(): Promise<Set<number>> {
    return this.alerts.flaggedComplaintIds();
  }

  async scheduleImports(): Promise<ScheduleImport[]> {
    return this.calendarRecords.scheduleImports();
  }

  async addScheduleImport(entry: ScheduleImport): Promise<void> {
    return this.calendarRecords.addScheduleImport(entry);
  }

  async officeDays(): Promise<OfficeDayRecord[]> {
    return this.calendarRecords.officeDays();
  }

  async setOfficeDay(
    date: CalendarDate,
    kind: 'off' | 'work' | null,
    note: string | null,
    actor: string,
    at: Date,
  ): Promise<void> {
    return this.calendarRecords.setOfficeDay(date, kind, note, actor, at);
  }

  async importedBefore(): Promise<(identity: string) => boolean> {
    const count = this.db
      .prepare('SELECT count(*) FROM complaints WHERE import_key IS NOT NULL AND office_id = ?')
      .pluck()
      .get(this.office.id) as number;
    if (count === 0) return () => false;
    // Up to a few hundred thousand keys are held in memory; beyond that each is looked up.
    if (count <= 200_000) {
      const keys = new Set(
        this.db
          .prepare('SELECT import_key FROM complaints WHERE import_key IS NOT NULL AND office_id = ?')
          .pluck()
          .all(this.office.id) as string[],
      );
      return (identity) => keys.has(importKey(identity));
    }
    const lookup = this.db.prepare('SELECT 1 FROM complaints WHERE office_id = ? AND import_key = ?').pluck();
    const office = this.office.id;
    return (identity) => lookup.get(office, importKey(identity)) !== undefined;
  }

  async ledgerWriter(recordedAt: Date, rows: number): Promise<LedgerWriter> {
    const insert = this.db.prepare(
      `INSERT INTO complaints (${COMPLAINT_COLUMNS.join(', ')}, created_at, import_key, office_id) VALUES (${COMPLAINT_COLUMNS.map(() => '?').join(', ')}, ?, ?, ?)`,
    );
    const event = this.db.prepare(
      'INSERT INTO events (complaint_id, type, at, recorded_at, actor, data) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const recorded = iso(recordedAt);
    const office = this.office.id;
    // A big import touches many pages; SQLite's default cache (8 MB) would write them out again and again.
    const cache = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
    // A ledger bigger than what the database holds is written faster without the indexes, which
    // are then built again from their own definitions — in the same transaction, so every other
    // connection sees them throughout (and a failed import leaves them as they were).
    const existing = this.db.prepare('SELECT count(*) FROM complaints').pluck().get() as number;
    const rebuilt =
      rows > REBUILD_INDEXES_ABOVE && rows > existing
        ? (this.db
            .prepare(
              "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('complaints', 'events') AND sql IS NOT NULL",
            )
            .all() as Array<{ name: string; sql: string }>)
        : [];
    // (Prepared first: the month tables' median reads through an index dropped below.)
    const counts = this.summaries.accumulator();
    for (const index of rebuilt) this.db.exec(`DROP INDEX "${index.name}"`);
    // Likewise the search index's triggers: the new rows are indexed in one pass at the end.
    const searchTriggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_%'";
    type Trigger = { name: string; sql: string };
    const triggers = rebuilt.length === 0 ? [] : (this.db.prepare(searchTriggers).all() as Trigger[]);
    const nextId = (table: 'complaints' | 'events'): number =>
      ((this.db.prepare(`SELECT max(id) FROM ${table}`).pluck().get() as number | null) ?? 0) + 1;
    const from = { complaint: nextId('complaints'), event: nextId('events') };
    for (const trigger of triggers) this.db.exec(`DROP TRIGGER "${trigger.name}"`);
    return {
      add: (complaint, identity, events) => {
        const row = complaintRow(complaint);
        const id = Number(
          insert.run(...COMPLAINT_COLUMNS.map((column) => row[column]), recorded, importKey(identity), office)
            .lastInsertRowid,
        );
        for (const entry of events)
          event.run(id, entry.type, iso(entry.at), recorded, entry.actor, JSON.stringify(entry.data ?? {}));
        counts.add(complaint);
      },
      finish: async () => {
        for (const index of rebuilt) this.db.exec(index.sql);
        if (triggers.length > 0) indexSearchFrom(this.db, from.complaint, from.event);
        for (const trigger of triggers) this.db.exec(trigger.sql);
        counts.flush();
        this.db.pragma(`cache_size = ${cache}`);
      },
    };
  }

  async periodFigures(from: string, to: string, asOf: Date | null): Promise<MonthFigures> {
    const office = this.office.id;
    return asOf === null
      ? periodFiguresNow(this.db, office, from, to)
      : periodFiguresAsOf(this.db, office, from, to, asOf);
  }

  async monthlyCounts(from: string, to: string, asOf: Date | null): Promise<MonthCategoryCounts[]> {
    const office = this.office.id;
    return asOf === null
      ? monthlyCountsNow(this.db, office, from, to)
      : monthlyCountsAsOf(this.db, office, from, to, asOf);
  }

  async periodVisits(from: string, to: string, asOf: Date): Promise<Array<{ id: number; minutes: number }>> {
    return periodVisits(this.db, this.office.id, from, to, asOf);
  }

  async placeFigures(from: string, to: string, asOf: Date | null): Promise<PlaceFigures> {
    if (asOf === null) return placeFiguresNow(this.db, this.office.id, from, to);
    return placeFiguresAsOf(this.db, this.office.id, from, to, asOf, (unit, location) => ({
      building: buildingOf(unit) ?? '',
      place: placeOf(location),
    }));
  }

  async repliedDuring(from: Date, to: Date): Promise<Complaint[]> {
    const rows = this.db
      .prepare(
        'SELECT * FROM complaints WHERE reply_hours IS NOT NULL AND replied_at >= ? AND reply_clock_from < ? AND office_id = ?',
      )
      .all(iso(from), iso(to), this.office.id) as ComplaintRow[];
    return rows.map(toComplaint);
  }

  backupTo(target: string, now: Date, onProgress?: OnProgress): Promise<DatabaseFacts> {
    return backupDatabase(this.db, target, { requireSound: true, now, onProgress });
  }

  restoreFrom(source: string, aside: string, onProgress?: OnProgress): Promise<RestoreOutcome> {
    if (this.location === ':memory:') throw new OperationError('restore.inMemory', {});
    return restoreDatabase(this.db, this.location, source, aside, () => this.beginWrite(), onProgress);
  }

  async health(onStep?: (done: number, total: number) => void): Promise<StoreHealth> {
    // Steps: the integrity check, the foreign keys, the counts (readFacts), then the four below.
    const steps = 7;
    let done = 0;
    const step = (): void => onStep?.((done += 1), steps);
    const facts = readFacts(this.db, this.location, step);
    // On a damaged file any query may fail: each failure is a finding, and the rest still runs.
    const problems = [...facts.problems];
    const guarded = <T>(fallback: T, work: () => T): T => {
      try {
        return work();
      } catch (error) {
        problems.push((error as Error).message);
        return fallback;
      }
    };
    const byStatus = guarded({}, () =>
      Object.fromEntries(
        this.db.prepare('SELECT status, count(*) FROM complaints GROUP BY status').raw().all() as Array<
          [Status, number]
        >,
      ),
    );
    step();
    const missing =
      "FROM complaints c WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.complaint_id = c.id AND e.type = 'received')";
    const withoutReceipt = guarded<StoreHealth['withoutReceipt']>(null, () => ({
      count: this.db.prepare(`SELECT count(*) ${missing}`).pluck().get() as number,
      first: this.db.prepare(`SELECT id ${missing} ORDER BY id LIMIT 10`).pluck().all() as number[],
    }));
    step();
    const importedYears = guarded(
      [] as number[],
      () => this.db.prepare('SELECT DISTINCT year FROM calendar_imports ORDER BY year').pluck().all() as number[],
    );
    step();
    const monthsAdrift = guarded<string[] | null>(null, () => this.monthsAdrift());
    step();
    const onDisk = this.location !== ':memory:';
    return {
      ...facts,
      problems: [...new Set(problems)],
      path: this.location,
      bytes: onDisk ? statSync(this.location).size : 0,
      engine: 'sqlite',
      schemaKnown: MIGRATIONS.length,
      journalMode: guarded('?', () => this.db.pragma('journal_mode', { simple: true }) as string),
      fileMode: onDisk && process.platform !== 'win32' ? statSync(this.location).mode & 0o777 : null,
      byStatus,
      withoutReceipt,
      monthsAdrift,
      importedYears,
      leftovers: onDisk ? leftoverFiles(this.location) : [],
    };
  }

  /**
   * Recounts every complaint's contribution (the same rule the writers apply) and compares the
   * sums with month_cells and month_places, office by office: a drift would make the live report
   * wrong while --at stays right. A month is named by itself, or after its office's code when the
   * database holds several.
   */
  private monthsAdrift(): string[] {
    const offices = this.db.prepare('SELECT id, code FROM offices ORDER BY code').all() as Array<{
      id: number;
      code: string;
    }>;
    return offices.flatMap((office) =>
      this.officeMonthsAdrift(office.id).map((month) => (offices.length > 1 ? `${office.code} ${month}` : month)),
    );
  }

  private officeMonthsAdrift(office: number): string[] {
    const expected = new ContributionSums();
    const rows = this.db.prepare('SELECT * FROM complaints WHERE office_id = ?').iterate(office);
    for (const row of rows as IterableIterator<ComplaintRow>) expected.add(toComplaint(row));
    const adrift = new Set<string>();
    const columns = SUMMARY_FIELDS.map((field) => SUMMARY_COLUMN[field]);
    const stored = this.db
      .prepare(
        `SELECT month, category, subcategory, channel, ${columns.join(', ')} FROM month_cells WHERE office_id = ?`,
      )
      .raw()
      .all(office) as Array<[string, string, string, string, ...number[]]>;
    for (const [month, category, subcategory, channel, ...values] of stored) {
      const key = sumKey([month, category, subcategory, channel]);
      const sums = expected.cells.get(key)?.values ?? SUMMARY_FIELDS.map(() => 0);
      if (values.some((value, index) => value !== sums[index])) adrift.add(month);
      expected.cells.delete(key);
    }
    for (const { key, values } of expected.cells.values()) if (values.some((value) => value !== 0)) adrift.add(key[0]!);
    const places = this.db
      .prepare('SELECT month, kind, place, category, received, repeat FROM month_places WHERE office_id = ?')
      .raw()
      .all(office) as Array<[string, string, string, string, number, number]>;
    for (const [month, kind, place, category, ...values] of places) {
      const key = sumKey([month, kind, place, category]);
      const sums = expected.places.get(key)?.values ?? [0, 0];
      if (values.some((value, index) => value !== sums[index])) adrift.add(month);
      expected.places.delete(key);
    }
    for (const { key, values } of expected.places.values())
      if (values.some((value) => value !== 0)) adrift.add(key[0]!);
    return [...adrift].sort();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
