// `complaint export --format csv|json|xlsx`: the complaints `list` would show, for a spreadsheet or
// another program. CSV and Excel use the ledger columns `complaint import` reads back.
import { extname } from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import type { Complaint } from '../domain/complaint.js';
import type { OutputFile } from '../files/output-file.js';
import type { ComplaintFilter, Office } from '../store/store.js';
import { ValidationError } from '../domain/errors.js';
import { parseTimeInput, readTimeInput } from '../domain/time-input.js';
import { workbookBytes } from '../files/spreadsheet.js';
import { ChunkedOutput } from '../ui/chunked-output.js';
import type { OfficeComplaints } from '../ui/export.js';
import { complaintsSheet, officesSheet, writeComplaintsCsv, writeOfficesCsv } from '../ui/export.js';
import type { Formatter } from '../ui/format.js';
import { complaintJson, printJsonArray } from '../ui/json.js';
import { NO_PROGRESS } from '../ui/progress.js';
import type { ListFilterOptions } from './list.js';
import { officeFlag, parseListFilter, refuseOfficeWithAllOffices, withListFilters } from './list.js';

const FORMATS = ['csv', 'json', 'xlsx'] as const;
type ExportFormat = (typeof FORMATS)[number];

export interface ExportOptions extends ListFilterOptions {
  /** csv, json or xlsx; without it, read from --output's extension */
  format?: string;
  output?: string;
  /** replace an existing --output file (never a database) */
  force?: boolean;
  at?: string;
  /** every office's complaints in one file, office by office, each led by its office's code */
  allOffices?: boolean;
  /** the global --office, as given (refused together with --all-offices) */
  office?: string;
}

export async function runExport(options: ExportOptions, context: Context): Promise<void> {
  refuseOfficeWithAllOffices(options);
  const output = options.output?.trim();
  if (options.output !== undefined && output === '')
    throw new ValidationError('invalid.file', { value: options.output });
  const given = options.format ?? formatOf(output);
  if (given === undefined) {
    // An --output whose extension names no format is told by that extension.
    const extension = output === undefined ? '' : extname(output);
    if (extension !== '') throw new ValidationError('export.unknownExtension', { extension, file: output! });
    throw new ValidationError('export.needsFormat');
  }
  const format = given.trim().toLowerCase() as ExportFormat;
  if (!FORMATS.includes(format)) throw new ValidationError('invalid.format', { value: given });
  if (format === 'xlsx' && !output) throw new ValidationError('export.needsFile');
  // Checked before the database is opened: a refused export leaves even a new --db unmade.
  if (options.at !== undefined) readTimeInput(options.at);
  const filter = parseListFilter(options);
  // Refused before the database is opened (a refused export leaves even a new --db unmade), and
  // before any row is read, when the file exists (without --force) or is a database.
  const file = output ? context.output(output, { force: options.force === true }) : null;
  try {
    await exportRows(options, format, filter, file, context);
  } finally {
    // A failed export leaves no file behind, complete-looking or partial.
    file?.abandon();
  }
}

/** What one office gives the export: the filter as its clock reads --at, and its formatter. */
interface OfficeExport {
  office: Office | null;
  filter: ComplaintFilter;
  zone: string;
  asOf: Date;
  format: Formatter;
}

/** The office the store is turned to, as the export reads it. */
async function officeExport(
  options: ExportOptions,
  filter: ComplaintFilter,
  office: Office | null,
  context: Context,
): Promise<OfficeExport> {
  await context.store();
  const zone = context.settings().timezone;
  const asOf = options.at === undefined ? context.now : parseTimeInput(options.at, zone);
  return {
    office,
    filter: options.overdue ? { ...filter, overdueAt: asOf } : filter,
    zone,
    asOf,
    format: context.format(),
  };
}

/**
 * Reads the complaints the filter names, oldest first, and writes them to the file or stdout: the
 * office's, or (--all-offices) every office's in turn, each read on its own clock.
 */
