// Writes dist/complaint.cache: V8's compiled code for the bundle, after running a command that
// touches most of it (help, the store, the calendar), so that bin/complaint starts without compiling.
// Run by scripts/build.mjs; it must compile the bundle exactly as bin/complaint does.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const bundle = join(__dirname, '..', 'dist', 'complaint.cjs');
const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle });
process.argv = [process.argv[0], bundle, '--db', ':memory:', '--lang', 'en', 'calendar', '2026-10'];
process.on('exit', () => writeFileSync(join(dirname(bundle), 'complaint.cache'), script.createCachedData()));
const bundleModule = { exports: {} };
script.runInThisContext().call(bundleModule.exports, bundleModule.exports, Module.createRequire(bundle), bundleModule, bundle, dirname(bundle));
