// Every command fed bad values: each is refused with exit 1 or 2 and one clear line on stderr, no
// stack trace, nothing on stdout, and the database's content exactly as it was (a hash of every
// table's rows, read through a second connection to the same file).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { contentHash } from '../support/content-hash.js';
import { harness, newComplaintArgs } from '../support/harness.js';

/** Wrong for any value that must be a code, a date, a time, a number or an id. */
const BAD_VALUES = [
  '',
  ' ',
  'x'.repeat(100_000),
  '漏水\u0000\u001b[31m',
  "1'; DROP TABLE complaints; --",
  '😀',
  '-1',
  '99999999999999999999',
  '2026-02-30',
  '25:61',
  '2026-13',
  'NaN',
];
/** Wrong for free text: blank, too long, control characters. */
const BAD_TEXT = ['', '   ', 'x'.repeat(100_000), '漏水\u001b[2J', 'a\u0000b', 'a\u0007b'];
/** Wrong for a one-line text such as a name, on top of BAD_TEXT. */
const BAD_LINE = [...BAD_TEXT, '王\n先生'];
/** Ids that are well-formed but name no complaint. */
const MISSING_IDS = ['999999', '#123456789012345'];

type Slot = { label: string; args: (value: string) => string[]; values: readonly string[]; reports?: boolean };

const slot = (
  label: string,
  args: (value: string) => string[],
  values: readonly string[] = BAD_VALUES,
  reports = false,
): Slot => ({ label, args, values, reports });
const valid = (overrides: Record<string, string> = {}): string[] => newComplaintArgs(overrides);

