// Reports over a quarter, a year or a run of months, with the trend and the comparisons (环比, 同比),
// on an office with two years of complaints.
import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { harness, newComplaintArgs } from '../support/harness.js';

/** Complaints in 2025 and 2026: a few a quarter, one repeat, replies on time and late. */
async function twoYearOffice(): Promise<Harness> {
  const h = harness({ now: '2026-11-30T04:00:00Z' });
  const intake: Array<[string, string, string]> = [
    ['2025-02-10 09:00', 'facility', 'operation'],
    ['2025-11-03 09:00', 'fee', 'shared'],
    ['2025-11-04 09:00', 'facility', 'design'],
    ['2025-12-01 09:00', 'service', 'attitude'],
    ['2026-02-09 09:00', 'facility', 'operation'],
    ['2026-07-06 09:00', 'fee', 'shared'],
    ['2026-10-12 09:00', 'facility', 'operation'],
    ['2026-11-02 09:00', 'fee', 'shared'],
    ['2026-11-03 09:00', 'service', 'attitude'],
    ['2026-11-04 09:00', 'facility', 'design'],
  ];
  for (const [at, category, subcategory] of intake) {
    const result = await h.run([...newComplaintArgs({ category, subcategory }), '--at', at]);
    if (result.code !== 0) throw new Error(result.stderr);
  }
  // #2 replied on time and rated; #8 replied late; #9 reopened (a repeat complaint).
  await h.run([
    'reply',
    '2',
    '--method',
    'phone',
    '--message',
    '已解释',
    '--satisfaction',
    'satisfied',
    '--at',
    '2025-11-03 15:00',
  ]);
  await h.run(['reply', '8', '--method', 'phone', '--message', '已解释', '--at', '2026-11-06 15:00']);
  await h.run(['reply', '9', '--method', 'phone', '--message', '已处理', '--at', '2026-11-03 15:00']);
  await h.run(['close', '9', '--result', '已处理', '--satisfaction', 'dissatisfied', '--at', '2026-11-03 16:00']);
  await h.run(['reopen', '9', '--reason', '又来了', '--at', '2026-11-05 09:00']);
  return h;
}

