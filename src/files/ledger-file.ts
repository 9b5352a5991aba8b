// A ledger file as a table of text cells, whatever it was saved as: CSV in UTF-8 (with or without
// a BOM) or in GB18030 (Excel's "CSV" on a Chinese Windows), or an .xlsx workbook. The parsers are
// loaded here, on first use, so no other command pays for them.
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import { OperationError, ValidationError } from '../domain/errors.js';
import { fromFormulaSafe } from '../domain/formula-cell.js';

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
const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((byte, index) => bytes[index] === byte);

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

export async function readLedgerTable(file: string, bytes: Uint8Array, headRows: number, sheet?: string): Promise<LedgerTable> {
  if (ledgerFormat(file) === 'xlsx') {
    const rows = await readXlsx(file, bytes, sheet);
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
  let lines = 1;
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

async function readXlsx(file: string, bytes: Uint8Array, sheetName?: string): Promise<string[][]> {
  const Excel = createRequire(import.meta.url)('exceljs') as typeof ExcelJS;
  const workbook = new Excel.Workbook();
  if (startsWith(bytes, COMPOUND_FILE_MAGIC)) throw new OperationError('ledger.oldExcel', { file });
  if (!startsWith(bytes, ZIP_MAGIC)) throw new OperationError('file.notXlsx', { file });
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (error) {
    throw new OperationError('file.badXlsx', { file, reason: (error as Error).message });
  }
  const sheet = sheetName === undefined ? workbook.worksheets[0] : workbook.getWorksheet(sheetName);
  if (sheet === undefined) throw new ValidationError('ledger.noSheet', { file, sheet: sheetName ?? '', sheets: workbook.worksheets.map((each) => each.name).join(', ') });
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
 * A cell's value as the ledger shows it. Excel keeps a date as the wall-clock time it shows, which
 * exceljs hands over in the UTC fields of a Date: read back as that wall-clock time, in office time.
 */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 16).replace('T', ' ');
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}