const SLOTS: Slot[] = [
  // new
  slot('new --channel', (v) => valid({ channel: v })),
  slot('new --category', (v) => valid({ category: v })),
  slot(
    'new --subcategory',
    (v) => valid({ subcategory: v }),
    BAD_VALUES.filter((v) => v.trim() !== ''),
  ),
  slot('new --phone', (v) => valid({ phone: v, unit: '' }), BAD_VALUES),
  slot('new --at', (v) => [...valid(), '--at', v]),
  slot('new --name', (v) => valid({ name: v }), BAD_LINE),
  slot(
    'new --unit',
    (v) => valid({ unit: v }),
    BAD_LINE.filter((v) => v.trim() !== ''),
  ),
  slot('new --description', (v) => valid({ description: v }), BAD_TEXT),
  slot(
    'new --as',
    (v) => [...valid(), '--as', v],
    BAD_LINE.filter((v) => v.trim() !== ''),
  ),
  slot('new --repeat-of', (v) => ['new', '--repeat-of', v, '--description', '又停了'], [...BAD_VALUES, ...MISSING_IDS]),
  slot('new --repeat-of --description', (v) => ['new', '--repeat-of', '1', '--description', v], BAD_TEXT),
  // list, show, report, overdue, calendar
  slot('list --status', (v) => ['list', '--status', v]),
  slot(
    'list --status (a list)',
    (v) => ['list', '--status', `received,${v}`],
    BAD_VALUES.filter((v) => v.trim()),
  ),
  slot('list --status (repeated)', (v) => ['list', '--status', 'received', '--status', v]),
  slot('list --category', (v) => ['list', '--category', v]),
  slot('list --channel', (v) => ['list', '--channel', v]),
  slot('list --month', (v) => ['list', '--month', v]),
  slot('list --at', (v) => ['list', '--at', v]),
  slot('list --limit', (v) => ['list', '--limit', v], ['-1', 'ten', '1.5', '', '99999999999']),
  slot('list --unit', (v) => ['list', '--unit', v], BAD_LINE),
  slot('list --phone', (v) => ['list', '--phone', v]),
  slot('list --name', (v) => ['list', '--name', v], BAD_LINE),
  slot('list --search', (v) => ['list', '--search', v], BAD_TEXT),
  slot('export --search', (v) => ['export', '--format', 'csv', '--search', v], BAD_TEXT),
  slot('show <id>', (v) => ['show', v], [...BAD_VALUES, ...MISSING_IDS]),
  slot('report --month', (v) => ['report', '--month', v]),
  slot('report --at', (v) => ['report', '--month', '2026-11', '--at', v]),
  slot('overdue --soon', (v) => ['overdue', '--soon', v]),
  slot('overdue --at', (v) => ['overdue', '--at', v]),
  slot('overdue --notify', (v) => ['overdue', '--notify', v]),
  slot('calendar <month>', (v) => ['calendar', v]),
  slot('calendar set <date>', (v) => ['calendar', 'set', v, 'off']),
  slot('calendar set <kind>', (v) => ['calendar', 'set', '2026-12-01', v]),
  slot(
    'calendar set --note',
    (v) => ['calendar', 'set', '2026-12-01', 'off', '--note', v],
    BAD_LINE.filter((v) => v.trim() !== ''),
  ),
  slot('calendar import <file>', (v) => ['calendar', 'import', v]),
  // A schedule that would rewrite other years, or that is not a whole year's notice.
  slot("calendar import (not a year's schedule)", (v) => ['calendar', 'import', v], [
    'empty-days.json',
    'other-year.json',
    'no-festivals.json',
    'not-a-schedule.json',
    'huge.json',
  ]),
  // follow-ups on #1
  slot('note <id>', (v) => ['note', v, '业主来电催促'], [...BAD_VALUES, ...MISSING_IDS]),
  slot('note <text>', (v) => ['note', '1', v], BAD_TEXT),
  slot('note --at', (v) => ['note', '1', '催促', '--at', v]),
  slot('visit --arrived', (v) => ['visit', '1', '--arrived', v]),
  slot('reply --method', (v) => ['reply', '1', '--method', v, '--message', '已处理']),
  slot('reply --message', (v) => ['reply', '1', '--method', 'phone', '--message', v], BAD_TEXT),
  slot('reply --satisfaction', (v) => ['reply', '1', '--method', 'phone', '--message', '已处理', '--satisfaction', v]),
  slot('escalate --to', (v) => ['escalate', '1', '--to', v, '--promise', '2026-11-30']),
  slot('escalate --promise', (v) => ['escalate', '1', '--to', '工程部', '--promise', v]),
  slot('assign <clerk>', (v) => ['assign', '1', v], BAD_LINE),
  slot('close <id>', (v) => ['close', v, '--result', '已修', '--cause', 'equipment'], [...BAD_VALUES, ...MISSING_IDS]),
  slot('reopen --reason', (v) => ['reopen', '1', '--reason', v], BAD_TEXT),
  slot('void --reason', (v) => ['void', '1', '--reason', v], BAD_TEXT),
  slot('void <id>', (v) => ['void', v, '--reason', '误登记'], [...BAD_VALUES, ...MISSING_IDS]),
  // edit #1
  slot('edit <id>', (v) => ['edit', v, '--name', '李女士'], [...BAD_VALUES, ...MISSING_IDS]),
  slot('edit (nothing)', (v) => ['edit', v], ['1']),
  slot('edit --name', (v) => ['edit', '1', '--name', v], BAD_LINE),
  slot(
    'edit --unit',
    (v) => ['edit', '1', '--unit', v],
    BAD_LINE.filter((v) => v.trim() !== ''),
  ),
  slot(
    'edit --phone',
    (v) => ['edit', '1', '--phone', v],
    BAD_VALUES.filter((v) => v.trim() !== ''),
  ),
  slot('edit --unit and --phone cleared', (v) => ['edit', '1', '--unit', v, '--phone', v], ['', ' ']),
  slot('edit --description', (v) => ['edit', '1', '--description', v], BAD_TEXT),
  slot(
    'edit --location',
    (v) => ['edit', '1', '--location', v],
    BAD_LINE.filter((v) => v.trim() !== ''),
  ),
  slot('edit --category', (v) => ['edit', '1', '--category', v]),
  slot(
    'edit --subcategory',
    (v) => ['edit', '1', '--subcategory', v],
    BAD_VALUES.filter((v) => v.trim() !== ''),
  ),
  slot('edit --channel', (v) => ['edit', '1', '--channel', v]),
  slot('edit --received-at', (v) => ['edit', '1', '--received-at', v]),
  // settings
  slot('config timezone', (v) => ['config', 'timezone', v]),
  slot(
    'config closing-time',
    (v) => ['config', 'closing-time', v],
    BAD_VALUES.filter((v) => v.trim() !== ''),
  ),
  slot('config reply-days.phone', (v) => ['config', 'reply-days.phone', v]),
  slot(
    'config departments',
    (v) => ['config', 'departments', v],
    BAD_LINE.filter((v) => v.trim() !== ''),
  ),
  slot(
    'config clerks',
    (v) => ['config', 'clerks', v],
    BAD_LINE.filter((v) => v.trim() !== ''),
  ),
  slot('config <key>', (v) => ['config', v, '1']),
  // files
  slot('backup <file>', (v) => ['backup', v], ['', '   ', '/no/such/folder/backup.db']),
  slot('restore <file>', (v) => ['restore', v], ['', '/no/such/file.db', 'not-a-database.txt']),
  // ledgers in and out
  slot('import <file>', (v) => ['import', v, '--commit'], [
    '',
    '   ',
    'ledger.pdf',
    'missing.csv',
    'not-a-ledger.csv',
    'empty-ledger.csv',
    'not-a-workbook.xlsx',
    'broken-workbook.xlsx',
    'old-ledger.xls',
    'old-ledger-renamed.xlsx',
  ]),
  slot('import --map', (v) => ['import', 'ledger.csv', '--commit', '--map', v], [
    '',
    '=receivedAt',
    '日期=when',
    '日期',
  ]),
  // A refused import still lists the rows it cannot import (on stdout), then fails with one line.
  slot('import --commit (bad rows)', (v) => ['import', v, '--commit'], ['bad-rows.csv'], true),
  slot('import --skip-bad without --commit', (v) => ['import', v, '--skip-bad'], ['ledger.csv']),
  slot('export --format', (v) => ['export', '--format', v], BAD_VALUES),
  slot('export --status', (v) => ['export', '--format', 'csv', '--status', v]),
  slot('export xlsx to stdout', (v) => ['export', '--format', v], ['xlsx']),
  slot('report --xlsx', (v) => ['report', '--month', '2026-11', '--xlsx', v, '--json'], ['x.xlsx']),
  slot('report --html', (v) => ['report', '--month', '2026-11', '--html', v, '--md'], ['x.html']),
  slot('report --html (empty)', (v) => ['report', '--month', '2026-11', '--html', v], ['', ' ']),
  // the command line itself
  slot('unknown option', (v) => ['list', v], ['--bogus', '--stauts', '-z']),
  slot('unknown command', (v) => [v], ['nwe', 'delete', 'DROP']),
  slot('--lang', (v) => ['list', '--lang', v], ['fr', '😀', '']),
];

