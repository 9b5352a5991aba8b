// Bringing an office's ledger in and taking the data out: messy real-world ledgers read row by
// row, all-or-nothing imports, no duplicates, and export → import → export giving the same rows.
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { harness } from '../support/harness.js';

const Excel = createRequire(import.meta.url)('exceljs') as typeof ExcelJS;

async function ok(h: Harness, args: string[]): Promise<string> {
  const result = await h.run(args);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.code} ${result.stderr}`);
  return result.stdout;
}

/**
 * A ledger as offices keep it: a title line, headers with hints and odd spacing, dates in four
 * forms, full-width digits, trailing spaces, Chinese names — and five rows that cannot be imported.
 */
const MESSY_CSV = [
  '阳光花园管理处投诉登记表（2026年11月）,,,,,,,,,,,',
  '序号, 受理时间（年月日） ,投诉方式,类别,子类,业主姓名,房号,联系电话,投诉内容,回复时间,处理结果,原因分析',
  '1,2026/11/2 9:00,来电,设备设施,运行,王先生 ,3-2-1201,１３８１２３４５６７８,电梯停运,2026/11/2 15:00,更换控制板,设备',
  '2,2026年11月3日 9时30分,来访,管理服务,服务态度,李女士,1-1-101,,保安说话很冲,,,',
  '3,46330.5,信函,收费,公摊费用,赵先生,5-1-302,021-12345678,公摊电费偏高,46331.4166667,已核对退还,收费',
  '4,2026-11-05,网络,突发事件,停水,钱女士,2-2-202,,整栋停水,2026-11-05 10:00,,',
  '',
  '5,2026/11/6 8:00,传真,设备设施,运行,孙先生,1-2-301,,门禁坏了,,,',
  '6,2026/2/30 8:00,电话,设备设施,运行,周先生,1-2-302,,路灯不亮,,,',
  '7,2026/11/7 8:00,电话,设备设施,运行,吴先生,1-2-303,,水管漏水,,已修好,',
  '8,2026/11/8 8:00,电话,设备设施,运行,,1-2-304,,没有姓名,,,',
  '9,2026/11/9 8:00,电话,设备设施,运行,郑先生,1-2-305,12,电话不对,,,',
  '10,2026/11/2 9:00,来电,设备设施,运行,王先生,3-2-1201,13812345678,电梯停运,2026/11/2 15:00,更换控制板,设备',
].join('\r\n');

describe('complaint import', () => {
  it('reads a messy ledger row by row and says what it would do, writing nothing', async () => {
    const h = harness({ now: '2026-11-23T02:00:00Z' });
    h.files.set('ledger.csv', MESSY_CSV);
    const result = await h.run(['import', 'ledger.csv', '--json']);
    expect(result.code).toBe(1); // some rows cannot be imported
    const outcome = JSON.parse(result.stdout);
    expect(outcome).toMatchObject({
      committed: false,
      rows: 10,
      importable: 4,
      imported: 0,
      duplicates: 1,
      alreadyImported: 0,
      byStatus: { received: 1, replied: 1, closed: 2, voided: 0 },
    });
    expect(outcome.problems).toEqual([
      { row: 8, reason: 'Unknown channel "传真"; accepted: phone, visit, letter, online' },
      {
        row: 9,
        reason:
          '受理时间(年月日) "2026/2/30 8:00" is not a time; accepted: 2026-11-03 09:30, 2026/11/3, 2026年11月3日 or an Excel date',
      },
      { row: 10, reason: 'a result or closing time without a reply time (回复时间)' },
      { row: 11, reason: '业主姓名 is empty' },
      {
        row: 12,
        reason:
          'Malformed phone number "12"; accepted: a mobile (13812345678), a landline with area code (021-12345678) or a local number (12345678)',
      },
    ]);
    expect(JSON.parse(await ok(h, ['list', '--json']))).toEqual([]);
    const text = await h.run(['import', 'ledger.csv', '--lang', 'zh']);
    expect(text.stdout).toContain('第 8 行：');
    expect(text.stderr).toBe(
      '没有写入任何内容。请修正以上各行，或只导入其余各行：complaint import ledger.csv --commit --skip-bad\n',
    );
  });

  it('reads escalations and repeat complaints written by hand: 是/否 or a count, departments with their promised dates', async () => {
    const h = harness({ now: '2026-11-23T02:00:00Z' });
    h.files.set(
      'hand.csv',
      [
        '受理时间,渠道,类别,业主,房号,投诉内容,上报部门,承诺期限,是否二次投诉,回复时间',
        '2026-11-02 09:00,电话,设备设施,甲,1-1-101,电梯停运,工程部,2026-11-30,否,',
        '2026-11-03 09:00,电话,设备设施,乙,1-1-102,又漏水,,,是,2026-11-03 15:00',
        '2026-11-04 09:00,电话,设备设施,丙,1-1-103,门禁坏了,工程部,,,',
        '2026-11-05 09:00,电话,设备设施,丁,1-1-104,噪音,,2026-11-30,,',
        '2026-11-06 09:00,电话,设备设施,戊,1-1-105,停水,,,也许,',
        '2026-11-07 09:00,电话,设备设施,己,1-1-106,停电,工程部,2026-11-06,,',
      ].join('\n'),
    );
    const outcome = JSON.parse((await h.run(['import', 'hand.csv', '--json'])).stdout);
    expect(outcome).toMatchObject({ importable: 2, byStatus: { received: 0, replied: 1, escalated: 1 } });
    expect(outcome.problems).toEqual([
      { row: 4, reason: 'escalated to a department (上报部门) without the date promised to the owner (承诺期限)' },
      { row: 5, reason: 'a promised date (承诺期限) without the department it was escalated to (上报部门)' },
      { row: 6, reason: 'repeat complaint (二次投诉) "也许" not understood; accepted: a count such as 1, or 是/否' },
      { row: 7, reason: '承诺期限 is before the complaint was received (受理时间)' },
    ]);
    await h.run(['import', 'hand.csv', '--commit', '--skip-bad']);
    expect(await h.store.getComplaint(1)).toMatchObject({
      status: 'escalated',
      escalatedTo: '工程部',
      promisedAt: new Date('2026-11-30T16:00:00Z'),
      escalatedAt: new Date('2026-11-02T01:00:00Z'),
    });
    expect(await h.store.getComplaint(2)).toMatchObject({ status: 'replied', repeatCount: 1 });
    expect((await h.run(['show', '2'])).stdout).toContain(
      'reopened as repeat complaint ×1: a repeat complaint in the imported ledger; reply by Wed 4 Nov, 24:00',
    );
  });

  it("tells a row whose times are out of order in the ledger's words, not as a command's", async () => {
    const h = harness({ now: '2026-11-23T02:00:00Z' });
    h.files.set(
      'order.csv',
      [
        '受理时间,渠道,类别,业主,房号,投诉内容,上报部门,上报时间,承诺期限,二次投诉,二次投诉时间,回复时间,处理结果,结案时间',
        '2026-11-02 09:00,电话,设备设施,甲,1-1-101,电梯停运,,,,,,2026-11-01 09:00,,',
        '2026-11-02 09:00,电话,设备设施,丁,1-1-104,噪音,工程部,2026-11-05 09:00,2026-11-30,,,2026-11-03 09:00,已处理,2026-11-04 09:00',
        '2026-11-02 09:00,电话,设备设施,戊,1-1-105,停水,,,,2,2026-11-06 09:00,2026-11-05 09:00,,',
        '2026-11-02 09:00,电话,设备设施,己,1-1-106,停电,,,,,,2026-11-03 09:00,已处理,2026-11-02 10:00',
        '2026-11-02 09:00,电话,设备设施,庚,1-1-107,漏水,工程部,2026-11-03 09:00,2026-11-03 08:00,,,,,',
        // escalated before it came back, no promise running now: as a reopening leaves it
        '2026-11-02 09:00,电话,设备设施,辛,1-1-108,门禁,工程部,2026-11-03 09:00,,1,2026-11-10 09:00,2026-11-11 09:00,,',
      ].join('\n'),
    );
    const outcome = JSON.parse((await h.run(['import', 'order.csv', '--json'])).stdout);
    expect(outcome.problems).toEqual([
      { row: 2, reason: '回复时间 is before the complaint was received (受理时间)' },
      { row: 3, reason: 'closed (结案时间) before it was escalated (上报时间); an escalation comes before the close' },
      {
        row: 4,
        reason:
          "the reply (回复时间) is before the repeat complaint (二次投诉时间); a ledger keeps the latest round's reply",
      },
      { row: 5, reason: 'closed (结案时间) before it was replied to (回复时间)' },
      { row: 6, reason: 'the promised date (承诺期限) is not after the escalation (上报时间)' },
    ]);
    expect(outcome.importable).toBe(1);
    await h.run(['import', 'order.csv', '--commit', '--skip-bad']);
    expect(await h.store.getComplaint(1)).toMatchObject({
      status: 'replied',
      repeatCount: 1,
      escalatedTo: '工程部',
      escalatedAt: new Date('2026-11-03T01:00:00Z'),
      promisedAt: null,
    });
  });

  it('imports all or nothing, keeps the ledger dates, and never imports a row twice', async () => {
    const h = harness({ now: '2026-11-23T02:00:00Z' });
    h.files.set('ledger.csv', MESSY_CSV);
    const refused = await h.run(['import', 'ledger.csv', '--commit']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Nothing was imported: 5 row(s) cannot be');
    expect(JSON.parse(await ok(h, ['list', '--json']))).toEqual([]);

    await ok(h, ['import', 'ledger.csv', '--commit', '--skip-bad', '--as', '导入员']);
    const imported = JSON.parse(await ok(h, ['list', '--json'])).sort(
      (a: { id: number }, b: { id: number }) => a.id - b.id,
    );
    expect(
      imported.map((c: Record<string, unknown>) => [
        c.id,
        c.status,
        c.channel,
        c.category,
        c.subcategory,
        c.receivedAt,
        c.replyDueAt,
        c.repliedAt,
        c.replyOnTime,
        c.closedAt,
        c.cause,
      ]),
    ).toEqual([
      [
        1,
        'closed',
        'phone',
        'facility',
        'operation',
        '2026-11-02T09:00:00+08:00',
        '2026-11-04T00:00:00+08:00',
        '2026-11-02T15:00:00+08:00',
        true,
        '2026-11-02T15:00:00+08:00',
        'equipment',
      ],
      [
        2,
        'received',
        'visit',
        'service',
        'attitude',
        '2026-11-03T09:30:00+08:00',
        '2026-11-05T00:00:00+08:00',
        null,
        null,
        null,
        null,
      ],
      // Excel serial 46330.5 is Wed 2026-11-04 12:00; a letter has three working days: Thu, Fri, Mon.
      [
        3,
        'closed',
        'letter',
        'fee',
        'shared',
        '2026-11-04T12:00:00+08:00',
        '2026-11-10T00:00:00+08:00',
        '2026-11-05T10:00:00+08:00',
        true,
        '2026-11-05T10:00:00+08:00',
        'pricing',
      ],
      [
        4,
        'replied',
        'online',
        'incident',
        'water-outage',
        '2026-11-05T00:00:00+08:00',
        '2026-11-11T00:00:00+08:00',
        '2026-11-05T10:00:00+08:00',
        true,
        null,
        null,
      ],
    ]);
    expect(imported[0]).toMatchObject({
      complainant: { name: '王先生', unit: '3-2-1201', phone: '13812345678' },
      owner: '导入员',
    });
    const history = JSON.parse(await ok(h, ['show', '1', '--json'])).events;
    expect(history.map((event: { type: string }) => event.type)).toEqual(['received', 'replied', 'closed']);
    expect(history[0].details.importedFrom).toEqual({ file: 'ledger.csv', row: 3 });
    expect(await ok(h, ['show', '1', '--lang', 'zh'])).toContain('（导入自 ledger.csv 第 3 行）');

    // The same ledger again, and again with the good rows only: nothing new.
    const again = JSON.parse(await ok(h, ['import', 'ledger.csv', '--commit', '--skip-bad', '--json']));
    expect(again).toMatchObject({ imported: 0, alreadyImported: 4 });
    expect(JSON.parse(await ok(h, ['list', '--json']))).toHaveLength(4);
    // The report counts them like any others.
    expect(JSON.parse(await ok(h, ['report', '--month', '2026-11', '--json'])).totals).toMatchObject({
      received: 4,
      replied: 3,
      repliedOnTime: 3,
      closed: 2,
    });
  });

  it('says how to bring in an Excel 97–2003 ledger (.xls, or one renamed .xlsx) and names a file that is no workbook', async () => {
    const h = harness();
    const compoundFile = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    h.files.set('台账.xls', compoundFile);
    h.files.set('台账.xlsx', compoundFile);
    h.files.set('notes.xlsx', 'just text');
    const saveAs =
      'is an Excel 97–2003 workbook (.xls) or a password-protected one, which cannot be read; open it in Excel or WPS and save it as .xlsx without a password, or as CSV\n';
    expect(await h.run(['import', '台账.xls'])).toEqual({ code: 2, stdout: '', stderr: `✗ 台账.xls ${saveAs}` });
    expect(await h.run(['import', '台账.xlsx'])).toEqual({ code: 1, stdout: '', stderr: `✗ 台账.xlsx ${saveAs}` });
    expect(await h.run(['import', 'notes.xlsx'])).toEqual({
      code: 1,
      stdout: '',
      stderr: '✗ notes.xlsx does not hold an Excel workbook (.xlsx), whatever its name says\n',
    });
  });

  it('reads a CSV saved by a Chinese Excel (GB18030) and a ledger with headers it does not know, via --map', async () => {
    const h = harness({ now: '2026-11-23T02:00:00Z' });
    const text = '登记日期,渠道,类别,业主,房号,投诉内容\n2026-11-02 09:00,电话,收费,王先生,1-1-101,物业费多收\n';
    h.files.set('gbk.csv', encodeGb18030(text));
    const unknown = await h.run(['import', 'gbk.csv']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No column for receivedAt');
    const mapped = JSON.parse((await h.run(['import', 'gbk.csv', '--map', '登记日期=receivedAt', '--json'])).stdout);
    expect(mapped).toMatchObject({ rows: 1, importable: 1, problems: [] });
    expect((await h.run(['import', 'gbk.csv', '--map', '登记日期=when'])).code).toBe(2);
    expect((await h.run(['import', 'ledger.pdf'])).stderr).toContain('accepted are .csv and .xlsx');
  });

  it("keeps the owner's words as written (full-width punctuation), reads units and phones as half-width, and knows a row imported by an earlier version", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'complaint-ledger-')), 'office.db');
    const h = harness({ now: '2026-11-23T02:00:00Z', path });
    h.files.set(
      'fw.csv',
      '受理时间,渠道,类别,业主,房号,电话,投诉内容,地点,回复时间,处理结果\n2026-11-20 09:00,电话,收费,王先生　,３－２－１２０１,１３８１２３４５６７８,"电梯停运，已三天！（急）",３号楼,2026-11-20 10:00,已修复；业主表示满意。\n',
    );
    expect((await h.run(['import', 'fw.csv', '--commit'])).code).toBe(0);
    expect(await h.store.getComplaint(1)).toMatchObject({
      complainant: { name: '王先生', unit: '3-2-1201', phone: '13812345678' },
      description: '电梯停运，已三天！（急）',
      location: '３号楼',
      result: '已修复；业主表示满意。',
    });
    // The key this row was given before words kept their full-width punctuation: importing the
    // same ledger after an upgrade adds nothing.
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT import_key FROM complaints').pluck().get()).toBe(
      '2026-11-20T01:00:00.000Z|bUHulnwGSVEOtZQGZzEcZqCKlNI',
    );
    db.close();
    expect(JSON.parse((await h.run(['import', 'fw.csv', '--json'])).stdout)).toMatchObject({
      importable: 0,
      alreadyImported: 1,
    });
  });

  it('reads Excel\'s "Unicode text": UTF-16 with tabs between the cells, a comma inside one', async () => {
    const h = harness({ now: '2026-11-23T02:00:00Z' });
    const text =
      '阳光花园投诉登记表\n受理时间\t渠道\t类别\t业主\t房号\t投诉内容\n2026-11-02 09:00\t电话\t收费\t王先生\t1-1-101\t物业费多收, 电费也多\n';
    const utf16le = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(Uint16Array.from(text, (char) => char.charCodeAt(0)).buffer),
    ]);
    h.files.set('ledger.txt', utf16le);
    expect(JSON.parse((await h.run(['import', 'ledger.txt', '--json'])).stdout)).toMatchObject({
      rows: 1,
      importable: 1,
      problems: [],
      unknownColumns: [],
    });
    expect((await h.run(['import', 'ledger.txt', '--commit'])).code).toBe(0);
    expect(await h.store.getComplaint(1)).toMatchObject({
      channel: 'phone',
      category: 'fee',
      complainant: { name: '王先生', unit: '1-1-101' },
      description: '物业费多收, 电费也多',
    });
  });

  it('reads an Excel ledger: merged title and group cells, dates as dates and as serial numbers', async () => {
    const h = harness({ now: '2026-11-23T02:00:00Z' });
    const workbook = new Excel.Workbook();
    const sheet = workbook.addWorksheet('11月');
    sheet.addRow(['阳光花园管理处投诉登记表']);
    sheet.mergeCells('A1:G1');
    sheet.addRow(['受理', '', '业主', '', '', '投诉', '']);
    sheet.mergeCells('A2:B2');
    sheet.mergeCells('C2:E2');
    sheet.addRow(['受理时间', '渠道', '姓名', '房号', '电话', '类别', '内容']);
    sheet.addRow([
      new Date('2026-11-02T09:00:00Z'),
      '电话',
      '王先生',
      '3-2-1201',
      '13812345678',
      '设备设施',
      '电梯停运',
    ]);
    sheet.addRow([46330.5, '来访 ', ' 李女士', '1-1-101', null, '管理服务', '保安态度']);
    sheet.addRow(['2026/11/5', '信函', '赵先生', '5-1-302', '021-12345678', '收费', '公摊电费偏高']);
    h.files.set('ledger.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    await ok(h, ['import', 'ledger.xlsx', '--commit']);
    const rows = JSON.parse(await ok(h, ['list', '--json'])).map((c: Record<string, unknown>) => [
      c.receivedAt,
      c.channel,
      (c.complainant as { name: string }).name,
    ]);
    expect(rows.reverse()).toEqual([
      ['2026-11-02T09:00:00+08:00', 'phone', '王先生'],
      ['2026-11-04T12:00:00+08:00', 'visit', '李女士'],
      ['2026-11-05T00:00:00+08:00', 'letter', '赵先生'],
    ]);
    expect((await h.run(['import', 'ledger.xlsx', '--sheet', '12月'])).stderr).toContain(
      'has no worksheet "12月"; it has: 11月',
    );
  });
});

describe('complaint import of a big .xlsx', () => {
  /** A ledger workbook of `rows` rows; its sheet expands to about 150 bytes a row. */
  async function workbook(rows: number): Promise<Uint8Array> {
    const book = new Excel.Workbook();
    const sheet = book.addWorksheet('台账');
    sheet.addRow(['受理时间', '渠道', '类别', '业主', '房号', '投诉内容']);
    for (let row = 0; row < rows; row += 1) {
      sheet.addRow(['2026-11-02 09:00', '电话', '设备设施', `业主${row}`, '1-1-101', `第${row}次投诉：电梯停运`]);
    }
    return new Uint8Array(await book.xlsx.writeBuffer());
  }

  /** The same bytes with the central directory stating `size` for one entry's unpacked size. */
  function statingSize(bytes: Uint8Array, entry: string, size: number): Uint8Array {
    const copy = Buffer.from(bytes);
    for (let at = copy.indexOf('PK\x01\x02'); at >= 0; at = copy.indexOf('PK\x01\x02', at + 4)) {
      const name = copy.toString('utf8', at + 46, at + 46 + copy.readUInt16LE(at + 28));
      if (name === entry) copy.writeUInt32LE(size, at + 24);
    }
    return new Uint8Array(copy);
  }

  async function office(): Promise<{ h: Harness; before: () => Promise<string> }> {
    const h = harness({ now: '2026-11-23T02:00:00Z' });
    const fields = ['--channel', 'phone', '--category', 'facility', '--name', '王先生', '--unit', '1-1-101'];
    await ok(h, ['new', ...fields, '--description', '漏水']);
    const before = async () => (await ok(h, ['export', '--format', 'json'])) + (await ok(h, ['doctor', '--json']));
    return { h, before };
  }

  it('refuses one that expands past the limit before reading it: one line, exit 1, nothing changed', async () => {
    const { h, before } = await office();
    const unchanged = await before();
    h.files.set('big.xlsx', await workbook(200));
    const limit = { xlsxExpandedLimit: 20_000 };
    for (const args of [
      ['import', 'big.xlsx'],
      ['import', 'big.xlsx', '--commit'],
    ]) {
      const refused = await h.run(args, limit);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      const [line, ...more] = refused.stderr.split('\n');
      expect(more).toEqual(['']);
      expect(line).toMatch(/^✗ big\.xlsx expands to \d+\.\d KB when unpacked, more than the 20\.0 KB an import reads/);
      expect(line).toMatch(/ from an \.xlsx; nothing was read\. Split it into smaller workbooks, or save it as CSV /);
      expect(line).toMatch(/ \(read a row at a time\) and import that$/);
    }
    const zh = (await h.run(['import', 'big.xlsx', '--lang', 'zh'], limit)).stderr;
    expect(zh).toMatch(
      /^✗ big\.xlsx 解压后有 \d+\.\d KB，超过导入 \.xlsx 的上限 20\.0 KB，未读取。请拆分成几个较小的工作簿，或另存为 CSV（逐行读取）再导入\n$/,
    );
    expect(await before()).toBe(unchanged);
    // Under the limit (here the program's own), the same workbook imports.
    const imported = JSON.parse(await ok(h, ['import', 'big.xlsx', '--commit', '--json']));
    expect(imported).toMatchObject({ imported: 200, problems: [] });
  });

  it('refuses one whose directory understates what a part unpacks to, before exceljs inflates it', async () => {
    const { h, before } = await office();
    const unchanged = await before();
    h.files.set('forged.xlsx', statingSize(await workbook(200), 'xl/worksheets/sheet1.xml', 100));
    const refused = await h.run(['import', 'forged.xlsx', '--commit']);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr:
        '✗ forged.xlsx is damaged or forged: its part xl/worksheets/sheet1.xml unpacks to more than the 100 bytes ' +
        'its directory states; nothing was read. Open it in Excel or WPS and save it again, or save it as CSV\n',
    });
    expect(await before()).toBe(unchanged);
  });
});

/** GB18030 bytes of a text (Node can decode GB18030 but not encode it): a small table of the characters used. */
function encodeGb18030(text: string): Uint8Array {
  const bytes: number[] = [];
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  // Search the two-byte GBK range for each character used (a few hundred lookups).
  const wanted = new Set([...text].filter((char) => char.charCodeAt(0) > 0x7f));
  for (let lead = 0x81; lead <= 0xfe && table.size < wanted.size; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (wanted.has(char) && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  for (const char of text) bytes.push(...(table.get(char) ?? [char.charCodeAt(0)]));
  return new Uint8Array(bytes);
}

describe('complaint export', () => {
  async function office(): Promise<Harness> {
    const h = harness({ now: '2026-11-23T02:00:00Z' });
    // A ledger has no return visits (回访): an office keeping no return-visit clock round-trips whole.
    await ok(h, ['config', 'revisit-days', '0']);
    const intake = (name: string, at: string, extra: string[] = []) => [
      'new',
      '--channel',
      'phone',
      '--category',
      'facility',
      '--subcategory',
      'operation',
      '--name',
      name,
      '--unit',
      '1-1-101',
      '--phone',
      '13812345678',
      '--description',
      `${name}家漏水`,
      '--at',
      at,
      ...extra,
    ];
    await ok(h, intake('王先生', '2026-11-02 09:00'));
    await ok(h, intake('李女士', '2026-11-03 10:15', ['--location', '地下车库']));
    await ok(h, [
      'new',
      '--channel',
      'letter',
      '--category',
      'fee',
      '--subcategory',
      'shared',
      '--name',
      '赵先生',
      '--unit',
      '5-1-302',
      '--description',
      '公摊电费偏高',
      '--at',
      '2026-11-04 14:00',
    ]);
    await ok(h, intake('误登记', '2026-11-05 08:00'));
    await ok(h, [
      'reply',
      '1',
      '--method',
      'phone',
      '--message',
      '已修',
      '--satisfaction',
      'satisfied',
      '--at',
      '2026-11-02 15:00',
    ]);
    await ok(h, ['close', '1', '--result', '更换水管', '--cause', 'equipment', '--at', '2026-11-03 10:00']);
    await ok(h, ['reply', '3', '--method', 'letter', '--message', '已核对', '--at', '2026-11-10 09:00']);
    await ok(h, ['void', '4', '--reason', '重复登记', '--at', '2026-11-05 08:10']);
    return h;
  }

  /** The office above, plus every other shape a complaint can have: escalated (before or after its reply), reopened, handed over. */
  async function everyShape(): Promise<Harness> {
    const h = await office();
    const intake = (name: string, at: string) => [
      'new',
      '--channel',
      'online',
      '--category',
      'service',
      '--name',
      name,
      '--unit',
      '2-2-202',
      '--description',
      `${name}反映保洁不及时`,
      '--at',
      at,
    ];
    await ok(h, intake('甲', '2026-11-06 09:00')); // #5 escalated, waiting on the department
    await ok(h, ['escalate', '5', '--to', '工程部', '--promise', '2026-11-30', '--at', '2026-11-06 10:00']);
    await ok(h, intake('乙', '2026-11-07 09:00')); // #6 escalated, then replied and closed
    await ok(h, ['escalate', '6', '--to', '客服部', '--promise', '2026-11-20', '--at', '2026-11-07 10:00']);
    await ok(h, ['reply', '6', '--method', 'phone', '--message', '已安排', '--at', '2026-11-16 09:00']);
    await ok(h, [
      'close',
      '6',
      '--result',
      '已整改',
      '--cause',
      'efficiency',
      '--satisfaction',
      'basic',
      '--at',
      '2026-11-17 09:00',
    ]);
    await ok(h, intake('丙', '2026-11-10 09:00')); // #7 came back once, answered and closed again
    await ok(h, ['reply', '7', '--method', 'phone', '--message', '已处理', '--at', '2026-11-10 12:00']);
    await ok(h, ['close', '7', '--result', '已清理', '--at', '2026-11-11 09:00']);
    await ok(h, ['reopen', '7', '--reason', '又脏了', '--at', '2026-11-12 09:00']);
    await ok(h, ['reply', '7', '--method', 'letter', '--message', '增加频次', '--at', '2026-11-18 09:00']);
    await ok(h, ['close', '7', '--result', '每日两次', '--cause', 'scope', '--at', '2026-11-19 09:00']);
    await ok(h, intake('丁', '2026-11-13 09:00')); // #8 came back twice, waiting for a reply
    await ok(h, ['reply', '8', '--method', 'phone', '--message', '已处理', '--at', '2026-11-13 12:00']);
    await ok(h, ['reopen', '8', '--reason', '没改', '--at', '2026-11-14 09:00']);
    await ok(h, ['reply', '8', '--method', 'phone', '--message', '再处理', '--at', '2026-11-16 12:00']);
    await ok(h, ['reopen', '8', '--reason', '还是没改', '--at', '2026-11-17 15:00']);
    await ok(h, intake('戊', '2026-11-18 09:00')); // #9 replied, then escalated
    await ok(h, ['reply', '9', '--method', 'phone', '--message', '需上报', '--at', '2026-11-18 10:00']);
    await ok(h, ['escalate', '9', '--to', '工程部', '--promise', '2026-11-28 18:00', '--at', '2026-11-18 11:00']);
    await ok(h, ['assign', '9', '李客服']);
    await ok(h, intake('己', '2026-11-02 10:00')); // #10 escalated, replied, closed, then came back: no promise running
    await ok(h, ['escalate', '10', '--to', '工程部', '--promise', '2026-11-05', '--at', '2026-11-02 11:00']);
    await ok(h, ['reply', '10', '--method', 'phone', '--message', '已修', '--at', '2026-11-04 09:00']);
    await ok(h, ['close', '10', '--result', '已修', '--at', '2026-11-04 10:00']);
    await ok(h, ['reopen', '10', '--reason', '又坏了', '--at', '2026-11-19 09:00']);
    await ok(h, intake('庚', '2026-11-03 10:00')); // #11 escalated, replied, came back and escalated again
    await ok(h, ['escalate', '11', '--to', '工程部', '--promise', '2026-11-06', '--at', '2026-11-03 11:00']);
    await ok(h, ['reply', '11', '--method', 'phone', '--message', '已修', '--at', '2026-11-05 09:00']);
    await ok(h, ['reopen', '11', '--reason', '又坏了', '--at', '2026-11-20 09:00']);
    await ok(h, ['escalate', '11', '--to', '秩序维护部', '--promise', '2026-11-27', '--at', '2026-11-20 09:00']);
    return h;
  }

  it.each([
    ['csv', office, 4],
    ['xlsx', office, 4],
    ['csv', everyShape, 11],
    ['xlsx', everyShape, 11],
  ] as const)(
    'round-trips through %s (%o): export → import into an empty database → export gives the same rows',
    async (format, fixture, count) => {
      const source = await fixture();
      await ok(source, ['export', '--format', format, '--output', `all.${format}`, '--lang', 'zh']);
      const target = harness({ now: '2026-11-23T02:00:00Z' });
      target.files.set(`all.${format}`, source.files.get(`all.${format}`)!);
      const dry = await target.run(['import', `all.${format}`, '--json']);
      expect(JSON.parse(dry.stdout).problems).toEqual([]);
      const imported = JSON.parse(await ok(target, ['import', `all.${format}`, '--commit', '--json']));
      expect(imported).toMatchObject({ imported: count, problems: [] });
      for (const lang of ['zh', 'en'])
        expect(await ok(target, ['export', '--format', 'csv', '--lang', lang]), lang).toBe(
          await ok(source, ['export', '--format', 'csv', '--lang', lang]),
        );
      // The report of the month agrees too: statuses, escalations, repeats, replies on time.
      expect(await ok(target, ['report', '--month', '2026-11', '--json'])).toBe(
        await ok(source, ['report', '--month', '2026-11', '--json']),
      );
      // The month tables the import wrote agree with a recount, every complaint has its receipt event.
      expect(JSON.parse(await ok(target, ['doctor', '--json']))).toMatchObject({ healthy: true });
    },
  );

  it('writes cells a spreadsheet would run as formulas with an apostrophe (CSV, Markdown), reads them back as they were', async () => {
    const h = harness({ now: '2026-11-23T02:00:00Z' });
    const words = [
      '=HYPERLINK("http://x","y")',
      '+86 138 0013 8000',
      '@SUM(A1)',
      '-连续三天',
      '-5',
      '=1+1',
      "'=1+1",
      "-2+3+cmd|' /C calc'!A0",
    ];
    const fields = [
      '--channel',
      'phone',
      '--category',
      'facility',
      '--unit',
      '1-1-101',
      '--phone',
      '+86 138-1234-5678',
      '--as',
      '@值班员',
    ];
    for (const [index, description] of words.entries()) {
      const name = index === 0 ? '=王先生' : `业主${index}`;
      await ok(h, [
        'new',
        ...fields,
        '--name',
        name,
        `--description=${description}`,
        '--at',
        `2026-11-0${index + 2} 09:00`,
      ]);
    }
    const csv = await ok(h, ['export', '--format', 'csv']);
    expect(csv).toContain(`,'=王先生,1-1-101,'+86 138-1234-5678,"'=HYPERLINK(""http://x"",""y"")",`);
    const cells = [
      "'+86 138 0013 8000",
      "'@SUM(A1)",
      "'-连续三天",
      '-5',
      "'=1+1",
      "''=1+1",
      "'-2+3+cmd|' /C calc'!A0",
      "'@值班员",
    ];
    for (const cell of cells) expect(csv).toContain(`,${cell},`);
    expect(await ok(h, ['report', '--month', '2026-11', '--csv'])).toContain("\nowner,'@值班员,,received,8\n");
    expect(await ok(h, ['report', '--month', '2026-11', '--md'])).toContain("\n| '@值班员 | 8 |");

    // Back in, from CSV and from Excel: the same words, the same export.
    const descriptions = async (office: Harness): Promise<string[]> =>
      JSON.parse(await ok(office, ['list', '--json']))
        .map((c: { description: string }) => c.description)
        .reverse();
    expect(await descriptions(h)).toEqual(words);
    await ok(h, ['export', '--format', 'xlsx', '--output', 'all.xlsx']);
    for (const file of ['all.csv', 'all.xlsx']) {
      const target = harness({ now: '2026-11-23T02:00:00Z' });
      target.files.set(file, file.endsWith('.csv') ? csv : h.files.get(file)!);
      const imported = JSON.parse(await ok(target, ['import', file, '--commit', '--json']));
      expect(imported).toMatchObject({ imported: words.length, problems: [] });
      expect(await descriptions(target), file).toEqual(words);
      expect(await ok(target, ['export', '--format', 'csv']), file).toBe(csv);
    }
  });

  it('keeps text as text in an Excel export: a description "=1+1" is a string cell, not a formula', async () => {
    const h = harness({ now: '2026-11-23T02:00:00Z' });
    const fields = ['--channel', 'phone', '--category', 'facility', '--name', '王先生', '--unit', '1-1-101'];
    await ok(h, ['new', ...fields, '--description==1+1', '--at', '2026-11-02 09:00']);
    await ok(h, ['export', '--format', 'xlsx', '--output', 'all.xlsx']);
    const bytes = h.files.get('all.xlsx') as Uint8Array;
    const workbook = new Excel.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as never);
    const sheet = workbook.worksheets[0]!;
    const column = (sheet.getRow(1).values as unknown[]).indexOf('Complaint');
    const cell = sheet.getRow(2).getCell(column);
    expect([cell.type, cell.value, cell.formula]).toEqual([Excel.ValueType.String, '=1+1', undefined]);
    // In the file itself: no formula element anywhere, the words stored as a string.
    const JSZip = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip') as typeof import('jszip');
    const zip = await JSZip.loadAsync(bytes);
    const xml = (await Promise.all(Object.values(zip.files).map((entry) => entry.async('string')))).join('');
    expect(xml).not.toMatch(/<f[ >]/);
    expect(xml).toContain('=1+1');
  });

  it('leaves no file, finished-looking or partial, when an export fails half way', async () => {
    const h = await office();
    const set = h.files.set.bind(h.files);
    h.files.set = (path, data) => {
      // The disk fills up once rows are being written.
      if (path === 'out.csv.partial' && data.length > 0)
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
      return set(path, data);
    };
    expect(await h.run(['export', '--format', 'csv', '--output', 'out.csv'])).toEqual({
      code: 1,
      stdout: '',
      stderr: '✗ The disk is full; out.csv was not written (nothing else was changed)\n',
    });
    // Nothing is left behind: no finished-looking file, and no partial one either.
    expect([h.files.has('out.csv'), h.files.has('out.csv.partial')]).toEqual([false, false]);
    h.files.set = set;
    expect((await h.run(['export', '--format', 'csv', '--output', 'out.csv'])).code).toBe(0);
    expect([h.files.has('out.csv'), h.files.has('out.csv.partial')]).toEqual([true, false]);
  });

  it('exports what list shows, with its filters, as CSV, JSON or Excel', async () => {
    const h = await office();
    const csv = await ok(h, ['export', '--format', 'csv', '--category', 'fee']);
    expect(csv.startsWith('\ufeffNo.,Status,Received,Channel')).toBe(true);
    expect(csv.trimEnd().split('\n')).toHaveLength(2);
    expect(csv).toContain('3,replied,2026-11-04 14:00,Letter,Fees,Shared charges,赵先生,5-1-302,,公摊电费偏高');
    const json = JSON.parse(await ok(h, ['export', '--format', 'json', '--status', 'voided']));
    expect(json.map((c: { id: number }) => c.id)).toEqual([4]);
    expect(json[0].complainant.phone).toBe('13812345678'); // exports keep phone numbers whole
    expect((await h.run(['export', '--format', 'xlsx'])).code).toBe(2);
    expect((await h.run(['export', '--format', 'pdf'])).stderr).toBe(
      '✗ Unknown format "pdf"; accepted: csv, json, xlsx\n',
    );
  });

  it('writes the monthly report as a workbook, a sheet per section', async () => {
    const h = await office();
    expect((await h.run(['report', '--month', '2026-11', '--xlsx', 'report.xlsx', '--lang', 'zh'])).stderr).toBe(
      '已将 2026-11 的报表写入 report.xlsx。\n',
    );
    const workbook = new Excel.Workbook();
    await workbook.xlsx.load(Buffer.from(h.files.get('report.xlsx') as Uint8Array) as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '一、总体情况',
      '二、按投诉类别',
      '三、按受理渠道',
      '四、按负责人（考核）',
      '五、原因分析：出问题的服务要素（已存档投诉）',
      '六、超时未办结（含以前月份，截至统计时间）',
      '七、现场处理到场情况（目标：派工后 3 分钟内到场）',
      '八、同比与环比',
      '九、月度趋势',
      '十、按楼栋：投诉集中的楼栋',
      '十一、投诉集中的部位',
      '十二、有二次投诉的房号',
    ]);
    const totals = workbook.worksheets[0]!;
    const values = totals
      .getSheetValues()
      .filter(Boolean)
      .map((row) => (row as unknown[]).slice(1));
    expect(values).toContainEqual(['受理投诉', 3]);
    expect(values).toContainEqual(['按时回复', 1, 0.3333]);
    expect((await h.run(['report', '--month', '2026-11', '--xlsx', 'x.xlsx', '--md'])).code).toBe(2);
  });
});
