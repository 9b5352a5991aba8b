// Tables fit the terminal: measured with East Asian widths, cells cut with "…", never wrapped.
import { describe, expect, it } from 'vitest';
import { cut, renderTable, stringWidth } from '../../src/ui/table.js';
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
      // A phone is under the phone heading, never under the unit's.
      const heading = lines[1]!;
      const phoneAt = stringWidth(heading.slice(0, heading.indexOf(lang === 'zh' ? '电话' : 'Phone')));
      const row = lines[2]!;
      const maskedAt = stringWidth(row.slice(0, row.indexOf('021-')));
      expect(maskedAt).toBe(phoneAt);
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

  it('config and report fit too', async () => {
    const h = harness();
    await h.run(['config', 'office-name', '阳光花园'.repeat(40)]);
    const config = await h.run(['config'], { tty: true, columns: 80 });
    expect(Math.max(...widthsOf(config.stdout))).toBeLessThanOrEqual(80);
    await h.run(newComplaintArgs({ name: LONG_NAME }));
    const report = await h.run(['report', '--month', '2026-11', '--as', LONG_NAME], { tty: true, columns: 80 });
    expect(report.code, report.stderr).toBe(0);
  });

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

  it('narrows the widest columns first', () => {
    const table = renderTable(['id', 'name', 'text'], [['1', '王先生', '很长的描述'.repeat(10)]], { maxWidth: 40 });
    expect(widthsOf(table).every((width) => width <= 40)).toBe(true);
    expect(table).toContain('王先生');
  });
});
