// The monthly report over a fixture month built through the commands, with a known answer for
// every number (worked out by hand in the comments).
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { harness } from '../support/harness.js';

async function run(h: Harness, args: string[], as = 'clerk-a'): Promise<void> {
  const result = await h.run([...args, '--as', as]);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
}

const complaint = (channel: string, category: string, subcategory: string | null, name: string, at: string) => [
  'new',
  '--channel',
  channel,
  '--category',
  category,
  ...(subcategory ? ['--subcategory', subcategory] : []),
  '--name',
  name,
  '--unit',
  '1-1-101',
  '--description',
  '投诉',
  '--at',
  at,
];

/** November 2026 in Asia/Shanghai, reported as of Mon 2026-11-30 12:00. */
async function novemberOffice(): Promise<Harness> {
  const h = harness({ now: '2026-11-30T04:00:00Z' });
  await run(h, ['config', 'office-name', '阳光花园管理处']);
  // October: #1 facility, still unanswered (overdue since 10-22 00:00); #2 facility, #3 service voided.
  await run(h, complaint('phone', 'facility', 'operation', '周先生', '2026-10-20 09:00'));
  await run(h, complaint('phone', 'facility', 'design', '吴女士', '2026-10-21 09:00'));
  await run(h, complaint('phone', 'service', 'attitude', '郑先生', '2026-10-22 09:00'));
  await run(h, ['void', '3', '--reason', '重复登记', '--at', '2026-10-22 10:00']);
  // #4 A: phone, replied after 6 working hours, satisfied, closed (equipment).
  await run(h, complaint('phone', 'facility', 'operation', '王先生', '2026-11-02 09:00'));
  // 亲临现场: #4 reached in 2 minutes, #6 in 8 (late), #8 in 3 (the target itself): 3 visits, 2 in
  // time (66.7%), median 3 minutes, late: #6. A visit to the voided #10 does not count.
  await run(h, ['visit', '4', '--dispatched', '2026-11-02 09:05', '--arrived', '2026-11-02 09:07']);
  await run(h, [
    'reply',
    '4',
    '--method',
    'phone',
    '--message',
    '已修',
    '--satisfaction',
    'satisfied',
    '--at',
    '2026-11-02 15:00',
  ]);
  await run(h, ['close', '4', '--result', '更换控制板', '--cause', 'equipment', '--at', '2026-11-03 10:00']);
  // #5 B: letter by clerk-b, due end of Fri 11-06, replied Mon 11-09 10:00 — late, 97 working hours.
  await run(h, complaint('letter', 'fee', 'shared', '李女士', '2026-11-03 09:00'), 'clerk-b');
  await run(
    h,
    ['reply', '5', '--method', 'letter', '--message', '已核对', '--satisfaction', 'basic', '--at', '2026-11-09 10:00'],
    'clerk-b',
  );
  await run(
    h,
    [
      'close',
      '5',
      '--result',
      '退还多收费用',
      '--cause',
      'pricing',
      '--satisfaction',
      'dissatisfied',
      '--at',
      '2026-11-10 10:00',
    ],
    'clerk-b',
  );
  // #6 C: visit, replied after 2 h, then escalated with a promise (end of 11-20) that has passed.
  await run(h, complaint('visit', 'service', 'attitude', '张先生', '2026-11-05 10:00'));
  await run(h, ['visit', '6', '--dispatched', '2026-11-05 10:10', '--arrived', '2026-11-05 10:18']);
  await run(h, ['reply', '6', '--method', 'phone', '--message', '已批评教育', '--at', '2026-11-05 12:00']);
  await run(h, ['escalate', '6', '--to', '秩序维护部', '--promise', '2026-11-20', '--at', '2026-11-05 13:00']);
  // …and a progress call to the owner on 11-10: the promise runs on until the complaint is closed.
  await run(h, ['reply', '6', '--method', 'phone', '--message', '已协调秩序维护部', '--at', '2026-11-10 10:00']);
  // #7 D: online by clerk-b, not urgent (an incident told by WeChat days later), due end of Fri 11-13, never replied.
  await run(
    h,
    [...complaint('online', 'incident', 'lift-entrapment', '赵先生', '2026-11-10 08:00'), '--no-urgent'],
    'clerk-b',
  );
  // #8 E: phone, replied in 1 h, closed, reopened (repeat), replied 24 working hours later, closed (skill), satisfied.
  await run(h, complaint('phone', 'facility', 'design', '钱女士', '2026-11-12 09:00'));
  await run(h, ['visit', '8', '--dispatched', '2026-11-12 09:10', '--arrived', '2026-11-12 09:13']);
  await run(h, [
    'reply',
    '8',
    '--method',
    'phone',
    '--message',
    '已处理',
    '--satisfaction',
    'dissatisfied',
    '--at',
    '2026-11-12 10:00',
  ]);
  await run(h, ['close', '8', '--result', '修补', '--cause', 'none', '--at', '2026-11-13 10:00']);
  await run(h, ['reopen', '8', '--reason', '又漏水', '--at', '2026-11-16 09:00']);
  await run(h, ['reply', '8', '--method', 'phone', '--message', '重新修补', '--at', '2026-11-17 09:00']);
  await run(h, [
    'close',
    '8',
    '--result',
    '重新修补',
    '--cause',
    'skill',
    '--satisfaction',
    'satisfied',
    '--at',
    '2026-11-18 10:00',
  ]);
  // 回访 (revisit-days 3): #4 closed Tue 11-03, visited back Thu 11-05 in time, satisfied; #5 closed
  // Tue 11-10 (due end of Fri 11-13), visited back Mon 11-16, late — the owner now basically
  // satisfied, and that latest opinion is the one 满意率 counts; #8 closed Wed 11-18 (due end of Mon
  // 11-23) never visited back: a miss. Return visits: 2, on time 1 of 3 ended clocks, satisfied 2 of 2.
  await run(h, ['revisit', '4', '--method', 'phone', '--satisfaction', 'satisfied', '--at', '2026-11-05 10:00']);
  await run(
    h,
    [
      'revisit',
      '5',
      '--method',
      'phone',
      '--satisfaction',
      '基本满意',
      '--note',
      '已接受退费',
      '--at',
      '2026-11-16 10:00',
    ],
    'clerk-b',
  );
  // #9 F: phone, Fri 11-27, due end of Mon 11-30: not yet due, not replied.
  await run(h, complaint('phone', 'service', null, '孙先生', '2026-11-27 09:00'));
  // #10 G: voided.
  await run(h, complaint('phone', 'fee', 'shared', '误登记', '2026-11-20 09:00'));
  await run(h, ['visit', '10', '--dispatched', '2026-11-20 09:01', '--arrived', '2026-11-20 09:04']);
  await run(h, ['void', '10', '--reason', '误登记', '--at', '2026-11-20 09:05']);
  return h;
}

