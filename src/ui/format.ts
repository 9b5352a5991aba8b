// Turning instants, deadlines and codes into the words a clerk reads.
import type { DeadlineState } from '../domain/deadline.js';
import { deadlineDate } from '../domain/deadline.js';
import { format, lightFormat, setMonth } from 'date-fns';
import { enUS } from 'date-fns/locale/en-US';
import { zhCN } from 'date-fns/locale/zh-CN';
import { PARSE_REFERENCE, toUtcDate, utc, utcDate, yearOf } from '../domain/dates.js';
import { dateInZone, wallClock } from '../domain/zone.js';
import type { Lang, MessageKey, Translate } from './messages.js';

const LOCALES = { zh: zhCN, en: enUS } as const;

export interface Formatter {
  lang: Lang;
  t: Translate;
  zone: string;
  /** "2026-11-23 10:00" in office time */
  time(instant: Date): string;
  /** "11月24日（周二）24:00" / "Tue 24 Nov, 24:00"; the year is added when it is not `now`'s */
  deadline(dueAt: Date): string;
  /** how a deadline stands: "due in 5 h", "late by 2 working days" */
  span(state: DeadlineState): string;
  /** the same amount alone: "5 h", "2 working days" (under one working day in hours, else in working days) */
  amount(state: DeadlineState): string;
  label(kind: 'category' | 'subcategory' | 'channel' | 'status' | 'dayKind', code: string): string;
  /** "Nov" for 11 */
  monthName(month: number): string;
}

export function formatter(lang: Lang, t: Translate, zone: string, now: Date): Formatter {
  const currentYear = yearOf(dateInZone(now, zone));
  const locale = LOCALES[lang];
  return {
    lang,
    t,
    zone,
    time: (instant) => wallClockText(wallClock(instant, zone).getTime()),
    deadline(dueAt) {
      const { date, endOfDay } = deadlineDate(dueAt, zone);
      const pattern = t(yearOf(date) === currentYear ? 'deadline.datePattern' : 'deadline.datePatternWithYear');
      // date-fns has no 24:00 (its "kk" would write 24 for any midnight, even a deadline's start).
      const time = endOfDay ? '24:00' : lightFormat(wallClock(dueAt, zone), 'HH:mm');
      return t('deadline.date', { date: format(toUtcDate(date), pattern, { locale, in: utc }), time });
    },
    span(state) {
      return t(state.kind === 'due' ? 'word.due' : 'word.late', { span: this.amount(state) });
    },
    amount(state) {
      return state.workingDays === 0
        ? duration(t, state.milliseconds)
        : state.workingDays === 1
          ? t('word.workingDay')
          : t('word.workingDays', { n: state.workingDays });
    },
    label: (kind, code) => t(`${kind}.${code}` as MessageKey),
    monthName: (month) => format(setMonth(PARSE_REFERENCE, month - 1, { in: utc }), 'MMM', { locale: enUS, in: utc }),
  };
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const dayTexts = new Map<number, string>();
const clockTexts = new Map<number, string>();

/**
 * "2026-11-23 10:00" for a wall-clock reading in milliseconds. The day and the clock time are each
 * formatted by date-fns once and remembered: an export writes several times for each of a
 * million rows, and lightFormat costs a few microseconds a call.
 */
function wallClockText(wallMs: number): string {
  const day = Math.floor(wallMs / DAY_MS);
  const minute = Math.floor((wallMs - day * DAY_MS) / MINUTE_MS);
  let date = dayTexts.get(day);
  if (date === undefined) {
    if (dayTexts.size >= 100_000) dayTexts.clear();
    dayTexts.set(day, (date = lightFormat(utcDate(day * DAY_MS), 'yyyy-MM-dd')));
  }
  let clock = clockTexts.get(minute);
  if (clock === undefined) clockTexts.set(minute, (clock = lightFormat(utcDate(minute * MINUTE_MS), 'HH:mm')));
  return `${date} ${clock}`;
}

function duration(t: Translate, milliseconds: number): string {
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes < 60) return t('word.minutes', { n: Math.max(minutes, 1) });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 || hours >= 10 ? t('word.hours', { n: hours }) : t('word.hoursMinutes', { h: hours, m: rest });
}

/** A file's size for a message: "1,000.5 MB", "12.3 KB", "512 bytes" (decimal units, as file managers show them). */
export function byteSize(bytes: number): string {
  const digits = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
  const one = (value: number): string => value.toLocaleString('en-US', digits);
  if (bytes >= 1_000_000) return `${one(bytes / 1_000_000)} MB`;
  if (bytes >= 1_000) return `${one(bytes / 1_000)} KB`;
  return `${bytes} bytes`;
}
