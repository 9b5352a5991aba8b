// `complaint report --month YYYY-MM` (or --quarter, --year, --from/--to): the statistics and
// analysis report (SPEC §3), for complaints received in that period of office time, judged as of
// --at (default: now), with the trend, the months before (环比) and the same months a year before (同比).
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { ValidationError } from '../domain/errors.js';
import type { OutputFile } from '../files/output-file.js';
import { workbookBytes } from '../files/spreadsheet.js';
import { overdueReport } from '../domain/overdue.js';
import type { Period } from '../domain/period.js';
import { parsePeriod, periodState } from '../domain/period.js';
import { unknownYearWarnings } from '../domain/calendar.js';
import type { DeadlineItem } from '../domain/overdue.js';
import type { MonthCounts, MonthlyReport } from '../domain/report.js';
import {
  addCounts,
  addUnansweredOverdue,
  addUnrevisitedOverdue,
  buildReport,
  officeFigures,
  reportSpan,
} from '../domain/report.js';
import type { UnknownYearWarning } from '../domain/calendar.js';
import type { CompanyLine } from '../ui/company-report.js';
import { companyMarkdown, companyTerminal } from '../ui/company-report.js';
import { parseTimeInput, readTimeInput } from '../domain/time-input.js';
import { dateInZone } from '../domain/zone.js';
import { printJson, warningsJson } from '../ui/json.js';
import { reportCsv, reportJson, reportMarkdown, reportSheets, reportTerminal } from '../ui/report.js';
// Small; it requires the chart library itself, only when a page is made (see scripts/build.mjs).
import { reportHtml } from '../ui/report-html.js';
import { officeFlag, refuseOfficeWithAllOffices } from './list.js';

export interface ReportOptions {
  month?: string;
  quarter?: string;
  year?: string;
  from?: string;
  to?: string;
  at?: string;
  json: boolean;
  csv: boolean;
  md: boolean;
  /** a workbook file to write the report to */
  xlsx?: string;
  /** an HTML page with charts to write the report to */
  html?: string;
  /** replace an existing --xlsx or --html file (never a database) */
  force?: boolean;
  /** the company's report: every office's headline figures (byOffice) */
  allOffices?: boolean;
  /** the global --office, as given (refused together with --all-offices) */
  office?: string;
}

export async function runReport(options: ReportOptions, context: Context): Promise<void> {
  // Every flag is checked before the database is opened, so that a refused report leaves even a new
  // --db unmade. A period that runs to this month, and the time, are the office's: read once it is
  // open (the last month there is stands for this month here, refusing nothing the office's would take).
  refuseOfficeWithAllOffices(options);
  if (options.at !== undefined) readTimeInput(options.at);
  parsePeriod(options, '9999-12');
  if (
    [options.json, options.csv, options.md, options.xlsx !== undefined, options.html !== undefined].filter(Boolean)
      .length > 1
  )
    throw new ValidationError('invalid.oneFormat');
  for (const file of [options.xlsx, options.html])
    if (file !== undefined && file.trim() === '') throw new ValidationError('invalid.file', { value: file });
  // A file to write is taken before the database is opened, and before the report is made: an
  // existing one (without --force) or a database is refused at once.
  if (options.allOffices === true) {
    // The company's table of offices: on screen, as JSON or as Markdown.
    if (options.csv || options.xlsx !== undefined || options.html !== undefined)
      throw new ValidationError('invalid.allOfficesFormat');
    await companyReport(options, context);
    return;
  }
  const path = (options.xlsx ?? options.html)?.trim();
  const file = path === undefined ? null : context.output(path, { force: options.force === true });
  try {
    await makeReport(options, file, context);
  } finally {
    file?.abandon();
  }
}

/** The report of the period the flags name, to the file (a workbook or a page) or to stdout. */
async function makeReport(options: ReportOptions, file: OutputFile | null, context: Context): Promise<void> {
  await context.store();
  const { report, warnings, periodWords } = await officeReport(options, context);
  const settings = context.settings();
  const zone = settings.timezone;
  if (file !== null) {
    file.write(
      options.xlsx !== undefined
        ? await workbookBytes(reportSheets(report, context.format(), settings.officeName))
        : await reportHtml(report, context.format(), settings.officeName),
    );
    file.finish();
    context.io.err(context.t('report.xlsxDone', { month: periodWords, path: file.path }) + '\n');
  } else if (options.json)
    printJson(context.io.out, { ...reportJson(report, zone), warnings: warningsJson(warnings, context.t) });
  else if (options.csv) context.io.out(reportCsv(report, zone));
  else if (options.md) context.io.out(reportMarkdown(report, context.format(), settings.officeName));
  else context.io.out(reportTerminal(report, context.format(), context.style, settings.officeName, context.io.columns));
}

/**
 * `report --all-offices`: the company's report — each office's received, on-time rate,
 * satisfaction, repeat complaints and overdue follow-ups (byOffice), and the company's own from the
 * sum of their counts. Each office is reckoned in its own zone, as its own report is.
 */
async function companyReport(options: ReportOptions, context: Context): Promise<void> {
  const byOffice: CompanyLine[] = [];
  const counts: MonthCounts[] = [];
  const warnings: UnknownYearWarning[] = [];
  let last: Awaited<ReturnType<typeof officeReport>> | undefined;
  for (const office of await context.offices()) {
    await context.turnTo(office);
    last = await officeReport(options, context);
    counts.push(last.counts);
    warnings.push(...last.warnings.filter((warning) => !warnings.some((seen) => seen.year === warning.year)));
    byOffice.push({
      office: office.code,
      name: office.name,
      ...officeFigures(last.counts, last.report.overdue.length),
    });
  }
  const overdue = byOffice.reduce((total, line) => total + line.overdue, 0);
  const company = { byOffice, totals: officeFigures(addCounts(counts), overdue) };
  const { report } = last!;
  if (options.json)
    printJson(context.io.out, {
      period: report.period,
      asOf: report.asOf.toISOString(),
      ...company,
      warnings: warningsJson(warnings, context.t),
    });
  else if (options.md) context.io.out(companyMarkdown(company, report, context.format()));
  else context.io.out(companyTerminal(company, report, context.format(), context.style, context.io.columns));
}

