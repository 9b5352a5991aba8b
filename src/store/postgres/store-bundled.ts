// What the bundle (dist/complaint.cjs) holds in place of ./store/postgres/store.js and of connect.ts's
// ./client.js (see scripts/build.mjs): a loader of dist/postgres.cjs, the server's store and its client
// library built on their own, so that a command on an SQLite file neither reads nor deserialises their
// code. It is run with V8's code cache (dist/postgres.cache, made by scripts/postgres-cache.cjs) the way
// bin/complaint runs the bundle: a missing or stale cache only makes the start slower. The store's
// errors must be the program's own classes (src/cli/run.ts tells an AppError by instanceof): they are
// lent to it here.
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import * as errors from '../../domain/errors.js';
import type * as PostgresStore from './store.js';

(globalThis as { complaintErrors?: typeof errors }).complaintErrors = errors;

/** The compiled file, kept for scripts/postgres-cache.cjs, which writes its cache after a warm-up. */
export let compiled: Script | undefined;

function load(): typeof PostgresStore {
  // import.meta.url is the bundle's own address (the build defines it so): the store is beside it.
  const file = fileURLToPath(new URL('postgres.cjs', import.meta.url));
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(fileURLToPath(new URL('postgres.cache', import.meta.url)));
  } catch {
    cachedData = undefined;
  }
  compiled = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const store = { exports: {} as typeof PostgresStore };
  (compiled.runInThisContext() as (...args: unknown[]) => void).call(
    store.exports,
    store.exports,
    createRequire(file),
    store,
    file,
    dirname(file),
  );
  return store.exports;
}

export const { openPostgresStore, copyLedger, sourceIdentity, migrate, openConnection } = load();
