// A ledger file as a table of text cells, whatever it was saved as: CSV in UTF-8 (with or without
// a BOM) or in GB18030 (Excel's "CSV" on a Chinese Windows), or an .xlsx workbook. The parsers are
// loaded here, on first use, so no other command pays for them.
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import type JSZip from 'jszip';
import { format } from 'date-fns';
import { utc } from '../domain/dates.js';
import { OperationError, ValidationError } from '../domain/errors.js';
import { fromFormulaSafe } from '../domain/formula-cell.js';
import { byteSize } from '../ui/format.js';

export type LedgerFormat = 'csv' | 'xlsx';

export function ledgerFormat(file: string): LedgerFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  // Many offices' ledgers are still Excel 97–2003 files: say how to bring one in.
  if (lower.endsWith('.xls') || lower.endsWith('.et')) throw new ValidationError('ledger.oldExcel', { file });
  throw new ValidationError('ledger.unknownFormat', { file });
}

/** The first bytes of an .xlsx (a zip archive), and of an Excel 97–2003 or password-protected workbook (a compound file). */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const COMPOUND_FILE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean =>
  magic.every((byte, index) => bytes[index] === byte);

/**
 * The rows of the file (or of one worksheet), each a list of cells as text: the first few at hand
 * (to find the header), and all of them one at a time, so that a CSV of a million rows is never
 * held as a million arrays.
 */
export interface LedgerTable {
  head: string[][];
  /** at most this many rows (a CSV's line count) */
  rowsAtMost: number;
  forEachRow(visit: (cells: string[], index: number) => void): void;
}

/**
 * The most an .xlsx may expand to, all its parts inflated, for the import to read it. exceljs
 * inflates each part whole into memory and builds every row, which costs about 16 bytes of memory
 * for each byte of XML: a 100,000-row export of this program expands to 82 MB (78 MB of it the
 * sheet) and imports in 1.4 GB. 200 MB — some 250,000 such rows, about 3.3 GB — is what an office
 * PC can still give; a bigger ledger comes in as CSV, which is read a row at a time, or in parts.
 */
export const XLSX_EXPANDED_LIMIT = 200_000_000;

/** `expandedLimit`: the most an .xlsx may expand to (tests lower it). */
export async function readLedgerTable(
  file: string,
  bytes: Uint8Array,
  headRows: number,
  sheet?: string,
  expandedLimit = XLSX_EXPANDED_LIMIT,
): Promise<LedgerTable> {
  if (ledgerFormat(file) === 'xlsx') {
    const rows = await readXlsx(file, bytes, sheet, expandedLimit);
    return { head: rows.slice(0, headRows), rowsAtMost: rows.length, forEachRow: (visit) => rows.forEach(visit) };
  }
  const { csvParseRows, tsvParseRows } = await import('d3-dsv');
  const text = decodeText(bytes);
  const parseCells = separatedByTabs(text) ? tsvParseRows : csvParseRows;
  // A cell written with an apostrophe so that a spreadsheet does not run it as a formula (as
  // `complaint export` writes "=1+1") is read without it. An .xlsx keeps text as text and has none.
  const parseRows = (input: string, visit: (cells: string[], index: number) => null): void =>
    void parseCells(input, (cells, index) => visit(cells.map(fromFormulaSafe), index));
  const head: string[][] = [];
  // The parser has no "stop": the first rows are taken, then it is stopped by a throw.
  const enough = new Error('enough rows');
  try {
    parseRows(text, (row) => {
      head.push(row);
      if (head.length >= headRows) throw enough;
      return null;
    });
  } catch (error) {
    if (error !== enough) throw error;
  }
  // (A last line break ends the last row; it does not start another.)
  let lines = text === '' || text.endsWith('\n') ? 0 : 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines += 1;
  return {
    head,
    rowsAtMost: lines,
    forEachRow: (visit) => void parseRows(text, (row, index) => (visit(row, index), null)),
  };
}

/**
 * Excel's "Unicode text (*.txt)" separates cells by tabs: told by its first lines having more tabs
 * than commas (a Chinese ledger's own text uses the full-width comma).
 */
function separatedByTabs(text: string): boolean {
  let tabs = 0;
  let commas = 0;
  for (let at = 0, lines = 0; at < text.length && lines < 10; at += 1) {
    const code = text.charCodeAt(at);
    if (code === 9) tabs += 1;
    else if (code === 44) commas += 1;
    else if (code === 10) lines += 1;
  }
  return tabs > commas;
}

