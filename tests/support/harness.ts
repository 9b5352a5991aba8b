// Runs the CLI in-process against one migrated database, with a buffer IO and a fixed clock — the
// command-test level of CONVENTIONS 9. The database is SQLite (in memory unless a file is given), or,
// in the `postgres` test project (vitest.config.ts), a database of its own on the test server: the
// same tests on both backends.
import { Chalk } from 'chalk';
import { afterAll, afterEach, beforeEach, inject, TestRunner } from 'vitest';
import type { Deps } from '../../src/cli/context.js';
import type { FileSystem } from '../../src/files/output-file.js';
import type { BufferIO } from '../../src/cli/io.js';
import { bufferIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { openSqliteStore } from '../../src/store/sqlite/store.js';
import type { Store } from '../../src/store/store.js';
import type { Prompter } from '../../src/ui/prompts.js';
import type { ProgressSink } from '../../src/ui/progress.js';
import { postgresServer } from './postgres-db.js';
import { closeTestStores, openTestPostgres } from './postgres-store.js';

export type Backend = 'sqlite' | 'postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the backend harness() opens (the `postgres` project provides it); SQLite when not given */
    backend?: Backend;
  }
}

/** The backend this test project runs the command tests on. */
export const BACKEND: Backend = inject('backend') ?? 'sqlite';

