// --all-offices beyond list and report: export of every office in one file, overdue's one JSON
// document, doctor on a database of several offices; and --office with --all-offices refused.
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { fakeProgress, harness, newComplaintArgs } from '../support/harness.js';

const Excel = createRequire(import.meta.url)('exceljs') as typeof ExcelJS;

/** main (Asia/Shanghai) with one complaint, late; kashi (Asia/Urumqi) with two, one late and one replied. */
async function company(options: { path?: string } = {}): Promise<Harness> {
  const h = harness(options);
  const ok = async (args: string[]) => {
    const result = await h.run(args);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  };
  await ok(['config', 'office-name', '总部小区']);
  await ok(['office', 'add', 'kashi', '--name', '喀什项目部', '--timezone', 'Asia/Urumqi']);
  await ok([...newComplaintArgs(), '--at', '2026-11-02 09:00', '--office', 'main']);
  await ok([
    ...newComplaintArgs({ description: '停水', unit: '9-1-101' }),
    '--at',
    '2026-11-18 10:00',
    '--office',
    'kashi',
  ]);
  await ok([
    ...newComplaintArgs({ description: '噪音', unit: '9-2-202' }),
    '--at',
    '2026-11-20 10:00',
    '--office',
    'kashi',
  ]);
  await ok([
    'reply',
    '3',
    '--method',
    'phone',
    '--message',
    '已处理',
    '--satisfaction',
    'satisfied',
    '--office',
    'kashi',
  ]);
  return h;
}

