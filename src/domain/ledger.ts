// An office's own complaint ledger (投诉登记表) read row by row: which column is which, what each
// cell means, and what every row becomes — a complaint as received, replied and closed on the
// ledger's own dates — or why it cannot be imported. Pure: cells in, entries and reasons out.
import type { Category, Cause, Channel, ReplyMethod, Satisfaction, ValidDraft } from './complaint.js';
import {
  CATEGORIES,
  CAUSES,
  CHANNELS,
  REPLY_METHODS,
  SATISFACTIONS,
  SUBCATEGORIES,
  validateDraft,
} from './complaint.js';
import type { MessageParams } from './errors.js';
import { AppError, ValidationError } from './errors.js';
import { addMinutes, isValid, parse, parseISO } from 'date-fns';
import type { CalendarDate } from './dates.js';
import { PARSE_REFERENCE, fromUtcDate, utc, utcDate } from './dates.js';
import { endOfDay } from './deadline.js';
import { optionalText } from './text.js';
import { instantOfWallClock } from './zone.js';

/** Every column a ledger (or an export) may have. id, replyDueAt and replyOnTime are recognised but
 *  not imported: the program works them out itself. */
export const LEDGER_FIELDS = [
  'id',
  'status',
  'receivedAt',
  'channel',
  'category',
  'subcategory',
  'name',
  'unit',
  'phone',
  'description',
  'location',
  'owner',
  'replyDueAt',
  'repliedAt',
  'replyOnTime',
  'replyMethod',
  'replyMessage',
  'escalatedTo',
  'escalatedAt',
  'promisedAt',
  'satisfaction',
  'closedAt',
  'result',
  'cause',
  'repeatCount',
  'reopenedAt',
] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

const REQUIRED: readonly LedgerField[] = ['receivedAt', 'channel', 'category', 'name', 'description'];

/** Header names offices use, beyond the program's own (its export's headers, in both languages). */
const HEADER_SYNONYMS: Record<LedgerField, readonly string[]> = {
  id: ['编号', '序号', 'no', 'id'],
  status: ['状态', 'status'],
  receivedAt: [
    '受理时间',
    '日期',
    '投诉时间',
    '登记时间',
    '来电时间',
    '时间',
    '受理日期',
    '投诉日期',
    'date',
    'received',
  ],
  channel: ['渠道', '投诉方式', '投诉渠道', '来源', '方式'],
  category: ['类别', '投诉类别', '分类', '类型', '投诉类型'],
  subcategory: ['子类', '小类', '子类别', '细类', '明细'],
  name: ['业主', '姓名', '投诉人', '业主姓名', '联系人', '客户'],
  unit: ['房号', '房屋', '门牌', '房间号', '单元', '楼栋房号', '地址'],
  phone: ['电话', '联系电话', '手机', '联系方式', '手机号'],
  description: ['内容', '投诉内容', '事由', '问题描述', '投诉事项', '投诉事由'],
  location: ['地点', '位置', '发生地点'],
  owner: ['受理人', '经办人', '负责人', '客服', '登记人'],
  replyDueAt: ['回复期限', '期限'],
  repliedAt: ['回复时间', '答复时间', '回复日期'],
  replyOnTime: ['是否按时', '按时回复'],
  replyMethod: ['回复方式', '答复方式'],
  replyMessage: ['回复内容', '答复内容', '回复情况'],
  satisfaction: ['满意度', '评价', '业主评价', '回访评价'],
  closedAt: ['完成时间', '结案时间', '关闭时间', '处理完成时间', '存档时间'],
  result: ['处理结果', '结果', '处理情况', '处理措施'],
  cause: ['原因', '责任', '原因分析', '失效要素'],
  escalatedTo: ['上报部门'],
  escalatedAt: ['上报时间'],
  promisedAt: ['承诺期限', '承诺时间', '承诺完成时间'],
  repeatCount: ['二次投诉', '重复次数', '是否二次投诉'],
  reopenedAt: ['二次投诉时间', '重新受理时间'],
};

/** Words for codes, from the message catalogue (both languages) plus office synonyms: supplied by the caller. */
export interface LedgerVocabulary {
  channel: ReadonlyMap<string, Channel>;
  category: ReadonlyMap<string, Category>;
  subcategory: ReadonlyMap<string, string>;
  cause: ReadonlyMap<string, Cause>;
  satisfaction: ReadonlyMap<string, Satisfaction>;
  status: ReadonlyMap<string, string>;
  method: ReadonlyMap<string, ReplyMethod>;
  /** header text (normalized) → field: the export's own headers */
  header: ReadonlyMap<string, LedgerField>;
}