if (BACKEND === 'postgres') {
  // Without a server the project's tests are skipped, as the PostgreSQL suite is (said once, on one line).
  beforeEach((context) => {
    if (postgresServer === null) context.skip();
  });
  // A test's databases are closed and dropped when it ends; those made outside a test, with the file.
  // (a busy server takes a while to drop a file's databases)
  afterEach(() => closeTestStores('test'), 60_000);
  afterAll(() => closeTestStores('file'), 120_000);
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Harness {
  /** the database the runs share: on PostgreSQL it is opened when first used */
  store: Store;
  backend: Backend;
  /** how many times runs opened the store: a run refused for bad input must not (on a new --db it would make the file) */
  opens: number;
  /** the clock every following run sees */
  now: Date;
  /** the files commands read: text, or bytes (a workbook, a GB18030 CSV) */
  files: Map<string, string | Uint8Array>;
  /** what `complaint overdue --notify` posted, and how the fake webhook answers next */
  posts: Array<{ url: string; body: string }>;
  /** (a promise: the webhook answers when it settles, or never — a run killed while posting) */
  webhook: (
    url: string,
    body: string,
  ) => { status: number; body: string } | Error | Promise<{ status: number; body: string }>;
  run(args: string[], options?: RunOptions): Promise<RunResult>;
  json<T = any>(args: string[]): Promise<T>;
}

export interface RunOptions {
  tty?: boolean;
  color?: boolean;
  prompter?: Prompter;
  env?: Record<string, string>;
  /** the terminal's width (with tty) */
  columns?: number;
  /** the most an .xlsx to import may expand to */
  xlsxExpandedLimit?: number;
  /** stderr is a terminal with this clock, and progress bars are drawn into this recorder */
  progress?: FakeProgress;
}

/** One call a command's progress made on the (pretend) terminal. */
export interface ProgressDraw {
  call: 'start' | 'update' | 'stop';
  label?: string;
  done?: number;
  total?: number;
  /** done/total shown beside the percentage */
  counts?: boolean;
  /** the fake clock when drawn */
  at: number;
  /** what stderr held when the bar was stopped (no message may land in the middle of a bar) */
  stderr?: string;
}

/** A terminal on stderr whose clock moves `msPerReading` each time it is read, recording what was drawn. */
export interface FakeProgress {
  clock: () => number;
  sink: (io: BufferIO) => ProgressSink;
  draws: ProgressDraw[];
}

export function fakeProgress(msPerReading: number): FakeProgress {
  let now = 0;
  const draws: ProgressDraw[] = [];
  return {
    clock: () => (now += msPerReading),
    sink: (io) => ({
      start: (label, done, total, counts) => void draws.push({ call: 'start', label, done, total, counts, at: now }),
      update: (done, total, label) => void draws.push({ call: 'update', label, done, total, at: now }),
      stop: () => void draws.push({ call: 'stop', at: now, stderr: io.errors() }),
    }),
    draws,
  };
}

/** The office a new database has: migrations/013_offices.sql makes it. */
export const FIRST_OFFICE = { id: 1, code: 'main', name: '', createdAt: new Date(0) } as const;

/**
 * A CLI run in-process against a database of the test's own. A database file (`path`) is SQLite's
 * whatever the project; otherwise the project's backend. On PostgreSQL the database is opened when
 * first used (a test that never reaches the store costs no database), with the first office a new
 * SQLite file has, `main`.
 */
export function harness(options: { now?: string; timezone?: string; path?: string } = {}): Harness {
  const backend: Backend = options.path === undefined ? BACKEND : 'sqlite';
  const timezone = options.timezone ?? 'Asia/Shanghai';
  let store: Store;
  if (backend === 'postgres') {
    store = openTestPostgres(timezone, TestRunner.getCurrentTest() === undefined ? 'file' : 'test');
  } else {
    const inner = openSqliteStore({ path: options.path ?? ':memory:', initialSettings: () => ({ timezone }) });
    // Tests read it before any command runs: turned to the office every new database has
    // (migrations/013_offices.sql), as a command's context would turn it.
    inner.useOffice(FIRST_OFFICE);
    // One database for the whole test: commands close their store, this one stays open.
    store = Object.assign(Object.create(inner) as Store, { close: () => Promise.resolve(), created: false });
  }
  const files = new Map<string, string | Uint8Array>();
  const h: Harness = {
    store,
    backend,
    opens: 0,
    now: new Date(options.now ?? '2026-11-23T02:00:00Z'),
    files,
    posts: [],
    webhook: () => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }),
    async run(args, runOptions = {}) {
      const { tty = false, color = false, columns } = runOptions;
      const io = bufferIO({ tty, color, columns, errTTY: runOptions.progress !== undefined });
      const deps: Deps = {
        io,
        now: () => h.now,
        env: { COMPLAINT_USER: 'clerk-a', COMPLAINT_LANG: 'en', ...runOptions.env },
        tzVersion: 'test',
        loginName: () => 'login-user',
        defaultDatabasePath: () => options.path ?? ':memory:',
        openStore: async () => {
          h.opens += 1;
          if (backend === 'postgres') await store.offices(); // open, as a command's own store would be
          return store;
        },
        loadPrompter: () =>
          runOptions.prompter
            ? Promise.resolve(runOptions.prompter)
            : Promise.reject(new Error('no prompter in this test')),
        readFile: (path, maxBytes) => {
          const text = files.get(path);
          if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
          const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
          if (bytes.length > maxBytes) throw Object.assign(new Error(`${path} is too large`), { code: 'EFBIG' });
          return typeof text === 'string' ? text : new TextDecoder().decode(text);
        },
        readBytes: (path) => {
          const content = files.get(path);
          if (content === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
          return typeof content === 'string' ? new TextEncoder().encode(content) : content;
        },
        files: mapFileSystem(files),
        post: async (url, body) => {
          h.posts.push({ url, body });
          const answer = await h.webhook(url, body);
          if (answer instanceof Error) throw answer;
          return answer;
        },
        chalk: (level) => new Chalk({ level }),
        elapsed: runOptions.progress?.clock ?? (() => 0),
        progressSink: () => {
          if (!runOptions.progress) throw new Error('no progress bar without a terminal on stderr');
          return runOptions.progress.sink(io);
        },
        xlsxExpandedLimit: runOptions.xlsxExpandedLimit,
      };
      const code = await runCli(args, deps, '0.0.0-test');
      return { code, stdout: io.output(), stderr: io.errors() };
    },
    async json(args) {
      const result = await h.run([...args, '--json']);
      if (result.code !== 0) throw new Error(`complaint ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      return JSON.parse(result.stdout);
    },
  };
  return h;
}

/** Every flag of a valid phone complaint; override what a test is about. */
export function newComplaintArgs(overrides: Record<string, string> = {}): string[] {
  const fields: Record<string, string> = {
    channel: 'phone',
    category: 'facility',
    subcategory: 'operation',
    name: '王先生',
    unit: '3-2-1201',
    phone: '13812345678',
    description: '电梯经常停运',
    ...overrides,
  };
  return ['new', ...Object.entries(fields).flatMap(([key, value]) => [`--${key}`, value])];
}

/** A prompter that answers from a script and records what it was asked. */
export function scriptedPrompter(answers: string[]): Prompter & { asked: string[] } {
  const queue = [...answers];
  const asked: string[] = [];
  const next = (message: string): string => {
    asked.push(message);
    const answer = queue.shift();
    if (answer === undefined) throw new Error(`unexpected question: ${message}`);
    return answer;
  };
  return {
    asked,
    select(message, choices) {
      const answer = next(message);
      if (!choices.some((choice) => choice.value === answer))
        throw new Error(`"${answer}" is not a choice of ${message}`);
      return Promise.resolve(answer as never);
    },
    input(message, validate) {
      const answer = next(message);
      const verdict = validate(answer);
      if (verdict !== true) throw new Error(`answer "${answer}" refused: ${verdict}`);
      return Promise.resolve(answer);
    },
  };
}

/** The output files of command tests, in a map: a path is a file when the map has it. */
function mapFileSystem(files: Map<string, string | Uint8Array>): FileSystem {
  const bytes = (content: string | Uint8Array): Uint8Array =>
    typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const failure = (code: string, path: string): Error => Object.assign(new Error(`${code}: ${path}`), { code });
  const take = (path: string): string | Uint8Array => {
    const content = files.get(path);
    if (content === undefined) throw failure('ENOENT', path);
    return content;
  };
  return {
    facts: (path) => (files.has(path) ? { kind: 'file', identity: path } : null),
    head: (path, count) => bytes(take(path)).subarray(0, count),
    createNew(path) {
      if (files.has(path)) throw failure('EEXIST', path);
      files.set(path, '');
    },
    append(path, data) {
      const before = take(path);
      files.set(
        path,
        before === ''
          ? data
          : typeof before === 'string' && typeof data === 'string'
            ? before + data
            : new Uint8Array([...bytes(before), ...bytes(data)]),
      );
    },
    renameNoReplace(from, to) {
      if (files.has(to)) throw failure('EEXIST', to);
      files.set(to, take(from));
      files.delete(from);
    },
    rename(from, to) {
      files.set(to, take(from));
      files.delete(from);
    },
    remove(path) {
      take(path);
      files.delete(path);
    },
  };
}