/**
 * UTF-16 when it starts with its byte-order mark (Excel's "Unicode text"); UTF-8 when the bytes
 * are valid UTF-8; otherwise GB18030, which every Chinese Excel CSV is.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function readXlsx(file: string, bytes: Uint8Array, sheetName: string | undefined, limit: number): Promise<Rows> {
  const Excel = createRequire(import.meta.url)('exceljs') as typeof ExcelJS;
  const workbook = new Excel.Workbook();
  if (startsWith(bytes, COMPOUND_FILE_MAGIC)) throw new OperationError('ledger.oldExcel', { file });
  if (!startsWith(bytes, ZIP_MAGIC)) throw new OperationError('file.notXlsx', { file });
  await checkExpandedSize(file, bytes, limit);
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (error) {
    throw new OperationError('file.badXlsx', { file, reason: (error as Error).message });
  }
  const sheet = sheetName === undefined ? workbook.worksheets[0] : workbook.getWorksheet(sheetName);
  if (sheet === undefined)
    throw new ValidationError('ledger.noSheet', {
      file,
      sheet: sheetName ?? '',
      sheets: workbook.worksheets.map((each) => each.name).join(', '),
    });
  // exceljs works out columnCount by visiting every row: read once, not per cell (that made a
  // 17,000-row workbook take eight minutes).
  const rowCount = sheet.rowCount;
  const columnCount = sheet.columnCount;
  const rows: string[][] = [];
  for (let number = 1; number <= rowCount; number += 1) {
    const row = sheet.getRow(number);
    const cells: string[] = [];
    for (let column = 1; column <= columnCount; column += 1) cells.push(cellText(row.getCell(column).value));
    rows.push(cells);
  }
  return rows;
}

/**
 * Refuses an .xlsx that would expand past `limit` before exceljs inflates it into memory (a 2.9 MB
 * file of one repeated row expands to 1 GB). The zip is read with the jszip that exceljs itself
 * reads it with, so both see the same entries. First the central directory's word — each entry's
 * size once inflated, read in milliseconds; then, since a directory can lie (a small size declared
 * for an entry that inflates bigger), every entry is inflated once as a stream and counted, chunk
 * by chunk, never held: stopped as soon as it passes its declared size, or the whole the limit.
 */
async function checkExpandedSize(file: string, bytes: Uint8Array, limit: number): Promise<void> {
  const Zip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip') as typeof JSZip;
  let zip: JSZip;
  try {
    zip = await Zip.loadAsync(bytes);
  } catch (error) {
    throw new OperationError('file.badXlsx', { file, reason: (error as Error).message });
  }
  const entries = Object.values(zip.files).filter((entry) => !entry.dir);
  // jszip keeps the directory's sizes on a property its types leave out (`_data`, a CompressedObject).
  const declared = entries.map((entry) => {
    const size = (entry as unknown as { _data?: { uncompressedSize?: unknown } })._data?.uncompressedSize;
    return typeof size === 'number' && size >= 0 ? size : null;
  });
  const total = declared.reduce<number>((sum, size) => sum + (size ?? 0), 0);
  const tooBig = (size: string) => new OperationError('ledger.xlsxTooBig', { file, size, limit: byteSize(limit) });
  if (total > limit) throw tooBig(byteSize(total));
  let inflated = 0;
  for (const [index, entry] of entries.entries()) {
    const stated = declared[index] ?? null;
    let size = 0;
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      const stop = (error: Error): void => {
        stream.removeAllListeners('data');
        stream.pause();
        reject(error);
      };
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        inflated += chunk.length;
        const lie = stated !== null && size > stated;
        if (lie) stop(new OperationError('ledger.xlsxSizeLies', { file, entry: entry.name, size: byteSize(stated) }));
        else if (inflated > limit) stop(tooBig(`> ${byteSize(limit)}`));
      });
      stream.on('end', () => resolve());
      stream.on('error', (error: Error) => reject(new OperationError('file.badXlsx', { file, reason: error.message })));
    });
  }
}

type Rows = string[][];

/**
 * A cell's value as the ledger shows it. Excel keeps a date as the wall-clock time it shows, which
 * exceljs hands over in the UTC fields of a Date: read back as that wall-clock time, in office time.
 */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : format(value, 'yyyy-MM-dd HH:mm', { in: utc });
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result ?? null);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}