async function out(h: Harness, args: string[]): Promise<string> {
  const result = await h.run(args);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

const BOM = '\ufeff';
/** A CSV's lines, without its byte-order mark and the empty line after the last. */
const csvLines = (text: string): string[] => text.replace(BOM, '').trimEnd().split(/\r?\n/);

describe('export --all-offices', () => {
  it('CSV: an Office column first, the offices in turn, each row once and under its own office', async () => {
    const h = await company();
    const [heading, ...rows] = csvLines(await out(h, ['export', '--format', 'csv', '--all-offices']));
    const [single, ...mainRows] = csvLines(await out(h, ['export', '--format', 'csv', '--office', 'main']));
    const kashiRows = csvLines(await out(h, ['export', '--format', 'csv', '--office', 'kashi'])).slice(1);
    expect(heading).toBe(`Office,${single}`);
    expect(single!.startsWith('No.,Status,')).toBe(true);
    // Each office's rows as its own export gives them: oldest first, on its own clock.
    expect(rows).toEqual([...kashiRows.map((row) => `kashi,${row}`), ...mainRows.map((row) => `main,${row}`)]);
    expect(rows.map((row) => row.split(',').slice(0, 2))).toEqual([
      ['kashi', '2'],
      ['kashi', '3'],
      ['main', '1'],
    ]);
    expect(rows[0]).toContain(',2026-11-18 10:00,');
    expect(rows[2]).toContain(',2026-11-02 09:00,');
    // In Chinese the column is 管理处, as the other headings are Chinese.
    const zh = csvLines(await out(h, ['export', '--format', 'csv', '--all-offices', '--lang', 'zh']))[0]!;
    expect(zh.startsWith('管理处,')).toBe(true);
    expect(zh).toBe(
      `管理处,${csvLines(await out(h, ['export', '--format', 'csv', '--lang', 'zh', '--office', 'main']))[0]}`,
    );
  });

  it('without --all-offices an export has no office column, whatever the database holds', async () => {
    const h = harness();
    await h.run([...newComplaintArgs(), '--at', '2026-11-02 09:00']);
    const alone = await out(h, ['export', '--format', 'csv']);
    expect(alone.startsWith(`${BOM}No.,Status,Received,`)).toBe(true);
    await h.run(['office', 'add', 'kashi', '--name', '喀什项目部', '--timezone', 'Asia/Urumqi']);
    expect(await out(h, ['export', '--format', 'csv', '--office', 'main'])).toBe(alone);
    expect(JSON.parse(await out(h, ['export', '--format', 'json', '--office', 'main']))[0]).not.toHaveProperty(
      'office',
    );
  });

  it('JSON: one array, each complaint naming its office first, its times in its office zone', async () => {
    const h = await company();
    const every = JSON.parse(await out(h, ['export', '--format', 'json', '--all-offices'])) as Array<
      Record<string, unknown>
    >;
    const of = async (office: string) =>
      (JSON.parse(await out(h, ['export', '--format', 'json', '--office', office])) as object[]).map((complaint) => ({
        office,
        ...complaint,
      }));
    expect(every).toEqual([...(await of('kashi')), ...(await of('main'))]);
    expect(Object.keys(every[0]!)[0]).toBe('office');
    expect(every[0]!.receivedAt).toBe('2026-11-18T10:00:00+06:00');
    expect(every[2]!.receivedAt).toBe('2026-11-02T09:00:00+08:00');
  });

  it('Excel: one sheet, Office the first column, each office on its own clock', async () => {
    const h = await company();
    expect((await h.run(['export', '--all-offices', '--output', 'all.xlsx'])).stderr).toBe(
      'Wrote 3 complaint(s) to all.xlsx.\n',
    );
    const workbook = new Excel.Workbook();
    await workbook.xlsx.load(Buffer.from(h.files.get('all.xlsx') as Uint8Array) as never);
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0]!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1).slice(0, 3)).toEqual(['Office', 'No.', 'Status']);
    expect([2, 3, 4].map((row) => values(row).slice(0, 2))).toEqual([
      ['kashi', 2],
      ['kashi', 3],
      ['main', 1],
    ]);
    // The wall clock of each office: 10:00 in Kashgar, 09:00 in Shanghai.
    const received = values(1).indexOf('Received');
    const clock = (row: number) => (values(row)[received] as Date).toISOString().slice(0, 16);
    expect([clock(2), clock(4)]).toEqual(['2026-11-18T10:00', '2026-11-02T09:00']);
    expect(sheet.rowCount).toBe(4);
  });

  it('refuses an existing file as export does, and --force replaces it', async () => {
    const h = await company();
    h.files.set('all.csv', 'kept');
    const opens = h.opens;
    expect(await h.run(['export', '--all-offices', '--output', 'all.csv'])).toEqual({
      code: 1,
      stdout: '',
      stderr: '✗ all.csv already exists; choose a new name, or add --force to replace it\n',
    });
    expect(h.opens).toBe(opens);
    expect(h.files.get('all.csv')).toBe('kept');
    expect((await h.run(['export', '--all-offices', '--output', 'all.csv', '--force'])).code).toBe(0);
    expect(csvLines(h.files.get('all.csv') as string)).toHaveLength(4);
    expect([...h.files.keys()]).toEqual(['all.csv']);
  });

  it('draws one bar over every office, counted from all of them', async () => {
    const h = await company();
    const slow = fakeProgress(600);
    const plain = await h.run(['export', '--all-offices', '--format', 'csv']);
    expect(await h.run(['export', '--all-offices', '--format', 'csv'], { progress: slow })).toEqual(plain);
    expect(slow.draws[0]).toMatchObject({ call: 'start', label: 'Exporting', total: 3 });
    expect(slow.draws.filter((draw) => draw.call !== 'stop').at(-1)).toMatchObject({ done: 3, total: 3 });
  });

  it('takes the filters of each office on its own clock (--overdue as of its zone)', async () => {
    const h = await company();
    const rows = csvLines(await out(h, ['export', '--format', 'csv', '--all-offices', '--overdue'])).slice(1);
    expect(rows.map((row) => row.split(',').slice(0, 2))).toEqual([
      ['kashi', '2'],
      ['main', '1'],
    ]);
    expect(JSON.parse(await out(h, ['export', '--format', 'json', '--all-offices', '--status', 'replied']))).toEqual([
      expect.objectContaining({ office: 'kashi', id: 3, status: 'replied' }),
    ]);
  });
});

