// `npm run bench`: how fast the tool starts and how fast deadlines are counted.
// Start-up figures are medians of whole-process wall times, as ratios to `node -e 0` measured
// in the same run, interleaved, because these machines are noisy; and, where valgrind is
// installed, the instructions each start-up executes, which noise does not move.
// `npm run bench -- deadlines` (or startup, report, import, postgres) runs only the parts named: the
// company database and the 1,000,000-row import take minutes, the deadlines a few seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkingCalendar } from '../src/domain/calendar.js';
import { replyDeadline } from '../src/domain/deadline.js';
import { DEFAULT_REPLY_DAYS } from '../src/domain/settings.js';
import { SHIPPED_SCHEDULES } from '../src/domain/shipped-calendar.js';
import { CHANNELS } from '../src/domain/complaint.js';
import Database from 'better-sqlite3';
import { nativeBinding, openDatabase } from '../src/store/sqlite/open.js';
import { GENERATOR_VERSION, extractMonth, generateDatabase, writeLedgerCsv } from './generate.js';
import { postgresBench } from './postgres.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const bin = join(process.cwd(), 'bin', 'complaint');
const PARTS = ['startup', 'report', 'import', 'deadlines', 'postgres'] as const;
const chosen = process.argv.slice(2);
const unknownPart = chosen.find((part) => !(PARTS as readonly string[]).includes(part));
if (unknownPart !== undefined) {
  console.error(`unknown bench part "${unknownPart}": choose from ${PARTS.join(', ')}`);
  process.exit(2);
}
const runs = (part: (typeof PARTS)[number]): boolean => chosen.length === 0 || chosen.includes(part);
const work = mkdtempSync(join(tmpdir(), 'complaint-bench-'));
const env = { ...process.env, COMPLAINT_DB: join(work, 'bench.db'), COMPLAINT_LANG: 'zh', COMPLAINT_USER: 'bench' };

function wallTime(command: string, args: string[], extraEnv: Record<string, string> = {}): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${String(result.stderr)}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `complaint new` with every flag, as a clerk types it. */
const NEW_FLAGS = [
  'new',
  '--channel',
  'phone',
  '--category',
  'facility',
  '--subcategory',
  'operation',
  '--name',
  '王先生',
  '--unit',
  '3-2-1201',
  '--phone',
  '13812345678',
  '--description',
  '电梯经常停运，已三天',
  '--location',
  '3号楼',
  '--at',
  '2026-11-23 10:00',
];

function startupBench(): void {
  const newArgs = [bin, ...NEW_FLAGS];
  const cases: Array<[string, string[]]> = [
    ['node -e 0 (baseline)', ['-e', '0']],
    ['complaint new (every flag)', newArgs],
    ['complaint list --month', [bin, 'list', '--month', '2026-11']],
    ['complaint --version', [bin, '--version']],
  ];

  wallTime(process.execPath, [bin, 'config', 'timezone', 'Asia/Shanghai']); // creates the database outside the timing
  for (const [, args] of cases) wallTime(process.execPath, args); // warm the file cache
  const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let run = 0; run < RUNS; run += 1)
    for (const [name, args] of cases) times.get(name)!.push(wallTime(process.execPath, args));
  const baseline = median(times.get(cases[0]![0])!);
  console.log(`Start-up, median of ${RUNS} runs each (interleaved):`);
  for (const [name] of cases) {
    const value = median(times.get(name)!);
    console.log(`  ${name.padEnd(30)} ${value.toFixed(1).padStart(7)} ms  ${(value / baseline).toFixed(2)}× baseline`);
  }
  instructionCounts(cases);
}

/**
 * Wall times on a shared 2-core machine move by several per cent from one minute to the next; the
 * number of instructions a start-up executes does not (under 1 % between runs). Counted with
 * valgrind's callgrind, which runs each command about 80 times slower, so once each. V8 still uses
 * the code cache under valgrind, so the count is of the start-up users get.
 */
