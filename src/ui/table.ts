// Tables that line up when cells hold Chinese: CJK characters are two columns wide, which
// string-width knows (and String.length does not).
import stringWidth from 'string-width';

export type Cell = string;

export interface TableOptions {
  /** styles a header cell, e.g. bold on a terminal */
  header?: (text: string) => string;
  /** styles a body cell (row index, column index) */
  cell?: (text: string, row: number, column: number) => string;
  gap?: number;
  /** per column; numbers read best aligned right */
  align?: ReadonlyArray<'left' | 'right'>;
  /** put in front of every line */
  indent?: string;
}

export function renderTable(headers: Cell[], rows: Cell[][], options: TableOptions = {}): string {
  const gap = ' '.repeat(options.gap ?? 2);
  const widths = headers.map((header, column) => Math.max(stringWidth(header), ...rows.map((row) => stringWidth(row[column] ?? ''))));
  const line = (cells: Cell[], style: (text: string, column: number) => string): string =>
    cells
      .map((cell, column) => {
        const right = options.align?.[column] === 'right';
        const padded = right ? padStart(cell, widths[column] ?? 0) : column === cells.length - 1 ? cell : padEnd(cell, widths[column] ?? 0);
        return style(padded, column);
      })
      .join(gap)
      .replace(/\s+$/, '')
      .replace(/^/, options.indent ?? '');
  const header = options.header ?? ((text: string) => text);
  const cell = options.cell ?? ((text: string) => text);
  return [line(headers, (text) => header(text)), ...rows.map((row, index) => line(row, (text, column) => cell(text, index, column)))].join('\n') + '\n';
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}

export { stringWidth };