describe('complaint report over a period', () => {
  it('--quarter: the quarter, the one before (环比) and the same quarter a year before (同比)', async () => {
    const h = await twoYearOffice();
    const report = await h.json(['report', '--quarter', '2026Q4']);
    expect(report.month).toBeNull();
    expect(report.period).toEqual({ kind: 'quarter', from: '2026-10', to: '2026-12' });
    expect(report.totals).toMatchObject({ received: 4, repeat: 1, replied: 1 }); // #9's reply was undone by its reopening
    expect(report.previousPeriod).toMatchObject({ from: '2026-07', to: '2026-09', received: 1 });
    expect(report.previousYear).toMatchObject({
      from: '2025-10',
      to: '2025-12',
      received: 3,
      satisfactionRate: 1,
      repeat: 0,
    });
    const fee = report.byCategory.find((entry: { category: string }) => entry.category === 'fee');
    expect(fee).toMatchObject({ count: 1, previousCount: 1, change: 0, previousYearCount: 1, yearChange: 0 });
    const facility = report.byCategory.find((entry: { category: string }) => entry.category === 'facility');
    expect(facility).toMatchObject({ count: 2, previousCount: 0, previousYearCount: 1, yearChange: 1 });
    // The trend: the twelve months up to the quarter's end.
    expect(report.trend).toHaveLength(12);
    expect(report.trend[0].month).toBe('2026-01');
    expect(report.trend.find((month: { month: string }) => month.month === '2026-11')).toMatchObject({
      received: 3,
      repeat: 1,
      byCategory: { facility: 1, service: 1, fee: 1, incident: 0 },
    });
    expect(report.trend.find((month: { month: string }) => month.month === '2026-02')).toMatchObject({
      received: 1,
      byCategory: { facility: 1 },
    });
  });

  it('--year, --from/--to and --month agree with each other and with the complaints themselves', async () => {
    const h = await twoYearOffice();
    const year = await h.json(['report', '--year', '2025']);
    expect(year.period).toEqual({ kind: 'year', from: '2025-01', to: '2025-12' });
    expect(year.totals.received).toBe(4);
    expect(year.previousYear).toMatchObject({ from: '2024-01', to: '2024-12', received: 0 });
    expect(year.trend.map((month: { month: string }) => month.month)[0]).toBe('2025-01');
    const range = await h.json(['report', '--from', '2025-01', '--to', '2025-12']);
    expect({ ...range, period: null }).toEqual({ ...year, period: null });
    // A run of months longer than a year: its trend covers it all.
    const long = await h.json(['report', '--from', '2025-02', '--to', '2026-11']);
    expect(long.totals.received).toBe(10);
    expect(long.trend).toHaveLength(22);
    // The months add up: the year's received is the sum of its months' reports.
    let sum = 0;
    for (let month = 1; month <= 12; month += 1)
      sum += (await h.json(['report', '--month', `2025-${String(month).padStart(2, '0')}`])).totals.received;
    expect(sum).toBe(year.totals.received);
    // As of now from the month tables, and recounted from the complaints: the same report.
    for (const flags of [
      ['--quarter', '2026Q4'],
      ['--year', '2025'],
      ['--from', '2025-11', '--to', '2026-11'],
    ]) {
      const live = await h.json(['report', ...flags]);
      const recounted = await h.json(['report', ...flags, '--at', '2026-11-30 12:00']);
      expect(live, flags.join(' ')).toEqual(recounted);
    }
  });

  it('finds where complaints cluster: buildings from the usual unit forms, locations, repeat units', async () => {
    const h = harness({ now: '2026-11-30T04:00:00Z' });
    const intake: Array<[string, string, string]> = [
      ['3-2-1201', '3号楼大堂', 'facility'],
      ['3栋1单元502', '3号楼 大堂', 'facility'],
      ['3号楼2单元1101', '地下车库', 'fee'],
      ['12-1-0302', '地下车库', 'facility'],
      ['A座1201', '', 'service'],
      ['商铺5', '', 'service'],
    ];
    for (const [unit, location, category] of intake) {
      const subcategory = category === 'fee' ? 'shared' : category === 'service' ? 'attitude' : 'operation';
      const result = await h.run([
        ...newComplaintArgs({ unit, location, category, subcategory }),
        '--at',
        '2026-11-10 09:00',
      ]);
      expect(result.code, result.stderr).toBe(0);
    }
    await h.run(['reply', '1', '--method', 'phone', '--message', '已处理', '--at', '2026-11-10 15:00']);
    await h.run(['close', '1', '--result', '已处理', '--at', '2026-11-10 16:00']);
    await h.run(['reopen', '1', '--reason', '又坏了', '--at', '2026-11-12 09:00']);
    const report = await h.json(['report', '--month', '2026-11']);
    expect(
      report.byBuilding.map((entry: { building: string; count: number }) => [entry.building, entry.count]),
    ).toEqual([
      ['3', 3],
      ['12', 1],
      ['A', 1],
      ['other', 1],
    ]);
    expect(report.byBuilding[0]).toMatchObject({
      repeat: 1,
      share: 0.5,
      categories: [
        { category: 'facility', count: 2 },
        { category: 'fee', count: 1 },
      ],
    });
    expect(
      report.topLocations.map((entry: { location: string; count: number }) => [entry.location, entry.count]),
    ).toEqual([
      ['3号楼大堂', 2],
      ['地下车库', 2],
    ]);
    expect(report.repeatUnits).toEqual([
      { unit: '3-2-1201', repeat: 1, reopenings: 1, categories: [{ category: 'facility', count: 1 }] },
    ]);
    // An edit moves a complaint to another building, a voided one leaves: the month table follows at once.
    await h.run(['edit', '6', '--unit', '12-2-101']);
    await h.run(['void', '5', '--reason', '重复登记']);
    const after = await h.json(['report', '--month', '2026-11']);
    expect(after.byBuilding.map((entry: { building: string; count: number }) => [entry.building, entry.count])).toEqual(
      [
        ['3', 3],
        ['12', 2],
      ],
    );
    expect(after).toEqual(await h.json(['report', '--month', '2026-11', '--at', '2026-11-30 12:00']));
    const zh = (await h.run(['report', '--month', '2026-11', '--lang', 'zh'])).stdout;
    expect(zh).toMatch(/十、按楼栋：投诉集中的楼栋\n.*\n {2}3栋 +3 +60\.0% +1 +设备设施 2、收费 1/);
    expect(zh).toContain('十二、有二次投诉的房号');
    const doctor = await h.run(['doctor', '--json']);
    expect(doctor.code, doctor.stdout).toBe(0);
  });

  it('--from alone runs to this month', async () => {
    const h = await twoYearOffice();
    expect((await h.json(['report', '--from', '2026-10'])).period).toEqual({
      kind: 'range',
      from: '2026-10',
      to: '2026-11',
    });
  });

  it('titles the report by its period, in both languages, and prints the comparison and the trend', async () => {
    const h = await twoYearOffice();
    await h.run(['config', 'office-name', '阳光花园']);
    const zh = (await h.run(['report', '--quarter', '2026Q4', '--lang', 'zh'])).stdout;
    expect(zh.split('\n')[0]).toBe('阳光花园 2026年第4季度投诉统计及分析报告');
    expect(zh).toContain('八、同比与环比');
    expect(zh).toMatch(/去年同期（同比） 2025-10 – 2025-12 +3/);
    expect(zh).toContain('九、月度趋势');
    expect((await h.run(['report', '--year', '2025', '--lang', 'zh'])).stdout.split('\n')[0]).toBe(
      '阳光花园 2025年度投诉统计及分析报告',
    );
    expect((await h.run(['report', '--from', '2025-11', '--to', '2026-02'])).stdout.split('\n')[0]).toBe(
      '阳光花园: Complaint statistics and analysis, 2025-11 – 2026-02',
    );
    expect((await h.run(['report', '--quarter', '2026Q4'])).stdout.split('\n')[0]).toBe(
      '阳光花园: Complaint statistics and analysis, Q4 2026',
    );
    const md = (await h.run(['report', '--quarter', '2026Q4', '--md', '--lang', 'zh'])).stdout;
    expect(md).toContain('| 月份 | 受理 | 按时回复率 | 满意率 | 二次投诉 | 设备设施 | 管理服务 | 收费 | 突发事件 |');
    const csv = (await h.run(['report', '--quarter', '2026Q4', '--csv'])).stdout;
    expect(csv).toContain('previousYear,2025-10..2025-12,,received,3');
    expect(csv).toContain('trend,2026-11,fee,count,1');
  });

  it('a future period warns that nothing has happened in it yet', async () => {
    const h = await twoYearOffice();
    const future = await h.run(['report', '--year', '2027', '--json']);
    expect(future.code).toBe(0);
    expect(future.stderr).toContain('2027-01 – 2027-12 has not begun');
    expect(JSON.parse(future.stdout).totals.received).toBe(0);
    const current = await h.run(['report', '--quarter', '2026Q4']);
    expect(current.stderr).toBe('');
  });

  it.each([
    [['--quarter', '2026Q5'], 'Quarter "2026Q5" not understood; accepted: YYYYQn such as 2026Q4'],
    [['--quarter', '2026-10'], 'Quarter "2026-10" not understood'],
    [['--year', '26'], 'Year "26" not understood; accepted: YYYY such as 2026'],
    [['--to', '2026-11'], '--to 2026-11 needs --from'],
    [['--from', '2026-11', '--to', '2026-01'], '--to 2026-01 is before --from 2026-11'],
    [['--from', '2026-13'], 'Month "2026-13" not understood'],
    [['--month', '2026-11', '--year', '2026'], 'Give one period: --month, --quarter, --year or --from/--to'],
    [['--quarter', '2026Q4', '--from', '2026-01'], 'Give one period'],
  ])('refuses %j with one line, exit 2', async (flags, words) => {
    const result = await harness().run(['report', ...flags]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain(words);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('accepts the forms people type: 2026q4, 2026-Q4, full-width digits, 2026年', async () => {
    const h = await twoYearOffice();
    for (const quarter of ['2026q4', '2026-Q4', '２０２６Ｑ４'])
      expect((await h.json(['report', '--quarter', quarter])).period.from).toBe('2026-10');
    expect((await h.json(['report', '--year', '2025年'])).period.to).toBe('2025-12');
  });
});
