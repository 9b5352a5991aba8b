// The SQLite store: one file, WAL so a clerk, a supervisor and cron can share it, every
// multi-row change in one transaction, and nothing ever deleted.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import BetterSqlite3 from 'better-sqlite3';
import type { Schedule } from '../domain/calendar.js';
import type { Category, Cause, Channel, Complaint, ComplaintEvent, Satisfaction, Status } from '../domain/complaint.js';
import type { CalendarDate } from '../domain/dates.js';
import { OperationError } from '../domain/errors.js';
import type { DepartmentWebhookKey, SettingKey } from '../domain/settings.js';
import type { AlertKind } from '../domain/overdue.js';
import { PHONE_KEY, indexSearchFrom, searchCondition } from './search.js';
import type { MonthCategoryCounts, MonthFigures, PlaceFigures } from './report-queries.js';
import {
  monthlyCountsAsOf,
  monthlyCountsNow,
  periodFiguresAsOf,
  periodFiguresNow,
  periodVisits,
  placeFiguresAsOf,
  placeFiguresNow,
} from './report-queries.js';
import { buildingOf, placeOf } from '../domain/place.js';
import { MonthSummaries, SUMMARY_COLUMN } from './month-summaries.js';
import type { DatabaseFacts, OnProgress, RestoreOutcome } from './store.js';
import { backupDatabase, leftoverFiles, readFacts, restoreDatabase } from './maintenance.js';
import type { OpenOptions } from './sqlite-open.js';
import { BUSY_TIMEOUT_MS, openDatabase } from './sqlite-open.js';
import { ContributionSums, SUMMARY_FIELDS, sumKey } from '../domain/month-counts.js';
import type {
  Alert,
  AlertKey,
  ComplaintFilter,
  LedgerWriter,
  ListOrder,
  NewComplaint,
  NewEvent,
  OfficeDayRecord,
  ScheduleImport,
  Store,
  StoreHealth,
} from './store.js';

/**
 * How long a write waits for another command's write to end before giving up. An import of a big
 * ledger or a restore holds the write lock for seconds; a clerk's complaint, typed while the owner
 * is on the phone, must wait that out rather than fail.
 */
const WRITE_WAIT_MS = 120_000;
/** The first try at the write lock is short, so whoever waits is told so at once, not after ten silent seconds. */
const FIRST_TRY_MS = 1_000;
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

interface ComplaintRow {
  id: number;
  status: string;
  category: string;
  subcategory: string | null;
  channel: string;
  received_at: string;
  received_month: string;
  reply_clock_from: string;
  reply_days: number;
  closing_time: string | null;
  reply_zone: string;
  reply_due_at: string;
  urgent_hours: number | null;
  replied_at: string | null;
  reply_on_time: number | null;
  reply_hours: number | null;
  promised_at: string | null;
  escalated_to: string | null;
  escalated_at: string | null;
  satisfaction: string | null;
  closed_at: string | null;
  revisit_due_at: string | null;
  revisited_at: string | null;
  revisit_on_time: number | null;
  revisit_satisfaction: string | null;
  result: string | null;
  cause: string | null;
  status_changed_at: string;
  owner: string;
  received_by: string;
  complainant_name: string;
  unit: string | null;
  phone: string | null;
  description: string;
  location: string | null;
  repeat_count: number;
}

interface EventRow {
  id: number;
  complaint_id: number;
  type: string;
  at: string;
  recorded_at: string;
  actor: string;
  data: string;
}

