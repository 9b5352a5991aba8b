// Writes dist/complaint.cache: V8's compiled code for the bundle, after running a command that
// touches most of it (help, the store, the calendar), so that bin/complaint starts without compiling.
// Run by scripts/build.mjs; it must compile the bundle exactly as bin/complaint does.
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { bundleScript, runBundle } = require('./run-bundle.cjs');

const bundle = join(__dirname, '..', 'dist', 'complaint.cjs');
const script = bundleScript(bundle);
// A throw-away database of its own (the program refuses ":memory:" as --db: for a user it would be a
// database that silently vanishes).
const scratch = mkdtempSync(join(tmpdir(), 'complaint-cache-'));
process.argv = [process.argv[0], bundle, '--db', join(scratch, 'warm-up.db'), '--lang', 'en', 'calendar', '2026-10'];
process.on('exit', () => {
  writeFileSync(join(dirname(bundle), 'complaint.cache'), script.createCachedData());
  rmSync(scratch, { recursive: true, force: true });
});
runBundle(bundle, script);
