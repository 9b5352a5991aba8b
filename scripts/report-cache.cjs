// Writes dist/report.cache: V8's compiled code for the bundle after it has made a month's report and
// a year's of the warm-up database (run-bundle.cjs), so that `report` starts without compiling its
// queries, its sums and its tables (a year's report on the bench database compiled 44M instructions'
// worth of functions lazily from the other cache, 25M from this one, by callgrind). bin/complaint
// reads it for a command line that says `report`, and dist/complaint.cache for every other: that one
// holds what most commands run (the store, the calendar) and is smaller, so quicker to read. Run by
// scripts/build.mjs after code-cache.cjs.
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { bundleScript, runCommands, warmUpDatabase } = require('./run-bundle.cjs');

const dist = join(__dirname, '..', 'dist');
const bundle = join(dist, 'complaint.cjs');
const scratch = mkdtempSync(join(tmpdir(), 'complaint-report-cache-'));
// The warm-up database has something for every section and chart (run-bundle.cjs).
const db = warmUpDatabase(scratch);

const script = bundleScript(bundle);
process.on('exit', () => {
  try {
    if (process.exitCode) throw new Error(`a warm-up report failed (exit code ${process.exitCode})`);
    writeFileSync(join(dist, 'report.cache'), script.createCachedData());
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
// Both languages' words; a month's report and a year's (its own tables of clerks and places).
runCommands(bundle, script, [
  ['--db', db, '--lang', 'zh', 'report', '--month', '2025-11'],
  ['--db', db, '--lang', 'en', 'report', '--year', '2025'],
]);
