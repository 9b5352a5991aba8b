// What commands may ask of the data store. Commands see only this interface, so another backend
// (a shared server for a multi-office company) can be added without touching them.
import type { OfficeDay, Schedule } from '../domain/calendar.js';
import type { Category, Cause, Channel, Complaint, ComplaintEvent, Status } from '../domain/complaint.js';
import type { MonthCategoryCounts, MonthGroups } from '../domain/report.js';
import type { AlertKind } from '../domain/overdue.js';
import type { CalendarDate } from '../domain/dates.js';
import type { DepartmentWebhookKey, SettingKey } from '../domain/settings.js';

export interface ComplaintFilter {
  /** any of these statuses */
  statuses?: readonly Status[];
  category?: Category;
  channel?: Channel;
  owner?: string;
  /** received in this month of the office's clock ("2026-11"), as the report counts it */
  month?: string;
  /** only complaints overdue at this instant */
  overdueAt?: Date;
  /** this unit, as typed (trimmed) */
  unit?: string;
  /** this phone number, as domain/search.ts's phoneKey gives it */
  phoneKey?: string;
  /** complainants whose name contains this */
  name?: string;
  /** words each found in the description, location, notes, replies or results (any case) */
  search?: readonly string[];
}

/** How a list is ordered and cut: newest first unless `oldestFirst` (by id, as a ledger is kept). */
export interface ListOrder {
  oldestFirst?: boolean;
  limit?: number;
}

export type NewComplaint = Omit<Complaint, 'id'>;

export interface NewEvent {
  type: string;
  at: Date;
  actor: string;
  data?: Record<string, unknown>;
}

export interface AlertKey {
  complaintId: number;
  deadline: AlertKind;
  dueAt: Date;
  /** where it goes: '' (default) the --notify webhook, 'escalation' the --escalate-to one */
  target?: string;
  /** 0 (default) the first alert of the deadline, n its n-th reminder */
  round?: number;
}

export interface Alert extends AlertKey {
  id: number;
  target: string;
  round: number;
}

export interface ScheduleImport {
  schedule: Schedule;
  source: string;
  importedAt: Date;
  actor: string;
}

export interface OfficeDayRecord extends OfficeDay {
  setAt: Date;
  actor: string;
}

export interface StoreHealth extends DatabaseFacts {
  /** the database engine: an SQLite file, or a company's PostgreSQL server */
  engine: 'sqlite' | 'postgresql';
  /** the newest schema version this program knows for that engine */
  schemaKnown: number;
  journalMode: string;
  /** the file's permission bits (0o600 expected), or null for an in-memory database */
  fileMode: number | null;
  byStatus: Partial<Record<Status, number>>;
  /** complaints without the event that records their receipt (null: the file is too damaged to tell) */
  withoutReceipt: { count: number; first: number[] } | null;
  /** months whose report tables disagree with a recount of their complaints (null: too damaged to tell) */
  monthsAdrift: string[] | null;
  /** the years of the official schedules imported into this database */
  importedYears: number[];
  /** files beside the database left by a write or a restore that did not finish, and restores' copies aside */
  leftovers: LeftoverFile[];
}

/** An office (管理处): one estate's ledger, settings, clerks and calendar days in a company's database. */
export interface Office {
  id: number;
  /** what `--office` and COMPLAINT_OFFICE name: a-z, 0-9, '-' and '_', up to 32, starting with a letter or digit */
  code: string;
  /** the office's name in titles and alerts (the `office-name` setting; '' when none was given) */
  name: string;
  createdAt: Date;
}

export interface NewOffice {
  code: string;
  name: string;
  /** the settings it starts with (its time zone) */
  settings: Partial<Record<SettingKey, string>>;
}

export interface LedgerWriter {
  /**
   * Synchronous, so that a ledger's rows are written as the file is read: a backend writes the row
   * at once, or keeps it until a batch is full; `finish` writes what is kept.
   */
  add(complaint: NewComplaint, identity: string, events: readonly NewEvent[]): void;
  finish(): Promise<void>;
}

export interface Store {
  /** where the data lives, for messages */
  readonly location: string;
  /** true when this run created the database */
  readonly created: boolean;

  /** the offices this database holds, by code */
  offices(): Promise<Office[]>;
  /** adds an office with its first settings; refused (OperationError office.exists) when the code is taken */
  addOffice(office: NewOffice, at: Date): Promise<Office>;
  /**
   * The office every other method reads and writes from now on (src/cli/context.ts chooses it, by
   * --office or as the only one). Settings' `office-name` is the office's name. Until chosen, only
   * offices() and addOffice() may be asked; the others throw.
   */
  useOffice(office: Office): void;

