// What every command gets: injected IO, clock and store, plus what follows from the global
// options (language, actor) and from the database (settings, calendar) — each read once, on demand.
import type { ChalkInstance } from 'chalk';
import type { UnknownYearWarning } from '../domain/calendar.js';
import { WorkingCalendar } from '../domain/calendar.js';
import { SHIPPED_SCHEDULES } from '../domain/shipped-calendar.js';
import { ValidationError } from '../domain/errors.js';
import type { FileSystem, OutputFile } from '../files/output-file.js';
import { openOutputFile } from '../files/output-file.js';
import { requiredText } from '../domain/text.js';
import type { OfficeSettings } from '../domain/settings.js';
import { INITIAL_TIME_ZONE, checkClerk, defaultSettingValues, settingsFromValues } from '../domain/settings.js';
import type { Office, OfficeDayRecord, ScheduleImport, Store } from '../store/store.js';
import type { OfficeRequest } from '../domain/office.js';
import { chooseOffice, isOfficeCode } from '../domain/office.js';
import { AppError, OperationError } from '../domain/errors.js';
import type { OpenOptions } from '../store/sqlite/open.js';
import { isPostgresUrl } from '../store/postgres/connect.js';
import type { Formatter } from '../ui/format.js';
import { formatter } from '../ui/format.js';
import type { Lang, MessageKey, Translate } from '../ui/messages.js';
import { translator } from '../ui/messages.js';
import type { KeysHelp, Prompter } from '../ui/prompts.js';
import type { Progress, ProgressOptions, ProgressSink } from '../ui/progress.js';
import { NO_PROGRESS, progressReporter } from '../ui/progress.js';
import type { ZoneRulesData } from '../domain/zone-rules.js';
import { provideZoneRules, zoneRules } from '../domain/zone.js';
import type { IO } from './io.js';

export interface Deps {
  io: IO;
  now: () => Date;
  env: Record<string, string | undefined>;
  /** the runtime's tz database version (process.versions.tz), which keyed zone tables depend on */
  tzVersion: string;
  loginName: () => string;
  defaultDatabasePath: () => string;
  openStore: (options: OpenOptions) => Promise<Store>;
  loadPrompter: (io: IO, keysHelp: KeysHelp) => Promise<Prompter>;
  /** a text file; one larger than `maxBytes` fails with code EFBIG */
  readFile: (path: string, maxBytes: number) => string;
  readBytes: (path: string) => Uint8Array;
  /** where output files are written, through src/files/output-file.ts */
  files: FileSystem;
  /** POSTs a JSON body; resolves with the answer, rejects on a network error or after the timeout */
  post: (url: string, body: string, timeoutMs: number) => Promise<{ status: number; body: string }>;
  chalk: (level: 0 | 1) => ChalkInstance;
  /** a monotonic clock in milliseconds: how long a piece of work has taken (progress bars) */
  elapsed: () => number;
  /** draws a progress bar on the terminal (io.errTTY); opened only once a bar is due */
  progressSink: () => ProgressSink;
  /** the most an .xlsx to import may expand to; unset: the import's own limit (tests lower it) */
  xlsxExpandedLimit?: number;
}

export interface GlobalOptions {
  db?: string;
  /** --office: the office's code */
  office?: string;
  lang: Lang;
  as?: string;
}

export interface Context {
  io: IO;
  lang: Lang;
  t: Translate;
  /** the moment this command started; one value for the whole run */
  now: Date;
  /** who is recorded on the events this run writes; on the clerks list when one is kept */
  readonly actor: string;
  /**
   * Who runs this command, not checked against the clerks list: recorded on what the program does
   * by itself (overdue's flags, reminders and escalations from cron), which is no clerk's act.
   */
  readonly runner: string;
  /** whether the actor was named (--as, COMPLAINT_USER) rather than taken from the login */
  actorNamed: boolean;
  /** acts as this clerk from now on (interactive `new` asks who receives the complaint) */
  actAs(name: string): void;
  style: ChalkInstance;
  /** the database this run uses (--db, COMPLAINT_DB, or the per-user default): a file, or a postgres:// URL */
  databasePath(): string;
  /** whether --db or COMPLAINT_DB named the database, rather than the per-user default */
  databaseNamed(): boolean;
  /**
   * The store, opened on first use, for the office chosen (--office, COMPLAINT_OFFICE, or the
   * only one); the office's settings and calendar are read with it, so that settings(), calendar(),
   * format() and actor answer at once (they throw if asked before).
   */
  store(): Promise<Store>;
  /** The store opened with no office chosen: for what concerns the whole database (offices, backups). */
  database(): Promise<Store>;
  /** the office store() chose (or turnTo() turned to) */
  office(): Office;
  /** the offices of the database, by code: what --all-offices goes through (none: exit 1, add one) */
  offices(): Promise<Office[]>;
  /** turns the store, the settings, calendar and format to this office (--all-offices: one after another) */
  turnTo(office: Office): Promise<void>;
  settings(): OfficeSettings;
  calendar(): WorkingCalendar;
  /** reads the office's settings and calendar again (after this run changed them) */
  reloadOffice(): Promise<void>;
  format(): Formatter;
  prompter(): Promise<Prompter>;
  readFile(path: string, maxBytes: number): string;
  readBytes(path: string): Uint8Array;
  /** a new output file (an export, a workbook): refused if it exists (unless forced) or is a database */
  output(path: string, options: { force: boolean }): OutputFile;
  post: Deps['post'];
  /** a bar on stderr for long work, labelled in the user's language; nothing without a terminal */
  progress(label: MessageKey, options?: ProgressOptions): Progress;
  xlsxExpandedLimit: number | undefined;
  /** set by a command that succeeded but has something to say through its exit code (3: overdue found) */
  exitCode: number;
  warn(warnings: readonly UnknownYearWarning[]): void;
  /**
   * After a command that succeeded: keeps what start-up read the slow way (the zone's rules) for
   * the next run. A command refused for bad input changes nothing, not even this cache.
   */
  finish(): Promise<void>;
  close(): Promise<void>;
}

