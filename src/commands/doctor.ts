// `complaint doctor`: is the ledger sound? SQLite's integrity and foreign-key checks, every complaint
// with its receipt event, the report's month tables against the rows, the calendar years loaded,
// and who may read the file. Exit 1 on any problem, each with what to do about it. A database of
// several offices is checked whole once, and office by office for what each office keeps (its month
// tables, its calendar) — every office, or the one --office names.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { STATUSES, type Status } from '../domain/complaint.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { OperationError, ValidationError } from '../domain/errors.js';
import type { LeftoverFile } from '../store/store.js';
import { leftoverFiles } from '../store/sqlite/maintenance.js';
import type { Office, Store, StoreHealth } from '../store/store.js';
import { yearOf } from '../domain/dates.js';
import { dateInZone } from '../domain/zone.js';
import { printJson } from '../ui/json.js';
import type { MessageKey } from '../ui/messages.js';
import { megabytes } from './backup.js';

export interface DoctorOptions {
  json: boolean;
}

/** One finding: fine, worth knowing (does not fail the run), or a problem (exit 1). */
export interface Finding {
  /** the office a per-office finding is about, when the database holds several */
  office?: string;
  check: 'integrity' | 'receipts' | 'monthTables' | 'calendar' | 'nextYear' | 'permissions' | 'leftovers';
  level: 'ok' | 'note' | 'problem';
  text: string;
  /** what to do, for a note or a problem */
  fix?: string;
}

type AddFinding = (
  check: Finding['check'],
  level: Finding['level'],
  key: MessageKey,
  params?: Record<string, string | number>,
  fixKey?: MessageKey,
) => void;