/** The report of the office the store is turned to, with the counts and warnings behind it. */
async function officeReport(
  options: ReportOptions,
  context: Context,
): Promise<{ report: MonthlyReport; counts: MonthCounts; warnings: UnknownYearWarning[]; periodWords: string }> {
  const store = await context.store();
  const settings = context.settings();
  const zone = settings.timezone;
  const asOf = options.at === undefined ? context.now : parseTimeInput(options.at, zone);
  const today = dateInZone(asOf, zone).slice(0, 7);
  const period = parsePeriod(options, today);

  // Nothing has happened in a period that has not begun: said, and the (empty) report still made.
  const periodWords =
    period.from === period.to ? period.from : context.t('report.span', { from: period.from, to: period.to });
  if (periodState(period, today) === 'future')
    context.io.err(context.style.yellow(context.t('report.futurePeriod', { period: periodWords })) + '\n');
  // The reads do not depend on one another, so they are asked for together: on a server, one round
  // trip for all six rather than one each (the server answers them in order while the first answers
  // are read).
  // - The overdue follow-ups are the period's and earlier months' (SPEC §3): a report on a past
  //   period does not list complaints received after it.
  // - The usual report reads the month tables kept current with every change; "as of" an earlier
  //   time it aggregates the period's complaints as they stood then.
  const live = options.at === undefined;
  const span = reportSpan(period);
  const [open, figures, monthly, revisitsDue, places, visits] = await Promise.all([
    store.openComplaints(period.to),
    store.periodFigures(period.from, period.to, live ? null : asOf),
    store.monthlyCounts(span.from, span.to, live ? null : asOf),
    live ? store.revisitsDue(period.to) : [],
    store.placeFigures(period.from, period.to, live ? null : asOf),
    store.periodVisits(period.from, period.to, asOf),
  ]);
  if (live) addUnansweredOverdue(figures.groups, monthly, open, period, asOf);
  if (live) addUnrevisitedOverdue(figures.groups, revisitsDue, period, asOf);
  const overdue = overdueReport(open, asOf, context.calendar(), zone).overdue;
  // The deadlines of the period and the lateness of the follow-ups were counted in working days:
  // a year among them without an official schedule counted weekends only (SPEC: warn, stderr and JSON).
  const calendar = context.calendar();
  const warnings = unknownYearWarnings(
    countedYears(period, asOf, overdue, zone).filter((y) => !calendar.hasSchedule(y)),
  );
  context.warn(warnings);
  const report = buildReport({
    period,
    asOf,
    groups: figures.groups,
    voided: figures.voided,
    monthly,
    places,
    causes: figures.causes,
    medianReplyHours: figures.medianReplyHours,
    overdue,
    visits,
  });
  return { report, counts: figures.groups.totals, warnings, periodWords };
}

/**
 * The years a report's figures were counted over: those of its period (the reply deadlines), and
 * those its overdue follow-ups have been late through, up to the report's time.
 */
function countedYears(period: Period, asOf: Date, overdue: readonly DeadlineItem[], zone: string): number[] {
  const yearOf = (text: string): number => Number(text.slice(0, 4));
  const first = overdue.reduce((earliest, item) => Math.min(earliest, item.dueAt.getTime()), Infinity);
  const from = Math.min(yearOf(period.from), first === Infinity ? Infinity : yearOf(dateInZone(new Date(first), zone)));
  const to = Math.max(yearOf(period.to), overdue.length > 0 ? yearOf(dateInZone(asOf, zone)) : -Infinity);
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

export function registerReport(program: Command, { t, context }: Registration): void {
  program
    .command('report')
    .description(t('help.report'))
    .option('--month <YYYY-MM>', t('help.report.month'))
    .option('--quarter <YYYYQn>', t('help.report.quarter'))
    .option('--year <YYYY>', t('help.report.year'))
    .option('--from <YYYY-MM>', t('help.report.from'))
    .option('--to <YYYY-MM>', t('help.report.to'))
    .option('--at <time>', t('help.asOf'))
    .option('--json', t('help.json'))
    .option('--csv', t('help.report.csv'))
    .option('--md', t('help.report.md'))
    .option('--xlsx <file>', t('help.report.xlsx'))
    .option('--html <file>', t('help.report.html'))
    .option('--force', t('help.force'))
    .option('--all-offices', t('help.report.allOffices'))
    .action(
      (flags: {
        month?: string;
        quarter?: string;
        year?: string;
        from?: string;
        to?: string;
        at?: string;
        json?: boolean;
        csv?: boolean;
        md?: boolean;
        xlsx?: string;
        html?: string;
        force?: boolean;
        allOffices?: boolean;
      }) =>
        runReport(
          {
            month: flags.month,
            quarter: flags.quarter,
            year: flags.year,
            from: flags.from,
            to: flags.to,
            at: flags.at,
            json: flags.json === true,
            csv: flags.csv === true,
            md: flags.md === true,
            xlsx: flags.xlsx,
            html: flags.html,
            force: flags.force === true,
            allOffices: flags.allOffices === true,
            office: officeFlag(program),
          },
          context(),
        ),
    );
}
