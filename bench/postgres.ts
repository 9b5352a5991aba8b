// `npm run bench -- postgres`: the same commands on a company's PostgreSQL server, against SQLite.
//   1. `new` on a small database of one office, PostgreSQL against SQLite, interleaved (target ≤ 1.3×),
//      and the statements one `new` sends (log_statement = all on the bench cluster);
//   2. the monthly report on the 3,000,000-complaint company database loaded into PostgreSQL, against
//      `node -e 0` (target ≤ 2.5×), with the same report on the SQLite file beside it;
//   3. 16 `new` processes at once: complaints per second on PostgreSQL, and on SQLite for reference.
// The cluster (tmp folder, kept like the SQLite bench database and keyed like it by the generator's
// version) is loaded once: COPY of the SQLite bench database's complaints and month tables into an
// office added with `complaint office add`, its indexes built after the rows are in.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { nativeBinding } from '../src/store/sqlite/open.js';
import { postgresMissing, serverBinaries, startCluster, type BenchCluster } from './postgres-cluster.js';

export interface PostgresBenchContext {
  bin: string;
  /** the environment every command runs in (language, user) */
  env: NodeJS.ProcessEnv;
  runs: number;
  work: string;
  /** `complaint new` with every flag (the start-up bench's), without the program */
  newArgs: string[];
  /** the SQLite company database (made on first use) and the generator's version that keys it */
  companyDatabase: () => { path: string; count: number; version: string };
  wallTime: (command: string, args: string[], extraEnv?: Record<string, string>) => number;
  median: (values: number[]) => number;
}

// The office's code: an SQLite file's first office is 'main', and the PostgreSQL offices are given the same.
const OFFICE = 'main';
const ZONE = 'Asia/Shanghai';
/** The tables a load copies from the SQLite bench database, the complaints first. */
const COPIED = [
  'complaints',
  'month_cells',
  'month_owners',
  'month_causes',
  'month_places',
  'span_medians',
  'span_owners',
  'span_places',
] as const;

