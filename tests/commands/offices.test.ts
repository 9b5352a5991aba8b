// Offices (管理处): one database for several estates, each with its own ledger, settings, clerks
// and calendar days; a database of one office needs no --office at all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness, newComplaintArgs } from '../support/harness.js';

async function twoOffices() {
  const h = harness();
  expect((await h.run(['office', 'add', 'north', '--name', '北区管理处'])).code).toBe(0);
  return h;
}

describe('offices', () => {
  it('a new database has one office, used without naming it', async () => {
    const h = harness();
    expect(await h.json(['office', 'list', '--json'])).toEqual([
      expect.objectContaining({ code: 'main', name: '', timezone: 'Asia/Shanghai', complaints: 0 }),
    ]);
    expect((await h.run(newComplaintArgs())).code).toBe(0);
    expect((await h.run(['list'])).stdout).toMatch(/^1\treceived\t/m);
  });

  it('office add makes an office with its own zone; its name is its office-name', async () => {
    const h = harness();
    const added = await h.run(['office', 'add', 'west', '--name', '西区', '--timezone', 'asia/urumqi']);
    expect(added).toMatchObject({
      code: 0,
      stderr: expect.stringContaining('Added office west (西区), time zone Asia/Urumqi'),
    });
    expect((await h.run(['config', 'office-name'], { env: { COMPLAINT_OFFICE: 'west' } })).stdout).toBe('西区\n');
    expect((await h.run(['config', 'timezone', '--office', 'west'])).stdout).toBe('Asia/Urumqi\n');
    await h.run(['config', 'office-name', '西区物业服务中心', '--office', 'west']);
    const list = await h.json<Array<{ code: string; name: string }>>(['office', 'list', '--json']);
    expect(list.map((office) => [office.code, office.name])).toEqual([
      ['main', ''],
      ['west', '西区物业服务中心'],
    ]);
  });

  it('keeps each office to its own complaints, settings and clerks', async () => {
    const h = await twoOffices();
    const north = { env: { COMPLAINT_OFFICE: 'north' } };
    expect((await h.run(['config', 'clerks', '张三', '--office', 'north'])).code).toBe(0);
    expect((await h.run([...newComplaintArgs(), '--as', '张三'], north)).code).toBe(0);
    expect((await h.run([...newComplaintArgs({ description: '楼道灯不亮' }), '--office', 'main'])).code).toBe(0);
    const northList = await h.json<Array<{ id: number; description: string }>>(['list', '--json', '--office', 'north']);
    const mainList = await h.json<Array<{ id: number; description: string }>>(['list', '--json', '--office', 'main']);
    expect(northList.map((c) => c.description)).toEqual(['电梯经常停运']);
    expect(mainList.map((c) => c.description)).toEqual(['楼道灯不亮']);
    // Another office's complaint is not found by its number.
    const id = String(northList[0]!.id);
    expect((await h.run(['show', id, '--office', 'main'])).code).toBe(1);
    expect((await h.run(['show', id, '--office', 'north'])).code).toBe(0);
    // The clerks list is north's alone.
    expect((await h.run(['config', 'clerks', '--office', 'main'])).stdout).toBe('\n');
    expect((await h.run([...newComplaintArgs(), '--as', '李四'], north)).code).toBe(2);
    // Each office's report counts its own.
    const report = await h.json<{ totals: { received: number } }>([
      'report',
      '--month',
      '2026-11',
      '--json',
      '--office',
      'north',
    ]);
    expect(report.totals.received).toBe(1);
    expect(
      (await h.json<Array<{ complaints: number }>>(['office', 'list', '--json'])).map((o) => o.complaints),
    ).toEqual([1, 1]);
  });

  it('keeps calendar days per office; the official schedules are shared', async () => {
    const h = await twoOffices();
    expect((await h.run(['calendar', 'set', '2026-12-03', 'off', '--office', 'north'])).code).toBe(0);
    const day = async (office: string) =>
      (
        await h.json<{ days: Array<{ date: string; kind: string }> }>([
          'calendar',
          '2026-12',
          '--json',
          '--office',
          office,
        ])
      ).days.find((entry) => entry.date === '2026-12-03');
    expect((await day('north'))?.kind).not.toBe((await day('main'))?.kind);
  });

  it('asks which office when there are several, and refuses one not in the database', async () => {
    const h = await twoOffices();
    expect(await h.run(['list'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'This database holds 2 offices; name one with --office <code> or COMPLAINT_OFFICE (accepted: main, north)',
      ),
    });
    expect(await h.run(['list', '--office', 'south'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--office "south" is not an office of this database; accepted: main, north'),
    });
    expect(await h.run(['list'], { env: { COMPLAINT_OFFICE: 'South' } })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('COMPLAINT_OFFICE "South" is not an office'),
    });
  });

  it('refuses a bad or taken code, changing nothing', async () => {
    const h = harness();
    expect(await h.run(['office', 'add', 'North Gate', '--name', '北门'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Office code "North Gate" is not accepted'),
    });
    expect(await h.run(['office', 'add', 'main', '--name', '重复'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('There is already an office main'),
    });
    expect(await h.run(['office', 'add', 'east', '--name', '东区', '--timezone', 'Mars/Base'])).toMatchObject({
      code: 2,
    });
    expect((await h.json<unknown[]>(['office', 'list', '--json'])).length).toBe(1);
  });

  it('--all-offices lists, reports and checks every office in turn, each in its own zone', async () => {
    const h = harness();
    await h.run(['config', 'office-name', '总部小区']);
    await h.run(['office', 'add', 'kashi', '--name', '喀什项目部', '--timezone', 'Asia/Urumqi']);
    expect(
      (await h.run([...newComplaintArgs(), '--at', '2026-11-02 09:00'], { env: { COMPLAINT_OFFICE: 'main' } })).code,
    ).toBe(0);
    expect((await h.run([...newComplaintArgs({ description: '停水' }), '--office', 'kashi'])).code).toBe(0);
    expect((await h.run([...newComplaintArgs({ description: '噪音' }), '--office', 'kashi'])).code).toBe(0);
    await h.run([
      'reply',
      '2',
      '--method',
      'phone',
      '--message',
      '已处理',
      '--satisfaction',
      'satisfied',
      '--office',
      'kashi',
    ]);

    const listed = await h.json<Array<{ office: string; id: number; receivedAt: string }>>([
      'list',
      '--all-offices',
      '--json',
    ]);
    expect(listed.map((c) => [c.office, c.id])).toEqual([
      ['kashi', 3],
      ['kashi', 2],
      ['main', 1],
    ]);
    expect(listed[0]!.receivedAt).toMatch(/\+06:00$/);
    const lines = (await h.run(['list', '--all-offices'])).stdout.trim().split('\n');
    expect(lines.map((line) => line.split('\t').slice(0, 2))).toEqual([
      ['kashi', '3'],
      ['kashi', '2'],
      ['main', '1'],
    ]);
    const table = await h.run(['list', '--all-offices'], { tty: true, columns: 200 });
    expect(table.stdout).toContain('kashi · 喀什项目部');
    expect(table.stdout).toContain('main · 总部小区');

    const company = await h.json<{ byOffice: Array<Record<string, unknown>>; totals: Record<string, unknown> }>([
      'report',
      '--month',
      '2026-11',
      '--all-offices',
      '--json',
    ]);
    expect(company.byOffice).toEqual([
      expect.objectContaining({ office: 'kashi', name: '喀什项目部', received: 2, replied: 1, satisfactionRate: 1 }),
      expect.objectContaining({ office: 'main', name: '总部小区', received: 1, replied: 0, overdue: 1 }),
    ]);
    expect(company.totals).toMatchObject({ received: 3, replied: 1, satisfactionRate: 1, overdue: 1 });
    const screen = await h.run(['report', '--month', '2026-11', '--all-offices'], { tty: true, columns: 120 });
    expect(screen.stdout).toContain('All offices');
    expect(screen.stdout).toMatch(/kashi 喀什项目部\s+2/);
    expect(await h.run(['report', '--month', '2026-11', '--all-offices', '--csv'])).toMatchObject({ code: 2 });

    const overdue = await h.run(['overdue', '--all-offices', '--exit-code']);
    expect(overdue.code).toBe(3);
    expect(overdue.stdout).toMatch(/^main · 总部小区\n#1 /m);
    expect(overdue.stdout).not.toContain('kashi');
    // (One JSON document of every office: tests/commands/all-offices.test.ts.)
    expect((await h.run(['overdue', '--all-offices', '--json'])).code).toBe(0);
  });

  it('refuses an office code no office could have, and an office without a name, before opening the database', async () => {
    const h = harness();
    for (const [args, env] of [
      [['list', '--office', 'a/b'], {}],
      [['list'], { COMPLAINT_OFFICE: 'North Gate' }],
      [['office', 'add', 'east', '--name', ''], {}],
      [['office', 'add', 'east', '--name', '   '], {}],
    ] as const) {
      const refused = await h.run([...args], { env });
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(h.opens).toBe(0);
  });

  it('an official schedule recounts the open deadlines of every office, each with its own days', async () => {
    const h = harness({ now: '2026-12-02T01:00:00Z' });
    await h.run(['office', 'add', 'north', '--name', '北区']);
    for (const office of ['main', 'north'])
      expect((await h.run([...newComplaintArgs(), '--at', '2026-12-02 09:00', '--office', office])).code).toBe(0);
    const dueOf = async (office: string) =>
      (await h.json<Array<{ replyDueAt: string }>>(['list', '--json', '--office', office]))[0]!.replyDueAt;
    expect([await dueOf('main'), await dueOf('north')]).toEqual([
      '2026-12-04T00:00:00+08:00',
      '2026-12-04T00:00:00+08:00',
    ]);
    // A corrected 2026 schedule that makes 3 December a holiday: both offices' deadlines move.
    const schedule = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'data', 'holiday-cn', '2026.json'), 'utf8'),
    );
    schedule.days.push({ name: '测试假', date: '2026-12-03', isOffDay: true });
    h.files.set('2026.json', JSON.stringify(schedule));
    const imported = await h.run(['calendar', 'import', '2026.json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect([await dueOf('main'), await dueOf('north')]).toEqual([
      '2026-12-05T00:00:00+08:00',
      '2026-12-05T00:00:00+08:00',
    ]);
  });
});
