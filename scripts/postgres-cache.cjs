// Writes dist/postgres.cache: V8's compiled code for the PostgreSQL store and its client library
// (dist/postgres.cjs), after the bundle has loaded it and tried a connection, so that a command on a
// server starts without compiling its ~180 KB. Run by scripts/build.mjs after code-cache.cjs; the file
// is compiled by the bundle's own loader (src/store/postgres/store-bundled.ts), whose Script is kept
// here to take the cache from. The connection goes to a socket in a folder of its own where no server
// listens, and fails at once. (A warm-up that also ran a command's statements on a real server, or on a
// stand-in one, made a cache that started `new` no faster, measured in instructions.)
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { keepScriptOf, runBundle } = require('./run-bundle.cjs');

const dist = join(__dirname, '..', 'dist');
const bundle = join(dist, 'complaint.cjs');
const library = join(dist, 'postgres.cjs');
const scratch = mkdtempSync(join(tmpdir(), 'complaint-postgres-cache-'));

const compiled = keepScriptOf(library);
const url = `postgres://warm-up:warm-up@/warm-up?host=${encodeURIComponent(scratch)}`;
process.argv = [process.argv[0], bundle, '--db', url, '--lang', 'en', 'list'];
process.on('exit', () => {
  try {
    if (compiled() === undefined) throw new Error(`the warm-up did not load ${library}`);
    writeFileSync(join(dist, 'postgres.cache'), compiled().createCachedData());
    // (The command itself fails, as it must: there is no server.)
    process.exitCode = 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
runBundle(bundle);
