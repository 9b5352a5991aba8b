// Tables fit the terminal: measured with East Asian widths, cells cut with "…", never wrapped.
import { describe, expect, it } from 'vitest';
import { cut, readableColumns, renderTable, stringWidth } from '../../src/ui/table.js';
import { harness, newComplaintArgs } from '../support/harness.js';

const LONG_NAME = '欧阳'.repeat(150); // 300 characters, 600 columns
const widthsOf = (text: string): number[] =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => stringWidth(line));

describe('tables fit the terminal', () => {
  it.each([80, 120])('list at %i columns, with 300-character names and long descriptions', async (columns) => {
    const h = harness();
    await h.run(newComplaintArgs({ name: LONG_NAME, description: '电梯'.repeat(200), phone: '13812345678' }));
    await h.run(newComplaintArgs({ name: 'Mr ' + 'x'.repeat(297), unit: '', phone: '021-87654321' }));
    for (const lang of ['zh', 'en']) {
      const { stdout } = await h.run(['list', '--lang', lang], { tty: true, columns });
      const lines = stdout.trimEnd().split('\n');
      expect(Math.max(...widthsOf(stdout)), stdout).toBeLessThanOrEqual(columns);
      expect(lines).toHaveLength(4); // the open-first title, the heading, two rows: nothing wrapped
      expect(lines[3]).toContain('…');
      // #1; #2 (received at the same time) is listed first. At 80 columns eleven columns are tight:
      // the free-text ones are narrowed first, then the others.
      expect(lines[3]).toContain(columns >= 120 ? '欧阳' : '欧');
      if (columns >= 120) expect(lines[3]).toMatch(/2026-11-23 10:00/);
      // A phone is under the phone heading, never under the unit's (when the phone column is kept:
      // a narrow terminal leaves it out before it cuts the names and units to nothing).
      const heading = lines[1]!;
      const phoneHeader = lang === 'zh' ? '电话' : 'Phone';
      if (heading.includes(phoneHeader)) {
        const phoneAt = stringWidth(heading.slice(0, heading.indexOf(phoneHeader)));
        const row = lines[2]!;
        const maskedAt = stringWidth(row.slice(0, row.indexOf('021-')));
        expect(maskedAt).toBe(phoneAt);
      } else expect(lines[2]).not.toContain('021-');
      // What is kept is readable: the unit whole, the name and the description a few words long.
      expect(lines[3]).toContain('3-2-1201');
      expect(lines[3]).toContain(columns >= 120 ? '欧阳欧阳' : '欧阳');
    }
  });

  it('leaves a table as wide as its cells when the terminal is wide enough, or not a terminal', async () => {
    const h = harness();
    await h.run(newComplaintArgs({ description: '电梯停运' }));
    const wide = await h.run(['list'], { tty: true, columns: 400 });
    expect(wide.stdout).not.toContain('…');
    expect(wide.stdout).toContain('电梯停运');
    const lines = await h.run(['list']);
    expect(lines.stdout).not.toContain('…');
  });

  it.each([80, 120])(
    'every terminal view fits %i columns, with 300-character names, units and texts',
    async (columns) => {
      const h = harness();
      const description = '电梯经常停运'.repeat(60);
      await h.run(['config', 'office-name', '阳光花园'.repeat(40)]);
      await h.run(
        newComplaintArgs({ name: LONG_NAME, description, unit: '3-2-'.repeat(75), location: '地下车库'.repeat(75) }),
      );
      await h.run(['note', '1', '备注'.repeat(150)]);
      await h.run(['assign', '1', LONG_NAME]);
      const views = [
        ['show', '1'],
        ['overdue', '--at', '2027-01-20 10:00'],
        ['report', '--month', '2026-11'],
        ['report', '--month', '2027-01', '--at', '2027-01-20 10:00'],
        ['calendar', '2026-10'],
        ['config'],
        ['list'],
      ];
      for (const lang of ['zh', 'en']) {
        for (const view of views) {
          const { code, stdout, stderr } = await h.run([...view, '--lang', lang], { tty: true, columns });
          expect(code, stderr).toBe(0);
          expect(Math.max(...widthsOf(stdout)), `${view.join(' ')} --lang ${lang}\n${stdout}`).toBeLessThanOrEqual(
            columns,
          );
        }
      }
      // A details view is read in full: its long values wrap under their label, none is cut.
      const shown = await h.run(['show', '1'], { tty: true, columns });
      expect(shown.stdout.replace(/\s+/g, '')).toContain(description);
      expect(shown.stdout.replace(/\s+/g, '')).toContain('备注'.repeat(150));
      const lines = shown.stdout.split('\n');
      const first = lines.findIndex((line) => line.includes('电梯经常停运'));
      const valueColumn = stringWidth(lines[first]!.slice(0, lines[first]!.indexOf('电梯')));
      const continued = lines.slice(first + 1).filter((line) => /^\s+[电梯经常停运]/.test(line));
      expect(continued.length).toBeGreaterThan(1);
      for (const line of continued) expect(line.length - line.trimStart().length).toBe(valueColumn);
      // Piped, each field stays one line for grep.
      const piped = await h.run(['show', '1']);
      expect(piped.stdout.split('\n').filter((line) => line.includes('电梯'))).toHaveLength(1);
      expect((await h.run(['overdue', '--at', '2027-01-20 10:00'])).stdout).toContain(LONG_NAME);
    },
  );

  it.each([
    ['电梯经常停运', 8, '电梯经…'],
    ['电梯经常停运', 12, '电梯经常停运'],
    ['abcdef', 4, 'abc…'],
    ['a电梯', 4, 'a电…'],
    ['line\nbreak', 20, 'line break'],
  ])('cut(%j, %i) = %j', (text, width, expected) => {
    expect(cut(text, width)).toBe(expected);
    expect(stringWidth(cut(text, width))).toBeLessThanOrEqual(width);
  });

  it('leaves columns out, an empty one first, rather than cut every cell to nothing', () => {
    const headers = ['#', 'channel', 'phone', 'name', 'text'];
    const rows = [['1', 'phone', '', '王先生', '电梯经常停运已经三天了'.repeat(3)]];
    const all = readableColumns(headers, rows, { maxWidth: 200, flexible: [4], dropOrder: [1, 2] });
    expect(all).toEqual([0, 1, 2, 3, 4]);
    // Too narrow for all: the empty phone column goes first, then the channel.
    expect(readableColumns(headers, rows, { maxWidth: 36, flexible: [4], dropOrder: [1, 2] })).toEqual([0, 1, 3, 4]);
    expect(readableColumns(headers, rows, { maxWidth: 30, flexible: [4], dropOrder: [1, 2] })).toEqual([0, 3, 4]);
    // Nothing more to leave out: the rest is cut to fit by renderTable.
    expect(readableColumns(headers, rows, { maxWidth: 10, flexible: [4], dropOrder: [1, 2] })).toEqual([0, 3, 4]);
  });

  it('narrows the widest columns first', () => {
    const table = renderTable(['id', 'name', 'text'], [['1', '王先生', '很长的描述'.repeat(10)]], { maxWidth: 40 });
    expect(widthsOf(table).every((width) => width <= 40)).toBe(true);
    expect(table).toContain('王先生');
  });
});
