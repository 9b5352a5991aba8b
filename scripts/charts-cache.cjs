// Writes dist/charts.cache: V8's compiled code for the chart library (dist/charts.cjs) after the
// bundle has drawn every chart of a report page with it, so that report --html draws without
// compiling. Run by scripts/build.mjs after code-cache.cjs; the library is compiled by the bundle's
// own loader (src/ui/chart-library-bundled.ts), whose Script is kept here to take the cache from.
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { keepScriptOf, runBundle } = require('./run-bundle.cjs');

const dist = join(__dirname, '..', 'dist');
const bundle = join(dist, 'complaint.cjs');
const library = join(dist, 'charts.cjs');
const scratch = mkdtempSync(join(tmpdir(), 'complaint-charts-cache-'));
const db = join(scratch, 'warm-up.db');

// A month with something for every chart: categories, clerks, a late reply, causes, an unanswered
// complaint (overdue now), buildings.
const ledger = join(scratch, 'warm-up.csv');
writeFileSync(
  ledger,
  [
    '受理时间,渠道,类别,子类,业主,房号,电话,投诉内容,回复时间,处理结果,原因,受理人',
    '2025-11-03 09:00,电话,设备设施,运行故障,王先生,3-2-1201,13800000001,电梯停运,2025-11-03 15:00,已修复,服务设备,客服甲',
    '2025-11-04 10:00,来访,管理服务,态度,李女士,5栋1单元302,13800000002,保安态度差,2025-11-10 10:00,已道歉,服务态度,客服乙',
    '2025-11-05 11:00,来函,收费,分摊费,张先生,7号楼501,13800000003,公摊电费偏高,,,,客服甲',
    '',
  ].join('\n'),
);
execFileSync(process.execPath, [join(__dirname, '..', 'bin', 'complaint'), '--db', db, 'import', ledger, '--commit'], {
  stdio: 'ignore',
});

const compiled = keepScriptOf(library);
process.argv = [
  process.argv[0],
  bundle,
  '--db',
  db,
  '--lang',
  'zh',
  'report',
  '--month',
  '2025-11',
  '--html',
  join(scratch, 'warm-up.html'),
];
process.on('exit', () => {
  try {
    if (compiled() === undefined) throw new Error(`the report did not load ${library}`);
    if (process.exitCode) throw new Error(`the warm-up report failed (exit code ${process.exitCode})`);
    writeFileSync(join(dist, 'charts.cache'), compiled().createCachedData());
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
runBundle(bundle);
