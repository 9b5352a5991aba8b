import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { harness, newComplaintArgs } from '../support/harness.js';

/** Three complaints: #1 Oct 31 23:30 (office time), #2 Nov 1 00:10, #3 Nov 23 by another clerk. */
async function seeded(): Promise<Harness> {
  const h = harness();
  await h.run(newComplaintArgs({ at: '2026-10-31 23:30' }));
  await h.run(
    newComplaintArgs({
      at: '2026-11-01 00:10',
      channel: 'letter',
      category: 'fee',
      subcategory: 'shared',
      name: '李女士',
      unit: '1-1-101',
    }),
  );
  await h.run([
    ...newComplaintArgs({ at: '2026-11-23 09:00', category: 'service', subcategory: 'attitude', name: '张先生' }),
    '--as',
    'clerk-b',
  ]);
  return h;
}

describe('complaint list', () => {
  it('lists newest first', async () => {
    const h = await seeded();
    expect((await h.json(['list'])).map((c: { id: number }) => c.id)).toEqual([3, 2, 1]);
  });

  it.each([
    [['--category', 'fee'], [2]],
    [
      ['--channel', 'phone'],
      [3, 1],
    ],
    [['--owner', 'clerk-b'], [3]],
    [
      ['--status', 'received'],
      [3, 2, 1],
    ],
    [['--status', 'closed'], []],
    [['--month', '2026-10'], [1]],
    [
      ['--month', '2026-11'],
      [3, 2],
    ],
    [['--overdue'], [2, 1]],
    [
      ['--overdue', '--at', '2026-11-25 00:00'],
      [2, 1],
    ],
    [
      ['--overdue', '--at', '2026-11-25 00:01'],
      [3, 2, 1],
    ],
  ])('filters %j', async (flags, ids) => {
    const h = await seeded();
    expect((await h.json(['list', ...flags])).map((c: { id: number }) => c.id)).toEqual(ids);
  });

  it('counts a complaint in its month of receipt on the office clock, even after the office zone changes', async () => {
    const h = await seeded();
    await h.run(['config', 'timezone', 'UTC']);
    // #1 was received at 23:30 on 31 October in Shanghai (15:30 UTC): October it stays.
    expect((await h.json(['list', '--month', '2026-10'])).map((c: { id: number }) => c.id)).toEqual([1]);
    await h.run(newComplaintArgs({ at: '2026-10-31 20:00' })); // office time is now UTC: October (in Shanghai it was November)
    expect((await h.json(['list', '--month', '2026-10'])).map((c: { id: number }) => c.id)).toEqual([4, 1]);
  });

  it('shows the newest 50 on a terminal and says more match; lines and JSON are never cut unasked', async () => {
    const h = harness();
    for (let day = 1; day <= 52; day += 1)
      await h.run(
        newComplaintArgs({
          at: `2026-09-${String((day % 30) + 1).padStart(2, '0')} ${String(8 + Math.floor(day / 30)).padStart(2, '0')}:00`,
        }),
      );
    const screen = await h.run(['list'], { tty: true });
    expect(screen.stdout.trimEnd().split('\n')).toHaveLength(2 + 50); // the open-first title, the heading, 50 rows
    expect(screen.stderr).toBe('The newest 50 are shown; more match. Narrow it with a filter, or --limit 0 for all.\n');
    const all = await h.run(['list', '--limit', '0'], { tty: true });
    expect([all.stdout.trimEnd().split('\n').length, all.stderr]).toEqual([2 + 52, '']);
    const exact = await h.run(['list', '--limit', '52'], { tty: true });
    expect(exact.stderr).toBe('');
    // The newest first, cut at the limit, whatever the output.
    const newest = (await h.json(['list'])).map((c: { id: number }) => c.id);
    expect(newest).toHaveLength(52);
    expect((await h.json(['list', '--limit', '3'])).map((c: { id: number }) => c.id)).toEqual(newest.slice(0, 3));
    expect((await h.run(['list'])).stdout.trimEnd().split('\n')).toHaveLength(52);
    expect(
      (await h.run(['list', '--limit', '5'])).stdout
        .trimEnd()
        .split('\n')
        .map((line) => Number(line.split('\t')[0])),
    ).toEqual(newest.slice(0, 5));
  });

  it('writes JSON a piece at a time, laid out as one JSON.stringify of the whole list would be', async () => {
    const h = await seeded();
    const { stdout } = await h.run(['list', '--json']);
    expect(stdout).toBe(JSON.stringify(JSON.parse(stdout), null, 2) + '\n');
  });

  it('prints nothing and exits 0 when nothing matches; JSON is []', async () => {
    const h = harness();
    expect(await h.run(['list'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await h.run(['list', '--json'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect((await h.run(['list'], { tty: true })).stderr).toBe('No complaints match.\n');
  });

  it('prints tab-separated lines without a terminal', async () => {
    const h = await seeded();
    const lines = (await h.run(['list', '--category', 'fee'])).stdout.split('\n');
    expect(lines[0]!.split('\t')).toEqual([
      '2',
      'received',
      '2026-11-01T00:10:00+08:00',
      'letter',
      'fee',
      'shared',
      '李女士',
      '1-1-101',
      '138****5678',
      'clerk-a',
      '2026-11-05T00:00:00+08:00',
      'overdue',
      '0',
      '',
    ]);
  });

  it('masks phone numbers unless --full; show and --json keep them whole', async () => {
    const h = await seeded();
    await h.run([
      'new',
      '--channel',
      'phone',
      '--category',
      'service',
      '--name',
      '赵先生',
      '--phone',
      '021-12345678',
      '--description',
      '无房号',
    ]);
    const table = (await h.run(['list', '--category', 'service'], { tty: true })).stdout;
    expect(table).toContain('021-****5678');
    expect(table).not.toContain('12345678');
    expect((await h.run(['list', '--category', 'fee', '--full'])).stdout.split('\t')[8]).toBe('13812345678');
    expect((await h.run(['list', '--category', 'service', '--full'], { tty: true })).stdout).toContain('021-12345678');
    expect((await h.json(['list', '--category', 'fee']))[0].complainant.phone).toBe('13812345678');
    expect((await h.run(['show', '2'])).stdout).toContain('13812345678');
  });

  it('prints a table with Chinese aligned on a terminal', async () => {
    const h = await seeded();
    const { stdout } = await h.run(['list', '--lang', 'zh'], { tty: true });
    const lines = stdout.trimEnd().split('\n');
    // A bare list leads with what is open, and says so above the table.
    expect(lines.shift()).toBe('未结的投诉在前（待回复、已回复、已上报），其后为其余投诉；各按最新在前');
    expect(lines[0]).toMatch(
      /^#\s+状态\s+受理时间\s+渠道\s+类别\s+投诉人\s+房号\s+电话\s+负责人\s+回复期限\s+投诉内容$/,
    );
    expect(lines[1]).toContain('管理服务/态度');
    expect(lines[1]).toContain('还剩');
    expect(lines[3]).toContain('已超时');
    // Every row starts its "received" column at the same display column as the heading.
    const { default: stringWidth } = await import('string-width');
    const column = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text)));
    expect(column(lines[1]!, '2026-')).toBe(column(lines[0]!, '受理时间'));
    expect(column(lines[2]!, '来函')).toBe(column(lines[0]!, '渠道'));
  });

  it.each([
    [['--month', '2026-13'], 'Month "2026-13" not understood; accepted: YYYY-MM such as 2026-11'],
    [['--month', '26-11'], 'Month "26-11" not understood'],
    [['--status', 'open'], 'Unknown status "open"; accepted: received, replied, escalated, closed, voided'],
    [['--category', 'noise'], 'Unknown category "noise"'],
  ])('refuses %j with exit 2', async (flags, message) => {
    const h = harness();
    const result = await h.run(['list', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('complaint show', () => {
  it('prints every field, the deadline state and the history', async () => {
    const h = await seeded();
    const { stdout, code } = await h.run(['show', '3'], { tty: true });
    expect(code).toBe(0);
    expect(stdout).toContain('#3');
    expect(stdout).toMatch(/Reply by\s+Tue 24 Nov, 24:00/);
    expect(stdout).toMatch(/Deadline\s+due in 1 working day/);
    expect(stdout).toMatch(/Owner\s+clerk-b/);
    expect(stdout).toMatch(
      /History\n {2}2026-11-23 09:00 {2}clerk-b {3}received \(Phone\); reply within 1 working day\(s\), by Tue 24 Nov, 24:00/,
    );
  });

  it("words the history in the reader's language, punctuation included", async () => {
    const h = await seeded();
    await h.run(['escalate', '3', '--to', '工程部', '--promise', '2026-11-30', '--message', '需更换配件']);
    // Before any reply, the escalation was the owner's reply, and the history says so.
    expect((await h.run(['show', '3', '--lang', 'zh'])).stdout).toContain(
      '上报 工程部，承诺 11月30日（周一）24:00 前解决：需更换配件（已电话告知业主，即为回复）\n',
    );
    expect((await h.run(['show', '3'])).stdout).toContain(
      'escalated to 工程部, promised by Mon 30 Nov, 24:00: 需更换配件 — the owner was told by phone: the reply\n',
    );
  });

  it('marks the result and cause of a reopened complaint as from before the reopening; its opinion is history', async () => {
    const h = await seeded();
    await h.run(['reply', '3', '--method', 'phone', '--message', '已修复', '--satisfaction', 'satisfied']);
    await h.run(['close', '3', '--result', '更换主板', '--cause', 'equipment']);
    expect((await h.run(['show', '3'])).stdout).not.toContain('reopened)');
    await h.run(['reopen', '3', '--reason', '又停了']);
    const { stdout } = await h.run(['show', '3', '--lang', 'zh']);
    // The owner's opinion became history with the repeat complaint (it no longer counts).
    expect(stdout).not.toMatch(/业主意见/);
    expect(stdout).toMatch(/处理结果\s+更换主板 （二次投诉前）\n/);
    expect(stdout).toMatch(/原因分析\s+服务设备 （二次投诉前）\n/);
    await h.run(['reply', '3', '--method', 'phone', '--message', '再次修复']);
    await h.run(['close', '3', '--result', '更换电机']);
    expect((await h.run(['show', '3', '--lang', 'zh'])).stdout).not.toContain('二次投诉前');
  });

  it('says how late an unanswered complaint is', async () => {
    const h = await seeded();
    expect((await h.run(['show', '1'])).stdout).toMatch(/Deadline\s+late by 14 working days/);
    expect((await h.run(['show', '3', '--at', '2026-11-25 03:00'])).stdout).toMatch(/Deadline\s+late by 3 h/);
  });

  it('adds the events to the JSON, oldest first', async () => {
    const h = await seeded();
    const shown = await h.json(['show', '#2']);
    expect(shown).toMatchObject({ id: 2, channel: 'letter', overdue: true });
    expect(shown.events).toEqual([
      {
        type: 'received',
        at: '2026-11-01T00:10:00+08:00',
        actor: 'clerk-a',
        recordedAt: '2026-11-23T10:00:00+08:00',
        details: { channel: 'letter', replyDays: 3, replyDueAt: '2026-11-05T00:00:00+08:00' },
      },
    ]);
  });

  it('an unknown id is exit 1; a non-numeric id is exit 2', async () => {
    const h = await seeded();
    expect(await h.run(['show', '99'])).toEqual({ code: 1, stdout: '', stderr: '✗ No complaint #99\n' });
    expect(await h.run(['show', 'abc'])).toEqual({
      code: 2,
      stdout: '',
      stderr: '✗ "abc" is not a complaint number; give a whole number such as 12\n',
    });
    expect(await h.run(['show', '99', '--lang', 'zh'])).toEqual({ code: 1, stdout: '', stderr: '✗ 没有 #99 号投诉\n' });
  });
});
