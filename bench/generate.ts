// A realistic company database for the report benchmark: 500 estates over ten years, 3,000,000
// complaints with SPEC's mix of categories and channels, most replied (some late), most closed,
// a few escalated or reopened, the recent ones still open. Rows are written straight into the
// schema (a command per row would take hours); deadlines come from the real domain function.
import Database from 'better-sqlite3';
import { WorkingCalendar } from '../src/domain/calendar.js';
import type { Category, Channel } from '../src/domain/complaint.js';
import { CAUSES, SUBCATEGORIES } from '../src/domain/complaint.js';
import { replyDeadline } from '../src/domain/deadline.js';
import { DEFAULT_REPLY_DAYS } from '../src/domain/settings.js';
import { SHIPPED_SCHEDULES } from '../src/domain/shipped-calendar.js';
import { nativeBinding, openSqliteStore } from '../src/store/sqlite.js';

const ZONE = 'Asia/Shanghai';
const HOUR = 3_600_000;

/** A small deterministic generator, so every run builds the same database. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(next: () => number, weighted: ReadonlyArray<readonly [T, number]>): T {
  let roll = next() * weighted.reduce((total, [, weight]) => total + weight, 0);
  for (const [value, weight] of weighted) if ((roll -= weight) < 0) return value;
  return weighted[weighted.length - 1]![0];
}

const CATEGORY_MIX: ReadonlyArray<readonly [Category, number]> = [['facility', 35], ['service', 40], ['fee', 15], ['incident', 10]];
const CHANNEL_MIX: ReadonlyArray<readonly [Channel, number]> = [['phone', 50], ['visit', 20], ['letter', 10], ['online', 20]];

export interface GenerateOptions {
  path: string;
  count: number;
  from: Date;
  to: Date;
  /** complaints received after this may still be open, as a real office's last few days are */
  openAfter: Date;
}

export function generateDatabase(options: GenerateOptions): void {
  openSqliteStore({ path: options.path, initialSettings: () => ({ timezone: ZONE }) }).close();
  const db = new Database(options.path, { nativeBinding: nativeBinding() });
  db.pragma('journal_mode = WAL');
  const next = random(20261126);
  const calendar = new WorkingCalendar(SHIPPED_SCHEDULES);
  const settings = { timezone: ZONE, closingTime: null, replyDays: DEFAULT_REPLY_DAYS, officeName: '', departments: [] };
  const insert = db.prepare(
    `INSERT INTO complaints (status, category, subcategory, channel, received_at, reply_clock_from, reply_days, closing_time, reply_due_at,
       replied_at, reply_on_time, promised_at, escalated_to, escalated_at, satisfaction, closed_at, result, cause, status_changed_at,
       owner, received_by, complainant_name, unit, phone, description, location, repeat_count, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
  );
  const span = options.to.getTime() - options.from.getTime();
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  const write = db.transaction((start: number, end: number) => {
    for (let index = start; index < end; index += 1) {
      const received = options.from.getTime() + Math.floor((index / options.count) * span) + Math.floor(next() * 60_000);
      const category = pick(next, CATEGORY_MIX);
      const channel = pick(next, CHANNEL_MIX);
      const subcategories = SUBCATEGORIES[category];
      const subcategory = next() < 0.9 ? subcategories[Math.floor(next() * subcategories.length)]! : null;
      const estate = Math.floor(next() * 500);
      const owner = `客服${estate}-${Math.floor(next() * 3)}`;
      const due = replyDeadline(new Date(received), channel, calendar, settings).dueAt.getTime();
      const recent = received > options.openAfter.getTime();
      // A few old complaints were never answered; of the last days', some are still waiting.
      const straggler = next() < 0.0001;
      const replied = !straggler && (!recent || next() < 0.4);
      const replyAt = replied ? received + (next() < 0.88 ? next() * (due - received) : due - received + next() * 72 * HOUR) : null;
      const escalated = next() < 0.03;
      const closed = replied && !recent && next() < 0.97;
      const closedAt = closed ? replyAt! + next() * 48 * HOUR : null;
      const status = closed ? 'closed' : escalated && !replied ? 'escalated' : replied ? 'replied' : 'received';
      const satisfaction = replied && next() < 0.7 ? pick(next, [['satisfied', 70], ['basic', 22], ['dissatisfied', 8]] as const) : null;
      insert.run(
        status, category, subcategory, channel, iso(received), iso(received), DEFAULT_REPLY_DAYS[channel], iso(due),
        iso(replyAt), replyAt === null ? null : replyAt <= due ? 1 : 0,
        escalated ? iso(received + 10 * 24 * HOUR) : null, escalated ? '工程部' : null, escalated ? iso(received + 2 * HOUR) : null,
        satisfaction, iso(closedAt), closed ? '已处理' : null, closed ? CAUSES[Math.floor(next() * CAUSES.length)]! : null,
        iso(closedAt ?? replyAt ?? received), owner, owner, `业主${index % 9973}`, `${estate}-${1 + (index % 12)}-${100 + (index % 30)}`,
        `138${String(index % 100_000_000).padStart(8, '0')}`, '投诉内容', next() < 0.02 ? 1 : 0, iso(received),
      );
    }
  });
  for (let start = 0; start < options.count; start += 100_000) write(start, Math.min(start + 100_000, options.count));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** A database holding one month of another: the baseline the report's cost is compared with. */
export function extractMonth(source: string, target: string, from: Date, to: Date): void {
  openSqliteStore({ path: target, initialSettings: () => ({ timezone: ZONE }) }).close();
  const db = new Database(target, { nativeBinding: nativeBinding() });
  db.exec(`ATTACH DATABASE '${source.replace(/'/g, "''")}' AS source`);
  db.prepare('INSERT INTO complaints SELECT * FROM source.complaints WHERE received_at >= ? AND received_at < ?').run(from.toISOString(), to.toISOString());
  db.exec('DETACH DATABASE source');
  db.close();
}
