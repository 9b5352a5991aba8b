// `complaint doctor`: is the ledger sound? SQLite's integrity and foreign-key checks, every complaint
// with its receipt event, the report's month tables against the rows, the calendar years loaded,
// and who may read the file. Exit 1 on any problem, each with what to do about it.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { STATUSES } from '../domain/complaint.js';
import { dateInZone } from '../domain/zone.js';
import { MIGRATIONS } from '../store/migrations.js';
import { printJson } from '../ui/json.js';
import type { MessageKey } from '../ui/messages.js';
import { megabytes } from './backup.js';

export interface DoctorOptions {
  json: boolean;
}

/** One finding: fine, worth knowing (does not fail the run), or a problem (exit 1). */
export interface Finding {
  check: 'integrity' | 'receipts' | 'monthTables' | 'calendar' | 'nextYear' | 'permissions';
  level: 'ok' | 'note' | 'problem';
  text: string;
  /** what to do, for a note or a problem */
  fix?: string;
}

export function runDoctor(options: DoctorOptions, context: Context): void {
  const { t } = context;
  const store = context.store();
  const health = store.health();
  const settings = context.settings();
  const calendar = context.calendar();
  const findings: Finding[] = [];
  const add = (check: Finding['check'], level: Finding['level'], key: MessageKey, params: Record<string, string | number> = {}, fixKey?: MessageKey): void => {
    findings.push({ check, level, text: t(key, params), ...(fixKey ? { fix: t(fixKey, params) } : {}) });
  };

  if (health.problems.length === 0) add('integrity', 'ok', 'doctor.integrityOk');
  else add('integrity', 'problem', 'doctor.integrityBad', { count: health.problems.length, first: health.problems[0]! }, 'doctor.integrityFix');

  const { count, first } = health.withoutReceipt;
  if (count === 0) add('receipts', 'ok', 'doctor.receiptsOk');
  else add('receipts', 'problem', 'doctor.receiptsBad', { count, ids: first.map((id) => `#${id}`).join(' ') + (count > first.length ? ' …' : '') }, 'doctor.integrityFix');

  if (health.monthsAdrift.length === 0) add('monthTables', 'ok', 'doctor.monthTablesOk');
  else add('monthTables', 'problem', 'doctor.monthTablesBad', { months: health.monthsAdrift.join(' ') }, 'doctor.monthTablesFix');

  const year = Number(dateInZone(context.now, settings.timezone).slice(0, 4));
  const years = calendar.knownYears();
  const span = years.length === 0 ? '—' : `${years[0]}–${years[years.length - 1]}`;
  const imported = health.importedYears.length === 0 ? '' : t('doctor.imported', { years: health.importedYears.join(' ') });
  if (calendar.hasSchedule(year)) add('calendar', 'ok', 'doctor.calendarOk', { span, imported });
  else add('calendar', 'problem', 'doctor.calendarMissing', { year, span }, 'doctor.calendarFix');
  // The State Council publishes next year's schedule around November; deadlines cross New Year.
  if (calendar.hasSchedule(year) && !calendar.hasSchedule(year + 1)) add('nextYear', 'note', 'doctor.nextYearMissing', { year: year + 1 }, 'doctor.calendarFix');

  if (health.fileMode !== null && (health.fileMode & 0o077) !== 0) {
    add('permissions', 'problem', 'doctor.permissionsBad', { mode: health.fileMode.toString(8).padStart(3, '0'), path: health.path }, 'doctor.permissionsFix');
  } else if (health.fileMode !== null) add('permissions', 'ok', 'doctor.permissionsOk');

  const healthy = findings.every((finding) => finding.level !== 'problem');
  if (!healthy) context.exitCode = 1;
  if (options.json) {
    printJson(context.io.out, {
      healthy,
      path: health.path,
      bytes: health.bytes,
      schemaVersion: health.schemaVersion,
      schemaVersionKnown: MIGRATIONS.length,
      journalMode: health.journalMode,
      complaints: health.counts.complaints,
      byStatus: Object.fromEntries(STATUSES.map((status) => [status, health.byStatus[status] ?? 0])),
      events: health.counts.events,
      alerts: health.counts.alerts,
      calendarYears: years,
      findings,
    });
    return;
  }
  const format = context.format();
  const { style } = context;
  const statuses = STATUSES.map((status) => `${format.label('status', status)} ${health.byStatus[status] ?? 0}`).join(' · ');
  const lines = [
    style.bold(t('doctor.heading', { path: health.path })),
    t('doctor.summary', { size: megabytes(health.bytes), version: health.schemaVersion, known: MIGRATIONS.length, mode: health.journalMode }),
    t('doctor.counts', { complaints: health.counts.complaints, events: health.counts.events, alerts: health.counts.alerts }),
    `  ${statuses}`,
    '',
  ];
  for (const finding of findings) {
    const mark = finding.level === 'ok' ? style.green('✓') : finding.level === 'note' ? style.yellow('!') : style.red('✗');
    lines.push(`${mark} ${finding.text}`);
    if (finding.fix) lines.push(`  → ${finding.fix}`);
  }
  lines.push('', healthy ? style.green(t('doctor.healthy')) : style.red(t('doctor.unhealthy')));
  context.io.out(lines.join('\n') + '\n');
}

export function registerDoctor(program: Command, { t, context }: Registration): void {
  program
    .command('doctor')
    .description(t('help.doctor'))
    .option('--json', t('help.json'))
    .action((flags: { json?: boolean }) => runDoctor({ json: flags.json === true }, context()));
}
