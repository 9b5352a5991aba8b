// Turning instants, deadlines and codes into the words a clerk reads.
import type { DeadlineState } from '../domain/deadline.js';
import { deadlineDate } from '../domain/deadline.js';
import { weekdayOf } from '../domain/dates.js';
import { dateInZone, wallTimeOf } from '../domain/zone.js';
import type { Lang, MessageKey, Translate } from './messages.js';

const WEEKDAYS: Record<Lang, string[]> = {
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

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
  weekdayName(weekday: number): string;
  monthName(month: number): string;
}

export function formatter(lang: Lang, t: Translate, zone: string, now: Date): Formatter {
  const currentYear = dateInZone(now, zone).slice(0, 4);
  return {
    lang,
    t,
    zone,
    time(instant) {
      const wall = wallTimeOf(instant, zone);
      return `${wall.date} ${clock(wall.hour, wall.minute)}`;
    },
    deadline(dueAt) {
      const { date, endOfDay } = deadlineDate(dueAt, zone);
      const wall = wallTimeOf(dueAt, zone);
      const time = endOfDay ? '24:00' : clock(wall.hour, wall.minute);
      const year = date.slice(0, 4);
      const month = Number(date.slice(5, 7));
      return t('deadline.date', {
        year: year === currentYear ? '' : lang === 'zh' ? `${year}年` : ` ${year}`,
        month,
        monthName: MONTHS_EN[month - 1] ?? '',
        day: Number(date.slice(8, 10)),
        weekday: WEEKDAYS[lang][weekdayOf(date)] ?? '',
        time,
      });
    },
    span(state) {
      return t(state.kind === 'due' ? 'word.due' : 'word.late', { span: this.amount(state) });
    },
    amount(state) {
      return state.workingDays === 0 ? duration(t, state.milliseconds) : state.workingDays === 1 ? t('word.workingDay') : t('word.workingDays', { n: state.workingDays });
    },
    label: (kind, code) => t(`${kind}.${code}` as MessageKey),
    weekdayName: (weekday) => WEEKDAYS[lang][weekday] ?? '',
    monthName: (month) => MONTHS_EN[month - 1] ?? '',
  };
}

function duration(t: Translate, milliseconds: number): string {
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes < 60) return t('word.minutes', { n: Math.max(minutes, 1) });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 || hours >= 10 ? t('word.hours', { n: hours }) : t('word.hoursMinutes', { h: hours, m: rest });
}

function clock(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** A file's size for a message: "1,000.5 MB", "12.3 KB", "512 bytes" (decimal units, as file managers show them). */
export function byteSize(bytes: number): string {
  const digits = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
  const one = (value: number): string => value.toLocaleString('en-US', digits);
  if (bytes >= 1_000_000) return `${one(bytes / 1_000_000)} MB`;
  if (bytes >= 1_000) return `${one(bytes / 1_000)} KB`;
  return `${bytes} bytes`;
}