function toComplaint(row: ComplaintRow): Complaint {
  return {
    id: row.id,
    status: row.status as Status,
    category: row.category as Category,
    subcategory: row.subcategory,
    channel: row.channel as Channel,
    receivedAt: new Date(row.received_at),
    receivedMonth: row.received_month,
    replyClockFrom: new Date(row.reply_clock_from),
    replyDays: row.reply_days,
    closingTime: row.closing_time,
    replyZone: row.reply_zone,
    replyDueAt: new Date(row.reply_due_at),
    urgentHours: row.urgent_hours,
    repliedAt: dateOrNull(row.replied_at),
    replyOnTime: row.reply_on_time === null ? null : row.reply_on_time === 1,
    replyHours: row.reply_hours,
    promisedAt: dateOrNull(row.promised_at),
    escalatedTo: row.escalated_to,
    escalatedAt: dateOrNull(row.escalated_at),
    satisfaction: row.satisfaction as Satisfaction | null,
    closedAt: dateOrNull(row.closed_at),
    revisitDueAt: dateOrNull(row.revisit_due_at),
    revisitedAt: dateOrNull(row.revisited_at),
    revisitOnTime: row.revisit_on_time === null ? null : row.revisit_on_time === 1,
    revisitSatisfaction: row.revisit_satisfaction as Satisfaction | null,
    result: row.result,
    cause: row.cause as Cause | null,
    statusChangedAt: new Date(row.status_changed_at),
    owner: row.owner,
    receivedBy: row.received_by,
    complainant: { name: row.complainant_name, unit: row.unit, phone: row.phone },
    description: row.description,
    location: row.location,
    repeatCount: row.repeat_count,
  };
}

