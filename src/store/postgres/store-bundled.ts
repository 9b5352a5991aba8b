// What the bundle (dist/complaint.cjs) holds in place of ./store/postgres/store.js (see
// scripts/build.mjs): a loader of dist/postgres.cjs, the server's store built on its own, so that a
// command on an SQLite file neither reads nor deserialises its code. The store's errors must be the
// program's own classes (src/cli/run.ts tells an AppError by instanceof): they are lent to it here.
import { createRequire } from 'node:module';
import * as errors from '../../domain/errors.js';
import type * as PostgresStore from './store.js';

(globalThis as { complaintErrors?: typeof errors }).complaintErrors = errors;

export const { openPostgresStore, copyLedger, sourceIdentity, migrate } = createRequire(import.meta.url)(
  './postgres.cjs',
) as typeof PostgresStore;
