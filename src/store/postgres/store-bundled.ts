// What the bundle (dist/complaint.cjs) holds in place of ./store/postgres/store.js and of connect.ts's
// ./client.js (see scripts/build.mjs): a loader of dist/postgres.cjs, the server's store and its client
// library built on their own, so that a command on an SQLite file neither reads nor deserialises their
// code. It is run with V8's code cache (dist/postgres.cache, made by scripts/postgres-cache.cjs) by
// src/files/built-file.ts. The store's errors must be the program's own classes (src/cli/run.ts
// tells an AppError by instanceof): they are lent to it here, before it runs.
import * as errors from '../../domain/errors.js';
import { runBuiltFile } from '../../files/built-file.js';
import type * as PostgresStore from './store.js';

(globalThis as { complaintErrors?: typeof errors }).complaintErrors = errors;

export const { openPostgresStore, copyLedger, sourceIdentity, migrate, openConnection } = runBuiltFile<
  typeof PostgresStore
>('postgres.cjs', 'postgres.cache');
