// The PostgreSQL store: a company's offices in one database on a server, one connection a command,
// every read and write scoped to the office chosen (useOffice), every multi-row change in one
// transaction (READ COMMITTED, with row locks where a read decides a write), and nothing ever deleted.
// Its answers are the SQLite store's (tests/postgres/store.test.ts runs both and compares them).
import type pg from 'pg';
import type { Complaint, ComplaintEvent } from '../../domain/complaint.js';
import type { CalendarDate } from '../../domain/dates.js';
import { OperationError } from '../../domain/errors.js';
import type { MonthCategoryCounts } from '../../domain/report.js';
import type { SettingKey } from '../../domain/settings.js';
import type {
  Alert,
  AlertKey,
  ComplaintFilter,
  DatabaseFacts,
  LedgerWriter,
  ListOrder,
  MonthFigures,
  NewComplaint,
  NewEvent,
  NewOffice,
  Office,
  OfficeDayRecord,
  PlaceFigures,
  RestoreOutcome,
  ScheduleImport,
  Store,
  StoreHealth,
} from '../store.js';
import { PostgresAlerts } from './alerts.js';
import { PostgresCalendar, SCHEDULE_IMPORTS, officeDaysFrom, officeDaysOf, scheduleImportsFrom } from './calendar.js';
import type { ComplaintRow, PageStart } from './complaints.js';
import { COLUMN_NAMES, COMPLAINT_SELECT, complaintQuery, complaintValues, toComplaint } from './complaints.js';
import { connectPostgres, masked, type PostgresConnection } from './connect.js';
import type { OfficeDb } from './db.js';
import { PostgresEvents } from './events.js';
import { importedBefore, ledgerWriter } from './ledger.js';
import { backupRefusal, officeHealth, restoreRefusal } from './maintenance.js';
import { migrate } from './migrate.js';
import { MonthTables } from './month-tables.js';
import {
  monthlyCountsAsOf,
  monthlyCountsNow,
  periodFiguresAsOf,
  periodFiguresNow,
  periodVisits,
  placeFiguresAsOf,
  placeFiguresNow,
} from './report-queries.js';
import type { SettingName } from './settings.js';
import { PostgresSettings, insertOffice, listOffices, settingsFrom, settingsOf } from './settings.js';

// What `complaint migrate` uses of the server's side, from the same file of the build (dist/postgres.cjs).
export { copyLedger, sourceIdentity } from './copy.js';
export { migrate } from './migrate.js';
// What connectPostgres (connect.ts) uses in the main bundle, where pg is not.
export { openConnection } from './client.js';

export interface PostgresOpenOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /**
   * Taken for the same shape as the SQLite store's options, and not used: a database on a server
   * starts with no office, and an office's first settings are given to addOffice.
   */
  initialSettings?: () => Partial<Record<SettingKey, string>>;
  /** called once in a transaction when a statement of it has waited a second (for another command's lock, most likely) */
  onWriteWait?: () => void;
  /**
   * The code of the office the command is likely to choose (--office, COMPLAINT_OFFICE): its settings
   * and calendar are read as the store opens, with the schema's version, in one round trip. Without
   * it, those of the only office, when there is one; a guess that proves wrong only costs a round trip.
   */
  office?: string;
}

/**
 * How long a statement waits for a row another command has locked before giving up (an import of a
 * big ledger holds its rows for a while; a clerk's complaint must wait that out rather than fail).
 */
const WRITE_WAIT_MS = 120_000;
/** A statement of a transaction that has not answered after this long is said to be waiting. */
const FIRST_TRY_MS = 1_000;
/** complaintPages gives this many complaints at a time (as the SQLite store does). */
const COMPLAINT_PAGE = 100;
/** What keepCache waits for a lock at most: the least PostgreSQL takes (0 would mean "for ever"). */
const CACHE_LOCK_WAIT = '1ms';
/**
 * The errors for which keepCache keeps nothing and says false: a lock not had at once, a read-only
 * server or role, a full disk or other shortage, a conflict.
 */
const CACHE_REFUSALS = /^(55P03|25006|42501|53...|40001|40P01)$/;