describe('overdue --all-offices --json', () => {
  interface OfficeRun {
    office: { code: string; name: string };
    asOf: string;
    overdue: Array<{ id: number; flagged?: boolean; newlyFlagged?: boolean }>;
  }

  it("is one document: each office's own overdue --json, under its code and name", async () => {
    const h = await company();
    const every = JSON.parse(await out(h, ['overdue', '--all-offices', '--json', '--soon', '48'])) as {
      offices: OfficeRun[];
    };
    const alone = async (office: string) =>
      JSON.parse(await out(h, ['overdue', '--json', '--soon', '48', '--office', office])) as object;
    expect(every).toEqual({
      offices: [
        { office: { code: 'kashi', name: '喀什项目部' }, ...(await alone('kashi')) },
        { office: { code: 'main', name: '总部小区' }, ...(await alone('main')) },
      ],
    });
    expect(every.offices.map((run) => [run.office.code, run.asOf, run.overdue.map((item) => item.id)])).toEqual([
      ['kashi', '2026-11-23T08:00:00+06:00', [2]],
      ['main', '2026-11-23T10:00:00+08:00', [1]],
    ]);
    expect(Object.keys(every.offices[0]!)).toEqual([
      'office',
      'asOf',
      'overdue',
      'dueSoon',
      'newUrgent',
      'reminded',
      'escalated',
    ]);
  });

  it('exits as the lines do: 3 with --exit-code when any office has something late, else 0', async () => {
    const h = await company();
    const late = await h.run(['overdue', '--all-offices', '--json', '--exit-code']);
    expect(late.code).toBe(3);
    expect(JSON.parse(late.stdout).offices).toHaveLength(2);
    const before = await h.run(['overdue', '--all-offices', '--json', '--exit-code', '--at', '2026-11-01']);
    expect(before.code).toBe(0);
    expect(
      (JSON.parse(before.stdout) as { offices: OfficeRun[] }).offices.map((run) => [run.office.code, run.overdue]),
    ).toEqual([
      ['kashi', []],
      ['main', []],
    ]);
    // Each office reads --at on its own clock.
    expect((JSON.parse(before.stdout) as { offices: OfficeRun[] }).offices.map((run) => run.asOf)).toEqual([
      '2026-11-01T00:00:00+06:00',
      '2026-11-01T00:00:00+08:00',
    ]);
  });

  it('--flag records each office once, in its own history, and says so per office', async () => {
    const h = await company();
    const first = JSON.parse(await out(h, ['overdue', '--all-offices', '--json', '--flag'])) as {
      offices: OfficeRun[];
    };
    expect(first.offices.map((run) => run.overdue.map((item) => [item.id, item.newlyFlagged]))).toEqual([
      [[2, true]],
      [[1, true]],
    ]);
    const again = JSON.parse(await out(h, ['overdue', '--all-offices', '--json', '--flag'])) as {
      offices: OfficeRun[];
    };
    expect(again.offices.map((run) => run.overdue.map((item) => [item.id, item.flagged, item.newlyFlagged]))).toEqual([
      [[2, true, false]],
      [[1, true, false]],
    ]);
    const history = await h.json<{ events: Array<{ type: string }> }>(['show', '2', '--office', 'kashi']);
    expect(history.events.filter((event) => event.type === 'flagged-overdue')).toHaveLength(1);
  });

  it('--digest --json: each office its digest; --notify posts each office once, a failure exits 1', async () => {
    const h = await company();
    const digests = JSON.parse(await out(h, ['overdue', '--all-offices', '--json', '--digest'])) as {
      offices: Array<{ office: { code: string }; asOf: string; digest: { total: number } }>;
    };
    expect(digests.offices.map((run) => [run.office.code, Object.keys(run), run.digest.total])).toEqual([
      ['kashi', ['office', 'asOf', 'digest'], 1],
      ['main', ['office', 'asOf', 'digest'], 1],
    ]);
    const url = 'https://robot.example/hook';
    const sent = await h.run(['overdue', '--all-offices', '--json', '--notify', url]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(h.posts).toHaveLength(2);
    expect(h.posts[0]!.body).toContain('喀什项目部');
    expect(h.posts[1]!.body).toContain('总部小区');
    // A webhook that fails: exit 1, and still one document on stdout.
    h.webhook = () => ({ status: 500, body: 'down' });
    const failed = await h.run(['overdue', '--all-offices', '--json', '--digest', '--notify', url]);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).offices).toHaveLength(2);
  });

  it('still refuses what makes no sense for one office either', async () => {
    const h = await company();
    for (const args of [
      ['overdue', '--all-offices', '--json', '--digest', '--flag'],
      ['overdue', '--all-offices', '--json', '--remind-every', '4h'],
      ['overdue', '--all-offices', '--json', '--flag', '--at', '2030-01-01'],
    ]) {
      const refused = await h.run(args);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('--office with --all-offices', () => {
  it.each([
    [['list', '--all-offices']],
    [['report', '--month', '2026-11', '--all-offices']],
    [['overdue', '--all-offices']],
    [['overdue', '--all-offices', '--json']],
    [['export', '--all-offices', '--format', 'csv']],
  ])('%j is refused, one line, exit 2, before the database is opened', async (args) => {
    const h = harness();
    for (const line of [
      [...args, '--office', 'main'],
      ['--office', 'main', ...args],
    ]) {
      const refused = await h.run(line);
      expect(refused).toEqual({
        code: 2,
        stdout: '',
        stderr: '✗ --office main names one office and --all-offices every one; give one of them, not both\n',
      });
    }
    expect(h.opens).toBe(0);
    expect((await h.run([...args, '--office', 'main', '--lang', 'zh'])).stderr).toBe(
      '✗ --office main 指定一个管理处，--all-offices 指所有管理处；两者只能用其一\n',
    );
  });

  it('COMPLAINT_OFFICE, set for a whole shell or crontab, is not refused: --all-offices wins', async () => {
    const h = await company();
    const listed = await h.run(['list', '--all-offices', '--json'], { env: { COMPLAINT_OFFICE: 'main' } });
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as Array<{ office: string }>).map((c) => c.office)).toEqual([
      'kashi',
      'kashi',
      'main',
    ]);
  });
});

describe('doctor on a database of several offices', () => {
  interface Doctor {
    healthy: boolean;
    offices?: string[];
    findings: Array<{ office?: string; check: string; level: string; text: string }>;
  }
  const checks = (report: Doctor) => report.findings.map((finding) => [finding.office ?? null, finding.check]);

  it('runs without --office: the whole database once, then each office, each finding naming its office', async () => {
    const h = await company();
    const result = await h.run(['doctor', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Doctor;
    expect(report.healthy).toBe(true);
    expect(report.offices).toEqual(['kashi', 'main']);
    expect(checks(report)).toEqual([
      [null, 'integrity'],
      [null, 'receipts'],
      ['kashi', 'monthTables'],
      ['kashi', 'calendar'],
      ['kashi', 'nextYear'],
      ['main', 'monthTables'],
      ['main', 'calendar'],
      ['main', 'nextYear'],
    ]);
    expect(report.findings.find((finding) => finding.office === 'kashi')!.text).toBe(
      "kashi: The report's month tables agree with the complaints",
    );
    // The whole database's counts, on a server too (whose store answers an office at a time).
    expect(report).toMatchObject({
      complaints: 3,
      byStatus: { received: 2, replied: 1 },
      events: 4,
    });
    const text = await h.run(['doctor']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("✓ main: The report's month tables agree with the complaints\n");
    expect(text.stdout).toContain('✓ kashi: Official holiday schedules loaded for');
    expect((await h.run(['doctor', '--lang', 'zh'])).stdout).toContain('✓ kashi：报表月度汇总表与投诉记录一致\n');
  });

  it('with --office, that office only, besides the whole database', async () => {
    const h = await company();
    const report = JSON.parse(await out(h, ['doctor', '--json', '--office', 'main'])) as Doctor;
    expect(report.offices).toEqual(['main']);
    expect(checks(report)).toEqual([
      [null, 'integrity'],
      [null, 'receipts'],
      ['main', 'monthTables'],
      ['main', 'calendar'],
      ['main', 'nextYear'],
    ]);
    expect((await h.run(['doctor', '--office', 'south'])).code).toBe(2);
  });

  it("a month table adrift is the office's own finding, and fails the run (exit 1) that checks that office", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'all-offices-')), 'company.db');
    const h = await company({ path });
    const raw = new Database(path);
    raw
      .prepare(
        "UPDATE month_cells SET received = received + 1 WHERE month = '2026-11' AND office_id = (SELECT id FROM offices WHERE code = 'kashi')",
      )
      .run();
    raw.close();
    const every = await h.run(['doctor', '--json']);
    expect(every.code).toBe(1);
    const problems = (JSON.parse(every.stdout) as Doctor).findings.filter((finding) => finding.level === 'problem');
    expect(problems).toEqual([
      expect.objectContaining({
        office: 'kashi',
        check: 'monthTables',
        text: "kashi: The report's month tables disagree with the complaints for 2026-11",
      }),
    ]);
    expect((await h.run(['doctor', '--office', 'kashi'])).code).toBe(1);
    expect((await h.run(['doctor', '--office', 'main'])).code).toBe(0);
    const text = await h.run(['doctor']);
    expect(text.stdout).toContain("✗ kashi: The report's month tables disagree with the complaints for 2026-11\n");
  });

  it('a database of one office is checked as before: no office named anywhere', async () => {
    const h = harness();
    await h.run(newComplaintArgs());
    const report = JSON.parse(await out(h, ['doctor', '--json'])) as Doctor;
    expect(report).not.toHaveProperty('offices');
    expect(checks(report)).toEqual([
      [null, 'integrity'],
      [null, 'receipts'],
      [null, 'monthTables'],
      [null, 'calendar'],
      [null, 'nextYear'],
    ]);
    expect((await out(h, ['doctor'])).split('\n').slice(5, 8)).toEqual([
      h.backend === 'sqlite'
        ? "✓ SQLite's integrity and foreign-key checks pass"
        : '✓ The PostgreSQL server answered every check (its own storage checks are pg_amcheck’s)',
      '✓ Every complaint has its receipt event',
      "✓ The report's month tables agree with the complaints",
    ]);
  });
});
