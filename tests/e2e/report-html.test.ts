// `report --html` through the built binary: the chart library stays out of the bundle (a file of its
// own, dist/charts.cjs) and out of every other command's start, and a run that draws charts ends
// (nothing left holding the process).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'complaint');

/**
 * Runs the binary with a preloaded hook that names on stderr every module path loaded from echarts or
 * zrender, and every file read whose name says charts.
 */
function complaint(folder: string, args: string[]) {
  const hook = join(folder, 'hook.cjs');
  writeFileSync(
    hook,
    `const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/echarts|zrender/.test(request)) process.stderr.write('loaded: ' + request + '\\n');
  return load.call(this, request, ...rest);
};
const fs = require('node:fs');
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (/charts/.test(String(file))) process.stderr.write('read: ' + require('node:path').basename(String(file)) + '\\n');
  return readFileSync.call(this, file, ...rest);
};
`,
  );
  const result = spawnSync(process.execPath, ['--require', hook, bin, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: folder,
      XDG_DATA_HOME: join(folder, 'data'),
      COMPLAINT_DB: join(folder, 'office.db'),
      COMPLAINT_LANG: 'en',
      COMPLAINT_USER: 'clerk-a',
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('report --html, built', () => {
  it('keeps the chart library out of the bundle and out of other commands, and loads it for --html alone', () => {
    const bundle = readFileSync(join(root, 'dist', 'complaint.cjs'), 'utf8');
    // Its only mention: the package's list of dependencies. The library is a file of its own.
    expect(bundle.replace(/\becharts:"[^"]*"/, '')).not.toMatch(/echarts|zrender/i);
    expect(readFileSync(join(root, 'dist', 'charts.cjs'), 'utf8')).toContain('renderToSVGString');

    const folder = mkdtempSync(join(tmpdir(), 'complaint-html-'));
    const created = complaint(folder, [
      'new',
      '--channel',
      'phone',
      '--category',
      'facility',
      '--name',
      '王先生',
      '--unit',
      '1-1-101',
      '--description',
      '电梯停运',
      '--at',
      '2026-11-02 09:00',
    ]);
    expect(created.code, created.stderr).toBe(0);
    for (const args of [
      ['--version'],
      ['report', '--month', '2026-11'],
      ['report', '--month', '2026-11', '--md'],
      ['list'],
    ]) {
      const result = complaint(folder, args);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr, args.join(' ')).not.toMatch(/loaded:|read:/);
    }
    const page = join(folder, 'report.html');
    const result = complaint(folder, ['report', '--month', '2026-11', '--html', page]);
    // It ends by itself (a chart left undisposed would keep a timer running: the spawn's timeout kills it, status null).
    expect(result.code, result.stderr).toBe(0);
    // The library and its code cache read, no module of echarts' own loaded.
    expect(result.stderr).toBe(`read: charts.cache\nread: charts.cjs\nWrote the report for 2026-11 to ${page}.\n`);
    const html = readFileSync(page, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    // The category chart, the clerks' chart, the overdue follow-ups' (unanswered since November).
    expect([...html.matchAll(/data-chart="(\w+)"/g)].map((match) => match[1])).toEqual([
      'category',
      'owner',
      'overdue',
      'trend',
      'building',
    ]);
    expect(html.match(/<svg\b/g)).toHaveLength(5);
  });
});