/** Opens the database at `url`, bringing its schema up to date; an office is then chosen with useOffice. */
export async function openPostgresStore(options: PostgresOpenOptions): Promise<Store> {
  const connection = await connectPostgres(options.url, { lockTimeoutMs: WRITE_WAIT_MS });
  try {
    // The schema's version, then (sent behind it, answered with it) what every command reads first.
    const migrating = migrate(connection);
    const opening = readAtOpen(connection, options.office);
    opening.catch(() => undefined);
    const { from, to } = await migrating;
    // (On a database whose schema was made or changed just now, those reads failed or are outdated.)
    const read = from === to ? await opening.catch(() => null) : null;
    return new PostgresStore(connection, options.url, from === 0, options.onWriteWait, read);
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** What a command reads as it starts — the offices, and the settings and calendar of the one it will likely choose. */
interface ReadAtOpen {
  offices: Office[];
  /** the office whose settings and days were read (null: none was) */
  officeId: number | null;
  settings: Partial<Record<SettingName, string>>;
  scheduleImports: ScheduleImport[];
  officeDays: OfficeDayRecord[];
}

/**
 * Reads, in statements sent together, what the command context reads one after another as a command
 * starts (src/cli/context.ts: the offices, then the chosen office's settings, the official schedules and
 * the office's days), in one snapshot, so that the office list and the office read agree.
 */
async function readAtOpen(connection: PostgresConnection, office: string | undefined): Promise<ReadAtOpen> {
  const code = office?.trim() || null;
  // The office asked for, or else the only one.
  const chosen = `(SELECT id FROM offices WHERE CASE WHEN $1::text IS NULL THEN (SELECT count(*) FROM offices) = 1 ELSE code = $1 END)`;
  const statements = [
    connection.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'),
    listOffices(connection),
    connection.query<{ key: SettingName; value: string }>(settingsOf(chosen), [code]),
    connection.query<Parameters<typeof scheduleImportsFrom>[0][number]>(SCHEDULE_IMPORTS),
    connection.query<Parameters<typeof officeDaysFrom>[0][number]>(officeDaysOf(chosen), [code]),
    connection.query('COMMIT'),
  ] as const;
  // (Each is awaited, so that none fails unheard.)
  const settled = await Promise.allSettled(statements);
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  const [, offices, settings, schedules, days] = await Promise.all(statements);
  const officeId =
    (code === null ? (offices.length === 1 ? offices[0] : undefined) : offices.find((one) => one.code === code))?.id ??
    null;
  return {
    offices,
    officeId,
    settings: settingsFrom(settings.rows),
    scheduleImports: scheduleImportsFrom(schedules.rows),
    officeDays: officeDaysFrom(days.rows),
  };
}

class PostgresStore implements Store, OfficeDb {
  readonly location: string;
  private office: Office | null = null;
  /** 0 outside a transaction, 1 in one, more in its savepoints */
  private depth = 0;
  /** the statements sent in the transaction under way, its BEGIN aside */
  private worked = 0;
  /** what was read as the store opened, given once each while no other statement has been sent */
  private atOpen: ReadAtOpen | null;
  /** whether the transaction under way has said it waits */
  private toldWait = false;
  /** statements the transaction under way has still to ask for (see OfficeDb.hold) */
  private held: Array<Promise<void>> = [];
  private readonly alerts = new PostgresAlerts(this);
  private readonly calendar = new PostgresCalendar(this);
  private readonly eventRecords = new PostgresEvents(this);
  private readonly settings = new PostgresSettings(this);
  private readonly months = new MonthTables(this);

  constructor(
    private readonly connection: PostgresConnection,
    private readonly url: string,
    readonly created: boolean,
    private readonly onWriteWait: (() => void) | undefined,
    atOpen: ReadAtOpen | null,
  ) {
    this.location = masked(url);
    this.atOpen = atOpen;
  }

  /** What was read at open for `part` (of the chosen office, for its settings and days), or undefined. */
  private readAtOpen<Part extends 'offices' | 'settings' | 'scheduleImports' | 'officeDays'>(
    part: Part,
  ): ReadAtOpen[Part] | undefined {
    const read = this.atOpen;
    if (read === null) return undefined;
    if (part !== 'offices' && part !== 'scheduleImports' && read.officeId !== this.office?.id) return undefined;
    return read[part];
  }

  get officeId(): number {
    if (this.office === null) throw new Error('no office chosen');
    return this.office.id;
  }

  /**
   * Runs one statement after those asked before it: the connection sends each at once (pipelined),
   * and the server runs and answers them in the order asked, so that statements that do not depend on
   * each other's answers cost one round trip together.
   */
  async query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<Row>> {
    // Whatever was read at open may now be outdated.
    this.atOpen = null;
    if (this.depth > 0) this.worked += 1;
    const onWait = this.onWriteWait;
    if (this.depth === 0 || onWait === undefined || this.toldWait) return this.connection.query<Row>(text, values);
    const timer = setTimeout(() => {
      if (this.toldWait) return;
      this.toldWait = true;
      onWait();
    }, FIRST_TRY_MS);
    try {
      return await this.connection.query<Row>(text, values);
    } finally {
      clearTimeout(timer);
    }
  }

  // ---- offices
  async offices(): Promise<Office[]> {
    return this.readAtOpen('offices') ?? listOffices(this);
  }

  async addOffice(office: NewOffice, at: Date): Promise<Office> {
    return this.transaction(() => insertOffice(this, office, at));
  }

  useOffice(office: Office): void {
    this.office = office;
  }

  // ---- transactions
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    // Within a transaction, a savepoint: a nested piece of work that fails undoes only itself. (Before
    // the transaction has done anything, it is simply begun again: the same, without two statements.)
    if (this.depth > 0 && this.worked === 0) {
      try {
        return await work();
      } catch (error) {
        await this.settleHeld();
        await Promise.all([this.query('ROLLBACK'), this.query('BEGIN')]).catch(() => undefined);
        this.worked = 0;
        throw error;
      }
    }
    if (this.depth > 0) {
      const savepoint = `nested_${this.depth}`;
      await this.query(`SAVEPOINT ${savepoint}`);
      this.depth += 1;
      try {
        const result = await work();
        await this.query(`RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        await this.settleHeld();
        await this.query(`ROLLBACK TO SAVEPOINT ${savepoint}`)
          .then(() => this.query(`RELEASE SAVEPOINT ${savepoint}`))
          .catch(() => undefined);
        throw error;
      } finally {
        this.depth -= 1;
      }
    }
    // BEGIN is not waited for: the work's first statements go right behind it. (Should it fail, the
    // connection is gone, and they fail with it.)
    const begun = this.query('BEGIN');
    begun.catch(() => undefined);
    this.depth = 1;
    this.worked = 0;
    this.toldWait = false;
    this.held = [];
    try {
      const result = await work();
      await this.settleHeld();
      await begun;
      // A transaction a failed statement aborted is rolled back by COMMIT, without an error: that is one.
      const { command } = await this.query('COMMIT').catch((error: unknown) => {
        // Lost while COMMIT was under way, the change may have been made durable or not: only a look at
        // the ledger tells, and "try again" could log an owner's complaint twice.
        throw error instanceof OperationError && error.key === 'postgres.connectionLost'
          ? new OperationError('postgres.commitUnknown', error.params)
          : error;
      });
      if (command !== 'COMMIT') throw new Error('the transaction was aborted by an earlier failure and rolled back');
      return result;
    } catch (error) {
      await this.settleHeld();
      await this.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.depth = 0;
    }
  }

  hold(writes: Promise<void>): void {
    this.held.push(writes);
  }

  /** Waits until the statements held for the transaction have been asked for and answered. */
  private async settleHeld(): Promise<void> {
    while (this.held.length > 0) await Promise.allSettled(this.held.splice(0));
  }

  // ---- settings
  async settingValues(): Promise<Partial<Record<SettingName, string>>> {
    return this.readAtOpen('settings') ?? this.settings.settingValues();
  }

  async setSetting(key: SettingName, value: string): Promise<void> {
    return this.settings.setSetting(key, value);
  }

  async keepCache(key: 'zone-rules', value: string): Promise<boolean> {
    try {
      await this.transaction(async () => {
        // (set_config's `true`: for this transaction only; restored by hand for a savepoint's sake)
        const { rows } = await this.query<{ wait: string }>(
          `SELECT current_setting('lock_timeout') AS wait, set_config('lock_timeout', '${CACHE_LOCK_WAIT}', true)`,
        );
        await this.settings.setSetting(key, value);
        await this.query("SELECT set_config('lock_timeout', $1, true)", [rows[0]!.wait]);
      });
      return true;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && CACHE_REFUSALS.test(code)) return false;
      throw error;
    }
  }

  // ---- complaints and events
  async appendEvent(complaintId: number, event: NewEvent, recordedAt: Date): Promise<ComplaintEvent> {
    return this.eventRecords.appendEvent(complaintId, event, recordedAt);
  }

  async events(complaintId: number): Promise<ComplaintEvent[]> {
    return this.eventRecords.events(complaintId);
  }

  async insertComplaint(complaint: NewComplaint, recordedAt: Date): Promise<Complaint> {
    return this.transaction(async () => {
      const values = [this.officeId, ...complaintValues(complaint), recordedAt];
      // The row and the month tables' counts (which do not need its id) sent together.
      const [{ rows }] = await Promise.all([
        this.query<{ id: number }>(
          `INSERT INTO complaints (office_id, ${COLUMN_NAMES.join(', ')}, created_at)
           VALUES (${values.map((_, index) => `$${index + 1}`).join(', ')}) RETURNING id`,
          values,
        ),
        this.months.changed(null, complaint),
      ]);
      return { ...complaint, id: rows[0]!.id };
    });
  }

  async saveComplaint(complaint: Complaint): Promise<void> {
    // The month's report counts move with the complaint: out goes what it counted for, in what it
    // counts for now — as the row stands, locked until the end of the transaction.
    await this.transaction(async () => {
      const office = this.officeId;
      const { rows } = await this.query<ComplaintRow>(
        `SELECT ${COMPLAINT_SELECT} FROM complaints WHERE office_id = $1 AND id = $2 FOR UPDATE`,
        [office, complaint.id],
      );
      if (rows[0] === undefined) return;
      await Promise.all([
        this.query(
          `UPDATE complaints SET ${COLUMN_NAMES.map((column, index) => `${column} = $${index + 3}`).join(', ')}
            WHERE office_id = $1 AND id = $2`,
          [office, complaint.id, ...complaintValues(complaint)],
        ),
        this.months.changed(toComplaint(rows[0]), complaint),
      ]);
    });
  }

  async getComplaint(id: number): Promise<Complaint | null> {
    // Read in a transaction, a complaint is about to be changed: locked, so that two commands on
    // two hosts cannot both decide from the same state (SQLite's write lock does this for the file).
    const lock = this.depth > 0 ? ' FOR UPDATE' : '';
    const { rows } = await this.query<ComplaintRow>(
      `SELECT ${COMPLAINT_SELECT} FROM complaints WHERE office_id = $1 AND id = $2${lock}`,
      [this.officeId, id],
    );
    return rows[0] === undefined ? null : toComplaint(rows[0]);
  }

  async listComplaints(filter: ComplaintFilter, order: ListOrder = {}): Promise<Complaint[]> {
    const { sql, values } = complaintQuery(this.officeId, filter, order);
    return (await this.query<ComplaintRow>(sql, values)).rows.map(toComplaint);
  }

  /** A page at a time, each page the next of the order after the last complaint given (keyset): no cursor held between pages. */
  async *complaintPages(filter: ComplaintFilter, order: ListOrder = {}): AsyncGenerator<readonly Complaint[]> {
    let left = order.limit === undefined || order.limit < 0 ? Infinity : Math.trunc(order.limit);
    let after: PageStart | undefined;
    while (left > 0) {
      const size = Math.min(COMPLAINT_PAGE, left);
      const { sql, values } = complaintQuery(
        this.officeId,
        filter,
        { oldestFirst: order.oldestFirst, limit: size },
        after,
      );
      const page = (await this.query<ComplaintRow>(sql, values)).rows.map(toComplaint);
      if (page.length > 0) yield page;
      if (page.length < size) return;
      left -= page.length;
      const last = page.at(-1)!;
      after = { id: last.id, receivedAt: last.receivedAt };
    }
  }

  async countComplaints(filter: ComplaintFilter): Promise<number> {
    const { sql, values } = complaintQuery(this.officeId, filter, { oldestFirst: true });
    const { rows } = await this.query<{ n: number }>(`SELECT count(*) AS n FROM (${sql}) AS listed`, values);
    return rows[0]!.n;
  }

  async complaintsOf(
    who: { unit: string | null; phoneKey: string | null },
    since: Date,
    limit: number,
  ): Promise<Complaint[]> {
    // Each through its own index (the unit's, the phone key's), then the two sets together.
    const { rows } = await this.query<ComplaintRow>(
      `SELECT ${COMPLAINT_SELECT} FROM complaints WHERE office_id = $1 AND id IN (
         SELECT id FROM complaints WHERE office_id = $1 AND unit = $2 AND received_at >= $4
         UNION SELECT id FROM complaints WHERE office_id = $1 AND complaint_phone_key(phone) = $3 AND received_at >= $4)
       AND status <> 'voided' ORDER BY received_at DESC, id DESC${limit < 0 ? '' : ` LIMIT ${Math.trunc(limit)}`}`,
      [this.officeId, who.unit, who.phoneKey, since],
    );
    return rows.map(toComplaint);
  }

  async openComplaints(receivedUpTo?: string): Promise<Complaint[]> {
    const upTo = receivedUpTo === undefined ? '' : ' AND received_month <= $2';
    const { rows } = await this.query<ComplaintRow>(
      `SELECT ${COMPLAINT_SELECT} FROM complaints
        WHERE office_id = $1 AND status IN ('received', 'escalated')${upTo} ORDER BY id`,
      receivedUpTo === undefined ? [this.officeId] : [this.officeId, receivedUpTo],
    );
    return rows.map(toComplaint);
  }

  async revisitsDue(receivedUpTo?: string): Promise<Complaint[]> {
    const upTo = receivedUpTo === undefined ? '' : ' AND received_month <= $2';
    const { rows } = await this.query<ComplaintRow>(
      `SELECT ${COMPLAINT_SELECT} FROM complaints
        WHERE office_id = $1 AND revisit_due_at IS NOT NULL AND revisited_at IS NULL AND status = 'closed'${upTo}
        ORDER BY id`,
      receivedUpTo === undefined ? [this.officeId] : [this.officeId, receivedUpTo],
    );
    return rows.map(toComplaint);
  }

  async importedBefore(): Promise<(identity: string) => boolean> {
    return importedBefore(this);
  }

  /** (`rows` is not needed: the indexes are kept as the rows come, a batch at a time.) */
  ledgerWriter(recordedAt: Date): Promise<LedgerWriter> {
    return Promise.resolve(ledgerWriter(this, this.months, recordedAt));
  }

  // ---- alerts (alerts.ts) and the calendar's records (calendar.ts)
  async recordAlerts(alerts: readonly AlertKey[], flaggedAt: Date): Promise<AlertKey[]> {
    return this.transaction(() => this.alerts.recordAlerts(alerts, flaggedAt));
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
    return this.transaction(() => this.alerts.claimDigest(day, target, claim, now, expiresAt));
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
    return this.readAtOpen('scheduleImports') ?? this.calendar.scheduleImports();
  }

  async addScheduleImport(entry: ScheduleImport): Promise<void> {
    return this.calendar.addScheduleImport(entry);
  }

  async officeDays(): Promise<OfficeDayRecord[]> {
    return this.readAtOpen('officeDays') ?? this.calendar.officeDays();
  }

  async setOfficeDay(
    date: CalendarDate,
    kind: 'off' | 'work' | null,
    note: string | null,
    actor: string,
    at: Date,
  ): Promise<void> {
    return this.calendar.setOfficeDay(date, kind, note, actor, at);
  }

  // ---- the report (report-queries.ts)
  async periodFigures(from: string, to: string, asOf: Date | null): Promise<MonthFigures> {
    return asOf === null ? periodFiguresNow(this, from, to) : periodFiguresAsOf(this, from, to, asOf);
  }

  async monthlyCounts(from: string, to: string, asOf: Date | null): Promise<MonthCategoryCounts[]> {
    return asOf === null ? monthlyCountsNow(this, from, to) : monthlyCountsAsOf(this, from, to, asOf);
  }

  async placeFigures(from: string, to: string, asOf: Date | null): Promise<PlaceFigures> {
    return asOf === null ? placeFiguresNow(this, from, to) : placeFiguresAsOf(this, from, to, asOf);
  }

  async periodVisits(from: string, to: string, asOf: Date): Promise<Array<{ id: number; minutes: number }>> {
    return periodVisits(this, from, to, asOf);
  }

  async repliedDuring(from: Date, to: Date): Promise<Complaint[]> {
    const { rows } = await this.query<ComplaintRow>(
      `SELECT ${COMPLAINT_SELECT} FROM complaints
        WHERE office_id = $1 AND reply_hours IS NOT NULL AND replied_at >= $2 AND reply_clock_from < $3 ORDER BY id`,
      [this.officeId, from, to],
    );
    return rows.map(toComplaint);
  }

  // ---- maintenance (maintenance.ts)
  backupTo(target: string): Promise<DatabaseFacts> {
    return Promise.reject(backupRefusal(this.url, target));
  }

  restoreFrom(source: string): Promise<RestoreOutcome> {
    return Promise.reject(restoreRefusal(this.url, source));
  }

  async health(onStep?: (done: number, total: number) => void): Promise<StoreHealth> {
    // (the schema's version is read through the store's queue too)
    const connection = { ...this.connection, query: this.query.bind(this) };
    return officeHealth(connection, this, this.location, onStep);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