/** A cell as typed: full-width letters and digits made plain (ＮＦＫＣ), spaces at the ends and non-breaking ones gone. */
export function plainCell(value: string): string {
  return textCell(value.normalize('NFKC'));
}

/**
 * A cell of words (the owner's complaint, a name, a result) as the ledger has it: invisible spaces
 * made plain and the ends trimmed, but not NFKC — that would turn the full-width punctuation of
 * Chinese text (，。！（）) into ASCII and change the owner's words.
 */
export function textCell(value: string): string {
  return value.replace(/[\u00a0\u200b\ufeff]/g, ' ').trim();
}

/** How a header or a label is compared: plain, no spaces, lower case, without a hint in brackets. */
export function wordKey(value: string): string {
  return plainCell(value)
    .replace(/[（(【[][^）)】\]]*[）)】\]]/g, '')
    .replace(/[\s:：*＊]/g, '')
    .toLowerCase();
}

export interface ColumnMap {
  /** the field of each column, or null for a column not imported */
  fields: Array<LedgerField | null>;
  /** headers no field was found for (shown to the user, who may --map them) */
  unknown: string[];
}

/**
 * Which column is which, by header. `explicit` (from --map) wins; two columns for one field, or a
 * required field without a column, is refused (exit 2) naming what was found.
 */
export function mapColumns(
  headers: readonly string[],
  vocabulary: LedgerVocabulary,
  explicit: ReadonlyMap<string, LedgerField> = new Map(),
): ColumnMap {
  const byKey = headerFields(vocabulary);
  const fields = headers.map((header) => explicit.get(wordKey(header)) ?? byKey.get(wordKey(header)) ?? null);
  const seen = new Map<LedgerField, string>();
  headers.forEach((header, index) => {
    const field = fields[index];
    if (field === null || field === undefined) return;
    const earlier = seen.get(field);
    if (earlier !== undefined)
      throw new ValidationError('ledger.twoColumns', { field, first: earlier, second: plainCell(header) });
    seen.set(field, plainCell(header));
  });
  const missing = REQUIRED.filter((field) => !seen.has(field));
  if (!seen.has('unit') && !seen.has('phone')) missing.push('unit');
  if (missing.length > 0)
    throw new ValidationError('ledger.missingColumns', {
      missing: missing.join(', '),
      found: headers.map(plainCell).filter(Boolean).join(', '),
    });
  return {
    fields: fields.map((field) => field ?? null),
    unknown: headers.filter((header, index) => fields[index] === null && plainCell(header) !== '').map(plainCell),
  };
}

/** How much a row looks like the header row: the number of its cells that name a field. */
export function headerScore(cells: readonly string[], vocabulary: LedgerVocabulary): number {
  const byKey = headerFields(vocabulary);
  return cells.filter((cell) => byKey.has(wordKey(cell))).length;
}

/** Every header the program knows (the export's, the field names, offices' synonyms) → its field. */
function headerFields(vocabulary: LedgerVocabulary): Map<string, LedgerField> {
  const byKey = new Map<string, LedgerField>(vocabulary.header);
  for (const field of LEDGER_FIELDS) {
    byKey.set(wordKey(field), field);
    for (const synonym of HEADER_SYNONYMS[field]) if (!byKey.has(wordKey(synonym))) byKey.set(wordKey(synonym), field);
  }
  return byKey;
}

/** A row turned into what to import. */
export interface LedgerEntry {
  /** the row's number as the spreadsheet shows it (header rows counted) */
  row: number;
  draft: ValidDraft;
  receivedAt: Date;
  owner: string | null;
  reply: { at: Date; method: ReplyMethod; message: string; satisfaction: Satisfaction | null } | null;
  close: { at: Date; result: string; cause: Cause | null; satisfaction: Satisfaction | null } | null;
  /**
   * handed to a department with a date promised to the owner (`at` null: the ledger does not say
   * when); `earlierRound`: escalated before the complaint came back — its promise is gone, and a
   * promise given (the complaint escalated again) belongs to the latest round
   */
  escalation: { department: string; at: Date | null; promisedAt: Date | null; earlierRound: boolean } | null;
  /**
   * the complaint came back `count` times, the last at `at` (null: the ledger does not say when);
   * how an earlier round ended (its result, cause, the owner's opinion) where the row still shows it
   */
  repeat: {
    count: number;
    at: Date | null;
    result: string | null;
    cause: Cause | null;
    satisfaction: Satisfaction | null;
  } | null;
  voided: boolean;
  /** the row's identity (time, complainant, words), so the same complaint is never imported twice */
  identity: string;
}