export function createContext(deps: Deps, options: GlobalOptions): Context {
  const now = deps.now();
  const t = translator(options.lang);
  let opening: Promise<Store> | undefined;
  let choosing: Promise<Store> | undefined;
  let store: Store | undefined;
  let chosen: Office | undefined;
  // What the office keeps, read when the store opens; a failure is kept and thrown by whoever needs it
  // (doctor reads a damaged database, and says which parts could not be read).
  let office: { ok: true; data: OfficeData } | { ok: false; error: unknown } | undefined;
  let calendar: WorkingCalendar | undefined;
  let format: Formatter | undefined;
  const warned = new Set<number>();
  // Who is recorded on every event this run writes.
  const named = firstNonBlank(options.as, deps.env.COMPLAINT_USER);
  let actor = requiredText('as', named ?? deps.loginName(), 'line');
  let actorChecked = false;

  const context: Context = {
    io: deps.io,
    lang: options.lang,
    t,
    now,
    // Checked against the clerks list when first used: only commands that record something need it.
    get actor(): string {
      if (!actorChecked) actor = checkClerk(actor, context.settings().clerks);
      actorChecked = true;
      return actor;
    },
    runner: actor,
    actorNamed: named !== undefined,
    actAs(name: string) {
      actor = checkClerk(name, context.settings().clerks);
      actorChecked = true;
    },
    style: deps.chalk(deps.io.color ? 1 : 0),
    databasePath: () => chosenDatabasePath(options.db, deps.env.COMPLAINT_DB) ?? deps.defaultDatabasePath(),
    databaseNamed: () => chosenDatabasePath(options.db, deps.env.COMPLAINT_DB) !== undefined,
    database() {
      opening ??= (async () => {
        const path = context.databasePath();
        const opened = await deps.openStore({
          path,
          initialSettings: () => ({ timezone: INITIAL_TIME_ZONE }),
          onWriteWait: () => deps.io.err(context.style.yellow(t('store.waiting')) + '\n'),
        });
        store = opened;
        // (A server's address is said without its password: the store's location.)
        if (opened.created && isPostgresUrl(path)) deps.io.err(t('postgres.created', { path: opened.location }) + '\n');
        else if (opened.created && path !== ':memory:')
          deps.io.err(t('store.created', { path, zone: INITIAL_TIME_ZONE }) + '\n');
        return opened;
      })();
      return opening;
    },
    store() {
      choosing ??= (async () => {
        const request = officeRequest(options.office, deps.env.COMPLAINT_OFFICE);
        const opened = await context.database();
        try {
          chosen = chooseOffice(await opened.offices(), request);
          opened.useOffice(chosen);
          office = { ok: true, data: await readOffice(opened, deps.tzVersion) };
        } catch (error) {
          // Bad input (an office not in the database) stops here; a damaged file is doctor's to report.
          if (error instanceof AppError) throw error;
          office = { ok: false, error };
        }
        return opened;
      })();
      return choosing;
    },
    office() {
      if (chosen === undefined) throw new Error('the office was asked for before the store was opened');
      return chosen;
    },
    async offices() {
      const offices = await (await context.database()).offices();
      if (offices.length === 0) throw new OperationError('office.none', {});
      return offices;
    },
    async turnTo(each) {
      const opened = await context.database();
      opened.useOffice(each);
      chosen = each;
      // store() now gives the store as turned: no office is chosen by --office for this run.
      choosing = Promise.resolve(opened);
      office = { ok: true, data: await readOffice(opened, deps.tzVersion) };
      calendar = undefined;
      format = undefined;
    },
    settings: () => officeData().settings,
    calendar() {
      calendar ??= calendarOf(officeData());
      return calendar;
    },
    async reloadOffice() {
      office = { ok: true, data: await readOffice(await context.store(), deps.tzVersion) };
      calendar = undefined;
      format = undefined;
    },
    format() {
      format ??= formatter(options.lang, t, context.settings().timezone, now);
      return format;
    },
    prompter: () =>
      deps.loadPrompter(deps.io, (keys) => {
        const { bold, dim } = context.style;
        const words: Record<string, MessageKey> = { navigate: 'prompt.keyNavigate', select: 'prompt.keySelect' };
        return keys
          .map(([key, action]) => `${bold(key)} ${dim(words[action] ? t(words[action]) : action)}`)
          .join(dim(' • '));
      }),
    readFile: (path, maxBytes) => deps.readFile(path, maxBytes),
    readBytes: (path) => deps.readBytes(path),
    output: (path, { force }) => openOutputFile(deps.files, path, { force, databasePath: context.databasePath() }),
    post: (url, body, timeoutMs) => deps.post(url, body, timeoutMs),
    progress: (label, progressOptions) =>
      deps.io.errTTY === true
        ? progressReporter(t(label), deps.progressSink, { clock: deps.elapsed }, progressOptions)
        : NO_PROGRESS,
    xlsxExpandedLimit: deps.xlsxExpandedLimit,
    exitCode: 0,
    warn(warnings) {
      for (const warning of warnings) {
        if (warned.has(warning.year)) continue;
        warned.add(warning.year);
        deps.io.err(context.style.yellow(t('warn.yearUnknown', { year: warning.year })) + '\n');
      }
    },
    async finish() {
      const rules = office?.ok ? office.data.zoneRulesToCache : null;
      if (store === undefined || rules === null) return;
      // Only if the database takes it at once: the next run that can will keep it.
      await store.keepCache(ZONE_RULES_KEY, rules);
      if (office?.ok) office.data.zoneRulesToCache = null;
    },
    async close() {
      await store?.close();
    },
  };

  function officeData(): OfficeData {
    if (office === undefined) throw new Error('the office was read before the store was opened');
    if (!office.ok) throw office.error;
    return office.data;
  }
  return context;
}

