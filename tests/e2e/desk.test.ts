// The clerk's desk through the real binary (bin/complaint, built by `npm test`): finding an
// owner's complaints, their history at intake, fixing a typo, what is waiting.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'complaint');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'complaint-desk-'));
}

function complaint(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', COMPLAINT_LANG: 'en', COMPLAINT_USER: 'clerk-e2e', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function newArgs(description: string, unit: string, phone: string, at: string): string[] {
  return ['new', '--channel', 'phone', '--category', 'facility', '--name', '王先生', '--unit', unit, '--phone', phone, '--description', description, '--at', at];
}

const ids = (stdout: string): number[] => (JSON.parse(stdout) as Array<{ id: number }>).map((c) => c.id);

describe('finding complaints', () => {
  it('by words, unit and phone; a restore brings back what a search finds', () => {
    const folder = tempDir();
    const env = { COMPLAINT_DB: join(folder, 'office.db') };
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
    const backup = join(folder, 'backup.db');
    ok(['backup', backup]);
    ok(newArgs('楼道灯不亮', '5-5-505', '13900001111', '2026-11-22 09:00'));
    expect(ids(ok(['list', '--search', '楼道', '--json']).stdout)).toEqual([3]);
    ok(['restore', backup]);
    expect(ids(ok(['list', '--search', '楼道', '--json']).stdout)).toEqual([]);
    expect(ids(ok(['list', '--search', '电', '--json']).stdout)).toEqual([2, 1]);
    expect(ok(['doctor']).code).toBe(0);
    const bad = complaint(['list', '--phone', '12'], env);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
  });
});