export interface LedgerProblem {
  row: number;
  key: string;
  params: MessageParams;
}

/**
 * One row: cells by field (missing fields blank). Codes or words in either language are accepted
 * for channel, category, sub-category, cause and satisfaction; times in the ledger's many forms.
 * `clock`: the office's zone, and its closing time — a promised date alone (承诺期限 2026-11-30)
 * means the end of that day, as `escalate --promise` takes it.
 */
export function readLedgerRow(
  row: number,
  cells: Partial<Record<LedgerField, string>>,
  vocabulary: LedgerVocabulary,
  clock: { zone: string; closingTime: string | null },
): LedgerEntry | LedgerProblem {
  const { zone } = clock;
  try {
    // Times, codes, units, phones and clerks are read NFKC (full-width digits as digits); words as written.
    const text = (field: LedgerField): string => plainCell(cells[field] ?? '');
    const words = (field: LedgerField): string => textCell(cells[field] ?? '');
    const coded = <T extends string>(field: LedgerField, words: ReadonlyMap<string, T>): string => {
      const value = text(field);
      return value === '' ? '' : (words.get(wordKey(value)) ?? value);
    };
    const channel = coded('channel', vocabulary.channel);
    const category = coded('category', vocabulary.category);
    const draft = validateDraft({
      channel,
      category,
      subcategory: coded('subcategory', vocabulary.subcategory),
      name: words('name'),
      unit: text('unit'),
      phone: text('phone'),
      description: words('description'),
      location: words('location'),
    });
    const receivedAt = requiredTime('receivedAt', text('receivedAt'), zone);
    const owner = optionalText('owner', text('owner'));
    const satisfaction = optionalCode('satisfaction', coded('satisfaction', vocabulary.satisfaction), SATISFACTIONS);

    const repliedText = text('repliedAt');
    const reply: LedgerEntry['reply'] =
      repliedText === ''
        ? null
        : {
            at: requiredTime('repliedAt', repliedText, zone),
            method:
              optionalCode('replyMethod', coded('replyMethod', vocabulary.method), REPLY_METHODS) ??
              (draft.channel === 'letter' ? 'letter' : 'phone'),
            message: optionalText('replyMessage', words('replyMessage'), 'text') ?? '',
            satisfaction: null,
          };
    const count = repeatCount(text('repeatCount'));
    const reopenedText = text('reopenedAt');
    const repeat: LedgerEntry['repeat'] =
      count === 0
        ? null
        : {
            count,
            at: reopenedText === '' ? null : requiredTime('reopenedAt', reopenedText, zone),
            result: null,
            cause: null,
            satisfaction: null,
          };
    const status = coded('status', vocabulary.status);
    const voided = status === 'voided';
    // A status that says the complaint is still open (an export's 待回复, 已回复, 已上报) keeps a result from being read as a close.
    const statedOpen = status === 'received' || status === 'replied' || status === 'escalated';
    const result = optionalText('result', words('result'), 'text');
    const cause = optionalCode('cause', coded('cause', vocabulary.cause), CAUSES);
    const closedText = text('closedAt');
    let close: LedgerEntry['close'] = null;
    if (closedText !== '' || (result !== null && !statedOpen)) {
      // A ledger that says how it ended says it was answered first.
      if (reply === null) throw new ValidationError('ledger.closedWithoutReply', {});
      if (result === null) throw new ValidationError('ledger.closedWithoutResult', {});
      close = {
        at: closedText === '' ? reply.at : requiredTime('closedAt', closedText, zone),
        result,
        cause,
        satisfaction,
      };
    } else if (result !== null || (repeat !== null && reply === null)) {
      // How an earlier round ended, kept when the complaint came back — as a reopening keeps it.
      if (repeat === null) throw new ValidationError('ledger.resultButOpen', {});
      Object.assign(repeat, { result, cause, satisfaction: reply === null ? satisfaction : null });
      if (reply !== null) reply.satisfaction = satisfaction;
    } else if (reply !== null) reply.satisfaction = satisfaction;
    const department = optionalText('escalatedTo', words('escalatedTo'));
    const promisedText = text('promisedAt');
    const escalatedText = text('escalatedAt');
    const escalatedAt = escalatedText === '' ? null : requiredTime('escalatedAt', escalatedText, zone);
    if (department === null && promisedText !== '') throw new ValidationError('ledger.promiseWithoutDepartment', {});
    // A department with no promise running is an escalation of a round before the complaint came back.
    const earlierRound = escalatedAt !== null && repeat?.at != null && escalatedAt.getTime() < repeat.at.getTime();
    if (department !== null && promisedText === '' && !earlierRound)
      throw new ValidationError('ledger.departmentWithoutPromise', {});
    const promisedDay = ledgerDay(promisedText);
    const promisedAt =
      promisedText === ''
        ? null
        : promisedDay !== null
          ? endOfDay(promisedDay, clock.closingTime, zone)
          : requiredTime('promisedAt', promisedText, zone);
    const escalation: LedgerEntry['escalation'] =
      department === null ? null : { department, at: escalatedAt, promisedAt, earlierRound };
    checkOrder(receivedAt, reply, close, escalation, repeat);

    // The identity is made of the NFKC forms, as it always was: a ledger imported before is known again.
    const identity = [
      receivedAt.toISOString(),
      text('name'),
      draft.complainant.unit ?? '',
      draft.complainant.phone ?? '',
      text('description'),
    ].join('\u001f');
    return { row, draft, receivedAt, owner, reply, close, escalation, repeat, voided, identity };
  } catch (error) {
    if (error instanceof AppError) return { row, key: error.key, params: error.params };
    throw error;
  }
}