describe('complaint report --month', () => {
  it('keeps an escalated complaint replied to after its escalation in the follow-ups until it is closed', async () => {
    const h = await novemberOffice();
    expect((await h.json(['show', '6'])).status).toBe('escalated');
    const overdue = await h.json(['overdue']);
    expect(
      overdue.overdue
        .filter((item: { id: number }) => item.id === 6)
        .map((item: { deadline: string }) => item.deadline),
    ).toEqual(['promise']);
    expect((await h.json(['list', '--overdue'])).map((c: { id: number }) => c.id)).toContain(6);
    await run(h, ['close', '6', '--result', '已处理', '--cause', 'attitude', '--at', '2026-11-30 11:00']);
    expect((await h.json(['overdue'])).overdue.map((item: { id: number }) => item.id)).not.toContain(6);
    expect(
      (await h.json(['report', '--month', '2026-11'])).overdue.map((item: { id: number }) => item.id),
    ).not.toContain(6);
  });

  it('knows every number of the fixture month', async () => {
    const h = await novemberOffice();
    const { trend, byBuilding, topLocations, repeatUnits, ...report } = await h.json(['report', '--month', '2026-11']);
    expect(report).toEqual({
      month: '2026-11',
      period: { kind: 'month', from: '2026-11', to: '2026-11' },
      previousPeriod: {
        from: '2026-10',
        to: '2026-10',
        received: 2,
        onTimeRate: 0,
        satisfactionRate: null,
        repeat: 0,
        repeatRate: 0,
      },
      previousYear: {
        from: '2025-11',
        to: '2025-11',
        received: 0,
        onTimeRate: null,
        satisfactionRate: null,
        repeat: 0,
        repeatRate: null,
      },
      asOf: '2026-11-30T12:00:00+08:00',
      timezone: 'Asia/Shanghai',
      totals: {
        received: 6,
        replied: 4,
        repliedOnTime: 3,
        onTimeRate: 0.6,
        closed: 3,
        open: 3,
        escalated: 1,
        repeat: 1,
        repeatRate: 0.1667,
        voided: 1,
        satisfactionRate: 1,
        revisited: 2,
        revisitedOnTime: 1,
        revisitOnTimeRate: 0.3333,
        revisitSatisfactionRate: 1,
      },
      byCategory: [
        {
          category: 'facility',
          count: 2,
          share: 0.3333,
          previousCount: 2,
          change: 0,
          previousYearCount: 0,
          yearChange: 2,
          subcategories: [
            { subcategory: 'design', count: 1 },
            { subcategory: 'operation', count: 1 },
          ],
        },
        {
          category: 'service',
          count: 2,
          share: 0.3333,
          previousCount: 0,
          change: 2,
          previousYearCount: 0,
          yearChange: 2,
          subcategories: [
            { subcategory: 'attitude', count: 1 },
            { subcategory: 'unspecified', count: 1 },
          ],
        },
        {
          category: 'fee',
          count: 1,
          share: 0.1667,
          previousCount: 0,
          change: 1,
          previousYearCount: 0,
          yearChange: 1,
          subcategories: [{ subcategory: 'shared', count: 1 }],
        },
        {
          category: 'incident',
          count: 1,
          share: 0.1667,
          previousCount: 0,
          change: 1,
          previousYearCount: 0,
          yearChange: 1,
          subcategories: [{ subcategory: 'lift-entrapment', count: 1 }],
        },
      ],
      byChannel: [
        { channel: 'phone', count: 3, repliedOnTime: 2, onTimeRate: 1 },
        { channel: 'visit', count: 1, repliedOnTime: 1, onTimeRate: 1 },
        { channel: 'letter', count: 1, repliedOnTime: 0, onTimeRate: 0 },
        { channel: 'online', count: 1, repliedOnTime: 0, onTimeRate: 0 },
      ],
      byOwner: [
        { owner: 'clerk-a', received: 4, repliedOnTime: 3, late: 0, unreplied: 1, medianReplyWorkingDays: 0.3 },
        { owner: 'clerk-b', received: 2, repliedOnTime: 0, late: 1, unreplied: 1, medianReplyWorkingDays: 4 },
      ],
      byCause: [
        { cause: 'equipment', count: 1 },
        { cause: 'pricing', count: 1 },
        { cause: 'skill', count: 1 },
      ],
      overdue: [
        {
          id: 1,
          deadline: 'reply',
          dueAt: '2026-10-22T00:00:00+08:00',
          hoursLate: 948,
          workingDaysLate: 27,
          urgent: false,
          owner: 'clerk-a',
          category: 'facility',
          complainant: { name: '周先生', unit: '1-1-101', phone: null },
          receivedAt: '2026-10-20T09:00:00+08:00',
        },
        {
          id: 2,
          deadline: 'reply',
          dueAt: '2026-10-23T00:00:00+08:00',
          hoursLate: 924,
          workingDaysLate: 26,
          urgent: false,
          owner: 'clerk-a',
          category: 'facility',
          complainant: { name: '吴女士', unit: '1-1-101', phone: null },
          receivedAt: '2026-10-21T09:00:00+08:00',
        },
        {
          id: 7,
          deadline: 'reply',
          dueAt: '2026-11-14T00:00:00+08:00',
          hoursLate: 396,
          workingDaysLate: 10,
          urgent: false,
          owner: 'clerk-b',
          category: 'incident',
          complainant: { name: '赵先生', unit: '1-1-101', phone: null },
          receivedAt: '2026-11-10T08:00:00+08:00',
        },
        {
          id: 6,
          deadline: 'promise',
          dueAt: '2026-11-21T00:00:00+08:00',
          hoursLate: 228,
          workingDaysLate: 5,
          urgent: false,
          owner: 'clerk-a',
          category: 'service',
          complainant: { name: '张先生', unit: '1-1-101', phone: null },
          receivedAt: '2026-11-05T10:00:00+08:00',
        },
      ],
      visits: { count: 3, withinTarget: 2, withinTargetRate: 0.6667, medianMinutes: 3, late: [{ id: 6, minutes: 8 }] },
      warnings: [],
    });
    // Every complaint of the fixture is from unit 1-1-101 (building 1), none names a location.
    expect({ byBuilding, topLocations, repeatUnits }).toEqual({
      byBuilding: [
        {
          building: '1',
          count: 6,
          repeat: 1,
          share: 1,
          categories: [
            { category: 'facility', count: 2 },
            { category: 'service', count: 2 },
            { category: 'fee', count: 1 },
            { category: 'incident', count: 1 },
          ],
        },
      ],
      topLocations: [],
      repeatUnits: [{ unit: '1-1-101', repeat: 1, reopenings: 1, categories: [{ category: 'facility', count: 1 }] }],
    });
    // The twelve months up to November; the month's own figures agree with its totals.
    expect(trend.map((month: { month: string }) => month.month)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(trend.at(-1)).toEqual({
      month: '2026-11',
      received: 6,
      onTimeRate: 0.6,
      satisfactionRate: 1,
      repeat: 1,
      byCategory: { facility: 2, service: 2, fee: 1, incident: 1 },
    });
    expect(trend.at(-2)).toEqual({
      month: '2026-10',
      received: 2,
      onTimeRate: 0,
      satisfactionRate: null,
      repeat: 0,
      byCategory: { facility: 2, service: 0, fee: 0, incident: 0 },
    });
  });

  it('reads the same from the month tables as from the complaints themselves', async () => {
    const h = await novemberOffice();
    for (const month of ['2026-10', '2026-11', '2026-12']) {
      const live = await h.json(['report', '--month', month]);
      const recounted = await h.json(['report', '--month', month, '--at', '2026-11-30 12:00']);
      expect(live, month).toEqual(recounted);
    }
  });

  it('compares with the previous month and judges as of --at', async () => {
    const h = await novemberOffice();
    const october = await h.json(['report', '--month', '2026-10']);
    expect(october.totals).toMatchObject({ received: 2, voided: 1, replied: 0, onTimeRate: 0 });
    // Its follow-ups are October's and earlier: November's overdue #7 and #6 are not listed.
    expect(october.overdue.map((item: { id: number }) => item.id)).toEqual([1, 2]);
    const early = await h.json(['report', '--month', '2026-11', '--at', '2026-11-06 00:00']);
    // By then: #4, #5, #6 received; #4 and #6 replied on time; #5's deadline (end of 11-06) not yet passed.
    expect(early.totals).toMatchObject({
      received: 3,
      replied: 2,
      repliedOnTime: 2,
      onTimeRate: 1,
      closed: 1,
      escalated: 1,
    });
  });

  it('prints a terminal report a supervisor can read at 80 columns', async () => {
    const h = await novemberOffice();
    const zh = (await h.run(['report', '--month', '2026-11', '--lang', 'zh'])).stdout;
    await expect(zh).toMatchFileSnapshot('__snapshots__/report-2026-11.zh.txt');
    const en = (await h.run(['report', '--month', '2026-11'])).stdout;
    await expect(en).toMatchFileSnapshot('__snapshots__/report-2026-11.en.txt');
    for (const line of [...zh.split('\n'), ...en.split('\n')]) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    expect(zh).not.toContain('\u001b[');
    expect((await h.run(['report', '--month', '2026-11'], { tty: true, color: true })).stdout).toContain('\u001b[1m');
  });

  it('prints Markdown ready for the written report', async () => {
    const h = await novemberOffice();
    await expect((await h.run(['report', '--month', '2026-11', '--md', '--lang', 'zh'])).stdout).toMatchFileSnapshot(
      '__snapshots__/report-2026-11.zh.md',
    );
  });

  it('prints CSV, one figure per line, with a byte-order mark for Excel', async () => {
    const h = await novemberOffice();
    const csv = (await h.run(['report', '--month', '2026-11', '--csv'])).stdout;
    expect(csv.startsWith('\ufeffsection,item,detail,metric,value\n')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\n');
    expect(lines).toContain('month,2026-11,,asOf,2026-11-30T12:00:00+08:00');
    expect(lines).toContain('totals,,,onTimeRate,0.6');
    expect(lines).toContain('subcategory,service,unspecified,count,1');
    expect(lines).toContain('owner,clerk-b,,medianReplyWorkingDays,4');
    expect(lines).toContain('overdue,6,promise,hoursLate,228');
    expect(lines).toContain('overdue,6,promise,workingDaysLate,5');
  });

  it('an empty month: zeros, and null rates, never NaN', async () => {
    const h = harness();
    const report = await h.json(['report', '--month', '2026-11']);
    expect(report.totals).toEqual({
      received: 0,
      replied: 0,
      repliedOnTime: 0,
      onTimeRate: null,
      closed: 0,
      open: 0,
      escalated: 0,
      repeat: 0,
      repeatRate: null,
      voided: 0,
      satisfactionRate: null,
      revisited: 0,
      revisitedOnTime: 0,
      revisitOnTimeRate: null,
      revisitSatisfactionRate: null,
    });
    expect(report.byCategory.every((entry: { share: unknown }) => entry.share === null)).toBe(true);
    expect(report.byOwner).toEqual([]);
    expect((await h.run(['report', '--month', '2026-11'])).stdout).toContain('No complaints were received this month.');
    expect((await h.run(['report', '--month', '2026-11', '--csv'])).stdout).toContain('totals,,,onTimeRate,\n');
  });

  it('a month with only voided complaints counts them as voided and nothing else', async () => {
    const h = harness();
    await run(h, complaint('phone', 'fee', null, '误登记', '2026-11-03 09:00'));
    await run(h, ['void', '1', '--reason', '误登记']);
    const report = await h.json(['report', '--month', '2026-11']);
    expect(report.totals).toMatchObject({ received: 0, voided: 1, onTimeRate: null, satisfactionRate: null });
    expect(report.byCategory.map((entry: { count: number }) => entry.count)).toEqual([0, 0, 0, 0]);
  });

  it('defaults to the current month in office time', async () => {
    const h = harness({ now: '2026-11-30T17:00:00Z' }); // 12-01 01:00 in Shanghai
    expect((await h.json(['report'])).month).toBe('2026-12');
  });

  it.each([['2026-13'], ['26-11'], ['']])('refuses --month %j with exit 2', async (month) => {
    const result = await harness().run(['report', '--month', month]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not understood; accepted: YYYY-MM');
  });
});

describe('the month tables under any sequence of changes', () => {
  it('always equal a recount of the complaints themselves', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const choose = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const h = harness({ now: '2026-11-30T04:00:00Z' });
    let minutes = 0;
    const at = () => {
      minutes += 7 + Math.floor(random() * 600);
      const instant = new Date(Date.parse('2026-10-25T00:00:00Z') + minutes * 60_000);
      return instant.toISOString();
    };
    let created = 0;
    const succeeded = new Set<string>();
    for (let step = 0; step < 160; step += 1) {
      const id = String(1 + Math.floor(random() * Math.max(created, 1)));
      const when = at();
      if (Date.parse(when) > h.now.getTime()) break;
      const command =
        created === 0
          ? 'new'
          : choose(['new', 'new', 'reply', 'reply', 'close', 'reopen', 'void', 'assign', 'escalate', 'revisit']);
      const args: Record<string, string[]> = {
        new: complaint(
          choose(['phone', 'visit', 'letter', 'online']),
          choose(['facility', 'service', 'fee', 'incident']),
          null,
          '业主',
          when.slice(0, 16).replace('T', ' ') + 'Z',
        ),
        reply: [
          'reply',
          id,
          '--method',
          'phone',
          '--message',
          '答复',
          '--at',
          when,
          ...(random() < 0.6 ? ['--satisfaction', choose(['satisfied', 'basic', 'dissatisfied'])] : []),
        ],
        close: [
          'close',
          id,
          '--result',
          '处理完毕',
          '--cause',
          choose(['equipment', 'attitude', 'none']),
          '--at',
          when,
        ],
        reopen: ['reopen', id, '--reason', '又来了', '--at', when],
        void: ['void', id, '--reason', '误登记', '--at', when],
        assign: ['assign', id, choose(['clerk-a', 'clerk-b', 'clerk-c']), '--at', when],
        escalate: ['escalate', id, '--to', '工程部', '--promise', '2026-12-31', '--at', when],
        revisit: [
          'revisit',
          id,
          '--method',
          'phone',
          '--satisfaction',
          choose(['satisfied', 'basic', 'dissatisfied']),
          '--at',
          when,
        ],
      };
      const result = await h.run([...args[command]!, '--as', choose(['clerk-a', 'clerk-b'])]);
      if (command === 'new' && result.code === 0) created += 1;
      if (result.code === 0) succeeded.add(command);
    }
    expect(created).toBeGreaterThan(20);
    expect([...succeeded].sort()).toEqual(['assign', 'close', 'escalate', 'new', 'reopen', 'reply', 'revisit', 'void']);
    for (const month of ['2026-10', '2026-11']) {
      expect(await h.json(['report', '--month', month]), month).toEqual(
        await h.json(['report', '--month', month, '--at', '2026-11-30 12:00']),
      );
    }
    // A quarter's and a year's clerks and places are kept in rows of their own (span_owners, span_places).
    for (const flags of [
      ['--quarter', '2026Q4'],
      ['--year', '2026'],
    ]) {
      expect(await h.json(['report', ...flags]), flags.join(' ')).toEqual(
        await h.json(['report', ...flags, '--at', '2026-11-30 12:00']),
      );
    }
  });
});

describe('a report over a year without an official schedule', () => {
  it('warns on stderr and in --json, as docs/report.md lists', async () => {
    const h = harness();
    const result = await h.run(['report', '--year', '2027', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('no official holiday schedule for 2027 is loaded');
    expect(JSON.parse(result.stdout).warnings).toEqual([
      { code: 'calendar-year-unknown', year: 2027, message: expect.stringContaining('2027') as string },
    ]);
  });

  it('warns of a year its overdue follow-ups have been late through', async () => {
    const h = harness();
    await run(h, complaint('phone', 'facility', null, '王先生', '2026-11-23 09:00'));
    const report = await h.json(['report', '--month', '2026-11', '--at', '2027-01-05 09:00']);
    expect(report.overdue.map((item: { id: number }) => item.id)).toEqual([1]);
    expect(report.warnings.map((warning: { year: number }) => warning.year)).toEqual([2027]);
    expect((await h.json(['report', '--month', '2026-11'])).warnings).toEqual([]);
  });
});