function toEvent(row: EventRow): ComplaintEvent {
  return {
    id: row.id,
    complaintId: row.complaint_id,
    type: row.type,
    at: new Date(row.at),
    recordedAt: new Date(row.recorded_at),
    actor: row.actor,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

const iso = (instant: Date): string => instant.toISOString();

interface AlertRow {
  id: number;
  complaint_id: number;
  deadline: AlertKind;
  due_at: string;
  target: string;
  round: number;
}

const toAlert = (row: AlertRow): Alert => ({
  id: row.id,
  complaintId: row.complaint_id,
  deadline: row.deadline,
  dueAt: new Date(row.due_at),
  target: row.target,
  round: row.round,
});

/**
 * A ledger row's identity as stored: its receipt time, then a digest of the rest. Led by the time,
 * the keys of a ledger (kept in date order) land side by side in the index instead of scattered
 * over it, which keeps a big import from reading and writing the whole index for every row.
 */
function importKey(identity: string): string {
  const time = identity.slice(0, identity.indexOf('\u001f'));
  return `${time}|${crypto().createHash('sha1').update(identity).digest('base64url')}`;
}

/** node:crypto is loaded on first use: loading it costs every command's start-up ~2 ms. */
let cryptoModule: typeof import('node:crypto') | undefined;
function crypto(): typeof import('node:crypto') {
  cryptoModule ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return cryptoModule;
}
const dateOrNull = (text: string | null): Date | null => (text === null ? null : new Date(text));

/** The columns a complaint's fields are written to (all but id and created_at). */
const COMPLAINT_COLUMNS = [
  'status',
  'category',
  'subcategory',
  'channel',
  'received_at',
  'received_month',
  'reply_clock_from',
  'reply_days',
  'closing_time',
  'reply_zone',
  'reply_due_at',
  'urgent_hours',
  'replied_at',
  'reply_on_time',
  'reply_hours',
  'promised_at',
  'escalated_to',
  'escalated_at',
  'satisfaction',
  'closed_at',
  'revisit_due_at',
  'revisited_at',
  'revisit_on_time',
  'revisit_satisfaction',
  'result',
  'cause',
  'status_changed_at',
  'owner',
  'received_by',
  'complainant_name',
  'unit',
  'phone',
  'description',
  'location',
  'repeat_count',
] as const;

function complaintRow(complaint: NewComplaint): Record<(typeof COMPLAINT_COLUMNS)[number], string | number | null> {
  const when = (instant: Date | null): string | null => (instant === null ? null : iso(instant));
  return {
    status: complaint.status,
    category: complaint.category,
    subcategory: complaint.subcategory,
    channel: complaint.channel,
    received_at: iso(complaint.receivedAt),
    received_month: complaint.receivedMonth,
    reply_clock_from: iso(complaint.replyClockFrom),
    reply_days: complaint.replyDays,
    closing_time: complaint.closingTime,
    reply_zone: complaint.replyZone,
    reply_due_at: iso(complaint.replyDueAt),
    urgent_hours: complaint.urgentHours,
    replied_at: when(complaint.repliedAt),
    reply_on_time: complaint.replyOnTime === null ? null : complaint.replyOnTime ? 1 : 0,
    reply_hours: complaint.replyHours,
    promised_at: when(complaint.promisedAt),
    escalated_to: complaint.escalatedTo,
    escalated_at: when(complaint.escalatedAt),
    satisfaction: complaint.satisfaction,
    closed_at: when(complaint.closedAt),
    revisit_due_at: when(complaint.revisitDueAt),
    revisited_at: when(complaint.revisitedAt),
    revisit_on_time: complaint.revisitOnTime === null ? null : complaint.revisitOnTime ? 1 : 0,
    revisit_satisfaction: complaint.revisitSatisfaction,
    result: complaint.result,
    cause: complaint.cause,
    status_changed_at: iso(complaint.statusChangedAt),
    owner: complaint.owner,
    received_by: complaint.receivedBy,
    complainant_name: complaint.complainant.name,
    unit: complaint.complainant.unit,
    phone: complaint.complainant.phone,
    description: complaint.description,
    location: complaint.location,
    repeat_count: complaint.repeatCount,
  };
}

/** The SQL of a filtered list: newest first, or oldest first (a ledger's order); at most `limit` rows. */
function complaintQuery(
  db: Database,
  filter: ComplaintFilter,
  order: ListOrder,
): { sql: string; params: Record<string, string> } {
  const where: string[] = [];
  const params: Record<string, string> = {};
  if (filter.statuses !== undefined) {
    const names = filter.statuses.map((status, index) => {
      params[`status${index}`] = status;
      return `@status${index}`;
    });
    where.push(names.length === 0 ? '0' : `status IN (${names.join(', ')})`);
  }
  if (filter.category) {
    where.push('category = @category');
    params.category = filter.category;
  }
  if (filter.channel) {
    where.push('channel = @channel');
    params.channel = filter.channel;
  }
  if (filter.owner) {
    where.push('owner = @owner');
    params.owner = filter.owner;
  }
  if (filter.month) {
    where.push('received_month = @month');
    params.month = filter.month;
  }
  if (filter.overdueAt) {
    where.push(`((replied_at IS NULL AND status IN ('received', 'escalated') AND reply_due_at < @asOf)
                 OR (status = 'escalated' AND promised_at < @asOf))`);
    params.asOf = iso(filter.overdueAt);
  }
  if (filter.unit !== undefined) {
    where.push('unit = @unit');
    params.unit = filter.unit;
  }
  if (filter.phoneKey !== undefined) {
    where.push(`(${PHONE_KEY}) = @phoneKey`);
    params.phoneKey = filter.phoneKey;
  }
  if (filter.name !== undefined) {
    where.push('instr(complainant_name, @name) > 0');
    params.name = filter.name;
  }
  if (filter.search !== undefined && filter.search.length > 0) {
    const narrowed = where.some((condition) => !/^(status IN|category =|channel =) /.test(condition));
    where.push(searchCondition(db, filter.search, params, { limit: order.limit, narrowed }));
  }
  const sorted = order.oldestFirst ? 'ORDER BY id' : 'ORDER BY received_at DESC, id DESC';
  const limit = order.limit === undefined ? '' : ` LIMIT ${Math.trunc(order.limit)}`;
  return {
    sql: `SELECT * FROM complaints ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${sorted}${limit}`,
    params,
  };
}

/**
 * The complaints whose running deadline has been flagged overdue. CROSS JOIN keeps the alerts the
 * outer loop: otherwise the planner may walk every closed complaint by status for the revisit
 * branch (a second on the company database). tests/commands/search-index.test.ts checks the plan.
 */
export const FLAGGED_IDS = `SELECT DISTINCT a.complaint_id FROM alerts a CROSS JOIN complaints c ON c.id = a.complaint_id
  WHERE (a.deadline = 'reply' AND a.due_at = c.reply_due_at AND c.replied_at IS NULL AND c.status IN ('received', 'escalated'))
     OR (a.deadline = 'promise' AND a.due_at = c.promised_at AND c.status = 'escalated')
     OR (a.deadline = 'revisit' AND a.due_at = c.revisit_due_at AND c.revisited_at IS NULL AND c.status = 'closed')`;

class SqliteStore implements Store {
  private monthSummaries: MonthSummaries | undefined;

  constructor(
    private readonly db: Database,
    readonly location: string,
    readonly created: boolean,
    private readonly writeWait: { onWait: () => void; waitMs: number },
  ) {}

  /** Prepared on first write: a command that only reads never needs them. */
  private get summaries(): MonthSummaries {
    this.monthSummaries ??= new MonthSummaries(this.db);
    return this.monthSummaries;
  }

  transaction<T>(work: () => T): T {
    if (this.db.inTransaction) return this.db.transaction(work)();
    // IMMEDIATE takes the write lock up front, so a read-then-write cannot be overtaken by another
    // process. Only a failure to begin is retried — once `work` has run, its error stands.
    let began = false;
    const attempt = this.db.transaction(() => {
      began = true;
      return work();
    });
    return this.waitingForTheWriteLock(
      () => attempt.immediate(),
      () => began,
    );
  }

  /** Takes the write lock for a transaction the caller ends itself (a restore awaits inside it). */
  private beginWrite(): void {
    this.waitingForTheWriteLock(
      () => this.db.exec('BEGIN IMMEDIATE'),
      () => false,
    );
  }

  /**
   * Runs `begin` until it gets the write lock. While another command holds it, the wait is said
   * once and goes on for up to WRITE_WAIT_MS.
   */
  private waitingForTheWriteLock<T>(begin: () => T, began: () => boolean): T {
    const giveUpAt = Date.now() + this.writeWait.waitMs;
    let waited = false;
    try {
      for (;;) {
        const left = giveUpAt - Date.now();
        this.db.pragma(`busy_timeout = ${Math.max(0, waited ? left : Math.min(FIRST_TRY_MS, left))}`);
        try {
          return begin();
        } catch (error) {
          if (began() || (error as { code?: unknown }).code !== 'SQLITE_BUSY' || giveUpAt - Date.now() <= 0)
            throw error;
          if (!waited) this.writeWait.onWait();
          waited = true;
        }
      }
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  settingValues(): Partial<Record<SettingKey | 'zone-rules' | DepartmentWebhookKey, string>> {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as Array<{ key: SettingKey; value: string }>;
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  setSetting(key: SettingKey | 'zone-rules' | DepartmentWebhookKey, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  insertComplaint(complaint: NewComplaint, recordedAt: Date): Complaint {
    const result = this.db
      .prepare(
        `INSERT INTO complaints (${COMPLAINT_COLUMNS.join(', ')}, created_at)
         VALUES (${COMPLAINT_COLUMNS.map((column) => `@${column}`).join(', ')}, @created_at)`,
      )
      .run({ ...complaintRow(complaint), created_at: iso(recordedAt) });
    const saved = { ...complaint, id: Number(result.lastInsertRowid) };
    this.summaries.count(saved, +1);
    this.summaries.recountMedians(null, saved);
    return saved;
  }

  saveComplaint(complaint: Complaint): void {
    // The month's report counts move with the complaint: out goes what it counted for, in what it counts for now.
    const before = this.getComplaint(complaint.id);
    this.db
      .prepare(
        `UPDATE complaints SET ${COMPLAINT_COLUMNS.map((column) => `${column} = @${column}`).join(', ')} WHERE id = @id`,
      )
      .run({ ...complaintRow(complaint), id: complaint.id });
    if (before) this.summaries.count(before, -1);
    this.summaries.count(complaint, +1);
    this.summaries.recountMedians(before, complaint);
  }

  getComplaint(id: number): Complaint | null {
    const row = this.db.prepare('SELECT * FROM complaints WHERE id = ?').get(id) as ComplaintRow | undefined;
    return row ? toComplaint(row) : null;
  }

  listComplaints(filter: ComplaintFilter, order: ListOrder = {}): Complaint[] {
    return [...this.eachComplaint(filter, order)];
  }

  *eachComplaint(filter: ComplaintFilter, order: ListOrder = {}): Generator<Complaint> {
    // One row at a time: a company's millions of complaints need not fit in memory at once.
    const { sql, params } = complaintQuery(this.db, filter, order);
    for (const row of this.db.prepare(sql).iterate(params) as IterableIterator<ComplaintRow>) yield toComplaint(row);
  }

  countComplaints(filter: ComplaintFilter): number {
    // SQLite flattens the subquery and drops its ORDER BY: unfiltered, it counts the smallest index.
    const { sql, params } = complaintQuery(this.db, filter, { oldestFirst: true });
    return this.db.prepare(`SELECT count(*) FROM (${sql})`).pluck().get(params) as number;
  }

  complaintsOf(who: { unit: string | null; phoneKey: string | null }, since: Date, limit: number): Complaint[] {
    // Each through its own index (the unit's, the phone key's), then the two sets together.
    const rows = this.db
      .prepare(
        `SELECT * FROM complaints WHERE id IN (
           SELECT id FROM complaints WHERE unit = @unit AND received_at >= @since
           UNION SELECT id FROM complaints WHERE (${PHONE_KEY}) = @phoneKey AND received_at >= @since)
         AND status <> 'voided' ORDER BY received_at DESC, id DESC LIMIT ${Math.trunc(limit)}`,
      )
      .all({ unit: who.unit, phoneKey: who.phoneKey, since: iso(since) }) as ComplaintRow[];
    return rows.map(toComplaint);
  }

  openComplaints(receivedUpTo?: string): Complaint[] {
    // Sorted here, not by SQL: ORDER BY id could tempt the planner into scanning every year's rows.
    const open = `SELECT * FROM complaints WHERE status IN ('received', 'escalated')`;
    const upTo = `${open} AND received_month <= ?`;
    const statement = receivedUpTo === undefined ? this.db.prepare(open) : this.db.prepare(upTo).bind(receivedUpTo);
    // Row by row: a backlog of 300,000 held twice (rows, then complaints) doubled the memory and the collector's work.
    const complaints: Complaint[] = [];
    for (const row of statement.iterate() as IterableIterator<ComplaintRow>) complaints.push(toComplaint(row));
    return complaints.sort((a, b) => a.id - b.id);
  }

  revisitsDue(receivedUpTo?: string): Complaint[] {
    // Through the partial index of return visits still to make: a few, whatever the years kept.
    const due = `SELECT * FROM complaints INDEXED BY complaints_revisit_due
                 WHERE revisit_due_at IS NOT NULL AND revisited_at IS NULL AND status = 'closed'`;
    const rows = (
      receivedUpTo === undefined
        ? this.db.prepare(due).all()
        : this.db.prepare(`${due} AND received_month <= ?`).all(receivedUpTo)
    ) as ComplaintRow[];
    return rows.map(toComplaint).sort((a, b) => a.id - b.id);
  }

  recordAlerts(alerts: readonly AlertKey[], flaggedAt: Date): AlertKey[] {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO alerts (complaint_id, deadline, due_at, target, round, flagged_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    // A reminder supersedes its deadline's earlier rounds not yet delivered (and held by no live run): one line, the latest.
    const superseded = this.db.prepare(
      `UPDATE alerts SET settled_at = ? WHERE complaint_id = ? AND deadline = ? AND due_at = ? AND target = ? AND round < ?
         AND notified_at IS NULL AND settled_at IS NULL AND (claim_expires_at IS NULL OR claim_expires_at <= ?)`,
    );
    return alerts.filter((alert) => {
      const [target, round] = [alert.target ?? '', alert.round ?? 0];
      const added =
        insert.run(alert.complaintId, alert.deadline, iso(alert.dueAt), target, round, iso(flaggedAt)).changes === 1;
      if (added && round > 0)
        superseded.run(
          iso(flaggedAt),
          alert.complaintId,
          alert.deadline,
          iso(alert.dueAt),
          target,
          round,
          iso(flaggedAt),
        );
      return added;
    });
  }

  unsentAlerts(target = ''): Alert[] {
    const rows = this.db
      .prepare(
        'SELECT id, complaint_id, deadline, due_at, target, round FROM alerts WHERE notified_at IS NULL AND settled_at IS NULL AND target = ? ORDER BY id',
      )
      .all(target) as AlertRow[];
    return rows.map(toAlert);
  }

  latestRound(key: AlertKey): { round: number; flaggedAt: Date } | null {
    const row = this.db
      .prepare(
        'SELECT round, flagged_at FROM alerts WHERE complaint_id = ? AND deadline = ? AND due_at = ? AND target = ? ORDER BY round DESC LIMIT 1',
      )
      .get(key.complaintId, key.deadline, iso(key.dueAt), key.target ?? '') as
      { round: number; flagged_at: string } | undefined;
    return row === undefined ? null : { round: row.round, flaggedAt: new Date(row.flagged_at) };
  }

  claimUnsentAlerts(claim: string, now: Date, expiresAt: Date, target = ''): Alert[] {
    const rows = this.db
      .prepare(
        `UPDATE alerts SET claimed_by = ?, claim_expires_at = ?
         WHERE notified_at IS NULL AND settled_at IS NULL AND target = ? AND (claim_expires_at IS NULL OR claim_expires_at <= ?)
         RETURNING id, complaint_id, deadline, due_at, target, round`,
      )
      .all(claim, iso(expiresAt), target, iso(now)) as AlertRow[];
    return rows.map(toAlert).sort((a, b) => a.id - b.id);
  }

  claimDigest(day: string, target: string, claim: string, now: Date, expiresAt: Date): boolean {
    this.db.prepare('INSERT OR IGNORE INTO digests (day, target) VALUES (?, ?)').run(day, target);
    const claimed = this.db
      .prepare(
        `UPDATE digests SET claimed_by = ?, claim_expires_at = ?
         WHERE day = ? AND target = ? AND sent_at IS NULL AND (claim_expires_at IS NULL OR claim_expires_at <= ?)`,
      )
      .run(claim, iso(expiresAt), day, target, iso(now));
    return claimed.changes === 1;
  }

  settleDigest(day: string, target: string, claim: string, sentAt: Date | null): void {
    this.db
      .prepare(
        'UPDATE digests SET sent_at = ?, claimed_by = NULL, claim_expires_at = NULL WHERE day = ? AND target = ? AND claimed_by = ? AND sent_at IS NULL',
      )
      .run(sentAt === null ? null : iso(sentAt), day, target, claim);
  }

  markAlertsSent(alertIds: readonly number[], sentAt: Date, claim: string): void {
    const update = this.db.prepare(
      `UPDATE alerts SET notified_at = ?, claimed_by = NULL, claim_expires_at = NULL
       WHERE id = ? AND claimed_by = ? AND notified_at IS NULL`,
    );
    for (const id of alertIds) update.run(iso(sentAt), id, claim);
  }

  releaseAlerts(alertIds: readonly number[], claim: string): void {
    const update = this.db.prepare(
      'UPDATE alerts SET claimed_by = NULL, claim_expires_at = NULL WHERE id = ? AND claimed_by = ? AND notified_at IS NULL',
    );
    for (const id of alertIds) update.run(id, claim);
  }

  markAlertsSettled(alertIds: readonly number[], settledAt: Date): void {
    const update = this.db.prepare(
      `UPDATE alerts SET settled_at = ?, claimed_by = NULL, claim_expires_at = NULL
       WHERE id = ? AND notified_at IS NULL`,
    );
    for (const id of alertIds) update.run(iso(settledAt), id);
  }

  flaggedComplaintIds(): Set<number> {
    return new Set(this.db.prepare(FLAGGED_IDS).pluck().all() as number[]);
  }

  appendEvent(complaintId: number, event: NewEvent, recordedAt: Date): ComplaintEvent {
    const data = event.data ?? {};
    const result = this.db
      .prepare('INSERT INTO events (complaint_id, type, at, recorded_at, actor, data) VALUES (?, ?, ?, ?, ?, ?)')
      .run(complaintId, event.type, iso(event.at), iso(recordedAt), event.actor, JSON.stringify(data));
    return {
      id: Number(result.lastInsertRowid),
      complaintId,
      type: event.type,
      at: event.at,
      recordedAt,
      actor: event.actor,
      data,
    };
  }

  importedBefore(): (identity: string) => boolean {
    const count = this.db
      .prepare('SELECT count(*) FROM complaints WHERE import_key IS NOT NULL')
      .pluck()
      .get() as number;
    if (count === 0) return () => false;
    // Up to a few hundred thousand keys are held in memory; beyond that each is looked up.
    if (count <= 200_000) {
      const keys = new Set(
        this.db.prepare('SELECT import_key FROM complaints WHERE import_key IS NOT NULL').pluck().all() as string[],
      );
      return (identity) => keys.has(importKey(identity));
    }
    const lookup = this.db.prepare('SELECT 1 FROM complaints WHERE import_key = ?').pluck();
    return (identity) => lookup.get(importKey(identity)) !== undefined;
  }

  ledgerWriter(recordedAt: Date, rows: number): LedgerWriter {
    const insert = this.db.prepare(
      `INSERT INTO complaints (${COMPLAINT_COLUMNS.join(', ')}, created_at, import_key) VALUES (${COMPLAINT_COLUMNS.map(() => '?').join(', ')}, ?, ?)`,
    );
    const event = this.db.prepare(
      'INSERT INTO events (complaint_id, type, at, recorded_at, actor, data) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const recorded = iso(recordedAt);
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
          insert.run(...COMPLAINT_COLUMNS.map((column) => row[column]), recorded, importKey(identity)).lastInsertRowid,
        );
        for (const entry of events)
          event.run(id, entry.type, iso(entry.at), recorded, entry.actor, JSON.stringify(entry.data ?? {}));
        counts.add(complaint);
        return id;
      },
      finish: () => {
        for (const index of rebuilt) this.db.exec(index.sql);
        if (triggers.length > 0) indexSearchFrom(this.db, from.complaint, from.event);
        for (const trigger of triggers) this.db.exec(trigger.sql);
        counts.flush();
        this.db.pragma(`cache_size = ${cache}`);
      },
    };
  }

  events(complaintId: number): ComplaintEvent[] {
    return (
      this.db.prepare('SELECT * FROM events WHERE complaint_id = ? ORDER BY at, id').all(complaintId) as EventRow[]
    ).map(toEvent);
  }

  periodFigures(from: string, to: string, asOf: Date | null): MonthFigures {
    return asOf === null ? periodFiguresNow(this.db, from, to) : periodFiguresAsOf(this.db, from, to, asOf);
  }

  monthlyCounts(from: string, to: string, asOf: Date | null): MonthCategoryCounts[] {
    return asOf === null ? monthlyCountsNow(this.db, from, to) : monthlyCountsAsOf(this.db, from, to, asOf);
  }

  periodVisits(from: string, to: string, asOf: Date): Array<{ id: number; minutes: number }> {
    return periodVisits(this.db, from, to, asOf);
  }

  placeFigures(from: string, to: string, asOf: Date | null): PlaceFigures {
    if (asOf === null) return placeFiguresNow(this.db, from, to);
    return placeFiguresAsOf(this.db, from, to, asOf, (unit, location) => ({
      building: buildingOf(unit) ?? '',
      place: placeOf(location),
    }));
  }

  repliedDuring(from: Date, to: Date): Complaint[] {
    const rows = this.db
      .prepare('SELECT * FROM complaints WHERE reply_hours IS NOT NULL AND replied_at >= ? AND reply_clock_from < ?')
      .all(iso(from), iso(to)) as ComplaintRow[];
    return rows.map(toComplaint);
  }

  scheduleImports(): ScheduleImport[] {
    const rows = this.db
      .prepare(
        `SELECT schedule, source, imported_at, actor FROM calendar_imports
         WHERE id IN (SELECT max(id) FROM calendar_imports GROUP BY year) ORDER BY year`,
      )
      .all() as Array<{ schedule: string; source: string; imported_at: string; actor: string }>;
    return rows.map((row) => ({
      schedule: JSON.parse(row.schedule) as Schedule,
      source: row.source,
      importedAt: new Date(row.imported_at),
      actor: row.actor,
    }));
  }

  addScheduleImport(entry: ScheduleImport): void {
    this.db
      .prepare('INSERT INTO calendar_imports (year, schedule, source, imported_at, actor) VALUES (?, ?, ?, ?, ?)')
      .run(entry.schedule.year, JSON.stringify(entry.schedule), entry.source, iso(entry.importedAt), entry.actor);
  }

  officeDays(): OfficeDayRecord[] {
    const rows = this.db
      .prepare(
        `SELECT date, kind, note, set_at, actor FROM calendar_office_days
         WHERE id IN (SELECT max(id) FROM calendar_office_days GROUP BY date) AND kind IS NOT NULL ORDER BY date`,
      )
      .all() as Array<{ date: string; kind: 'off' | 'work'; note: string | null; set_at: string; actor: string }>;
    return rows.map((row) => ({
      date: row.date,
      kind: row.kind,
      note: row.note,
      setAt: new Date(row.set_at),
      actor: row.actor,
    }));
  }

  setOfficeDay(date: CalendarDate, kind: 'off' | 'work' | null, note: string | null, actor: string, at: Date): void {
    this.db
      .prepare('INSERT INTO calendar_office_days (date, kind, note, set_at, actor) VALUES (?, ?, ?, ?, ?)')
      .run(date, kind, note, iso(at), actor);
  }

  backupTo(target: string, now: Date, onProgress?: OnProgress): Promise<DatabaseFacts> {
    return backupDatabase(this.db, target, { requireSound: true, now, onProgress });
  }

  restoreFrom(source: string, aside: string, onProgress?: OnProgress): Promise<RestoreOutcome> {
    if (this.location === ':memory:') throw new OperationError('restore.inMemory', {});
    return restoreDatabase(this.db, this.location, source, aside, () => this.beginWrite(), onProgress);
  }

  health(onStep?: (done: number, total: number) => void): StoreHealth {
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
   * sums with month_cells and month_places: a drift would make the live report wrong while --at stays right.
   */
  private monthsAdrift(): string[] {
    const expected = new ContributionSums();
    for (const row of this.db.prepare('SELECT * FROM complaints').iterate() as IterableIterator<ComplaintRow>)
      expected.add(toComplaint(row));
    const adrift = new Set<string>();
    const columns = SUMMARY_FIELDS.map((field) => SUMMARY_COLUMN[field]);
    const stored = this.db
      .prepare(`SELECT month, category, subcategory, channel, ${columns.join(', ')} FROM month_cells`)
      .raw()
      .all() as Array<[string, string, string, string, ...number[]]>;
    for (const [month, category, subcategory, channel, ...values] of stored) {
      const key = sumKey([month, category, subcategory, channel]);
      const sums = expected.cells.get(key)?.values ?? SUMMARY_FIELDS.map(() => 0);
      if (values.some((value, index) => value !== sums[index])) adrift.add(month);
      expected.cells.delete(key);
    }
    for (const { key, values } of expected.cells.values()) if (values.some((value) => value !== 0)) adrift.add(key[0]!);
    const places = this.db
      .prepare('SELECT month, kind, place, category, received, repeat FROM month_places')
      .raw()
      .all() as Array<[string, string, string, string, number, number]>;
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

  close(): void {
    this.db.close();
  }
}
