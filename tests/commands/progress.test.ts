// Progress bars for long work, on a pretend terminal (stderr) with a clock that moves a fixed step
// each time it is read: nothing without a terminal, nothing under a second, redrawn at most ten
// times a second, reaching the total, and gone before the next line (a summary, an error).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgressDraw } from '../support/harness.js';
import { fakeProgress, harness } from '../support/harness.js';
import { cliProgressSink, progressLine } from '../../src/ui/progress.js';
import { stringWidth } from '../../src/ui/table.js';

/** A ledger of `rows` complaints, received one a minute on working days of October 2026. */
function ledger(rows: number, last = ''): string {
  const lines = ['受理时间,渠道,类别,业主,房号,电话,内容'];
  for (let index = 0; index < rows; index += 1) {
    const day = String(1 + (index % 28)).padStart(2, '0');
    const minute = String(index % 60).padStart(2, '0');
    lines.push(
      `2026-10-${day} ${9 + (Math.floor(index / 60) % 8)}:${minute},电话,设备设施,业主${index},1-1-${100 + (index % 900)},,电梯停运 ${index}`,
    );
  }
  if (last !== '') lines.push(last);
  return lines.join('\n') + '\n';
}

const updates = (draws: ProgressDraw[]): ProgressDraw[] => draws.filter((draw) => draw.call !== 'stop');

/** Draws come at least 100 ms apart, except a new stage's first (drawn at once) and the last before the bar goes. */
function expectThrottled(draws: ProgressDraw[]): void {
  const shown = updates(draws).slice(0, -1);
  for (let index = 1; index < shown.length; index += 1) {
    if (shown[index]!.label === shown[index - 1]!.label || shown[index]!.label === undefined) {
      expect(shown[index]!.at - shown[index - 1]!.at).toBeGreaterThanOrEqual(100);
    }
  }
}

