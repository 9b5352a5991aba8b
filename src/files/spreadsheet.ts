// Excel workbooks written for people: a sheet per table, a bold frozen header row, columns wide
// enough for their Chinese text, numbers as numbers and times as Excel times (so they sort and
// sum). exceljs is required here, on first use, so no other command pays for loading it.
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import { stringWidth } from '../ui/table.js';
import { parseISO } from 'date-fns';
import { utc } from '../domain/dates.js';

/** A cell: text, a number (shown with its column's format), an office wall-clock time, or empty. */
export type SheetCell = string | number | { wallClock: string } | null;

export interface SheetColumn {
  header: string;
  /** Excel number format, e.g. '0.0%' for a rate or 'yyyy-mm-dd hh:mm' for a time */
  format?: string;
}

export interface SheetSpec {
  name: string;
  /** lines above the table (a title, "as of …") */
  caption?: string[];
  columns: SheetColumn[];
  rows: SheetCell[][];
}

export const TIME_FORMAT = 'yyyy-mm-dd hh:mm';

/** The workbook as bytes (.xlsx). */
export async function workbookBytes(sheets: readonly SheetSpec[]): Promise<Uint8Array> {
  const Excel = createRequire(import.meta.url)('exceljs') as typeof ExcelJS;
  const workbook = new Excel.Workbook();
  workbook.creator = 'complaint';
  for (const spec of sheets) {
    // Excel allows 31 characters and no []:*?/\ in a sheet name.
    const sheet = workbook.addWorksheet(spec.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
    for (const line of spec.caption ?? []) sheet.addRow([line]).font = { bold: sheet.rowCount === 0 };
    if (spec.caption?.length) sheet.addRow([]);
    const headerRow = sheet.addRow(spec.columns.map((column) => column.header));
    headerRow.font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: headerRow.number }];
    for (const cells of spec.rows) sheet.addRow(cells.map(cellValue));
    spec.columns.forEach((column, index) => {
      const excelColumn = sheet.getColumn(index + 1);
      if (column.format) excelColumn.numFmt = column.format;
      const widest = Math.max(
        stringWidth(column.header),
        ...spec.rows.slice(0, 1000).map((row) => stringWidth(displayText(row[index] ?? null))),
      );
      excelColumn.width = Math.min(60, Math.max(6, widest + 2));
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * Excel keeps a time as the wall-clock time it shows, without a zone: handed to exceljs as a Date
 * whose UTC fields are that wall-clock time (the reader does the reverse, src/files/ledger-file.ts).
 */
function cellValue(cell: SheetCell): ExcelJS.CellValue {
  if (cell === null || typeof cell === 'string' || typeof cell === 'number') return cell;
  return parseISO(cell.wallClock, { in: utc });
}

function displayText(cell: SheetCell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return cell.wallClock;
  return String(cell);
}
