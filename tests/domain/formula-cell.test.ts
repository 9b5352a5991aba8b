// Cells a spreadsheet would run as formulas get an apostrophe in CSV and Markdown, and lose it again on import.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formulaSafe, fromFormulaSafe } from '../../src/domain/formula-cell.js';

describe('formulaSafe', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+86 138-1234-5678', "'+86 138-1234-5678"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-连续三天', "'-连续三天"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    // OWASP's own example: a minus and a digit, but not a number.
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['-', "'-"],
    // An apostrophe in front of a formula is kept, so that the import gives back what was written.
    ["'=1+1", "''=1+1"],
    ["''@x", "'''@x"],
  ])('writes %j as %j', (cell, written) => {
    expect(formulaSafe(cell)).toBe(written);
    expect(fromFormulaSafe(written)).toBe(cell);
  });

  it.each([
    '-5',
    '-3.5',
    '+2',
    '-0.25',
    '1e-7',
    '电梯停运',
    '3-2-1201',
    '021-12345678',
    "'plain",
    "'-5",
    "'",
    '',
    ' =1',
  ])('leaves %j alone (numbers are data; a cell not starting like a formula is plain)', (cell) => {
    expect(formulaSafe(cell)).toBe(cell);
    expect(fromFormulaSafe(cell)).toBe(cell);
  });

  it('is undone by fromFormulaSafe, whatever the text', () => {
    const text = fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', '1', '.', 'e', 'a', '王') });
    fc.assert(fc.property(text, (cell) => fromFormulaSafe(formulaSafe(cell)) === cell));
    // What is written never starts like a formula, but for a signed number ("+1", "-5": data).
    const signedNumber = /^[+-](?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
    fc.assert(
      fc.property(text, (cell) => !/^[=+\-@\t\r]/.test(formulaSafe(cell)) || signedNumber.test(formulaSafe(cell))),
    );
  });
});
