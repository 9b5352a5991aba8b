// `npm run bench`: how fast the tool starts and how fast deadlines are counted.
// Start-up figures are medians of whole-process wall times, as ratios to `node -e 0` measured
// in the same run, interleaved, because these machines are noisy.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkingCalendar } from '../src/domain/calendar.js';
import { replyDeadline } from '../src/domain/deadline.js';
import { DEFAULT_REPLY_DAYS } from '../src/domain/settings.js';
import { SHIPPED_SCHEDULES } from '../src/domain/shipped-calendar.js';
import { CHANNELS } from '../src/domain/complaint.js';
import { extractMonth, generateDatabase } from './generate.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const bin = join(process.cwd(), 'bin', 'complaint');
const work = mkdtempSync(join(tmpdir(), 'complaint-bench-'));
const env = { ...process.env, COMPLAINT_DB: join(work, 'bench.db'), COMPLAINT_LANG: 'zh', COMPLAINT_USER: 'bench' };

function wallTime(command: string, args: string[], extraEnv: Record<string, string> = {}): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const newArgs = [bin, 'new', '--channel', 'phone', '--category', 'facility', '--subcategory', 'operation', '--name', '王先生', '--unit', '3-2-1201', '--phone', '13812345678', '--description', '电梯经常停运，已三天', '--location', '3号楼', '--at', '2026-11-23 10:00'];
const cases: Array<[string, string[]]> = [
  ['node -e 0 (baseline)', ['-e', '0']],
  ['complaint new (every flag)', newArgs],
  ['complaint list --month', [bin, 'list', '--month', '2026-11']],
  ['complaint --version', [bin, '--version']],
];

wallTime(process.execPath, [bin, 'config', 'timezone', 'Asia/Shanghai']); // creates the database outside the timing
for (const [, args] of cases) wallTime(process.execPath, args); // warm the file cache
const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let run = 0; run < RUNS; run += 1) for (const [name, args] of cases) times.get(name)!.push(wallTime(process.execPath, args));
const baseline = median(times.get(cases[0]![0])!);
console.log(`Start-up, median of ${RUNS} runs each (interleaved):`);
for (const [name] of cases) {
  const value = median(times.get(name)!);
  console.log(`  ${name.padEnd(30)} ${value.toFixed(1).padStart(7)} ms  ${(value / baseline).toFixed(2)}× baseline`);
}

// The monthly report on a company's ten years (3,000,000 complaints), against the same month alone.
const COMPANY = Number(process.env.BENCH_COMPANY_COMPLAINTS ?? 3_000_000);
const companyDb = join(tmpdir(), `complaint-bench-company-${COMPANY}-v6.db`);
if (!existsSync(companyDb)) {
  const started = Date.now();
  const partial = `${companyDb}.partial`;
  rmSync(partial, { force: true });
  generateDatabase({ path: partial, count: COMPANY, from: new Date('2016-12-31T16:00:00Z'), to: new Date('2026-11-20T16:00:00Z'), openAfter: new Date('2026-11-16T16:00:00Z') });
  renameSync(partial, companyDb);
  console.log(`\nGenerated ${COMPANY.toLocaleString('en')} complaints in ${((Date.now() - started) / 1000).toFixed(0)} s: ${companyDb} (kept for the next run)`);
}
const MONTH = '2021-06';
const monthDb = join(work, 'month.db');
extractMonth(companyDb, monthDb, MONTH);
const reportArgs = [bin, 'report', '--month', MONTH];
const reportCases: Array<[string, string[], Record<string, string>]> = [
  ['node -e 0 (baseline)', ['-e', '0'], {}],
  [`report ${MONTH}, company database`, reportArgs, { COMPLAINT_DB: companyDb }],
  [`report ${MONTH}, that month alone`, reportArgs, { COMPLAINT_DB: monthDb }],
];
for (const [, args, extra] of reportCases) wallTime(process.execPath, args, extra);
const reportTimes = reportCases.map((): number[] => []);
for (let run = 0; run < RUNS; run += 1) reportCases.forEach(([, args, extra], index) => reportTimes[index]!.push(wallTime(process.execPath, args, extra)));
const monthCount = spawnSync(process.execPath, [bin, 'report', '--month', MONTH, '--json'], { env: { ...env, COMPLAINT_DB: monthDb }, encoding: 'utf8' });
const received = (JSON.parse(monthCount.stdout) as { totals: { received: number } }).totals.received;
const reportBaseline = median(reportTimes[0]!);
const alone = median(reportTimes[2]!);
console.log(`\nMonthly report of ${received.toLocaleString('en')} complaints, median of ${RUNS} runs each (interleaved):`);
reportCases.forEach(([name], index) => {
  const value = median(reportTimes[index]!);
  console.log(`  ${name.padEnd(36)} ${value.toFixed(1).padStart(7)} ms  ${(value / reportBaseline).toFixed(2)}× baseline  ${(value / alone).toFixed(2)}× month alone`);
});
rmSync(work, { recursive: true, force: true });

// 1,000,000 reply deadlines over the shipped calendar: receipts spread over 2015–2026, every channel.
const calendar = new WorkingCalendar(SHIPPED_SCHEDULES);
const settings = { timezone: 'Asia/Shanghai', closingTime: null, replyDays: DEFAULT_REPLY_DAYS, officeName: '', departments: [] };
const COUNT = 1_000_000;
const first = Date.UTC(2015, 0, 1);
const span = Date.UTC(2026, 11, 20) - first;
let checksum = 0;
const start = process.hrtime.bigint();
for (let index = 0; index < COUNT; index += 1) {
  const receivedAt = new Date(first + ((index * 7_919_993) % span));
  checksum += replyDeadline(receivedAt, CHANNELS[index % 4]!, calendar, settings).dueAt.getTime() % 7;
}
const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
console.log(`\nReply deadlines: ${COUNT.toLocaleString('en')} in ${elapsed.toFixed(0)} ms — ${((elapsed * 1000) / COUNT).toFixed(2)} µs per call (checksum ${checksum})`);
