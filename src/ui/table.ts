// Tables that line up when cells hold Chinese: CJK characters are two columns wide, which
// string-width knows (and String.length does not).
import { eastAsianWidth } from 'get-east-asian-width';
import fullStringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

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
  /**
   * The terminal's width: a wider table has its widest columns narrowed until it fits, and their
   * cells cut with "…" (never wrapped). Undefined: as wide as the cells.
   */
  maxWidth?: number;
  /** the columns narrowed first (free text); the others only once these are at their narrowest */
  flexible?: readonly number[];
}

/** A column is never narrowed below this many display columns (its heading may be cut too). */
const MIN_COLUMN = 4;

/** A free-text column narrower than this (six Chinese characters) no longer says much. */
const READABLE_TEXT = 12;

/**
 * The columns a terminal table keeps so that it can be read at `maxWidth`: every column whole
 * except the free-text ones (`flexible`), which keep at least a few words. When they cannot all
 * fit, the columns of `dropOrder` are left out one by one, an empty one first of all (a phone
 * column with no phone in it says nothing). Cutting every cell to four columns would fit, and
 * show nothing.
 */
export function readableColumns(
  headers: Cell[],
  rows: Cell[][],
  options: { maxWidth: number; flexible: readonly number[]; dropOrder: readonly number[]; gap?: number },
): number[] {
  const gap = options.gap ?? 2;
  const natural = headers.map((header) => stringWidth(header));
  const filled = headers.map(() => false);
  for (const cells of rows) {
    cells.forEach((text, column) => {
      if (text !== '') filled[column] = true;
      natural[column] = Math.max(natural[column]!, stringWidth(text));
    });
  }
  const need = (kept: readonly number[]): number =>
    kept.reduce(
      (sum, column) =>
        sum + (options.flexible.includes(column) ? Math.min(natural[column]!, READABLE_TEXT) : natural[column]!),
      0,
    ) +
    gap * (kept.length - 1);
  let kept = headers.map((_, column) => column);
  const order = [
    ...options.dropOrder.filter((column) => !filled[column]),
    ...options.dropOrder.filter((column) => filled[column]),
  ];
  for (const column of order) {
    if (need(kept) <= options.maxWidth) break;
    kept = kept.filter((other) => other !== column);
  }
  return kept;
}

export function renderTable(headers: Cell[], rows: Cell[][], options: TableOptions = {}): string {
  const gap = ' '.repeat(options.gap ?? 2);
  // A report's table has thousands of cells, a list's hundreds of thousands: each is measured once,
  // into an array a row beside its texts (no object a cell), and a row's texts are copied only when
  // one of them is cut.
  const texts = [headers, ...rows];
  const measured = texts.map((cells) => cells.map(stringWidth));
  // A loop, not Math.max(...column): spreading a column of 300,000 rows into arguments overflows the stack.
  const widths = headers.map(() => 0);
  for (const cellWidths of measured) {
    for (let column = 0; column < widths.length; column++)
      widths[column] = Math.max(widths[column]!, cellWidths[column] ?? 0);
  }
  if (options.maxWidth !== undefined) {
    const room = options.maxWidth - stringWidth(options.indent ?? '') - gap.length * (widths.length - 1);
    if (options.flexible !== undefined) fitWidths(widths, room, options.flexible);
    fitWidths(
      widths,
      room,
      widths.map((_, column) => column),
    );
    texts.forEach((cells, row) => {
      const cellWidths = measured[row]!;
      let kept = cells;
      cellWidths.forEach((width, column) => {
        if (width <= widths[column]!) return;
        if (kept === cells) texts[row] = kept = [...cells];
        kept[column] = cut(kept[column]!, widths[column]!);
        cellWidths[column] = stringWidth(kept[column]);
      });
    });
  }
  const { header, cell } = options;
  const indent = options.indent ?? '';
  const right = headers.map((_, column) => options.align?.[column] === 'right');
  const lines = texts.map((cells, row) => {
    const cellWidths = measured[row]!;
    let line = indent;
    for (let column = 0; column < cells.length; column++) {
      const text = cells[column]!;
      const room = spaces((widths[column] ?? 0) - cellWidths[column]!);
      let padded = right[column] ? room + text : column === cells.length - 1 ? text : text + room;
      if (row === 0) padded = header === undefined ? padded : header(padded);
      else if (cell !== undefined) padded = cell(padded, row - 1, column);
      line += column === 0 ? padded : gap + padded;
    }
    return line.trimEnd();
  });
  return lines.join('\n') + '\n';
}

const PADDING = ' '.repeat(80);

/** `count` spaces (none for a negative count); a table's padding is almost always under 80. */
function spaces(count: number): string {
  return count <= 0 ? '' : count <= PADDING.length ? PADDING.slice(0, count) : ' '.repeat(count);
}

/** Narrows the widest of `columns` step by step until all fit in `room` (or none of them can give more). */
function fitWidths(widths: number[], room: number, columns: readonly number[]): void {
  let total = widths.reduce((sum, width) => sum + width, 0);
  while (total > room) {
    let widest = -1;
    for (const column of columns) {
      if (widths[column]! > MIN_COLUMN && (widest < 0 || widths[column]! > widths[widest]!)) widest = column;
    }
    if (widest < 0) return;
    const others = columns.filter((column) => column !== widest).map((column) => widths[column]!);
    const second = Math.max(MIN_COLUMN, ...others);
    const step = Math.max(1, Math.min(total - room, widths[widest]! - second));
    widths[widest] = widths[widest]! - step;
    total -= step;
  }
}

/** The text cut to `width` display columns, its last one "…"; a wide character never split. */
export function cut(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  if (stringWidth(flat) <= width) return flat;
  let used = 0;
  let kept = '';
  for (const character of flat) {
    const next = stringWidth(character);
    if (used + next > width - 1) break;
    kept += character;
    used += next;
  }
  return kept + '…';
}

/**
 * Text for a details view on a terminal (`show`): the whole text, broken into lines of at most
 * `width` display columns (CJK two wide, colours kept), each line after the first put behind
 * `indent` so that it stays under its label. A details view is read in full, so it wraps where a
 * table cell is cut. Undefined width (not a terminal): the text as it is.
 */
export function hang(text: string, width: number | undefined, indent: string): string {
  if (width === undefined) return text;
  return wrapAnsi(text, Math.max(8, width), { hard: true })
    .split('\n')
    .join('\n' + indent);
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - stringWidth(text))) + text;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Characters whose width depends on their neighbours: combining marks, joiners, variation selectors, emoji (surrogates), controls. */
const NEEDS_GRAPHEMES =
  /[\u0000-\u001f\u007f-\u009f\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0e31-\u0e3a\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200f\u20d0-\u20ff\u2600-\u27bf\ufe00-\ufe0f\ufe20-\ufe2f\ud800-\udfff]/;

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