export function postgresBench(context: PostgresBenchContext): void {
  const missing = postgresMissing();
  if (missing !== null) {
    console.log(`\nPostgreSQL bench skipped: ${missing} (install Debian's postgresql package)`);
    return;
  }
  if (spawnSync('sqlite3', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.log('\nPostgreSQL bench skipped: the sqlite3 program, which exports the company database, is missing');
    return;
  }
  const company = context.companyDatabase();
  const major = /(\d+)/.exec(
    spawnSync(join(serverBinaries()!, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout,
  )![1]!;
  const folder = join(tmpdir(), `complaint-bench-pg${major}-company-${company.count}-${company.version}`);
  const loadedMark = join(folder, 'loaded');
  const started = Date.now();
  const { cluster } = startCluster(folder);
  try {
    if (!existsSync(loadedMark)) {
      loadCompany(context, cluster, company.path);
      writeFileSync(loadedMark, new Date().toISOString() + '\n');
      console.log(
        `\nLoaded ${company.count.toLocaleString('en')} complaints into PostgreSQL ${major} in ${((Date.now() - started) / 1000).toFixed(0)} s: ${folder} (kept for the next run)`,
      );
    }
    newBench(context, cluster);
    reportBench(context, cluster, company.path);
    writersBench(context, cluster);
  } finally {
    cluster.stop();
  }
}

function node(): string {
  return process.execPath;
}

function loadCompany(context: PostgresBenchContext, cluster: BenchCluster, sqlitePath: string): void {
  cluster.admin('DROP DATABASE IF EXISTS company WITH (FORCE); CREATE DATABASE company OWNER bench;');
  const url = cluster.url('company');
  // The office and its schema as a company makes them: through the program.
  context.wallTime(node(), [context.bin, 'office', 'add', OFFICE, '--name', '某物业公司', '--timezone', ZONE], {
    COMPLAINT_DB: url,
  });
  const officeId = Number(cluster.admin(`SELECT id FROM offices WHERE code = '${OFFICE}'`, 'company'));
  const sqlite = new Database(sqlitePath, { readonly: true, nativeBinding: nativeBinding() });
  const sqliteColumns = (table: string): Set<string> =>
    new Set((sqlite.pragma(`table_info(${table})`) as Array<{ name: string }>).map((column) => column.name));
  // The complaints' indexes (but those of the keys) are built after the rows are in: far faster than row by row.
  const indexes = cluster
    .admin(
      `SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
        WHERE i.indrelid = 'complaints'::regclass AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
      'company',
    )
    .split('\n')
    .filter((line) => line !== '');
  const names = indexes.map((definition) => /INDEX (\S+) ON/.exec(definition)![1]!);
  cluster.admin(names.map((name) => `DROP INDEX ${name};`).join('\n'), 'company');
  for (const table of COPIED) {
    const target = cluster
      .admin(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${table}' ORDER BY ordinal_position`,
        'company',
      )
      .split('\n');
    const source = sqliteColumns(table);
    // Every column the PostgreSQL table has: the office added, the same column of the SQLite file, or none.
    const select = target
      .map((column) => (column === 'office_id' ? String(officeId) : source.has(column) ? `"${column}"` : 'NULL'))
      .join(', ');
    const copy = `\\copy ${table} (${target.map((column) => `"${column}"`).join(', ')}) FROM pstdin WITH (FORMAT csv)`;
    const result = spawnSync(
      'bash',
      ['-o', 'pipefail', '-c', `sqlite3 -csv "$SOURCE" "$SELECT" | ${cluster.psqlCommand('company')} -c "$COPY"`],
      {
        env: { ...process.env, SOURCE: sqlitePath, SELECT: `SELECT ${select} FROM ${table}`, COPY: copy },
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    if (result.status !== 0) throw new Error(`copying ${table}: ${result.stderr}`);
  }
  sqlite.close();
  cluster.admin(
    [
      "SET maintenance_work_mem = '1GB';",
      ...indexes.map((definition) => `${definition};`),
      "SELECT setval(pg_get_serial_sequence('complaints', 'id'), (SELECT max(id) FROM complaints));",
      'VACUUM ANALYZE;',
    ].join('\n'),
    'company',
  );
}

/** A new database of one office on the cluster; its URL. */
function smallDatabase(context: PostgresBenchContext, cluster: BenchCluster, name: string): string {
  cluster.admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE); CREATE DATABASE ${name} OWNER bench;`);
  const url = cluster.url(name);
  context.wallTime(node(), [context.bin, 'office', 'add', OFFICE, '--name', '测试管理处', '--timezone', ZONE], {
    COMPLAINT_DB: url,
  });
  return url;
}

function smallSqlite(context: PostgresBenchContext, name: string): string {
  const path = join(context.work, `${name}.db`);
  context.wallTime(node(), [context.bin, 'config', 'timezone', ZONE], { COMPLAINT_DB: path });
  return path;
}

function newBench(context: PostgresBenchContext, cluster: BenchCluster): void {
  const { median, wallTime, runs } = context;
  const pg = { COMPLAINT_DB: smallDatabase(context, cluster, 'small'), COMPLAINT_OFFICE: OFFICE };
  const sqlite = { COMPLAINT_DB: smallSqlite(context, 'small'), COMPLAINT_OFFICE: OFFICE };
  const newArgs = [context.bin, ...context.newArgs];
  // Where the difference goes: loading the server's store with its client library (dist/postgres.cjs,
  // with its code cache, as the program loads it), and that plus a connection (the password exchange
  // included), one statement and the close, as the store connects. Beside them, the client library as
  // it was loaded before it was bundled (from node_modules, each of its modules compiled), and a
  // connection that waits for the server to hang up before it ends.
  const dist = join(dirname(context.bin), '..', 'dist');
  const loadStore = `globalThis.complaintErrors = { AppError: Error, OperationError: Error, ValidationError: Error };
    const { readFileSync } = require('node:fs'); const Module = require('node:module'); const { Script } = require('node:vm');
    const file = ${JSON.stringify(join(dist, 'postgres.cjs'))}; const store = { exports: {} };
    new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync(${JSON.stringify(join(dist, 'postgres.cache'))}) })
      .runInThisContext().call(store.exports, store.exports, Module.createRequire(file), store, file, ${JSON.stringify(dist)});`;
  const connectOnce = `${loadStore} store.exports.openConnection(process.env.COMPLAINT_DB, { lockTimeoutMs: 120000 })
    .then(async (connection) => { await connection.query('SELECT 1'); await connection.close(); });`;
  const client = JSON.stringify(createRequire(join(process.cwd(), 'package.json')).resolve('pg'));
  const connectAndEnd = `const pg = require(${client}); const c = new pg.Client({ connectionString: process.env.COMPLAINT_DB, options: '-c TimeZone=UTC' }); c.connect().then(() => c.query('SELECT 1')).then(() => c.end());`;
  const cases: Array<[string, string[], Record<string, string>]> = [
    ['node -e 0 (baseline)', ['-e', '0'], {}],
    ['complaint new, SQLite', newArgs, sqlite],
    ['complaint new, PostgreSQL', newArgs, pg],
    ['node: the store file loaded', ['-e', loadStore], {}],
    ['node: …, connect, SELECT 1, close', ['-e', connectOnce], pg],
    ["node: require('pg') (unbundled)", ['-e', `require(${client})`], {}],
    ['node: … connect, SELECT 1, end', ['-e', connectAndEnd], pg],
  ];
  for (const [, args, extra] of cases) wallTime(node(), args, extra); // the zone cache, the file cache
  const times = cases.map((): number[] => []);
  for (let run = 0; run < runs; run += 1)
    cases.forEach(([, args, extra], index) => times[index]!.push(wallTime(node(), args, extra)));
  const baseline = median(times[0]!);
  const onSqlite = median(times[1]!);
  const pairs = times[2]!.map((ms, run) => ms / times[1]![run]!);
  console.log(`\nPostgreSQL: \`new\` on a database of one office, median of ${runs} runs each (interleaved):`);
  cases.forEach(([name], index) => {
    const value = median(times[index]!);
    console.log(
      `  ${name.padEnd(34)} ${value.toFixed(1).padStart(7)} ms  ${(value / baseline).toFixed(2)}× baseline  ${(value / onSqlite).toFixed(2)}× SQLite`,
    );
  });
  console.log(`  PostgreSQL / SQLite, run by run: median ${median(pairs).toFixed(2)}× (target ≤ 1.3×)`);
  statementCount(context, cluster, 'small', '`new`', newArgs, pg);
}