export async function runDoctor(options: DoctorOptions, context: Context): Promise<void> {
  const { t } = context;
  const findings: Finding[] = [];
  /** Adds the findings of one office (named, when the database holds several), or of the whole database. */
  const adding =
    (office: string | null): AddFinding =>
    (check, level, key, params = {}, fixKey) => {
      const text = t(key, params);
      findings.push({
        ...(office === null ? {} : { office }),
        check,
        level,
        text: office === null ? text : t('doctor.inOffice', { office, text }),
        ...(fixKey ? { fix: t(fixKey, params) } : {}),
      });
    };
  const add = adding(null);
  const path = context.databasePath();

  let store: Store;
  // Without --office (or COMPLAINT_OFFICE) a database of several offices is checked office by office.
  let everyOffice = false;
  try {
    try {
      store = await context.store();
    } catch (error) {
      if (!(error instanceof ValidationError) || error.key !== 'office.choose') throw error;
      store = await context.database();
      everyOffice = true;
    }
  } catch (error) {
    // A file SQLite cannot open as a database (its first page damaged, even its header gone) at
    // the ledger's path is the doctor's case too.
    if (!(error instanceof OperationError) || (error.key !== 'store.damaged' && error.key !== 'store.cannotOpen'))
      throw error;
    add(
      'integrity',
      'problem',
      'doctor.cannotOpen',
      { reason: String(error.params.reason), path },
      'doctor.integrityFix',
    );
    addLeftovers(leftoverFiles(path), add);
    context.exitCode = 1;
    if (options.json) printJson(context.io.out, { healthy: false, path, findings });
    else printFindings([context.style.bold(t('doctor.heading', { path })), ''], findings, false, context);
    return;
  }
  // The offices checked: every one, or the one chosen (unknown when the file is too damaged to tell).
  const offices: Office[] = everyOffice ? await context.offices() : chosenOffice(context);
  const several = everyOffice || (await officeCount(store)) > 1;
  // (A server's store answers only for an office: the first, while the whole database is checked.)
  const firstTurn = everyOffice
    ? await context.turnTo(offices[0]!).then(
        () => null,
        (error: unknown) => ({ failed: error }),
      )
    : null;
  const progress = context.progress('progress.doctor');
  let health: StoreHealth;
  // A server's store checks the office it is turned to: each office in turn, the whole summed.
  const serversOffices = new Map<number, StoreHealth>();
  try {
    health = await store.health((done, total) => progress.update(done, total));
    if (health.engine !== 'sqlite' && firstTurn === null && everyOffice && offices.length > 1) {
      for (const office of offices.slice(1)) {
        await context.turnTo(office);
        const more = await store.health();
        serversOffices.set(office.id, more);
        health = summed(health, more);
      }
      await context.turnTo(offices[0]!);
    }
  } finally {
    progress.finish();
  }

  if (health.problems.length === 0)
    add('integrity', 'ok', health.engine === 'sqlite' ? 'doctor.integrityOk' : 'doctor.integrityOkServer');
  else
    add(
      'integrity',
      'problem',
      'doctor.integrityBad',
      { count: health.problems.length, first: health.problems[0]!, path },
      'doctor.integrityFix',
    );
  const damaged = health.problems.length > 0;

  if (health.withoutReceipt === null) add('receipts', 'problem', 'doctor.receiptsUnread');
  else if (health.withoutReceipt.count === 0) add('receipts', 'ok', 'doctor.receiptsOk');
  else {
    const { count, first } = health.withoutReceipt;
    add(
      'receipts',
      'problem',
      'doctor.receiptsBad',
      { count, ids: first.map((id) => `#${id}`).join(' ') + (count > first.length ? ' …' : ''), path },
      'doctor.integrityFix',
    );
  }

  // On a damaged file the settings and calendar may be unreadable too: the integrity finding says so.
  const readable = <T>(read: () => T): T | null => {
    try {
      return read();
    } catch (error) {
      if (damaged) return null;
      throw error;
    }
  };
  let years: number[] = [];
  for (const [index, office] of (offices.length === 0 ? [null] : offices).entries()) {
    const addHere = adding(several && office !== null ? office.code : null);
    let turned = true;
    try {
      if (everyOffice && office !== null && index > 0) await context.turnTo(office);
      else if (index === 0 && firstTurn !== null) throw firstTurn.failed;
    } catch (error) {
      // On a damaged file an office's settings may be unreadable: the integrity finding says so.
      if (!damaged) throw error;
      turned = false;
    }
    // SQLite checks every office's month tables at once, naming each month after its office when
    // there are several; a server's store checks the office it is turned to.
    let adrift = health.monthsAdrift;
    if (health.engine !== 'sqlite' && index > 0)
      adrift = turned && office !== null ? (serversOffices.get(office.id)?.monthsAdrift ?? null) : null;
    else if (adrift !== null && several && office !== null && health.engine === 'sqlite')
      adrift = adrift
        .filter((month) => month.startsWith(`${office.code} `))
        .map((month) => month.slice(office.code.length + 1));
    checkMonthTables(adrift, addHere);
    if (!turned) continue;
    const settings = readable(() => context.settings());
    const calendar = readable(() => context.calendar());
    if (index === 0) years = calendar?.knownYears() ?? [];
    if (settings && calendar) checkCalendar(calendar, settings.timezone, health.importedYears, addHere, context);
  }

  if (health.fileMode !== null && (health.fileMode & 0o077) !== 0) {
    add(
      'permissions',
      'problem',
      'doctor.permissionsBad',
      { mode: health.fileMode.toString(8).padStart(3, '0'), path: health.path },
      'doctor.permissionsFix',
    );
  } else if (health.fileMode !== null) add('permissions', 'ok', 'doctor.permissionsOk');
  addLeftovers(health.leftovers, add);

  const healthy = findings.every((finding) => finding.level !== 'problem');
  if (!healthy) context.exitCode = 1;
  if (options.json) {
    printJson(context.io.out, {
      healthy,
      path: health.path,
      bytes: health.bytes,
      schemaVersion: health.schemaVersion,
      schemaVersionKnown: health.schemaKnown,
      journalMode: health.journalMode,
      complaints: health.counts.complaints,
      byStatus: Object.fromEntries(STATUSES.map((status) => [status, health.byStatus[status] ?? 0])),
      events: health.counts.events,
      alerts: health.counts.alerts,
      calendarYears: years,
      ...(several ? { offices: offices.map((office) => office.code) } : {}),
      findings,
    });
    return;
  }
  const statuses = STATUSES.map(
    (status) => `${t(`status.${status}` as MessageKey)} ${health.byStatus[status] ?? 0}`,
  ).join(' · ');
  const heading = [
    context.style.bold(t('doctor.heading', { path: health.path })),
    t('doctor.summary', {
      size: megabytes(health.bytes),
      version: health.schemaVersion,
      known: health.schemaKnown,
      mode: health.journalMode,
    }),
    t('doctor.counts', {
      complaints: health.counts.complaints,
      events: health.counts.events,
      alerts: health.counts.alerts,
    }),
    `  ${statuses}`,
    '',
  ];
  printFindings(heading, findings, healthy, context);
}

/** The office store() chose, or none when the file is too damaged to say which offices it holds. */
function chosenOffice(context: Context): Office[] {
  try {
    return [context.office()];
  } catch {
    return [];
  }
}

