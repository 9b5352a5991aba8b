// Writes dist/charts.cache: V8's compiled code for the chart library (dist/charts.cjs) after the
// bundle has drawn every chart of a report page with it, so that report --html draws without
// compiling. Run by scripts/build.mjs after code-cache.cjs; the library is compiled by the bundle's
// own loader (src/ui/chart-library-bundled.ts), whose Script is kept here to take the cache from.
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { keepScriptOf, runBundle, warmUpDatabase } = require('./run-bundle.cjs');

const dist = join(__dirname, '..', 'dist');
const bundle = join(dist, 'complaint.cjs');
const library = join(dist, 'charts.cjs');
const scratch = mkdtempSync(join(tmpdir(), 'complaint-charts-cache-'));
// The warm-up database has something for every section and chart (run-bundle.cjs).
const db = warmUpDatabase(scratch);

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
