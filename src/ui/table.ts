// Tables that line up when cells hold Chinese: CJK characters are two columns wide, which
// string-width knows (and String.length does not).
import { eastAsianWidth } from 'get-east-asian-width';
import fullStringWidth from 'string-width';

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
  // Every cell is measured once: a report's table has thousands of them.
  const measured = [headers, ...rows].map((cells) => cells.map((text) => ({ text, width: stringWidth(text) })));
  // A loop, not Math.max(...column): spreading a column of 300,000 rows into arguments overflows the stack.
  const widths = headers.map(() => 0);
  for (const cells of measured) {
    widths.forEach((width, column) => (widths[column] = Math.max(width, cells[column]?.width ?? 0)));
  }
  const header = options.header ?? ((text: string) => text);
  const cell = options.cell ?? ((text: string) => text);
  const indent = options.indent ?? '';
  const lines = measured.map((cells, index) => {
    const style = index === 0 ? (text: string) => header(text) : (text: string, column: number) => cell(text, index - 1, column);
    return (
      indent +
      cells
        .map(({ text, width }, column) => {
          const room = ' '.repeat(Math.max(0, (widths[column] ?? 0) - width));
          const padded = options.align?.[column] === 'right' ? room + text : column === cells.length - 1 ? text : text + room;
          return style(padded, column);
        })
        .join(gap)
        .trimEnd()
    );
  });
  return lines.join('\n') + '\n';
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Characters whose width depends on their neighbours: combining marks, joiners, variation selectors, emoji (surrogates), controls. */
const NEEDS_GRAPHEMES = /[\u0000-\u001f\u007f-\u009f\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0e31-\u0e3a\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200f\u20d0-\u20ff\u2600-\u27bf\ufe00-\ufe0f\ufe20-\ufe2f\ud800-\udfff]/;

/**
 * Display columns of a cell. string-width segments every string into graphemes, which costs
 * microseconds a cell — a report's thousand-row table spent most of its time there. Plain text
 * (ASCII, CJK, full-width punctuation) is measured a code point at a time with the same
 * East-Asian-width table; anything else still goes to string-width.
 */
export function stringWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  if (NEEDS_GRAPHEMES.test(text)) return fullStringWidth(text);
  let width = 0;
  for (let index = 0; index < text.length; index += 1) width += eastAsianWidth(text.charCodeAt(index));
  return width;
}