  /** Runs `work` as one transaction: all of its writes land, or none. */
  transaction<T>(work: () => Promise<T>): Promise<T>;

  settingValues(): Promise<Partial<Record<SettingKey | 'zone-rules' | DepartmentWebhookKey, string>>>;
  /** a user setting, or an internal cache entry such as the zone table */
  setSetting(key: SettingKey | 'zone-rules' | DepartmentWebhookKey, value: string): Promise<void>;
  /**
   * Keeps an internal cache entry (the zone's rules) when the database takes the write at once, in
   * a transaction of its own; false when it cannot now (another command holds the write lock, the
   * file is read-only, the disk is full). It never waits and never fails for those: a cache is not
   * worth a reader's wait or failure.
   */
  keepCache(key: 'zone-rules', value: string): Promise<boolean>;

  insertComplaint(complaint: NewComplaint, recordedAt: Date): Promise<Complaint>;
  /** writes every field of a complaint read earlier (within the same transaction) */
  saveComplaint(complaint: Complaint): Promise<void>;
  getComplaint(id: number): Promise<Complaint | null>;
  listComplaints(filter: ComplaintFilter, order?: ListOrder): Promise<Complaint[]>;
  /**
   * The same, read a page at a time (a company's millions need not fit in memory at once); no other
   * statement may run on the store until the pages are done or the loop is left.
   */
  complaintPages(filter: ComplaintFilter, order?: ListOrder): AsyncIterable<readonly Complaint[]>;
  /** how many eachComplaint would give (an export's progress total); through the indexes where the filter allows */
  countComplaints(filter: ComplaintFilter): Promise<number>;
  /** complaints with a clock running (awaiting a reply, or escalated), by id; with a month
   *  (YYYY-MM), only those received in that month or earlier */
  openComplaints(receivedUpTo?: string): Promise<Complaint[]>;
  /** closed complaints whose return visit (回访) is still to make, by id; with a month, those received in it or earlier */
  revisitsDue(receivedUpTo?: string): Promise<Complaint[]>;

  /**
   * The complaints of a unit or a phone (by domain/search.ts's phoneKey) received since `since`,
   * voided ones left out, newest first, at most `limit`: the history shown at intake.
   */
  complaintsOf(who: { unit: string | null; phoneKey: string | null }, since: Date, limit: number): Promise<Complaint[]>;

  appendEvent(complaintId: number, event: NewEvent, recordedAt: Date): Promise<ComplaintEvent>;

  /** whether a ledger row (by its identity, see LedgerEntry.identity) was imported before */
  importedBefore(): Promise<(identity: string) => boolean>;
  /**
   * Writes a ledger's complaints with their events as they come, inside the caller's transaction
   * (ids follow the order given); `finish` brings the report's month tables up to date once.
   * `rows`: how many may come (a big import is written without indexes, then they are rebuilt).
   */
  ledgerWriter(recordedAt: Date, rows: number): Promise<LedgerWriter>;
  events(complaintId: number): Promise<ComplaintEvent[]>;

  /** records alerts not recorded before; returns those that are new */
  recordAlerts(alerts: readonly AlertKey[], flaggedAt: Date): Promise<AlertKey[]>;
  /** alerts for `target` (default '') recorded but not yet delivered, oldest first */
  unsentAlerts(target?: string): Promise<Alert[]>;
  /** the latest round recorded of a deadline's alerts to `target`, and when it was recorded (null: none) */
  latestRound(key: AlertKey): Promise<{ round: number; flaggedAt: Date } | null>;
  /**
   * Claims for the run `claim`, until `expiresAt`, every unsent alert that no run holds (never
   * claimed, released, or its claim lapsed by `now`); returns them, oldest first. Inside a
   * transaction, so that two runs never claim the same alert.
   */
  claimUnsentAlerts(claim: string, now: Date, expiresAt: Date, target?: string): Promise<Alert[]>;
  /** marks sent those alerts still claimed by `claim` (a run whose claim lapsed and was taken over marks nothing) */
  markAlertsSent(alertIds: readonly number[], sentAt: Date, claim: string): Promise<void>;
  /** gives back the alerts `claim` holds, undelivered, for the next run to post */
  releaseAlerts(alertIds: readonly number[], claim: string): Promise<void>;
  /** alerts whose deadline was met or moved before they could be delivered: never to be sent */
  markAlertsSettled(alertIds: readonly number[], settledAt: Date): Promise<void>;
  /**
   * Claims the digest of `day` for the webhook `target` (a digest of its address) unless it was sent
   * or another run holds it; true when this run may post it.
   */
  claimDigest(day: string, target: string, claim: string, now: Date, expiresAt: Date): Promise<boolean>;
  /** marks the day's digest sent (by its claim holder), or gives the claim back */
  settleDigest(day: string, target: string, claim: string, sentAt: Date | null): Promise<void>;
  /** complaints whose running deadline has been flagged overdue */
  flaggedComplaintIds(): Promise<Set<number>>;