function instructionCounts(cases: Array<[string, string[]]>): void {
  if (spawnSync('valgrind', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.log('  (valgrind not found: instruction counts skipped; apt-get install valgrind)');
    return;
  }
  const counted = cases.map(([name, args]) => {
    const result = spawnSync(
      'valgrind',
      ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...args],
      { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const collected = /Collected : (\d+)/.exec(result.stderr);
    if (result.status !== 0 || collected === null)
      throw new Error(`valgrind ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-500)}`);
    return [name, Number(collected[1])] as const;
  });
  const baseline = counted[0]![1];
  console.log('Start-up in instructions executed (callgrind, one run each; steady on a busy machine):');
  for (const [name, count] of counted)
    console.log(
      `  ${name.padEnd(30)} ${(count / 1e6).toFixed(0).padStart(7)} M  ${(count / baseline).toFixed(3)}× baseline`,
    );
}

/**
 * The company database of ten years (3,000,000 complaints; BENCH_COMPANY_COMPLAINTS), generated on
 * first use into the temp folder and kept, keyed by the generator's version; opened once through
 * the store, so that a database generated under an earlier schema is migrated first.
 */
function companyDatabase(): { path: string; count: number; version: string } {
  const COMPANY = Number(process.env.BENCH_COMPANY_COMPLAINTS ?? 3_000_000);
  const companyDb = join(tmpdir(), `complaint-bench-company-${COMPANY}-${GENERATOR_VERSION}.db`);
  if (!existsSync(companyDb)) {
    const started = Date.now();
    const partial = `${companyDb}.partial`;
    rmSync(partial, { force: true });
    generateDatabase({
      path: partial,
      count: COMPANY,
      from: new Date('2016-12-31T16:00:00Z'),
      to: new Date('2026-11-20T16:00:00Z'),
      openAfter: new Date('2026-11-16T16:00:00Z'),
    });
    renameSync(partial, companyDb);
    console.log(
      `\nGenerated ${COMPANY.toLocaleString('en')} complaints in ${((Date.now() - started) / 1000).toFixed(0)} s: ${companyDb} (kept for the next run)`,
    );
  }
  openDatabase({ path: companyDb, initialSettings: () => ({}) }).close();
  return { path: companyDb, count: COMPANY, version: GENERATOR_VERSION };
}

function reportBench(): void {
  // The monthly report on a company's ten years (3,000,000 complaints), against the same month alone.
  const { path: companyDb, count: COMPANY } = companyDatabase();
  const MONTH = '2021-06';
  const monthDb = join(work, 'month.db');
  extractMonth(companyDb, monthDb, MONTH);
  const reportArgs = [bin, 'report', '--month', MONTH];
  const reportCases: Array<[string, string[], Record<string, string>]> = [
    ['node -e 0 (baseline)', ['-e', '0'], {}],
    [`report ${MONTH}, company database`, reportArgs, { COMPLAINT_DB: companyDb }],
    [`report ${MONTH}, that month alone`, reportArgs, { COMPLAINT_DB: monthDb }],
    // A quarter's and a year's report read the month tables (and the kept quarter and year medians).
    [`report --quarter 2021Q2, company db`, [bin, 'report', '--quarter', '2021Q2'], { COMPLAINT_DB: companyDb }],
    [`report --year 2021, company db`, [bin, 'report', '--year', '2021'], { COMPLAINT_DB: companyDb }],
    // The page with its charts (the chart library loaded, every chart drawn), replaced at each run.
    [
      `report ${MONTH} --html, company db`,
      [...reportArgs, '--html', join(work, 'report.html'), '--force'],
      { COMPLAINT_DB: companyDb },
    ],
  ];
  for (const [, args, extra] of reportCases) wallTime(process.execPath, args, extra);
  const reportTimes = reportCases.map((): number[] => []);
  for (let run = 0; run < RUNS; run += 1)
    reportCases.forEach(([, args, extra], index) => reportTimes[index]!.push(wallTime(process.execPath, args, extra)));
  const monthCount = spawnSync(process.execPath, [bin, 'report', '--month', MONTH, '--json'], {
    env: { ...env, COMPLAINT_DB: monthDb },
    encoding: 'utf8',
  });
  const received = (JSON.parse(monthCount.stdout) as { totals: { received: number } }).totals.received;
  const reportBaseline = median(reportTimes[0]!);
  const alone = median(reportTimes[2]!);
  console.log(
    `\nReports (the month: ${received.toLocaleString('en')} complaints), median of ${RUNS} runs each (interleaved):`,
  );
  reportCases.forEach(([name], index) => {
    const value = median(reportTimes[index]!);
    console.log(
      `  ${name.padEnd(36)} ${value.toFixed(1).padStart(7)} ms  ${(value / reportBaseline).toFixed(2)}× baseline  ${(value / alone).toFixed(2)}× month alone`,
    );
  });

  // Finding an owner's complaints in the company's ten years: `list --search` (substrings of three
  // characters or more, and of one or two), `--phone` and `--unit`, each cut at a screen's 50.
  const findCases: Array<[string, string[]]> = [
    ['node -e 0 (baseline)', ['-e', '0']],
    ['list --search 电梯困人', [bin, 'list', '--search', '电梯困人', '--limit', '50']],
    ['list --search 困人', [bin, 'list', '--search', '困人', '--limit', '50']],
    ['list --search 漏', [bin, 'list', '--search', '漏', '--limit', '50']],
    ['list --search 车库 积水', [bin, 'list', '--search', '车库 积水', '--limit', '50']],
    ['list --search 无此字句', [bin, 'list', '--search', '无此字句', '--limit', '50']],
    ['list --phone 138-0012-3456', [bin, 'list', '--phone', '138-0012-3456', '--limit', '50']],
    ['list --unit 250-3-102', [bin, 'list', '--unit', '250-3-102', '--limit', '50']],
  ];
  const company = { COMPLAINT_DB: companyDb };
  for (const [, args] of findCases) wallTime(process.execPath, args, company);
  const findTimes = findCases.map((): number[] => []);
  const FIND_RUNS = Math.min(RUNS, 5);
  for (let run = 0; run < FIND_RUNS; run += 1) {
    findCases.forEach(([, args], index) => findTimes[index]!.push(wallTime(process.execPath, args, company)));
  }
  const among = COMPANY.toLocaleString('en');
  console.log(`\nFinding complaints among ${among}, median of ${FIND_RUNS} runs each (interleaved):`);
  findCases.forEach(([name], index) => {
    console.log(`  ${name.padEnd(36)} ${median(findTimes[index]!).toFixed(1).padStart(7)} ms`);
  });
}

function importBench(): void {
  // Importing a ledger of 1,000,000 rows, against sqlite3's .import of the same file into a bare
  // table, each into a new database, interleaved. (Each import is a minute or more: BENCH_IMPORT_RUNS.)
  const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
  const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 1);
  const ledger = join(tmpdir(), `complaint-bench-ledger-${IMPORT_ROWS}.csv`);
  if (!existsSync(ledger)) writeLedgerCsv(ledger, IMPORT_ROWS);
  const importTimes = { sqlite3: [] as number[], complaint: [] as number[], floor: [] as number[] };

  /**
   * The floor under any import into this schema: SQLite alone (no JavaScript, no CSV) writing the
   * complaints and events an import made into a new complaint database, the way the import writes
   * them — one transaction, indexes dropped and built again, the search index filled by its
   * triggers, WAL. `WHERE` keeps SQLite from copying records byte for byte, which an import of a CSV
   * cannot do. The script runs in the SQLite that better-sqlite3 bundles (a one-line Node program
   * around one `exec`): the search index needs SQLite 3.43 or later, which a system's sqlite3 may
   * predate.
   */
  const SQLITE_SCRIPT = [
    "const Database = require('better-sqlite3');",
    "new Database(process.argv[1]).exec(require('node:fs').readFileSync(0, 'utf8'));",
  ].join(' ');
  function sqliteCopyTime(imported: string, target: string): number {
    wallTime(process.execPath, [bin, 'config', 'timezone', 'Asia/Shanghai'], { COMPLAINT_DB: target });
    const db = new Database(target, { readonly: true, nativeBinding: nativeBinding() });
    const indexes = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('complaints', 'events') AND sql IS NOT NULL",
      )
      .raw()
      .all() as Array<[string, string]>;
    db.close();
    const script = [
      'PRAGMA cache_size = -524288;',
      `ATTACH '${imported}' AS imported;`,
      'BEGIN IMMEDIATE;',
      ...indexes.map(([name]) => `DROP INDEX "${name}";`),
      'INSERT INTO complaints SELECT * FROM imported.complaints WHERE id > 0;',
      'INSERT INTO events SELECT * FROM imported.events WHERE id > 0;',
      ...indexes.map(([, sql]) => `${sql};`),
      'COMMIT;',
    ].join('\n');
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['-e', SQLITE_SCRIPT, target], {
      input: script,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0 || result.stderr.length > 0)
      throw new Error(`SQLite copy into ${target}: ${String(result.stderr)}`);
    return elapsed;
  }
  for (let run = 0; run < IMPORT_RUNS; run += 1) {
    const bare = join(work, `bare-${run}.db`);
    importTimes.sqlite3.push(wallTime('sqlite3', [bare, `.import --csv ${ledger} ledger`]));
    const office = join(work, `import-${run}.db`);
    wallTime(process.execPath, [bin, 'config', 'timezone', 'Asia/Shanghai'], { COMPLAINT_DB: office });
    importTimes.complaint.push(
      wallTime(process.execPath, [bin, 'import', ledger, '--commit'], { COMPLAINT_DB: office }),
    );
    importTimes.floor.push(sqliteCopyTime(office, join(work, `floor-${run}.db`)));
    rmSync(bare, { force: true });
    for (const file of [office, join(work, `floor-${run}.db`)])
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
  const perSecond = (ms: number): number => IMPORT_ROWS / (ms / 1000);
  const sqliteRate = perSecond(median(importTimes.sqlite3));
  const complaintRate = perSecond(median(importTimes.complaint));
  console.log(`\nImporting a ${IMPORT_ROWS.toLocaleString('en')}-row CSV ledger, median of ${IMPORT_RUNS} run(s):`);
  console.log(
    `  sqlite3 .import into a bare table  ${(median(importTimes.sqlite3) / 1000).toFixed(1).padStart(6)} s  ${Math.round(sqliteRate).toLocaleString('en').padStart(9)} rows/s`,
  );
  console.log(
    `  complaint import --commit          ${(median(importTimes.complaint) / 1000).toFixed(1).padStart(6)} s  ${Math.round(complaintRate).toLocaleString('en').padStart(9)} rows/s  (${(complaintRate / sqliteRate).toFixed(2)}× sqlite3's speed)`,
  );
  const floorRate = perSecond(median(importTimes.floor));
  console.log(
    `  sqlite3 copying those complaints   ${(median(importTimes.floor) / 1000).toFixed(1).padStart(6)} s  ${Math.round(floorRate).toLocaleString('en').padStart(9)} rows/s  (${(floorRate / sqliteRate).toFixed(2)}× .import's speed: the floor for this schema)`,
  );

  // An Excel ledger of 20,000 rows (made by exporting an imported CSV ledger), imported into a new database.
  const XLSX_ROWS = 20_000;
  const xlsxSource = join(work, 'xlsx-source.db');
  const smallLedger = join(work, 'small-ledger.csv');
  writeLedgerCsv(smallLedger, XLSX_ROWS);
  wallTime(process.execPath, [bin, 'config', 'timezone', 'Asia/Shanghai'], { COMPLAINT_DB: xlsxSource });
  wallTime(process.execPath, [bin, 'import', smallLedger, '--commit'], { COMPLAINT_DB: xlsxSource });
  const workbook = join(work, 'ledger.xlsx');
  wallTime(process.execPath, [bin, 'export', '--format', 'xlsx', '--output', workbook], { COMPLAINT_DB: xlsxSource });
  const xlsxTarget = join(work, 'xlsx-target.db');
  wallTime(process.execPath, [bin, 'config', 'timezone', 'Asia/Shanghai'], { COMPLAINT_DB: xlsxTarget });
  const xlsxMs = wallTime(process.execPath, [bin, 'import', workbook, '--commit'], { COMPLAINT_DB: xlsxTarget });
  console.log(
    `  complaint import --commit of a ${XLSX_ROWS.toLocaleString('en')}-row .xlsx  ${(xlsxMs / 1000).toFixed(1)} s  ${Math.round(XLSX_ROWS / (xlsxMs / 1000)).toLocaleString('en')} rows/s`,
  );
}

function deadlineBench(): void {
  // 1,000,000 reply deadlines over the shipped calendar: receipts spread over 2015–2026, every channel,
  // each one office date from an instant and an instant from the due date. Several rounds in one
  // process: the first one includes reading the zone's offsets and the compiler's warm-up.
  const calendar = new WorkingCalendar(SHIPPED_SCHEDULES);
  const settings = {
    timezone: 'Asia/Shanghai',
    closingTime: null,
    replyDays: DEFAULT_REPLY_DAYS,
    urgentReplyHours: 2,
    revisitDays: 3,
    officeName: '',
    departments: [],
    clerks: [],
    departmentWebhooks: {},
  };
  const COUNT = 1_000_000;
  const ROUNDS = Number(process.env.BENCH_DEADLINE_ROUNDS ?? 5);
  const first = Date.UTC(2015, 0, 1);
  const span = Date.UTC(2026, 11, 20) - first;
  const perCall: number[] = [];
  let checksum = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    checksum = 0;
    const start = process.hrtime.bigint();
    for (let index = 0; index < COUNT; index += 1) {
      const receivedAt = new Date(first + ((index * 7_919_993) % span));
      checksum += replyDeadline(receivedAt, CHANNELS[index % 4]!, calendar, settings).dueAt.getTime() % 7;
    }
    perCall.push(Number(process.hrtime.bigint() - start) / 1e3 / COUNT);
  }
  console.log(
    `\nReply deadlines: ${COUNT.toLocaleString('en')} per round, ${ROUNDS} rounds — ${perCall.map((us) => us.toFixed(2)).join(', ')} µs per call; first ${((perCall[0]! * COUNT) / 1e6).toFixed(2)} s, median ${median(perCall).toFixed(2)} µs (checksum ${checksum})`,
  );
}

if (runs('startup')) startupBench();
if (runs('report')) reportBench();
if (runs('import')) importBench();
if (runs('deadlines')) deadlineBench();
if (runs('postgres'))
  postgresBench({ bin, env, runs: RUNS, work, newArgs: NEW_FLAGS, companyDatabase, wallTime, median });
rmSync(work, { recursive: true, force: true });