describe('bad input changes nothing', () => {
  let h: Harness;
  let path: string;
  let before: string;

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'complaint-bad-input-'));
    path = join(folder, 'office.db');
    h = harness({ path });
    h.files.set('not-a-database.txt', 'hello');
    const festivals = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'].map((name, index) => ({
      name,
      date: `2027-0${index + 1}-10`,
      isOffDay: true,
    }));
    h.files.set('empty-days.json', '{"year":2027,"days":[]}');
    h.files.set(
      'other-year.json',
      JSON.stringify({ year: 2027, days: [...festivals, { name: '春节', date: '2026-02-10', isOffDay: true }] }),
    );
    h.files.set('no-festivals.json', JSON.stringify({ year: 2027, days: festivals.slice(0, 3) }));
    h.files.set('not-a-schedule.json', '[1, 2, 3]');
    h.files.set('huge.json', `[${'0,'.repeat(600_000)}0]`);
    h.files.set('not-a-ledger.csv', 'a,b,c\n1,2,3\n');
    h.files.set('empty-ledger.csv', '受理时间,渠道,类别,业主,房号,内容\n');
    h.files.set('not-a-workbook.xlsx', 'not really');
    h.files.set('broken-workbook.xlsx', 'PK\u0003\u0004 but no more');
    h.files.set('old-ledger.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    h.files.set('old-ledger-renamed.xlsx', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    h.files.set(
      'ledger.csv',
      '受理时间,渠道,类别,业主,房号,内容\n2026-11-20 09:00,电话,收费,王先生,1-1-101,多收物业费\n',
    );
    h.files.set(
      'bad-rows.csv',
      '受理时间,渠道,类别,业主,房号,内容\n2026-11-20 09:00,电话,收费,王先生,1-1-101,多收物业费\n2026-11-21 09:00,传真,收费,李女士,1-1-102,多收\n',
    );
    for (const args of [
      newComplaintArgs({ at: '2026-11-20 09:00' }),
      ['config', 'office-name', '阳光花园管理处'],
      ['list'],
    ]) {
      const result = await h.run(args);
      if (result.code !== 0) throw new Error(result.stderr);
    }
    before = contentHash(path);
  });

  const cases = SLOTS.flatMap((entry) =>
    entry.values.map(
      (value) =>
        [
          entry.label,
          value.length > 40 ? `${value.slice(0, 12)}… (${value.length} chars)` : JSON.stringify(value),
          entry.args(value),
          entry.reports === true,
        ] as const,
    ),
  );

  it.each(cases)('%s %s', async (label, shown, args, reports) => {
    const result = await h.run([...args]);
    expect([1, 2], result.stderr).toContain(result.code);
    if (reports) expect(result.stdout).toContain('row 3: Unknown channel "传真"');
    else expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines, result.stderr).toHaveLength(2); // one line and its line end
    expect(lines[0]).toMatch(/^✗ /);
    expect(lines[0]!.length).toBeLessThan(600); // names the value, does not reprint 100 KB
    expect(result.stderr).not.toMatch(/\n\s+at |\u001b|Unexpected error/);
    // Refused for the value under test, not for a mistake in how the test wrote the command.
    // (A value starting with "-" may fairly be read as an option.)
    if (!label.startsWith('unknown') && !shown.startsWith('"-'))
      expect(result.stderr).not.toMatch(/Unknown option|Unknown command|Missing argument/);
    expect(contentHash(path)).toBe(before);
  });
});