/**
 * What one command asks the server: each statement it sends (a round trip) and the time the server
 * spent on it, from the server's log with log_min_duration_statement = 0 set for this one run (a
 * parameterised statement is logged as its parse, bind and execute, sent together: counted once,
 * with the three times added; the connection's own set-up, password exchange included, is not a
 * statement).
 */
function statementCount(
  context: PostgresBenchContext,
  cluster: BenchCluster,
  database: string,
  label: string,
  args: string[],
  env: Record<string, string>,
): void {
  cluster.admin(`ALTER ROLE bench IN DATABASE ${database} SET log_min_duration_statement = 0`);
  const from = statSync(cluster.log).size;
  let wall: number;
  try {
    wall = context.wallTime(node(), args, env);
  } finally {
    cluster.admin(`ALTER ROLE bench IN DATABASE ${database} RESET log_min_duration_statement`);
  }
  // The log holds Chinese text: cut it by bytes, then decode.
  const logged = readFileSync(cluster.log).subarray(from).toString('utf8');
  const logLines = [
    ...logged.matchAll(/\[(\d+)\] LOG: {2}duration: ([\d.]+) ms {2}(statement|parse|bind|execute)[^:]*: (.*)/g),
  ];
  // A statement's parse and bind are sent with its execute, in the same round trip: their time is its.
  let pending = 0;
  const statements: Array<{ session: string; ms: number; text: string }> = [];
  for (const [, session, ms, step, text] of logLines) {
    if (step === 'parse' || step === 'bind') pending += Number(ms);
    else {
      statements.push({ session: session!, ms: pending + Number(ms), text: text! });
      pending = 0;
    }
  }
  const sessions = new Set(statements.map((statement) => statement.session));
  const kinds = new Map<string, number>();
  for (const { text } of statements) {
    const kind = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '?';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const serverMs = statements.reduce((total, statement) => total + statement.ms, 0);
  console.log(
    `  one ${label} on PostgreSQL (${wall.toFixed(0)} ms): ${sessions.size} connection(s), ${statements.length} statements (${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')}), ${serverMs.toFixed(1)} ms in the server`,
  );
  if (process.env.BENCH_PG_STATEMENTS === '1')
    for (const { ms, text } of statements) console.log(`    ${ms.toFixed(2).padStart(8)} ms  ${text.slice(0, 120)}`);
}

function reportBench(context: PostgresBenchContext, cluster: BenchCluster, sqlitePath: string): void {
  const { median, wallTime, runs } = context;
  const MONTH = '2021-06';
  const reportArgs = [context.bin, 'report', '--month', MONTH];
  const pg = { COMPLAINT_DB: cluster.url('company'), COMPLAINT_OFFICE: OFFICE };
  const cases: Array<[string, string[], Record<string, string>]> = [
    ['node -e 0 (baseline)', ['-e', '0'], {}],
    [`report ${MONTH}, SQLite company db`, reportArgs, { COMPLAINT_DB: sqlitePath }],
    [`report ${MONTH}, PostgreSQL company`, reportArgs, pg],
    ['report --year 2021, PostgreSQL', [context.bin, 'report', '--year', '2021'], pg],
  ];
  for (const [, args, extra] of cases) wallTime(node(), args, extra);
  const times = cases.map((): number[] => []);
  for (let run = 0; run < runs; run += 1)
    cases.forEach(([, args, extra], index) => times[index]!.push(wallTime(node(), args, extra)));
  const baseline = median(times[0]!);
  const onSqlite = median(times[1]!);
  console.log(
    `\nPostgreSQL: reports of the company's office (3,000,000 complaints), median of ${runs} runs each (interleaved):`,
  );
  cases.forEach(([name], index) => {
    const value = median(times[index]!);
    console.log(
      `  ${name.padEnd(36)} ${value.toFixed(1).padStart(7)} ms  ${(value / baseline).toFixed(2)}× baseline  ${(value / onSqlite).toFixed(2)}× SQLite`,
    );
  });
  console.log(`  (target: the month's report on PostgreSQL ≤ 2.5× baseline)`);
  statementCount(context, cluster, 'company', `\`report --month ${MONTH}\``, reportArgs, pg);
}

/**
 * Sixteen writers at once, each a loop of `new` processes one after the other, as clerks at their
 * desks: complaints per second over the whole batch. The driver is a small Node program, so that
 * the sixteen run side by side while this bench waits.
 */
const WRITERS_SCRIPT = `
const { spawn } = require('node:child_process');
const [writers, each, args] = JSON.parse(process.argv[1]);
let failed = 0, done = 0, firstError = '';
const one = () => new Promise((resolve) => {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (chunk) => { err += chunk; });
  child.on('close', (code) => { if (code === 0) done++; else { failed++; firstError ||= err; } resolve(); });
});
const start = process.hrtime.bigint();
Promise.all(Array.from({ length: writers }, async () => { for (let i = 0; i < each; i++) await one(); })).then(() => {
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(JSON.stringify({ ms, done, failed, firstError }));
});`;

function writersBench(context: PostgresBenchContext, cluster: BenchCluster): void {
  const WRITERS = 16;
  const EACH = Number(process.env.BENCH_WRITER_COMPLAINTS ?? 5);
  const ROUNDS = Number(process.env.BENCH_WRITER_ROUNDS ?? 3);
  const pg = { COMPLAINT_DB: smallDatabase(context, cluster, 'writers'), COMPLAINT_OFFICE: OFFICE };
  const sqlite = { COMPLAINT_DB: smallSqlite(context, 'writers'), COMPLAINT_OFFICE: OFFICE };
  const args = [context.bin, ...context.newArgs];
  const batch = (env: Record<string, string>): number => {
    const result = spawnSync(node(), ['-e', WRITERS_SCRIPT, JSON.stringify([WRITERS, EACH, args])], {
      env: { ...context.env, ...env },
      encoding: 'utf8',
    });
    const outcome = JSON.parse(result.stdout) as { ms: number; done: number; failed: number; firstError: string };
    if (outcome.failed > 0)
      throw new Error(`${outcome.failed} of ${WRITERS * EACH} writers failed: ${outcome.firstError}`);
    return outcome.done / (outcome.ms / 1000);
  };
  const rates = { sqlite: [] as number[], pg: [] as number[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    rates.sqlite.push(batch(sqlite));
    rates.pg.push(batch(pg));
  }
  const pgRate = context.median(rates.pg);
  const sqliteRate = context.median(rates.sqlite);
  console.log(
    `\n${WRITERS} writers at once, ${EACH} \`new\` each, median of ${ROUNDS} rounds (interleaved), on ${WRITERS * EACH * ROUNDS} complaints each:`,
  );
  console.log(
    `  PostgreSQL ${pgRate.toFixed(1).padStart(6)} complaints/s  (rounds: ${rates.pg.map((r) => r.toFixed(1)).join(', ')})`,
  );
  console.log(
    `  SQLite     ${sqliteRate.toFixed(1).padStart(6)} complaints/s  (rounds: ${rates.sqlite.map((r) => r.toFixed(1)).join(', ')}); PostgreSQL ${(pgRate / sqliteRate).toFixed(2)}× SQLite`,
  );
}
