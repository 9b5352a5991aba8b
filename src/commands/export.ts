// `complaint export --format csv|json|xlsx`: the complaints `list` would show, for a spreadsheet or
// another program. CSV and Excel use the ledger columns `complaint import` reads back.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { OperationError, ValidationError } from '../domain/errors.js';
import { parseTimeInput } from '../domain/time-input.js';
import { workbookBytes } from '../files/spreadsheet.js';
import { ChunkedOutput } from '../ui/chunked-output.js';
import { complaintsSheet, writeComplaintsCsv } from '../ui/export.js';
import { complaintJson, printJsonArray } from '../ui/json.js';
import type { ListFilterOptions } from './list.js';
import { parseListFilter, withListFilters } from './list.js';

const FORMATS = ['csv', 'json', 'xlsx'] as const;
type ExportFormat = (typeof FORMATS)[number];

export interface ExportOptions extends ListFilterOptions {
  format: string;
  output?: string;
  at?: string;
}

export async function runExport(options: ExportOptions, context: Context): Promise<void> {
  const format = options.format.trim().toLowerCase() as ExportFormat;
  if (!FORMATS.includes(format)) throw new ValidationError('invalid.format', { value: options.format });
  const output = options.output?.trim();
  if (format === 'xlsx' && !output) throw new ValidationError('export.needsFile');
  const zone = context.settings().timezone;
  const asOf = options.at === undefined ? context.now : parseTimeInput(options.at, zone);
  const filter = parseListFilter(options, asOf);
  // Oldest first, as a ledger is kept (and as an import numbers them).
  const order = { oldestFirst: true };
  const store = context.store();
  const formatter = context.format();
  const writing = (write: () => void): void => {
    try {
      write();
    } catch (error) {
      if (output && (error as NodeJS.ErrnoException).syscall !== undefined) throw new OperationError('file.cannotWrite', { path: output, reason: (error as Error).message });
      throw error;
    }
  };

  // A streamed file is written under a temporary name and named when complete, as writeFile does:
  // an export that fails half way (a full disk) leaves no file that looks finished.
  const partial = `${output}.partial`;
  let count = 0;
  if (format === 'xlsx') {
    // exceljs builds the workbook in memory: the rows are read whole.
    const complaints = store.listComplaints(filter, order);
    const data = await workbookBytes([complaintsSheet(complaints, formatter)]);
    writing(() => context.writeFile(output!, data));
    count = complaints.length;
  } else {
    // CSV and JSON are written as they are read, to stdout or to the file.
    writing(() => {
      if (output) context.writeFile(partial, '');
      const sink = new ChunkedOutput(output ? (text) => context.appendFile(partial, text) : context.io.out, () => !output && context.io.outGone === true);
      const complaints = counted(store.eachComplaint(filter, order), () => (count += 1));
      if (format === 'json') printJsonArray(sink, complaints, (complaint) => complaintJson(complaint, zone, asOf));
      else writeComplaintsCsv(sink, complaints, formatter);
    });
  }
  if (!output) return;
  if (format !== 'xlsx') writing(() => context.renameFile(partial, output));
  context.io.err(context.t('export.done', { count, path: output }) + '\n');
}

function* counted<T>(items: Iterable<T>, onEach: () => void): Generator<T> {
  for (const item of items) {
    onEach();
    yield item;
  }
}

export function registerExport(program: Command, { t, context }: Registration): void {
  withListFilters(program.command('export').description(t('help.export')), t)
    .requiredOption('--format <format>', t('help.export.format'))
    .option('--output <file>', t('help.export.output'))
    .action((flags: Omit<ExportOptions, 'overdue'> & { overdue?: boolean }) => runExport({ ...flags, overdue: flags.overdue === true }, context()));
}