  /**
   * The report's counts for complaints received from month `from` to month `to` (office time,
   * "2026-11"): as they stand now (asOf null: clockEnded then counts replies only, the caller adds
   * the unanswered overdue), or as they stood at `asOf`.
   */
  periodFigures(from: string, to: string, asOf: Date | null): Promise<MonthFigures>;
  /** each month's counts by category, for trends and comparisons; voided ones excluded (clockEnded as in periodFigures) */
  monthlyCounts(from: string, to: string, asOf: Date | null): Promise<MonthCategoryCounts[]>;
  /** where the period's complaints came from (report hotspots); voided ones excluded */
  placeFigures(from: string, to: string, asOf: Date | null): Promise<PlaceFigures>;
  /** the on-site visits to complaints received from month `from` to `to` made by `asOf` (voided ones left out), oldest first */
  periodVisits(from: string, to: string, asOf: Date): Promise<Array<{ id: number; minutes: number }>>;
  /** complaints whose first reply answered a clock running during [from, to) (their working hours depend on those days) */
  repliedDuring(from: Date, to: Date): Promise<Complaint[]>;

  /** the newest import of each year, oldest year first */
  scheduleImports(): Promise<ScheduleImport[]>;
  addScheduleImport(entry: ScheduleImport): Promise<void>;
  /** the office days in force (the newest entry of each date, unless it was unset) */
  officeDays(): Promise<OfficeDayRecord[]>;
  setOfficeDay(
    date: CalendarDate,
    kind: 'off' | 'work' | null,
    note: string | null,
    actor: string,
    at: Date,
  ): Promise<void>;

  /** a checked copy of the whole database in a new file (0600), consistent while others write; a folder gets a file named after `now` */
  backupTo(target: string, now: Date, onProgress?: OnProgress): Promise<DatabaseFacts>;
  /** replaces the whole content with a checked backup's, keeping the current content in `aside` */
  restoreFrom(source: string, aside: string, onProgress?: OnProgress): Promise<RestoreOutcome>;
  /** what `complaint doctor` checks: SQLite's own checks, counts, and the month tables against the rows; `onStep` after each check */
  health(onStep?: (done: number, total: number) => void): Promise<StoreHealth>;

  close(): Promise<void>;
}

/** What a database file holds, read without changing it. */
export interface DatabaseFacts {
  path: string;
  schemaVersion: number;
  bytes: number;
  counts: TableCounts;
  /** SQLite's integrity and foreign-key findings; empty when the file is sound */
  problems: string[];
}

export interface TableCounts {
  complaints: number;
  events: number;
  alerts: number;
}

/**
 * How far a backup or a restore is, as a fraction of the whole work (a progress bar), and whether
 * a check is under way. A copy is counted page by page; SQLite's integrity check gives no count
 * as it runs, so it counts when done, for CHECK_WEIGHT times a copy of the same file: it reads
 * every page too, and takes about that much longer.
 */
export type OnProgress = (fraction: number, checking: boolean) => void;

export interface RestoreOutcome {
  restored: DatabaseFacts;
  /** where the database as it was before the restore was kept (counts null when it could not be read) */
  aside: Omit<DatabaseFacts, 'counts'> & { counts: TableCounts | null };
}

/** A file beside the database that a command left: what it is tells what to do with it. */
export interface LeftoverFile {
  kind: 'partial' | 'restoring' | 'beforeRestore';
  path: string;
}

/** The period's counts; clockEnded is filled in later when it depends on the clock (see Store.periodFigures). */
export interface MonthFigures {
  groups: MonthGroups;
  voided: number;
  causes: Array<{ cause: Cause | null; count: number }>;
  medianReplyHours: Map<string, number>;
}

/**
 * Where the period's complaints came from: by building and location, each by category; and the units
 * with the most repeat complaints (the report's TOP_PLACES of them, ranked as it ranks them), each by
 * category.
 */
export interface PlaceFigures {
  places: Array<{ kind: 'building' | 'location'; place: string; category: Category; received: number; repeat: number }>;
  repeatUnits: Array<{ unit: string; category: Category; repeat: number; reopenings: number }>;
}