/** How many offices the database holds (0 when a damaged file cannot say). */
async function officeCount(store: Store): Promise<number> {
  try {
    return (await store.offices()).length;
  } catch {
    return 0;
  }
}

function checkMonthTables(adrift: readonly string[] | null, add: AddFinding): void {
  if (adrift === null) add('monthTables', 'problem', 'doctor.monthTablesUnread');
  else if (adrift.length === 0) add('monthTables', 'ok', 'doctor.monthTablesOk');
  else add('monthTables', 'problem', 'doctor.monthTablesBad', { months: adrift.join(' ') }, 'doctor.monthTablesFix');
}

function printFindings(heading: string[], findings: readonly Finding[], healthy: boolean, context: Context): void {
  const { style, t } = context;
  const lines = [...heading];
  for (const finding of findings) {
    const mark =
      finding.level === 'ok' ? style.green('✓') : finding.level === 'note' ? style.yellow('!') : style.red('✗');
    lines.push(`${mark} ${finding.text}`);
    if (finding.fix) lines.push(`  → ${finding.fix}`);
  }
  lines.push('', healthy ? style.green(t('doctor.healthy')) : style.red(t('doctor.unhealthy')));
  context.io.out(lines.join('\n') + '\n');
}

function checkCalendar(
  calendar: WorkingCalendar,
  zone: string,
  importedYears: readonly number[],
  add: AddFinding,
  context: Context,
): void {
  const year = yearOf(dateInZone(context.now, zone));
  const years = calendar.knownYears();
  const span = years.length === 0 ? '—' : `${years[0]}–${years[years.length - 1]}`;
  const imported = importedYears.length === 0 ? '' : context.t('doctor.imported', { years: importedYears.join(' ') });
  if (calendar.hasSchedule(year)) add('calendar', 'ok', 'doctor.calendarOk', { span, imported });
  else add('calendar', 'problem', 'doctor.calendarMissing', { year, span }, 'doctor.calendarFix');
  // The State Council publishes next year's schedule around November; deadlines cross New Year.
  if (calendar.hasSchedule(year) && !calendar.hasSchedule(year + 1))
    add('nextYear', 'note', 'doctor.nextYearMissing', { year: year + 1 }, 'doctor.calendarFix');
}

const LEFTOVER_WORDS: Record<LeftoverFile['kind'], [MessageKey, MessageKey]> = {
  partial: ['doctor.leftoverPartial', 'doctor.leftoverPartialFix'],
  restoring: ['doctor.leftoverRestoring', 'doctor.leftoverRestoringFix'],
  beforeRestore: ['doctor.leftoverBeforeRestore', 'doctor.leftoverBeforeRestoreFix'],
};

/** Files a command left beside the database: each named, with what to do (a note: the ledger itself is fine). */
function addLeftovers(leftovers: readonly LeftoverFile[], add: AddFinding): void {
  for (const leftover of leftovers) {
    const [text, fix] = LEFTOVER_WORDS[leftover.kind];
    add('leftovers', 'note', text, { path: leftover.path }, fix);
  }
}

export function registerDoctor(program: Command, { t, context }: Registration): void {
  program
    .command('doctor')
    .description(t('help.doctor'))
    .option('--json', t('help.json'))
    .action((flags: { json?: boolean }) => runDoctor({ json: flags.json === true }, context()));
}

/** the complaints without a receipt named in the finding (each office's store names as many) */
const FIRST_SHOWN = 10;

/** Two offices' health on a server as one database's: counts added, the receipts' findings joined. */
function summed(whole: StoreHealth, office: StoreHealth): StoreHealth {
  const receipts =
    whole.withoutReceipt === null || office.withoutReceipt === null
      ? null
      : {
          count: whole.withoutReceipt.count + office.withoutReceipt.count,
          first: [...whole.withoutReceipt.first, ...office.withoutReceipt.first]
            .sort((a, b) => a - b)
            .slice(0, FIRST_SHOWN),
        };
  const byStatus = { ...whole.byStatus };
  for (const [status, count] of Object.entries(office.byStatus) as Array<[Status, number]>)
    byStatus[status] = (byStatus[status] ?? 0) + count;
  return {
    ...whole,
    counts: {
      complaints: whole.counts.complaints + office.counts.complaints,
      events: whole.counts.events + office.counts.events,
      alerts: whole.counts.alerts + office.counts.alerts,
    },
    problems: [...new Set([...whole.problems, ...office.problems])],
    byStatus,
    withoutReceipt: receipts,
  };
}
