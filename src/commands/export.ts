// `complaint export --format csv|json|xlsx`: the complaints `list` would show, for a spreadsheet or
// another program. CSV and Excel use the ledger columns `complaint import` reads back.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { OperationError, ValidationError } from '../domain/errors.js';
import { parseTimeInput } from '../domain/time-input.js';
import { workbookBytes } from '../files/spreadsheet.js';
import { complaintsCsv, complaintsSheet } from '../ui/export.js';
import { complaintJson } from '../ui/json.js';
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
  const complaints = context.store().listComplaints(parseListFilter(options, asOf));
  // Oldest first, as a ledger is kept (and as an import numbers them).
  complaints.sort((a, b) => a.id - b.id);

  let data: string | Uint8Array;
  if (format === 'json') data = JSON.stringify(complaints.map((complaint) => complaintJson(complaint, zone, asOf)), null, 2) + '\n';
  else if (format === 'csv') data = complaintsCsv(complaints, context.format());
  else data = await workbookBytes([complaintsSheet(complaints, context.format())]);

  if (!output) {
    context.io.out(data as string);
    return;
  }
  try {
    context.writeFile(output, data);
  } catch (error) {
    throw new OperationError('file.cannotWrite', { path: output, reason: (error as Error).message });
  }
  context.io.err(context.t('export.done', { count: complaints.length, path: output }) + '\n');
}

export function registerExport(program: Command, { t, context }: Registration): void {
  withListFilters(program.command('export').description(t('help.export')), t)
    .requiredOption('--format <format>', t('help.export.format'))
    .option('--output <file>', t('help.export.output'))
    .action((flags: Omit<ExportOptions, 'overdue'> & { overdue?: boolean }) => runExport({ ...flags, overdue: flags.overdue === true }, context()));
}