/** What a command reads of its office before it starts. */
interface OfficeData {
  settings: OfficeSettings;
  scheduleImports: ScheduleImport[];
  officeDays: OfficeDayRecord[];
  /** the zone's rules, when the cache lacked them: written once the command has succeeded */
  zoneRulesToCache: string | null;
}

async function readOffice(store: Store, tzVersion: string): Promise<OfficeData> {
  const stored = await store.settingValues();
  const settings = settingsFromValues({ ...defaultSettingValues('UTC'), ...stored });
  const zoneRulesToCache = loadZoneRules(settings.timezone, tzVersion, stored[ZONE_RULES_KEY]);
  return {
    settings,
    scheduleImports: await store.scheduleImports(),
    officeDays: await store.officeDays(),
    zoneRulesToCache,
  };
}

function calendarOf(data: OfficeData): WorkingCalendar {
  // A year's import replaces that year's schedule as a whole (the shipped one, or an earlier
  // import): a date left out of a corrected notice is no longer a holiday.
  const imported = data.scheduleImports.map((entry) => entry.schedule);
  const shipped = SHIPPED_SCHEDULES.filter((schedule) => !imported.some((entry) => entry.year === schedule.year));
  return new WorkingCalendar([...shipped, ...imported], data.officeDays);
}

/** Not a user setting: the office zone's offset table, cached so that start-up needs no Intl. */
const ZONE_RULES_KEY = 'zone-rules';

/** Gives the zone's rules from the cache; when the cache does not hold them, returns them to be cached. */
function loadZoneRules(zone: string, tzVersion: string, cached: string | undefined): string | null {
  if (cached !== undefined) {
    try {
      const data = JSON.parse(cached) as ZoneRulesData;
      if (data.zone === zone && data.tzVersion === tzVersion) {
        provideZoneRules(data);
        return null;
      }
    } catch {
      // An unreadable cache is rebuilt below.
    }
  }
  return JSON.stringify(zoneRules(zone, tzVersion).data);
}

/**
 * The database the user named: --db, else COMPLAINT_DB (an empty variable counts as unset, as
 * shells write it). A blank name or SQLite's ":memory:" would silently switch to another database
 * (the per-user one, or one that vanishes with the command): refused.
 */
function chosenDatabasePath(flag: string | undefined, variable: string | undefined): string | undefined {
  const [source, given] =
    flag !== undefined ? ['--db', flag] : variable !== undefined && variable !== '' ? ['COMPLAINT_DB', variable] : [];
  if (source === undefined || given === undefined) return undefined;
  if (given.trim() === '' || given.trim() === ':memory:')
    throw new ValidationError('invalid.dbPath', { flag: source, value: given });
  return given;
}

/**
 * The office named by --office, else COMPLAINT_OFFICE (an empty variable counts as unset). A name no
 * office could have is refused before the database is opened (a new --db stays unmade).
 */
function officeRequest(flag: string | undefined, variable: string | undefined): OfficeRequest | undefined {
  const request: OfficeRequest | undefined =
    flag !== undefined
      ? { code: flag, source: '--office' }
      : variable !== undefined && variable.trim() !== ''
        ? { code: variable, source: 'COMPLAINT_OFFICE' }
        : undefined;
  if (request !== undefined && !isOfficeCode(request.code.trim()))
    throw new ValidationError('invalid.officeRequest', { flag: request.source, value: request.code });
  return request;
}

function firstNonBlank(...values: Array<string | undefined>): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '');
}
