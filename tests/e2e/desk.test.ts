// The clerk's desk through the real binary (bin/complaint, built by `npm test`): finding an
// owner's complaints, their history at intake, fixing a typo, what is waiting.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fullStringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { stringWidth } from '../../src/ui/table.js';
import { e2eDatabase } from '../support/e2e-database.js';
import { BACKEND } from '../support/harness.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'complaint');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'complaint-desk-'));
}

function complaint(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      COMPLAINT_LANG: 'en',
      COMPLAINT_USER: 'clerk-e2e',
      ...env,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function newArgs(description: string, unit: string, phone: string, at: string): string[] {
  return [
    'new',
    '--channel',
    'phone',
    '--category',
    'facility',
    '--name',
    '王先生',
    '--unit',
    unit,
    '--phone',
    phone,
    '--description',
    description,
    '--at',
    at,
  ];
}

const ids = (stdout: string): number[] => (JSON.parse(stdout) as Array<{ id: number }>).map((c) => c.id);

describe('finding complaints', () => {
  it('by words, unit and phone; a restore brings back what a search finds', async () => {
    const env = { COMPLAINT_DB: await e2eDatabase('complaint-desk-') };
    const ok = (args: string[]) => {
      const result = complaint(args, env);
      expect(result.code, result.stderr).toBe(0);
      return result;
    };
    ok(['config', 'timezone', 'Asia/Shanghai']);
    ok(newArgs('3号楼电梯经常停运', '3-2-1201', '+86 138 1234 5678', '2026-11-20 09:00'));
    ok(newArgs('卫生间漏水', '1-1-101', '021-87654321', '2026-11-21 09:00'));
    ok(['note', '2', '已通知水电班组', '--at', '2026-11-21 10:00']);
    expect(ids(ok(['list', '--search', '梯', '--json']).stdout)).toEqual([1]);
    expect(ids(ok(['list', '--search', '电梯', '--json']).stdout)).toEqual([1]);
    expect(ids(ok(['list', '--search', '电梯经常', '--json']).stdout)).toEqual([1]);
    expect(ids(ok(['list', '--search', '水电', '--json']).stdout)).toEqual([2]);
    expect(ids(ok(['list', '--search', '电', '--json']).stdout)).toEqual([2, 1]);
    expect(ids(ok(['list', '--phone', '13812345678', '--json']).stdout)).toEqual([1]);
    expect(ids(ok(['list', '--unit', '1-1-101', '--json']).stdout)).toEqual([2]);
    // (a server's backup is pg_dump's: tests/postgres/cli.test.ts)
    if (BACKEND === 'sqlite') {
      const backup = join(tempDir(), 'backup.db');
      ok(['backup', backup]);
      ok(newArgs('楼道灯不亮', '5-5-505', '13900001111', '2026-11-22 09:00'));
      expect(ids(ok(['list', '--search', '楼道', '--json']).stdout)).toEqual([3]);
      ok(['restore', backup]);
      expect(ids(ok(['list', '--search', '楼道', '--json']).stdout)).toEqual([]);
    }
    expect(ids(ok(['list', '--search', '电', '--json']).stdout)).toEqual([2, 1]);
    expect(ok(['doctor']).code).toBe(0);
    const bad = complaint(['list', '--phone', '12'], env);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('the history at intake', () => {
  it('is one line on stderr without a terminal', async () => {
    const env = { COMPLAINT_DB: await e2eDatabase('complaint-desk-') };
    complaint(['config', 'timezone', 'Asia/Shanghai'], env);
    expect(complaint(newArgs('3号楼电梯经常停运', '3-2-1201', '13812345678', '2026-11-20 09:00'), env).stderr).toBe('');
    const second = complaint(
      newArgs('楼道灯不亮', '3-2-1201', '', '2026-11-21 09:00').filter(
        (arg, index, all) => arg !== '--phone' && all[index - 1] !== '--phone',
      ),
      env,
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toBe(
      'Unit 3-2-1201: 1 complaint(s) in the last 12 months: #1 2026-11-20 Facilities awaiting reply 3号楼电梯经常停运\n',
    );
  });

  it('asks on a terminal, right after the unit and phone, and reopens the same problem as a repeat complaint', async () => {
    const db = await e2eDatabase('complaint-desk-');
    const env = { COMPLAINT_DB: db };
    complaint(['config', 'timezone', 'Asia/Shanghai'], env);
    complaint(newArgs('3号楼电梯经常停运', '3-2-1201', '13812345678', '2026-11-20 09:00'), env);
    expect(
      complaint(['reply', '1', '--method', 'phone', '--message', '已修好', '--at', '2026-11-20 15:00'], env).code,
    ).toBe(0);
    const steps = [
      ['Channel', '\r'],
      ['Category', '\r'],
      ['Sub-category', '\r'],
      ["Complainant's name", '王先生\r'],
      ['Unit', '3-2-1201\r'],
      ['Phone', '\r'],
      ['Is the owner calling about one of these again?', '\r'], // the first choice: #1, the same problem
      ['What is the complaint', '电梯又停了\r'],
    ];
    const spec = {
      argv: [process.execPath, bin, 'new'],
      env: { COMPLAINT_DB: db, COMPLAINT_LANG: 'en', COMPLAINT_USER: 'clerk-tty', TERM: 'xterm' },
      steps,
    };
    const drive = spawnSync('python3', [join(root, 'tests', 'support', 'pty-drive.py'), JSON.stringify(spec)], {
      encoding: 'utf8',
    });
    const outcome = JSON.parse(drive.stdout) as { code: number; screen: string; timeout?: string };
    expect(outcome.timeout, outcome.screen).toBeUndefined();
    expect(outcome.code, outcome.screen).toBe(0);
    expect(outcome.screen).toContain('Unit 3-2-1201: 1 complaint(s) in the last 12 months');
    expect(outcome.screen).toContain('#1 2026-11-20 Facilities replied 3号楼电梯经常停运');
    expect(outcome.screen).toContain('#1: the same problem — reopen it as a repeat complaint (二次投诉)');
    expect(outcome.screen).toMatch(/#1 reopened as a repeat complaint \(×1\) · reply by/);
    expect(outcome.screen).not.toContain('Where');
    const shown = JSON.parse(complaint(['show', '1', '--json'], env).stdout);
    expect(shown).toMatchObject({ status: 'received', repeatCount: 1 });
    expect(shown.events.at(-1)).toMatchObject({
      type: 'reopened',
      actor: 'clerk-tty',
      details: { reason: '电梯又停了' },
    });
    expect(JSON.parse(complaint(['list', '--json'], env).stdout)).toHaveLength(1);
  });
});

describe('complaint edit', () => {
  it('corrects a phone and moves a receipt to another month; show, report and doctor agree', async () => {
    const env = { COMPLAINT_DB: await e2eDatabase('complaint-desk-') };
    complaint(['config', 'timezone', 'Asia/Shanghai'], env);
    complaint(newArgs('3号楼电梯经常停运', '3-2-1201', '13812345678', '2026-11-02 09:00'), env);
    expect(complaint(['edit', '1', '--phone', '13912345678', '--received-at', '2026-10-30 16:00'], env)).toEqual({
      code: 0,
      stdout: '',
      stderr: '✓ #1 edited: Phone; Received. Reply deadline counted again: Mon 2 Nov, 24:00.\n',
    });
    const shown = complaint(['show', '1'], env).stdout;
    expect(shown).toContain('edited Phone: 13812345678 → 13912345678');
    expect(shown).toContain('edited Received: 2026-11-02 09:00 → 2026-10-30 16:00');
    expect(shown).toContain('(the complaint was edited)');
    const october = JSON.parse(complaint(['report', '--month', '2026-10', '--json'], env).stdout);
    expect(october.totals.received).toBe(1);
    expect(complaint(['doctor'], env).code).toBe(0);
    expect(complaint(['void', '1', '--reason', '误登记'], env).code).toBe(0);
    expect(complaint(['edit', '1', '--name', '李'], env)).toMatchObject({ code: 1, stdout: '' });
  });
});

describe('what is waiting', () => {
  it('list --open and --status lists through the binary', async () => {
    const env = { COMPLAINT_DB: await e2eDatabase('complaint-desk-') };
    complaint(['config', 'timezone', 'Asia/Shanghai'], env);
    for (const day of ['01', '02', '03']) {
      const args = newArgs('电梯', '1-1-101', '13812345678', `2026-11-${day} 09:00`);
      expect(complaint(args, env).code).toBe(0);
    }
    expect(
      complaint(['reply', '2', '--method', 'phone', '--message', '好', '--at', '2026-11-02 10:00'], env).code,
    ).toBe(0);
    expect(complaint(['close', '2', '--result', '修好', '--cause', 'none', '--at', '2026-11-02 11:00'], env).code).toBe(
      0,
    );
    expect(ids(complaint(['list', '--open', '--json'], env).stdout)).toEqual([3, 1]);
    expect(ids(complaint(['list', '--status', 'closed', '--status', 'received', '--json'], env).stdout)).toEqual([
      3, 2, 1,
    ]);
    expect(complaint(['list', '--status', 'archived'], env)).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('tables on a terminal', () => {
  it('line up names with emoji and accents; only a command that meets them pays for grapheme rules', async () => {
    const db = await e2eDatabase('complaint-desk-');
    const env = { COMPLAINT_DB: db };
    complaint(['config', 'timezone', 'Asia/Shanghai'], env);
    const owners: Array<[name: string, unit: string]> = [
      ['王👍🏽', '3-2-1201'],
      ['Jose\u0301', '3-2-1202'],
      ['李四', '3-2-1203'],
    ];
    for (const [name, unit] of owners) {
      const args = newArgs('电梯停运', unit, '13812345678', '2026-11-20 09:00');
      expect(complaint([...args, '--name', name], env).code).toBe(0);
    }
    // A preloaded hook counts the grapheme segmenters made (Intl.Segmenter's first one loads ICU's
    // break rules, a third of the bundle's start-up when string-width made it on loading).
    const hook = join(tempDir(), 'count-segmenters.cjs');
    writeFileSync(
      hook,
      'const Made = Intl.Segmenter; let made = 0; Intl.Segmenter = function (...args) { made += 1; return new Made(...args); };\n' +
        "process.on('exit', () => process.stderr.write('segmenters made: ' + made + '\\n'));\n",
    );
    const version = spawnSync(process.execPath, ['--require', hook, bin, '--version'], { encoding: 'utf8' });
    expect(version.stderr).toBe('segmenters made: 0\n');
    const driver = join(root, 'tests', 'support', 'pty-drive.py');
    const spec = {
      argv: [process.execPath, '--require', hook, bin, 'list'],
      env: { COMPLAINT_DB: db, COMPLAINT_LANG: 'zh', COMPLAINT_USER: 'u', TERM: 'xterm', COLUMNS: '120' },
      steps: [],
    };
    const outcome = JSON.parse(spawnSync('python3', [driver, JSON.stringify(spec)], { encoding: 'utf8' }).stdout) as {
      code: number;
      screen: string;
    };
    expect(outcome.code, outcome.screen).toBe(0);
    const screen = outcome.screen.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r/g, '');
    expect(screen).toContain('segmenters made: 1');
    // Each unit starts in the same terminal column, whatever the name before it.
    const unitColumns = owners.map(([name, unit]) => {
      const row = screen.split('\n').find((line) => line.includes(unit)) ?? '';
      expect(row, screen).toContain(name);
      return fullStringWidth(row.slice(0, row.indexOf(unit)));
    });
    expect(new Set(unitColumns).size, screen).toBe(1);
  });

  it.each([80, 120])('fit %i columns, measured in East Asian widths, through a pseudo-terminal', async (columns) => {
    const db = await e2eDatabase('complaint-desk-');
    const env = { COMPLAINT_DB: db };
    complaint(['config', 'timezone', 'Asia/Shanghai'], env);
    const name = '欧阳'.repeat(150);
    const args = newArgs('电梯'.repeat(200), '3-2-1201', '13812345678', '2026-11-20 09:00');
    expect(complaint([...args, '--name', name], env).code).toBe(0);
    const onTerminal = (argv: string[]): string[] => {
      const spec = {
        argv: [process.execPath, bin, ...argv],
        env: { COMPLAINT_DB: db, COMPLAINT_LANG: 'zh', COMPLAINT_USER: 'u', TERM: 'xterm', COLUMNS: String(columns) },
        steps: [],
      };
      const driver = join(root, 'tests', 'support', 'pty-drive.py');
      const drive = spawnSync('python3', [driver, JSON.stringify(spec)], { encoding: 'utf8' });
      const outcome = JSON.parse(drive.stdout) as { code: number; screen: string };
      expect(outcome.code, outcome.screen).toBe(0);

      const lines = outcome.screen
        .replace(/\u001b\[[0-9;]*m/g, '')
        .replace(/\r/g, '')
        .trimEnd()
        .split('\n');
      expect(Math.max(...lines.map((line) => stringWidth(line))), lines.join('\n')).toBeLessThanOrEqual(columns);
      return lines;
    };
    const lines = onTerminal(['list']);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('…');
    // The details view wraps instead: the whole name and description are on the screen.
    const shown = onTerminal(['show', '1']).join('').replace(/\s+/g, '');
    expect(shown).toContain(name);
    expect(shown).toContain('电梯'.repeat(200));
  });
});