describe('import on a terminal', () => {
  it('shows nothing when the work takes less than a second', async () => {
    const h = harness();
    h.files.set('ledger.csv', ledger(300));
    const quick = fakeProgress(1);
    const result = await h.run(['import', 'ledger.csv', '--commit'], { progress: quick });
    expect(result.code, result.stderr).toBe(0);
    expect(quick.draws).toEqual([]);
  });

  it('past a second, counts the rows read of the rows below the header, up to the total, and clears the bar before the summary', async () => {
    const h = harness();
    h.files.set('ledger.csv', ledger(3000));
    const slow = fakeProgress(1);
    const result = await h.run(['import', 'ledger.csv', '--commit'], { progress: slow });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('3000 row(s)');
    const [first] = slow.draws;
    expect(first).toMatchObject({ call: 'start', label: 'Importing rows', total: 3000, counts: true });
    expect(first!.at).toBeGreaterThan(1000);
    expect(first!.done).toBeGreaterThan(900);
    const shown = updates(slow.draws);
    // Redrawn about ten times a second over the two seconds the rows took on this clock.
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(25);
    expectThrottled(slow.draws);
    expect(shown.map((draw) => draw.done)).toEqual([...shown.map((draw) => draw.done!)].sort((a, b) => a - b));
    expect(shown.at(-1)).toMatchObject({ done: 3000, total: 3000 });
    expect(slow.draws.at(-1)).toMatchObject({ call: 'stop', stderr: '' });
  });

  it('is labelled in the user language', async () => {
    const h = harness();
    h.files.set('台账.csv', ledger(1500));
    const slow = fakeProgress(1);
    expect((await h.run(['import', '台账.csv', '--lang', 'zh'], { progress: slow })).code).toBe(0);
    expect(slow.draws[0]).toMatchObject({ call: 'start', label: '导入' });
  });

  it('clears the bar before the error line when the import is refused', async () => {
    const h = harness();
    h.files.set('ledger.csv', ledger(2000, '2026-10-30 09:00,电话,设备设施,业主,1-1-101,,'));
    const slow = fakeProgress(1);
    const result = await h.run(['import', 'ledger.csv', '--commit'], { progress: slow });
    expect(result.code).toBe(1);
    expect(slow.draws.at(-1)).toMatchObject({ call: 'stop', stderr: '' });
    expect(result.stderr).toMatch(/^✗ /);
    expect(await h.json(['list'])).toEqual([]);
  });

  it('without a terminal on stderr draws nothing (the harness refuses to open a bar)', async () => {
    const h = harness();
    h.files.set('ledger.csv', ledger(3000));
    const result = await h.run(['import', 'ledger.csv', '--commit']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('export on a terminal', () => {
  async function office(rows: number) {
    const h = harness();
    h.files.set('ledger.csv', ledger(rows));
    expect((await h.run(['import', 'ledger.csv', '--commit'])).code).toBe(0);
    return h;
  }

  it('counts the rows written of those the filters select; stdout stays the same data', async () => {
    const h = await office(2500);
    const plain = await h.run(['export', '--format', 'csv']);
    const slow = fakeProgress(1);
    const watched = await h.run(['export', '--format', 'csv'], { progress: slow });
    expect(watched).toEqual(plain);
    expect(slow.draws[0]).toMatchObject({ call: 'start', label: 'Exporting', total: 2500 });
    expect(updates(slow.draws).at(-1)).toMatchObject({ done: 2500, total: 2500 });
    expect(slow.draws.at(-1)).toMatchObject({ call: 'stop', stderr: '' });
    expectThrottled(slow.draws);

    const closed = fakeProgress(1);
    await h.run(['export', '--format', 'json', '--status', 'received'], { progress: closed });
    expect(closed.draws[0]).toMatchObject({ total: 2500 });
    const none = fakeProgress(1);
    await h.run(['export', '--format', 'json', '--status', 'closed'], { progress: none });
    expect(none.draws).toEqual([]);
  });

  it('an Excel file: the rows read, then a stage of its own while the workbook is written', async () => {
    const h = await office(300);
    const slow = fakeProgress(10);
    expect((await h.run(['export', '--output', 'all.xlsx'], { progress: slow })).code).toBe(0);
    const labels = updates(slow.draws).map((draw) => draw.label);
    expect(labels[0]).toBe('Exporting');
    expect(labels.at(-1)).toBe('Exporting · writing the workbook');
    expect(updates(slow.draws).at(-1)).toMatchObject({ done: 300, total: 300 });
  });

  it('draws no bar into rows printed on the terminal itself, and counts nothing without a terminal', async () => {
    const h = await office(1500);
    const slow = fakeProgress(1);
    expect((await h.run(['export', '--format', 'csv'], { progress: slow, tty: true })).code).toBe(0);
    expect(slow.draws).toEqual([]);
    // The total is counted only for a bar: scripts do not pay for it.
    h.store.countComplaints = () => {
      throw new Error('counted without a bar');
    };
    expect((await h.run(['export', '--format', 'csv'])).code).toBe(0);
  });
});

describe('backup, restore and doctor on a terminal', () => {
  async function office() {
    const folder = mkdtempSync(join(tmpdir(), 'complaint-progress-'));
    const h = harness({ path: join(folder, 'office.db') });
    h.files.set('ledger.csv', ledger(200));
    expect((await h.run(['import', 'ledger.csv', '--commit'])).code).toBe(0);
    return { h, folder };
  }

  it('backup: the copy, then its check, as a share of the whole; cleared before the summary', async () => {
    const { h, folder } = await office();
    // A slow clock (0.7 s a reading): the bar is due at the third report.
    const slow = fakeProgress(700);
    const result = await h.run(['backup', join(folder, 'backup.db')], { progress: slow });
    expect(result.code, result.stderr).toBe(0);
    expect(slow.draws[0]).toMatchObject({ call: 'start', label: 'Backing up', total: 1, counts: false });
    expect(slow.draws.some((draw) => draw.label === 'Backing up · checking')).toBe(true);
    expect(updates(slow.draws).at(-1)).toMatchObject({ done: 1, total: 1 });
    expect(slow.draws.at(-1)).toMatchObject({ call: 'stop', stderr: '' });
    expect(result.stderr).toMatch(/^Backed up 200 complaints/);
  });

  it('restore: checked, copied in, the current ledger set aside, the tables written — one bar that only moves forward', async () => {
    const { h, folder } = await office();
    expect((await h.run(['backup', join(folder, 'backup.db')])).code).toBe(0);
    const slow = fakeProgress(700);
    const result = await h.run(['restore', join(folder, 'backup.db'), '--yes'], { progress: slow });
    expect(result.code, result.stderr).toBe(0);
    const shown = updates(slow.draws);
    expect(shown[0]).toMatchObject({
      call: 'start',
      label: expect.stringMatching(/^Restoring/),
      total: 1,
      counts: false,
    });
    expect(new Set(shown.map((draw) => draw.label))).toEqual(new Set(['Restoring', 'Restoring · checking']));
    const done = shown.map((draw) => draw.done!);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(shown.at(-1)).toMatchObject({ done: 1, total: 1 });
    expect(slow.draws.at(-1)).toMatchObject({ call: 'stop', stderr: '' });
    expect(result.stderr).toMatch(/^Restored 200 complaints/);
  });

  it('doctor: its checks, one by one', async () => {
    const { h } = await office();
    const slow = fakeProgress(400);
    const result = await h.run(['doctor', '--lang', 'zh'], { progress: slow });
    expect(result.code, result.stdout).toBe(0);
    expect(slow.draws[0]).toMatchObject({ call: 'start', label: '检查', total: 7 });
    expect(updates(slow.draws).at(-1)).toMatchObject({ done: 7, total: 7 });
    expect(slow.draws.at(-1)).toMatchObject({ call: 'stop', stderr: '' });
  });
});

describe('the bar line', () => {
  it.each([
    ['Importing rows', 1234, 2000, 80, true, /^Importing rows █+░+ 61% 1,234\/2,000$/],
    ['导入', 1234, 2000, 80, true, /^导入 █+░+ 61% 1,234\/2,000$/],
    ['备份 · 校验', 0.5, 1, 80, false, /^备份 · 校验 █+░+ 50%$/],
    ['Exporting', 5, undefined, 80, true, /^Exporting 5$/],
    ['导入', 999_999, 1_000_000, 30, true, /^导入 99% 999,999\/1,000,000$/],
    ['导入', 999_999, 1_000_000, 24, true, /^导入 99%$/],
  ])('%s %s/%s at %i columns', (label, done, total, columns, counts, expected) => {
    const line = progressLine(label, done, total, columns, counts);
    expect(line).toMatch(expected);
    expect(stringWidth(line)).toBeLessThan(columns);
  });

  it('fits a narrow terminal in East Asian widths: the label cut with …, the percentage kept', () => {
    const line = progressLine('恢复 · 校验恢复 · 校验', 1, 2, 12, false);
    expect(line).toBe('恢复 ·… 50%');
    expect(stringWidth(line)).toBeLessThanOrEqual(11);
  });

  it('is drawn by cli-progress on one line and cleared when stopped', () => {
    const written: string[] = [];
    const sink = cliProgressSink({ write: (text) => void written.push(text), columns: () => 40 });
    sink.start('导出', 10, 100, true);
    sink.update(50, 100, '导出');
    sink.stop();
    const screen = written.join('');
    expect(screen).toContain('导出');
    expect(screen).toContain('50% 50/100');
    expect(screen).not.toContain('\n');
    // The line is erased at the end (ESC [2K): the next message starts on a clean line.
    expect(screen.endsWith('\u001b[2K')).toBe(true);
  });
});
