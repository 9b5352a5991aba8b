// What is waiting: `list --open`, `--status` as a comma list and repeated, and a bare `list` on a
// terminal leading with what is open.
import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { harness, newComplaintArgs } from '../support/harness.js';

/** #1 received (oldest), #2 replied, #3 escalated, #4 closed, #5 voided, #6 received (newest). */
async function seeded(): Promise<Harness> {
  const h = harness();
  const ok = async (args: string[]): Promise<void> => {
    const result = await h.run(args);
    if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  };
  for (let day = 1; day <= 6; day += 1) await ok(newComplaintArgs({ at: `2026-11-0${day} 09:00`, name: `业主${day}` }));
  await ok(['reply', '2', '--method', 'phone', '--message', '已处理', '--at', '2026-11-02 10:00']);
  await ok([
    'escalate',
    '3',
    '--to',
    '工程部',
    '--promise',
    '2026-11-30',
    '--message',
    '需订购配件',
    '--at',
    '2026-11-03 10:00',
  ]);
  await ok(['reply', '4', '--method', 'phone', '--message', '已处理', '--at', '2026-11-04 10:00']);
  await ok(['close', '4', '--result', '已修好', '--cause', 'equipment', '--at', '2026-11-04 11:00']);
  await ok(['void', '5', '--reason', '误登记', '--at', '2026-11-05 10:00']);
  return h;
}

const ids = async (h: Harness, flags: string[]): Promise<number[]> =>
  (await h.json(['list', ...flags])).map((c: { id: number }) => c.id);

describe('what is waiting', () => {
  it.each([
    [['--open'], [6, 3, 2, 1]],
    [
      ['--status', 'received'],
      [6, 1],
    ],
    [
      ['--status', 'received,replied'],
      [6, 2, 1],
    ],
    [
      ['--status', 'received', '--status', 'closed'],
      [6, 4, 1],
    ],
    [
      ['--status', 'received，voided'],
      [6, 5, 1],
    ],
    [
      ['--status', ' replied , escalated '],
      [3, 2],
    ],
    [
      ['--status', 'received,received'],
      [6, 1],
    ],
    [['--open', '--status', 'replied,closed'], [2]],
    [['--open', '--status', 'closed'], []],
    [
      ['--open', '--month', '2026-11', '--search', '电梯'],
      [6, 3, 2, 1],
    ],
  ])('%j', async (flags, expected) => {
    expect(await ids(await seeded(), flags)).toEqual(expected);
  });

  it('export takes the same flags', async () => {
    const h = await seeded();
    const exported = await h.run([
      'export',
      '--format',
      'json',
      '--open',
      '--status',
      'received',
      '--status',
      'escalated',
    ]);
    expect(JSON.parse(exported.stdout).map((c: { id: number }) => c.id)).toEqual([1, 3, 6]); // a ledger's order
  });

  it('a bare list on a terminal leads with what is open, and says so', async () => {
    const h = await seeded();
    const { stdout } = await h.run(['list'], { tty: true });
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Open first (awaiting reply, replied, escalated), then the rest; newest first in each');
    expect(lines.slice(2).map((line) => Number(line.split(/\s+/)[0]))).toEqual([6, 3, 2, 1, 5, 4]);
    // Filtered, or for scripts, the order is the newest first as before, with no title.
    const filtered = await h.run(['list', '--status', 'received,closed'], { tty: true });
    expect(filtered.stdout).not.toContain('Open first');
    expect(await ids(h, [])).toEqual([6, 5, 4, 3, 2, 1]);
    // The screen's 50 are the open ones first.
    const few = await h.run(['list', '--limit', '3'], { tty: true });
    expect(
      few.stdout
        .trimEnd()
        .split('\n')
        .slice(2)
        .map((line) => Number(line.split(/\s+/)[0])),
    ).toEqual([6, 3, 2]);
  });

  it.each([
    [['--status', 'bogus'], 'Unknown status "bogus"'],
    [['--status', 'received,bogus'], 'Unknown status "bogus"'],
    [['--status', 'received', '--status', ''], 'Unknown status ""'],
    [['--status', ','], 'Unknown status ","'],
  ])('refuses %j', async (flags, words) => {
    const result = await (await seeded()).run(['list', ...flags]);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toContain(words);
  });
});