/**
 * The times of a row in the order the complaint's life allows, checked here so that a row out of
 * order is told in the ledger's words: the reply and the escalation of the latest round come after
 * its repeat, a close after the reply and after the escalation, a promise after its escalation.
 */
function checkOrder(
  receivedAt: Date,
  reply: LedgerEntry['reply'],
  close: LedgerEntry['close'],
  escalation: LedgerEntry['escalation'],
  repeat: LedgerEntry['repeat'],
): void {
  const before = (a: Date | null | undefined, b: Date | null | undefined): boolean =>
    a != null && b != null && a.getTime() < b.getTime();
  const times: Array<[LedgerField, Date | null | undefined]> = [
    ['repliedAt', reply?.at],
    ['closedAt', close?.at],
    ['escalatedAt', escalation?.at],
    ['reopenedAt', repeat?.at],
    ['promisedAt', escalation?.promisedAt],
  ];
  for (const [field, time] of times)
    if (before(time, receivedAt)) throw new ValidationError('ledger.beforeReceipt', { field });
  if (before(close?.at, reply?.at)) throw new ValidationError('ledger.closedBeforeReply', {});
  if (before(reply?.at, repeat?.at)) throw new ValidationError('ledger.replyBeforeRepeat', {});
  if (escalation === null) return;
  const escalatedAt = escalation.earlierRound ? (repeat?.at ?? null) : escalation.at;
  if (escalation.promisedAt !== null && !before(escalatedAt ?? receivedAt, escalation.promisedAt))
    throw new ValidationError('ledger.promiseBeforeEscalation', {});
  if (before(close?.at, escalatedAt)) throw new ValidationError('ledger.closedBeforeEscalation', {});
}

/** 二次投诉 as a count (2), or as yes/no (是/否) where the ledger only says whether. */
function repeatCount(value: string): number {
  const word = value.toLowerCase();
  if (['', '否', '无', 'no', 'n', '0'].includes(word)) return 0;
  if (['是', '有', 'yes', 'y'].includes(word)) return 1;
  if (/^\d{1,3}$/.test(word)) return Number(word);
  throw new ValidationError('ledger.badRepeat', { value });
}

function optionalCode<T extends string>(field: string, value: string, accepted: readonly T[]): T | null {
  if (value === '') return null;
  const code = value.toLowerCase();
  if (!(accepted as readonly string[]).includes(code))
    throw new ValidationError('ledger.badCode', { field, value, accepted: accepted.join(', ') });
  return code as T;
}