async function exportRows(
  options: ExportOptions,
  format: ExportFormat,
  filter: ComplaintFilter,
  file: OutputFile | null,
  context: Context,
): Promise<void> {
  const offices = options.allOffices === true ? await context.offices() : null;
  if (offices === null) await context.store();
  /** The offices in turn, the store turned to each while its complaints are read. */
  async function* eachOffice(): AsyncGenerator<OfficeExport> {
    if (offices === null) {
      yield await officeExport(options, filter, null, context);
      return;
    }
    for (const office of offices) {
      await context.turnTo(office);
      yield await officeExport(options, filter, office, context);
    }
  }
  // Oldest first, as a ledger is kept (and as an import numbers them).
  const order = { oldestFirst: true };

  let count = 0;
  // Rows written (for Excel: read into the workbook, which is then packed in one step). The total
  // is counted only when a bar can be shown: scripts and cron pay nothing for it. Rows printed on
  // the terminal itself are their own progress (a bar would be drawn into them).
  const progress = file || !context.io.isTTY ? context.progress('progress.export') : NO_PROGRESS;
  let total: number | undefined;
  if (progress.active) {
    total = 0;
    for await (const part of eachOffice()) total += await (await context.store()).countComplaints(part.filter);
  }
  const onEach = (): void => progress.update((count += 1), total);
  /** The office's complaints, page by page, the bar moved on by each. */
  const pagesOf = async (part: OfficeExport): Promise<AsyncIterable<readonly Complaint[]>> =>
    counted((await context.store()).complaintPages(part.filter, order), onEach);
  try {
    if (format === 'xlsx') {
      // exceljs builds the workbook in memory: the rows are read whole.
      const parts: Array<OfficeComplaints<Complaint[]>> = [];
      for await (const part of eachOffice()) {
        const complaints: Complaint[] = [];
        for await (const page of await pagesOf(part)) complaints.push(...page);
        parts.push({ office: part.office?.code ?? '', complaints, format: part.format });
      }
      // Building and packing the workbook takes longer than reading the rows, and tells nothing of
      // its progress: the bar says so (its own stage), redrawn while exceljs works in the background.
      const packing = context.t('progress.packing');
      progress.update(count, total, packing);
      const keepDrawn = setInterval(() => progress.update(count, total, packing), 250);
      try {
        const sheet =
          offices === null ? complaintsSheet(parts[0]!.complaints, parts[0]!.format) : officesSheet(parts, context.t);
        file!.write(await workbookBytes([sheet]));
      } finally {
        clearInterval(keepDrawn);
      }
    } else {
      // CSV and JSON are written as they are read, to stdout or to the file.
      const sink = new ChunkedOutput(
        file ? (text) => file.write(text) : context.io.out,
        () => !file && context.io.outGone === true,
      );
      if (offices === null) {
        const part = await officeExport(options, filter, null, context);
        const pages = await pagesOf(part);
        if (format === 'json')
          await printJsonArray(sink, pages, (complaint) => complaintJson(complaint, part.zone, part.asOf));
        else await writeComplaintsCsv(sink, pages, part.format);
      } else if (format === 'json') {
        // One array, as list --all-offices gives it: each complaint names its office first.
        async function* everyPage(): AsyncGenerator<ReadonlyArray<Record<string, unknown>>> {
          for await (const part of eachOffice())
            for await (const page of await pagesOf(part))
              yield page.map((complaint) => ({
                office: part.office!.code,
                ...complaintJson(complaint, part.zone, part.asOf),
              }));
        }
        await printJsonArray(sink, everyPage(), (complaint) => complaint);
      } else {
        async function* everyOffice(): AsyncGenerator<OfficeComplaints<AsyncIterable<readonly Complaint[]>>> {
          for await (const part of eachOffice())
            yield { office: part.office!.code, complaints: await pagesOf(part), format: part.format };
        }
        await writeOfficesCsv(sink, everyOffice(), context.t);
      }
    }
    file?.finish();
  } finally {
    progress.finish();
  }
  if (file) context.io.err(context.t('export.done', { count, path: file.path }) + '\n');
}

/** The format an output file's name asks for (x.xlsx, x.csv, x.json), if any. */
function formatOf(output: string | undefined): string | undefined {
  const extension = /\.(csv|json|xlsx)$/i.exec(output ?? '')?.[1];
  return extension?.toLowerCase();
}

/** The pages as they come, the bar moved on by each complaint in them. */
async function* counted<T>(pages: AsyncIterable<readonly T[]>, onEach: () => void): AsyncGenerator<readonly T[]> {
  for await (const page of pages) {
    for (let index = 0; index < page.length; index++) onEach();
    yield page;
  }
}

export function registerExport(program: Command, { t, context }: Registration): void {
  withListFilters(program.command('export').description(t('help.export')), t)
    .option('--format <format>', t('help.export.format'))
    .option('--output <file>', t('help.export.output'))
    .option('--force', t('help.force'))
    .option('--all-offices', t('help.export.allOffices'))
    .action((flags: Omit<ExportOptions, 'overdue'> & { overdue?: boolean }) =>
      runExport({ ...flags, overdue: flags.overdue === true, office: officeFlag(program) }, context()),
    );
}
