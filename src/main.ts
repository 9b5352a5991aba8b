// The program's entry: real dependencies in, an exit code out. The only place that exits.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import envPaths from 'env-paths';
import { postJson } from './cli/http-post.js';
import { processIO } from './cli/io.js';
import { nodeFileSystem } from './files/node-file-system.js';
import { EXIT, runCli } from './cli/run.js';
import { openSqliteStore } from './store/sqlite/store.js';
import { isPostgresUrl } from './store/postgres/connect.js';
import { loadInquirerPrompter } from './ui/prompts.js';
import { cliProgressSink } from './ui/progress.js';
import packageJson from '../package.json' with { type: 'json' };

const env = process.env;
const io = processIO(env);
// The command ends the process itself (below). Should its work ever stop short instead, waiting on
// something that can no longer happen with nothing left to wait for, Node would end the process with
// exit code 0, as if it had succeeded: it has failed. (Not set beforehand: commander's help reads
// process.exitCode as its own.)
let ended = false;
process.once('beforeExit', () => {
  if (!ended) process.exitCode = EXIT.failed;
});

void runCli(
  process.argv.slice(2),
  {
    io,
    now: () => new Date(),
    env,
    tzVersion: process.versions.tz ?? '',
    loginName: () => {
      try {
        return userInfo().username;
      } catch {
        return env.USER ?? env.USERNAME ?? 'unknown';
      }
    },
    // XDG_DATA_HOME/complaint on Linux, ~/Library/Application Support/complaint on macOS, %LOCALAPPDATA% on Windows.
    defaultDatabasePath: () => join(envPaths('complaint', { suffix: '' }).data, 'complaint.db'),
    // A company's server (a postgres:// URL), or an SQLite file. (Opening a file is synchronous; a
    // failure to open becomes the promise's rejection.) The server's client library is loaded only here;
    // the office the command names is read with the schema's version as the server's store opens.
    openStore: (options) =>
      isPostgresUrl(options.path)
        ? import('./store/postgres/store.js').then(({ openPostgresStore }) =>
            openPostgresStore({ url: options.path, onWriteWait: options.onWriteWait, office: officeNamed() }),
          )
        : new Promise((resolve) => resolve(openSqliteStore(options))),
    loadPrompter: (streams, keysHelp) => loadInquirerPrompter(streams, keysHelp),
    readFile: (path, maxBytes) => readTextFile(path, maxBytes),
    readBytes: (path) => readFileSync(path),
    files: nodeFileSystem,
    post: postJson,
    chalk: (level) => new Chalk({ level }),
    elapsed: () => performance.now(),
    progressSink: () =>
      cliProgressSink({
        write: io.err,
        // As tables do: COLUMNS first; process.stderr is opened only now that a bar is drawn.
        columns: () => (Number(env.COLUMNS) > 0 ? Number(env.COLUMNS) : process.stderr.columns || undefined),
      }),
  },
  packageJson.version,
).then(async (exitCode) => {
  ended = true;
  await io.flushed();
  // The command is over: its output written, its store closed. Left to end by itself, Node would
  // first wait for the engine's background work, code being optimised for functions that got hot and
  // will not run again (10-20 ms after a year's report was written, on the bench database); ending
  // here waits only for the jobs already under way.
  process.exit(exitCode);
});

/**
 * The office the command line names (--office, else COMPLAINT_OFFICE): only a guess, for the server's
 * store to read that office's settings as it opens. The command chooses the office itself
 * (src/cli/context.ts); a wrong guess costs a round trip to the server, nothing else.
 */
function officeNamed(): string | undefined {
  let named: string | undefined;
  const argv = process.argv.slice(2);
  for (let index = 0; index < argv.length && argv[index] !== '--'; index += 1)
    if (argv[index] === '--office') named = argv[index + 1];
    else if (argv[index]!.startsWith('--office=')) named = argv[index]!.slice('--office='.length);
  return named ?? (env.COMPLAINT_OFFICE?.trim() || undefined);
}

/**
 * A text file of at most `maxBytes`, read a piece at a time, so that a wrong file (a 2 GB log,
 * /dev/zero) is refused at the limit instead of filling the memory.
 */
function readTextFile(path: string, maxBytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length <= maxBytes; length += read)
      read = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxBytes)
      throw Object.assign(new Error(`${path} is larger than ${maxBytes} bytes`), { code: 'EFBIG' });
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