function requiredTime(field: LedgerField, value: string, zone: string): Date {
  if (value === '') throw new ValidationError('ledger.noTime', { field });
  const instant = parseLedgerTime(value, zone);
  if (instant === null) throw new ValidationError('ledger.badTime', { field, value });
  return instant;
}

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug is already inside the serial numbers). */
const EXCEL_EPOCH = utcDate(Date.UTC(1899, 11, 30));
const MINUTES_PER_DAY = 1440;

/** The way ledgers write a day and a time: 2026-11-03 09:30, 2026/11/3 9:30, 2026.11.3, 2026年11月3日 9时30分. */
const LEDGER_FORM =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*T?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*分?(?:\s*[:：]\s*(\d{1,2})\s*秒?)?)?$/;
/**
 * Each spelling above, once its numbers are taken out, is read by date-fns in these forms: the day,
 * and the time to the minute (as ledgers are kept) onto 1970-01-01, i.e. milliseconds after midnight.
 * Each day and each clock time is read once: date-fns parse costs some microseconds, an import
 * reads a million cells, and their days and minutes repeat. Null: not a real day or time.
 */
const readDays = new Map<string, number | null>();
const readTimes = new Map<string, number | null>();
const MAX_REMEMBERED = 100_000;

function readOnce(cache: Map<string, number | null>, text: string, format: string): number | null {
  let value = cache.get(text);
  if (value === undefined) {
    const reading = parse(text, format, PARSE_REFERENCE, { in: utc });
    value = isValid(reading) ? reading.getTime() : null;
    if (cache.size >= MAX_REMEMBERED) cache.clear();
    cache.set(text, value);
  }
  return value;
}

/** A date written without a time of day (2026-11-30, 2026/11/30, 2026年11月30日, a whole Excel serial), or null. */
export function ledgerDay(text: string): CalendarDate | null {
  const value = plainCell(text);
  if (!/^\d{5}$/.test(value) && !/^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?$/.test(value)) return null;
  const reading = ledgerReading(value);
  return reading === null ? null : fromUtcDate(reading);
}

/**
 * A time as ledgers hold it, on the office's clock: 2026-11-03 09:30, 2026/11/3 9:30, 2026.11.3,
 * 2026年11月3日 9时30分, an ISO time with an offset, or an Excel serial number (46329.396). A date
 * without a time is the start of that day. Null when it is none of these or not a real date.
 */
export function parseLedgerTime(text: string, zone: string): Date | null {
  const read = readLedgerTime(text);
  return read === null ? null : read.wall ? instantOfWallClock(read.at, zone) : read.at;
}

/**
 * What parseLedgerTime reads, before any zone is applied: an instant (an ISO time with an offset),
 * or a reading of the office's clock (`wall`, as a date whose UTC fields are the reading).
 */
export function readLedgerTime(text: string): { at: Date; wall: boolean } | null {
  const value = plainCell(text);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const instant = parseISO(value);
    return isValid(instant) ? { at: instant, wall: false } : null;
  }
  const reading = ledgerReading(value);
  return reading === null ? null : { at: reading, wall: true };
}

/** The office wall-clock reading a cell writes (as a UTC date), or null. */
function ledgerReading(value: string): Date | null {
  if (/^\d{5}(\.\d+)?$/.test(value)) {
    const days = Number(value);
    // 1990-01-01 to 2100-01-01: anything else is a number, not a date.
    if (days < 32_874 || days > 73_051) return null;
    return addMinutes(EXCEL_EPOCH, Math.round(days * MINUTES_PER_DAY));
  }
  const match = LEDGER_FORM.exec(value);
  if (!match) return null;
  const day = readOnce(readDays, `${match[1]}-${match[2]}-${match[3]}`, 'y-M-d');
  const time = readOnce(readTimes, `${match[4] ?? 0}:${match[5] ?? 0}`, 'H:m');
  return day === null || time === null ? null : utcDate(day + time);
}

/** The codes every kind of word maps to, for building a vocabulary (and for tests). */
export const CODES = {
  channel: CHANNELS,
  category: CATEGORIES,
  subcategory: [...new Set(Object.values(SUBCATEGORIES).flat())],
  cause: CAUSES,
  satisfaction: SATISFACTIONS,
} as const;
