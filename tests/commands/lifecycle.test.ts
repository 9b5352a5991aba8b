import { describe, expect, it } from 'vitest';
import { harness, newComplaintArgs, scriptedPrompter } from '../support/harness.js';

async function withComplaint() {
  const h = harness(); // now: Mon 2026-11-23 10:00 Shanghai
  await h.run(newComplaintArgs({ at: '2026-11-23 09:00' }));
  return h;
}

describe('follow-up commands', () => {
  it('reply prints a status line, records who replied, and marks a late reply', async () => {
    const h = await withComplaint();
    expect(
      await h.run([
        'reply',
        '1',
        '--method',
        'phone',
        '--message',
        '已派人维修',
        '--at',
        '2026-11-23 09:30',
        '--as',
        'clerk-b',
      ]),
    ).toEqual({ code: 0, stdout: '', stderr: '✓ #1 replied, on time.\n' });
    const events = (await h.json(['show', '1'])).events;
    expect(events.at(-1)).toMatchObject({
      type: 'replied',
      actor: 'clerk-b',
      details: { method: 'phone', onTime: true },
    });
    expect((await h.json(['show', '1'])).owner).toBe('clerk-a'); // acting does not take ownership

    await h.run(newComplaintArgs({ at: '2026-11-20 09:00' })); // due end of Mon 11-23
    h.now = new Date('2026-11-24T02:00:00Z');
    const late = await h.run(['reply', '2', '--method', 'letter', '--message', '书面答复']);
    expect(late.stderr).toBe('✓ #2 replied, late: the deadline was Mon 23 Nov, 24:00.\n');
    expect(await h.json(['show', '2'])).toMatchObject({ status: 'replied', replyOnTime: false, overdue: false });
  });

  it('a refused transition names the status and what is allowed, exit 1, nothing written', async () => {
    const h = await withComplaint();
    const before = (await h.store.events(1)).length;
    expect(await h.run(['close', '1', '--result', '已修好'])).toEqual({
      code: 1,
      stdout: '',
      stderr: '✗ Cannot close #1: it is awaiting reply; allowed now: note, visit, reply, escalate, assign, void\n',
    });
    expect(await h.run(['reopen', '1', '--reason', 'x', '--lang', 'zh'])).toMatchObject({
      code: 1,
      stderr: '✗ 无法对 #1 执行 reopen：当前状态为“待回复”；现在可以：note, visit, reply, escalate, assign, void\n',
    });
    expect(await h.store.events(1)).toHaveLength(before);
    expect((await h.store.getComplaint(1))?.status).toBe('received');
  });

  it.each([
    [['reply', '1', '--method', 'fax', '--message', 'x'], 'Unknown reply method "fax"; accepted: phone, letter'],
    [['reply', '1', '--method', 'phone'], 'Missing --message <text>; see --help'],
    [
      ['reply', '1', '--method', 'phone', '--message', 'x', '--satisfaction', 'happy'],
      'Unknown satisfaction "happy"; accepted: satisfied, basic, dissatisfied',
    ],
    [
      ['escalate', '1', '--to', '维修队', '--promise', '2026-12-01'],
      'Unknown department "维修队"; accepted: 工程部, 客服部, 秩序维护部, 环境部, 财务部',
    ],
    [
      ['escalate', '1', '--to', '工程部', '--promise', '2026-11-22', '--at', '2026-11-23 09:30'],
      '--promise "2026-11-22" (Sun 22 Nov, 24:00) is not after the escalation of #1 (2026-11-23 09:30); accepted: a date or time after it',
    ],
    [['note', '1', '补充', '--at', '2026-11-22 10:00'], '--at is before #1 was received'],
    [['note', '1', '补充', '--at', '2026-11-30'], '--at "2026-11-30" is in the future'],
    [['note', '1', '   '], '<text> is empty'],
    [['assign', '1', ' '], "The clerk's name is empty"],
    [['visit', '1', '--arrived', 'soon'], 'Cannot read --arrived "soon"'],
    [['void', 'x', '--reason', 'dup'], '"x" is not a complaint number'],
  ])('%j is bad input: exit 2, nothing written', async (args, message) => {
    const h = await withComplaint();
    const result = await h.run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(await h.store.events(1)).toHaveLength(1);
  });

  it('an unknown complaint is exit 1', async () => {
    expect(await (await withComplaint()).run(['note', '9', 'x'])).toMatchObject({
      code: 1,
      stderr: '✗ No complaint #9\n',
    });
  });

  it('a visit measures arrival from the receipt unless told the dispatch time', async () => {
    const h = await withComplaint();
    expect((await h.run(['visit', '1', '--arrived', '2026-11-23 09:02'])).stderr).toBe(
      '✓ #1: on-site visit recorded, arrived 2 min after dispatch.\n',
    );
    expect(
      (await h.run(['visit', '1', '--arrived', '2026-11-23 09:40', '--dispatched', '2026-11-23 09:30'])).stderr,
    ).toBe('✓ #1: on-site visit recorded, arrived 10 min after dispatch (target: 3 min).\n');
  });

  it('escalate takes a promised date as the end of that day and shows the promise clock', async () => {
    const h = await withComplaint();
    await h.run(['reply', '1', '--method', 'phone', '--message', '需更换配件，已上报']);
    const escalated = await h.json([
      'escalate',
      '1',
      '--to',
      '工程部',
      '--promise',
      '2026-11-30',
      '--message',
      '配件需订购',
    ]);
    expect(escalated).toMatchObject({
      status: 'escalated',
      promisedAt: '2026-12-01T00:00:00+08:00',
      escalatedTo: '工程部',
      overdue: false,
    });
    const listed = await h.run(['list'], { tty: true });
    expect(listed.stdout).toContain('promise due in 5 working days');
    h.now = new Date('2026-12-01T01:00:00Z');
    expect(await h.json(['show', '1'])).toMatchObject({ overdue: true });
    expect((await h.json(['list', '--overdue'])).map((c: { id: number }) => c.id)).toEqual([1]);
  });

  it('close asks for the failed service element on a terminal, by its Chinese name', async () => {
    const h = await withComplaint();
    await h.run(['reply', '1', '--method', 'phone', '--message', '已修复', '--satisfaction', 'satisfied']);
    const prompter = scriptedPrompter(['equipment']);
    const result = await h.run(['close', '1', '--result', '更换控制板'], { tty: true, prompter });
    expect(result.code).toBe(0);
    expect(prompter.asked).toEqual(['Which element of service failed?']);
    expect(await h.json(['show', '1'])).toMatchObject({
      status: 'closed',
      cause: 'equipment',
      satisfaction: 'satisfied',
      result: '更换控制板',
    });
  });

  it('close without a terminal leaves the cause empty unless given', async () => {
    const h = await withComplaint();
    await h.run(['reply', '1', '--method', 'phone', '--message', '已修复']);
    expect((await h.run(['close', '1', '--result', '已修复', '--cause', 'teleport'])).stderr).toContain(
      'Unknown cause "teleport"; accepted: attitude, equipment, skill, scope, flexibility, procedure, pricing, rules, efficiency, none',
    );
    expect((await h.json(['close', '1', '--result', '已修复'])).cause).toBeNull();
  });

  it('reopen counts a repeat complaint, starts a new deadline, and list marks it', async () => {
    const h = await withComplaint();
    await h.run(['reply', '1', '--method', 'phone', '--message', '已修复']);
    await h.run(['close', '1', '--result', '已修复', '--cause', 'equipment']);
    h.now = new Date('2026-11-27T02:00:00Z'); // Friday
    const reopened = await h.json(['reopen', '1', '--reason', '电梯又停了']);
    expect(reopened).toMatchObject({
      status: 'received',
      repeatCount: 1,
      replyDueAt: '2026-12-01T00:00:00+08:00',
      repliedAt: null,
    });
    expect((await h.run(['list', '--lang', 'zh'], { tty: true })).stdout).toContain('待回复 · 二次投诉 ×1');
  });

  it('void keeps the complaint, voided, and refuses anything after', async () => {
    const h = await withComplaint();
    expect((await h.run(['void', '1', '--reason', '重复登记'])).code).toBe(0);
    expect(await h.json(['show', '1'])).toMatchObject({ status: 'voided', overdue: false });
    expect((await h.run(['note', '1', 'x'])).code).toBe(1);
  });

  it('show prints the whole history as a timeline, with who acted', async () => {
    const h = await withComplaint();
    await h.run(['assign', '1', 'clerk-b', '--at', '2026-11-23 09:05']);
    await h.run(['note', '1', '已联系工程部', '--at', '2026-11-23 09:10', '--as', 'clerk-b']);
    await h.run([
      'reply',
      '1',
      '--method',
      'phone',
      '--message',
      '已修复',
      '--at',
      '2026-11-23 09:50',
      '--satisfaction',
      'basic',
    ]);
    const { stdout } = await h.run(['show', '1']);
    expect(stdout).toMatch(/Owner\s+clerk-b\n\s+Received by\s+clerk-a/);
    const history = stdout.slice(stdout.indexOf('History'));
    expect(history.split('\n').slice(1, 5)).toEqual([
      '  2026-11-23 09:00  clerk-a   received (Phone); reply within 1 working day(s), by Tue 24 Nov, 24:00',
      '  2026-11-23 09:05  clerk-a   handed over from clerk-a to clerk-b',
      '  2026-11-23 09:10  clerk-b   note: 已联系工程部',
      '  2026-11-23 09:50  clerk-a   replied by phone: 已修复 · owner: basically satisfied',
    ]);
  });
});
