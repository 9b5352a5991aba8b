// A realistic company database for the report benchmark: 500 estates over ten years, 3,000,000
// complaints with SPEC's mix of categories and channels, most replied (some late), most closed,
// a few escalated or reopened, the recent ones still open. Rows are written straight into the
// schema (a command per row would take hours); deadlines come from the real domain function.
import { closeSync, openSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { WorkingCalendar } from '../src/domain/calendar.js';
import type { Category, Channel, Complaint } from '../src/domain/complaint.js';
import { CAUSES, SUBCATEGORIES } from '../src/domain/complaint.js';
import { replyDeadline } from '../src/domain/deadline.js';
import { replyWorkingHours } from '../src/domain/lifecycle.js';
import { dateInZone } from '../src/domain/zone.js';
import { DEFAULT_REPLY_DAYS } from '../src/domain/settings.js';
import { SHIPPED_SCHEDULES } from '../src/domain/shipped-calendar.js';
import { MonthSummaries } from '../src/store/sqlite/month-tables.js';
import { OfficeScope } from '../src/store/sqlite/offices.js';
import { nativeBinding, openDatabase } from '../src/store/sqlite/open.js';

/**
 * What the bench's cached databases are keyed by (the SQLite file, the PostgreSQL cluster loaded
 * from it): change it when the generated rows change.
 */
export const GENERATOR_VERSION = 'v8';

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

const CATEGORY_MIX: ReadonlyArray<readonly [Category, number]> = [
  ['facility', 35],
  ['service', 40],
  ['fee', 15],
  ['incident', 10],
];
/** What owners say, so that `list --search` reads realistic Chinese text (a few words recur, most are rare). */
const PROBLEMS = [
  '电梯经常停运',
  '电梯困人',
  '楼道灯不亮',
  '卫生间漏水',
  '厨房下水道堵塞',
  '停车位被占',
  '垃圾清运不及时',
  '小区噪音扰民',
  '门禁卡失灵',
  '物业费收费不合理',
  '公摊电费偏高',
  '绿化带无人修剪',
  '保安态度差',
  '快递柜故障',
  '外墙渗水',
  '水压太低',
  '地下车库积水',
  '宠物粪便无人清理',
  '装修噪音',
  '维修人员迟到',
  '消防通道堵塞',
  '监控摄像头损坏',
  '水管爆裂',
  '车辆被刮',
];
const PLACES = ['大堂', '地下车库', '楼道', '电梯厅', '门岗', '花园', '屋顶', '地下室'];

const CHANNEL_MIX: ReadonlyArray<readonly [Channel, number]> = [
  ['phone', 50],
  ['visit', 20],
  ['letter', 10],
  ['online', 20],
];

export interface GenerateOptions {
  path: string;
  count: number;
  from: Date;
  to: Date;
  /** complaints received after this may still be open, as a real office's last few days are */
  openAfter: Date;
}

export function generateDatabase(options: GenerateOptions): void {
  openDatabase({ path: options.path, initialSettings: () => ({ timezone: ZONE }) }).close();
  const db = new Database(options.path, { nativeBinding: nativeBinding() });
  db.pragma('journal_mode = WAL');
  const next = random(20261126);
  const calendar = new WorkingCalendar(SHIPPED_SCHEDULES);
  const settings = {
    timezone: ZONE,
    closingTime: null,
    replyDays: DEFAULT_REPLY_DAYS,
    urgentReplyHours: 2,
    revisitDays: 3,
    officeName: '',
    departments: [],
    clerks: [],
    departmentWebhooks: {},
  };
  const insert = db.prepare(
    `INSERT INTO complaints (status, category, subcategory, channel, received_at, received_month, reply_clock_from, reply_days, closing_time,
       reply_due_at, replied_at, reply_on_time, reply_hours, promised_at, escalated_to, escalated_at, satisfaction, closed_at, result, cause,
       status_changed_at, owner, received_by, complainant_name, unit, phone, description, location, repeat_count, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // The month tables (and each clerk's medians) are summed and written by the store's own code
  // for many new complaints, the one a ledger import uses.
  // The rows are the database's first office's (office_id's default).
  const office = new OfficeScope();
  office.use({ id: 1, code: 'main', name: '', createdAt: options.from });
  const summaries = new MonthSummaries(db, office);
  const months = summaries.accumulator();
  const span = options.to.getTime() - options.from.getTime();
  const iso = (instant: Date | null): string | null => (instant === null ? null : instant.toISOString());
  const write = db.transaction((start: number, end: number) => {
    for (let index = start; index < end; index += 1) {
      const received = new Date(
        options.from.getTime() + Math.floor((index / options.count) * span) + Math.floor(next() * 60_000),
      );
      const category = pick(next, CATEGORY_MIX);
      const channel = pick(next, CHANNEL_MIX);
      const subcategories = SUBCATEGORIES[category];
      const subcategory = next() < 0.9 ? subcategories[Math.floor(next() * subcategories.length)]! : null;
      const estate = Math.floor(next() * 500);
      const owner = `客服${estate}-${Math.floor(next() * 3)}`;
      const due = replyDeadline(received, channel, calendar, settings).dueAt;
      const recent = received.getTime() > options.openAfter.getTime();
      // A few old complaints were never answered; of the last days', some are still waiting.
      const straggler = next() < 0.0001;
      const replied = !straggler && (!recent || next() < 0.9);
      // Nothing happens after the end of the generated span (commands refuse future times too).
      const replyAt =
        received.getTime() +
        (next() < 0.88
          ? next() * (due.getTime() - received.getTime())
          : due.getTime() - received.getTime() + next() * 72 * HOUR);
      const repliedAt = replied ? new Date(Math.min(replyAt, options.to.getTime())) : null;
      const escalated = next() < 0.03;
      const closeAt = repliedAt === null ? Infinity : repliedAt.getTime() + next() * 48 * HOUR;
      const closed = !recent && closeAt <= options.to.getTime() && next() < 0.97;
      const closedAt = closed ? new Date(closeAt) : null;
      const satisfaction =
        repliedAt !== null && next() < 0.7
          ? pick(next, [
              ['satisfied', 70],
              ['basic', 22],
              ['dissatisfied', 8],
            ] as const)
          : null;
      const complaint: Complaint = {
        id: index + 1,
        status: closed
          ? 'closed'
          : escalated && repliedAt === null
            ? 'escalated'
            : repliedAt !== null
              ? 'replied'
              : 'received',
        category,
        subcategory,
        channel,
        receivedAt: received,
        receivedMonth: dateInZone(received, ZONE).slice(0, 7),
        replyClockFrom: received,
        replyDays: DEFAULT_REPLY_DAYS[channel],
        closingTime: null,
        replyZone: ZONE,
        replyDueAt: due,
        urgentHours: null,
        revisitDueAt: null,
        revisitedAt: null,
        revisitOnTime: null,
        revisitSatisfaction: null,
        repliedAt,
        replyOnTime: repliedAt === null ? null : repliedAt.getTime() <= due.getTime(),
        replyHours: repliedAt === null ? null : replyWorkingHours(calendar, received, repliedAt, ZONE).value,
        promisedAt: escalated ? new Date(received.getTime() + 10 * 24 * HOUR) : null,
        escalatedTo: escalated ? '工程部' : null,
        escalatedAt: escalated ? new Date(received.getTime() + 2 * HOUR) : null,
        satisfaction,
        closedAt,
        result: closed ? '已处理' : null,
        cause: closed ? CAUSES[Math.floor(next() * CAUSES.length)]! : null,
        statusChangedAt: closedAt ?? repliedAt ?? received,
        owner,
        receivedBy: owner,
        complainant: {
          name: `业主${index % 9973}`,
          unit: `${estate}-${1 + (index % 12)}-${100 + (index % 30)}`,
          phone: `138${String(index % 100_000_000).padStart(8, '0')}`,
        },
        description: `${1 + (index % 30)}号楼${PROBLEMS[Math.floor(next() * PROBLEMS.length)]!}，已第${1 + (index % 4)}次反映`,
        location: next() < 0.3 ? PLACES[Math.floor(next() * PLACES.length)]! : null,
        repeatCount: next() < 0.02 ? 1 : 0,
      };
      const c = complaint;
      insert.run(
        c.status,
        c.category,
        c.subcategory,
        c.channel,
        iso(c.receivedAt),
        c.receivedMonth,
        iso(c.replyClockFrom),
        c.replyDays,
        iso(c.replyDueAt),
        iso(c.repliedAt),
        c.replyOnTime === null ? null : c.replyOnTime ? 1 : 0,
        c.replyHours,
        iso(c.promisedAt),
        c.escalatedTo,
        iso(c.escalatedAt),
        c.satisfaction,
        iso(c.closedAt),
        c.result,
        c.cause,
        iso(c.statusChangedAt),
        c.owner,
        c.receivedBy,
        c.complainant.name,
        c.complainant.unit,
        c.complainant.phone,
        c.description,
        c.location,
        c.repeatCount,
        iso(c.receivedAt),
      );
      months.add(complaint);
    }
  });
  for (let start = 0; start < options.count; start += 100_000) write(start, Math.min(start + 100_000, options.count));
  db.transaction(() => months.flush())();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** A database holding one month of another: the baseline the report's cost is compared with. */
export function extractMonth(source: string, target: string, month: string): void {
  openDatabase({ path: target, initialSettings: () => ({ timezone: ZONE }) }).close();
  const db = new Database(target, { nativeBinding: nativeBinding() });
  db.exec(`ATTACH DATABASE '${source.replace(/'/g, "''")}' AS source`);
  db.prepare('INSERT INTO complaints SELECT * FROM source.complaints WHERE received_month = ?').run(month);
  for (const table of ['month_cells', 'month_owners', 'month_causes', 'month_places'])
    db.prepare(`INSERT INTO ${table} SELECT * FROM source.${table} WHERE month = ?`).run(month);
  db.exec('DETACH DATABASE source');
  db.close();
}

