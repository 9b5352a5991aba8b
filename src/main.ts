// The program's entry: real dependencies in, an exit code out. The only place that exits.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import envPaths from 'env-paths';
import { processIO } from './cli/io.js';
import { nodeFileSystem } from './files/node-file-system.js';
import { runCli } from './cli/run.js';
import { openSqliteStore } from './store/sqlite.js';
import { loadInquirerPrompter } from './ui/prompts.js';
import packageJson from '../package.json' with { type: 'json' };

const env = process.env;
const io = processIO(env);

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
    openStore: openSqliteStore,
    loadPrompter: (streams, keysHelp) => loadInquirerPrompter(streams, keysHelp),
    readFile: (path) => readFileSync(path, 'utf8'),
    readBytes: (path) => readFileSync(path),
    files: nodeFileSystem,
    post: async (url, body, timeoutMs) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body, signal: AbortSignal.timeout(timeoutMs) });
      return { status: response.status, body: await response.text() };
    },
    chalk: (level) => new Chalk({ level }),
  },
  packageJson.version,
).then((exitCode) => {
  process.exitCode = exitCode;
});
