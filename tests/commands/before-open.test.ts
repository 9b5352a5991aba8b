// A command refused for bad input is refused before it opens the database: opening a new --db
// path makes the file, so a refusal after it would leave an empty ledger behind (and a second
// "Created the database" line before the error). The values that need the office's own settings
// (the departments, the clerks list, a time read in the office's zone) are the exceptions.
import { describe, expect, it } from 'vitest';
import { harness, newComplaintArgs } from '../support/harness.js';

const FIELDS = newComplaintArgs();

const REFUSED: Array<[string[], number]> = [
  // list, export, show
  [['list', '--month', '2026-13'], 2],
  [['list', '--status', 'bogus'], 2],
  [['list', '--limit', '-1'], 2],
  [['list', '--at', 'garbage'], 2],
  [['list', '--phone', 'x'], 2],
  [['export', '--month', '2026-13', '--output', 'a.csv'], 2],
  [['export', '--format', 'csv', '--at', 'garbage'], 2],
  [['show', '1', '--at', 'garbage'], 2],
  // report
  [['report', '--month', '2026-13'], 2],
  [['report', '--quarter', '2026Q5'], 2],
  [['report', '--month', '2026-11', '--year', '2026'], 2],
  [['report', '--month', '2026-11', '--at', 'garbage'], 2],
  [['report', '--month', '2026-11', '--json', '--csv'], 2],
  [['report', '--from', '2026-11', '--to', '2026-01'], 2],
  // overdue
  [['overdue', '--soon', 'x'], 2],
  [['overdue', '--at', 'garbage'], 2],
  [['overdue', '--notify', 'ftp://x'], 2],
  [['overdue', '--notify-format', 'fax'], 2],
  [['overdue', '--remind-every', '1s', '--flag'], 2],
  [['overdue', '--digest', '--flag'], 2],
  [['overdue', '--flag', '--at', '2030-01-01'], 2],
  // one office and every office at once
  [['list', '--all-offices', '--office', 'main'], 2],
  [['report', '--month', '2026-11', '--all-offices', '--office', 'main'], 2],
  [['overdue', '--all-offices', '--office', 'main'], 2],
  [['export', '--all-offices', '--format', 'csv', '--office', 'main'], 2],
  // calendar
  [['calendar', '2026-13'], 2],
  // new
  [newComplaintArgs({ channel: 'fax' }), 2],
  [newComplaintArgs({ phone: '12' }), 2],
  [newComplaintArgs({ name: 'a\u0007b' }), 2],
  [[...FIELDS, '--at', 'garbage'], 2],
  [[...FIELDS, '--at', '2030-01-01'], 2],
  [['new', '--channel', 'phone', '--category', 'facility', '--name', '王', '--unit', '1-1-101'], 2],
  [['new', '--repeat-of', 'x', '--description', '又停了'], 2],
  [['new', '--repeat-of', '1'], 2],
  [['new', '--repeat-of', '1', '--description', 'a\u0000b'], 2],
  // follow-ups
  [['note', '1', '催促', '--at', 'garbage'], 2],
  [['note', '1', '催促', '--at', '2030-01-01'], 2],
  [['visit', '1', '--arrived', 'garbage'], 2],
  [['visit', '1', '--arrived', '2026-11-23 09:00', '--dispatched', 'garbage'], 2],
  [['visit', 'x', '--arrived', '2026-11-23 09:00'], 2],
  [['reply', '1', '--method', 'phone', '--message', '已处理', '--at', 'garbage'], 2],
  [['escalate', '1', '--to', '工程部', '--promise', 'garbage'], 2],
  [['escalate', '1', '--to', '工程部', '--promise', '2026-12-01', '--method', 'fax'], 2],
  [['escalate', '1', '--to', '工程部', '--promise', '2026-12-01', '--message', 'a\u0000b'], 2],
  [['escalate', 'x', '--to', '工程部', '--promise', '2026-12-01'], 2],
  [['assign', '1', '王', '--at', 'garbage'], 2],
  [['assign', 'x', '王'], 2],
  [['close', '1', '--result', '已修', '--at', 'garbage'], 2],
  [['reopen', '1', '--reason', '又坏了', '--at', 'garbage'], 2],
  [['reopen', 'x', '--reason', '又坏了'], 2],
  [['revisit', '1', '--method', 'phone', '--satisfaction', 'satisfied', '--at', 'garbage'], 2],
  [['void', '1', '--reason', '误登记', '--at', 'garbage'], 2],
  [['edit', '1', '--received-at', 'garbage'], 2],
  [['edit', '1', '--received-at', '2026-11-20', '--phone', '12'], 2],
  // files
  [['backup', '/no/such/folder/backup.db'], 1],
  [['backup', '/no/such/folder/'], 1],
  [['restore', '/no/such/file.db', '--yes'], 1],
  [['restore', 'package.json', '--yes'], 1],
  [['config', 'notify.工程部', 'ftp://robot.example'], 2],
];

describe('a refusal for bad input opens no database', () => {
  it.each(REFUSED)('%j', async (args, code) => {
    const h = harness();
    const result = await h.run(args);
    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(h.opens, result.stderr).toBe(0);
  });
});

describe('an output file that cannot be written is refused before the database is opened', () => {
  it.each([
    [['export', '--output', 'ledger.csv']],
    [['export', '--all-offices', '--output', 'ledger.csv']],
    [['report', '--month', '2026-11', '--xlsx', 'ledger.csv']],
    [['report', '--month', '2026-11', '--html', 'ledger.csv']],
  ])('%j', async (args) => {
    const h = harness();
    h.files.set('ledger.csv', 'kept');
    const result = await h.run(args);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: '✗ ledger.csv already exists; choose a new name, or add --force to replace it\n',
    });
    expect(h.opens).toBe(0);
    expect(h.files.get('ledger.csv')).toBe('kept');
    expect([...h.files.keys()]).toEqual(['ledger.csv']);
  });

  it('a report or an export still writes its file, and leaves no partial when the work fails', async () => {
    const h = harness();
    expect((await h.run(['export', '--output', 'out.csv'])).code).toBe(0);
    expect((await h.run(['report', '--month', '2026-11', '--html', 'out.html'])).code).toBe(0);
    expect([...h.files.keys()].sort()).toEqual(['out.csv', 'out.html']);
    // (--from alone runs to this month of the office's calendar: known once the database is open.)
    const failing = await h.run(['report', '--from', '2026-12', '--xlsx', 'out.xlsx']);
    expect(failing.code).toBe(2);
    expect([...h.files.keys()].sort()).toEqual(['out.csv', 'out.html']);
  });
});
