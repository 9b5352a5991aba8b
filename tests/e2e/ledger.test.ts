// Ledger import and export through the real binary: the bundle loads its CSV parser and the Excel
// library (kept outside the bundle) only for these commands, and they work from there.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'complaint');

function complaint(db: string, args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tmpdir(),
      COMPLAINT_DB: db,
      COMPLAINT_LANG: 'zh',
      COMPLAINT_USER: '导入员',
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('a ledger through the binary', () => {
  it('imports a CSV, exports Excel, imports that into a new database, and exports the same rows', () => {
    const folder = mkdtempSync(join(tmpdir(), 'complaint-ledger-'));
    const first = join(folder, 'first.db');
    const second = join(folder, 'second.db');
    for (const db of [first, second]) expect(complaint(db, ['config', 'timezone', 'Asia/Shanghai']).code).toBe(0);
    const ledger = join(folder, '台账.csv');
    writeFileSync(
      ledger,
      '\ufeff受理时间,渠道,类别,业主,房号,电话,内容,回复时间,处理结果,原因\n2026/11/2 9:00,电话,设备设施,王先生,3-2-1201,13812345678,电梯停运,2026/11/2 15:00,更换控制板,设备\n2026/11/3 10:00,来访,管理服务,李女士,1-1-101,,保安态度,,,\n',
    );

    const dry = complaint(first, ['import', ledger]);
    expect(dry, dry.stderr).toMatchObject({ code: 0 });
    expect(dry.stdout).toContain('将导入 2 件投诉');
    expect(complaint(first, ['import', ledger, '--commit']).code).toBe(0);

    const workbook = join(folder, 'export.xlsx');
    const exported = complaint(first, ['export', '--format', 'xlsx', '--output', workbook]);
    expect(exported.stderr).toBe(`已将 2 件投诉写入 ${workbook}。\n`);
    expect(statSync(workbook).mode & 0o777).toBe(0o600);
    expect(readFileSync(workbook).subarray(0, 2).toString()).toBe('PK'); // a zip: an .xlsx
    expect(complaint(second, ['import', workbook, '--commit']).code).toBe(0);
    expect(complaint(second, ['export', '--format', 'csv']).stdout).toBe(
      complaint(first, ['export', '--format', 'csv']).stdout,
    );

    const report = join(folder, '2026-11.xlsx');
    expect(complaint(first, ['report', '--month', '2026-11', '--xlsx', report]).code).toBe(0);
    expect(statSync(report).size).toBeGreaterThan(1000);
    expect(complaint(first, ['doctor']).code).toBe(0);
  });
});