/**
 * A ledger as an office keeps it, for the import benchmark: `rows` complaints two and a half
 * minutes apart from 2021 on, in Chinese headers and names, most replied and closed.
 */
export function writeLedgerCsv(path: string, rows: number): void {
  const next = random(20261127);
  const names: Record<Category, string> = {
    facility: '设备设施',
    service: '管理服务',
    fee: '收费',
    incident: '突发事件',
  };
  const subNames: Record<Category, string[]> = {
    facility: ['运行故障', '设计/质量缺陷'],
    service: ['态度', '安全', '方便'],
    fee: ['分摊费', '特约维修费'],
    incident: ['停水', '停电', '电梯困人'],
  };
  const channels: Record<Channel, string> = { phone: '电话', visit: '来访', letter: '来函', online: '网络/微信' };
  const causes = ['服务设备', '服务技能', '服务态度', '服务效率'];
  const start = Date.UTC(2021, 0, 1, 0, 0);
  const pad = (value: number): string => String(value).padStart(2, '0');
  const wall = (ms: number): string => {
    const d = new Date(ms + 8 * HOUR);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  };
  const fd = openSync(path, 'w');
  let chunk = '受理时间,渠道,类别,子类,业主,房号,电话,投诉内容,回复时间,处理结果,原因\n';
  for (let index = 0; index < rows; index += 1) {
    const at = start + index * 150_000;
    const category = pick(next, CATEGORY_MIX);
    const channel = pick(next, CHANNEL_MIX);
    const subs = subNames[category];
    const replied = next() < 0.9 ? at + Math.floor(1 + next() * 30) * HOUR : null;
    const closed = replied !== null && next() < 0.8;
    chunk += `${wall(at)},${channels[channel]},${names[category]},${subs[index % subs.length]},业主${index % 9000},${(index % 30) + 1}-${(index % 6) + 1}-${(index % 20) + 101},138${String(index % 100_000_000).padStart(8, '0')},"投诉内容第${index}号，电梯停运",${replied === null ? '' : wall(replied)},${closed ? '已处理完毕' : ''},${closed ? causes[index % causes.length] : ''}\n`;
    if (chunk.length > 1_000_000) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}
