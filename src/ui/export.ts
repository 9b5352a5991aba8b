// Complaints as ledger rows, for CSV and Excel: the columns `complaint import` reads back, headed
// in the user's language, codes shown as their names, times on the office clock.
import { stringify } from 'csv-stringify/sync';
import type { Complaint } from '../domain/complaint.js';
import { formulaSafe } from '../domain/formula-cell.js';
import type { LedgerField } from '../domain/ledger.js';
import type { SheetCell, SheetSpec } from '../files/spreadsheet.js';
import { TIME_FORMAT } from '../files/spreadsheet.js';
import type { ChunkedOutput } from './chunked-output.js';
import type { Formatter } from './format.js';
import { ledgerHeader } from './ledger-words.js';
import type { MessageKey, Translate } from './messages.js';

/** The exported columns, in order. Reply method and words live in the history, not the row. */
export const EXPORT_FIELDS: readonly LedgerField[] = [
  'id',
  'status',
  'receivedAt',
  'channel',
  'category',
  'subcategory',
  'name',
  'unit',
  'phone',
  'description',
  'location',
  'owner',
  'replyDueAt',
  'repliedAt',
  'replyOnTime',
  'escalatedTo',
  'escalatedAt',
  'promisedAt',
  'satisfaction',
  'closedAt',
  'result',
  'cause',
  'repeatCount',
  'reopenedAt',
];
const TIME_FIELDS = new Set<LedgerField>([
  'receivedAt',
  'replyDueAt',
  'repliedAt',
  'escalatedAt',
  'promisedAt',
  'closedAt',
  'reopenedAt',
]);

function cells(complaint: Complaint, format: Formatter): Record<LedgerField, SheetCell> {
  const { t } = format;
  const wallClock = (instant: Date | null): string | null => (instant === null ? null : format.time(instant));
  const c = complaint;
  return {
    id: c.id,
    status: format.label('status', c.status),
    receivedAt: wallClock(c.receivedAt),
    channel: format.label('channel', c.channel),
    category: format.label('category', c.category),
    subcategory: c.subcategory === null ? null : format.label('subcategory', c.subcategory),
    name: c.complainant.name,
    unit: c.complainant.unit,
    phone: c.complainant.phone,
    description: c.description,
    location: c.location,
    owner: c.owner,
    replyDueAt: wallClock(c.replyDueAt),
    repliedAt: wallClock(c.repliedAt),
    replyOnTime: c.replyOnTime === null ? null : t(c.replyOnTime ? 'word.yes' : 'word.no'),
    replyMethod: null,
    replyMessage: null,
    escalatedTo: c.escalatedTo,
    escalatedAt: wallClock(c.escalatedAt),
    promisedAt: wallClock(c.promisedAt),
    satisfaction: c.satisfaction === null ? null : t(`satisfaction.${c.satisfaction}` as MessageKey),
    closedAt: wallClock(c.closedAt),
    result: c.result,
    cause: c.cause === null ? null : t(`cause.${c.cause}` as MessageKey),
    repeatCount: c.repeatCount,
    // A repeat complaint's reply clock starts again when it comes back.
    reopenedAt: c.repeatCount > 0 ? wallClock(c.replyClockFrom) : null,
  };
}

/**
 * One office's complaints in an export of every office (`--all-offices`): its code leads each row,
 * and its own formatter writes the times, on that office's clock.
 */
export interface OfficeComplaints<T> {
  office: string;
  complaints: T;
  format: Formatter;
}

/** The headings: the ledger's columns, after the office's when the export holds every office. */
function headings(t: Translate, withOffice: boolean): string[] {
  return [...(withOffice ? [t('export.col.office')] : []), ...EXPORT_FIELDS.map((field) => ledgerHeader(field, t))];
}

function csvRow(complaint: Complaint, format: Formatter): SheetCell[] {
  const row = cells(complaint, format);
  return EXPORT_FIELDS.map((field) => row[field] ?? '');
}

/**
 * CSV with a byte-order mark, so Excel opens the Chinese correctly, written as the complaints are
 * read (a company's whole history is more text than one string may hold). A text cell that would
 * start a formula gets an apostrophe (formulaSafe); the import takes it off.
 */
export async function writeComplaintsCsv(
  output: ChunkedOutput,
  pages: AsyncIterable<readonly Complaint[]>,
  format: Formatter,
): Promise<void> {
  async function* rows(): AsyncGenerator<SheetCell[][]> {
    for await (const page of pages) yield page.map((complaint) => csvRow(complaint, format));
  }
  await writeCsv(output, headings(format.t, false), rows());
}

/** The CSV of every office: the offices in turn, each complaint's row led by its office's code. */
export async function writeOfficesCsv(
  output: ChunkedOutput,
  offices: AsyncIterable<OfficeComplaints<AsyncIterable<readonly Complaint[]>>>,
  t: Translate,
): Promise<void> {
  async function* rows(): AsyncGenerator<SheetCell[][]> {
    for await (const { office, complaints, format } of offices)
      for await (const page of complaints) yield page.map((complaint) => [office, ...csvRow(complaint, format)]);
  }
  await writeCsv(output, headings(t, true), rows());
}

async function writeCsv(output: ChunkedOutput, header: string[], pages: AsyncIterable<SheetCell[][]>): Promise<void> {
  const cast = { number: (value: number) => String(value), string: formulaSafe };
  const csv = (rows: unknown[][], bom: boolean): string => stringify(rows, { bom, cast });
  if (!output.write(csv([header], true))) return;
  for await (const rows of pages) if (!output.write(csv(rows, false))) return;
  output.end();
}

function sheetRow(complaint: Complaint, format: Formatter): SheetCell[] {
  const row = cells(complaint, format);
  return EXPORT_FIELDS.map((field) => {
    const value = row[field];
    return TIME_FIELDS.has(field) && typeof value === 'string' ? { wallClock: value } : value;
  });
}

function sheetColumns(t: Translate, withOffice: boolean): SheetSpec['columns'] {
  return [
    ...(withOffice ? [{ header: t('export.col.office') }] : []),
    ...EXPORT_FIELDS.map((field) => ({
      header: ledgerHeader(field, t),
      ...(TIME_FIELDS.has(field) ? { format: TIME_FORMAT } : {}),
    })),
  ];
}

export function complaintsSheet(complaints: readonly Complaint[], format: Formatter): SheetSpec {
  return {
    name: format.t('export.sheet'),
    columns: sheetColumns(format.t, false),
    rows: complaints.map((complaint) => sheetRow(complaint, format)),
  };
}

/** The workbook sheet of every office: the offices in turn, each row led by its office's code. */
export function officesSheet(offices: ReadonlyArray<OfficeComplaints<readonly Complaint[]>>, t: Translate): SheetSpec {
  return {
    name: t('export.sheet'),
    columns: sheetColumns(t, true),
    rows: offices.flatMap(({ office, complaints, format }) =>
      complaints.map((complaint) => [office, ...sheetRow(complaint, format)]),
    ),
  };
}
