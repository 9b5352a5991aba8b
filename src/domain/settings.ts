// The office settings of SPEC §2 (`complaint config`): their keys, defaults and accepted values.
import { isValid, lightFormat, parse } from 'date-fns';
import { PARSE_REFERENCE, utc } from './dates.js';
import { requiredNamedText } from './text.js';
import type { Channel } from './complaint.js';
import { CHANNELS } from './complaint.js';
import { ValidationError } from './errors.js';
import { canonicalTimeZone, isValidTimeZone } from './zone.js';

export interface OfficeSettings {
  timezone: string;
  /** "HH:mm", or null: deadlines end at 24:00 */
  closingTime: string | null;
  replyDays: Record<Channel, number>;
  /** an urgent complaint's reply clock, in clock hours (nights and holidays count) */
  urgentReplyHours: number;
  /** 回访: working days after closing within which the owner is called back; 0: no return-visit clock */
  revisitDays: number;
  officeName: string;
  departments: string[];
  /** the office's clerks; empty: anyone may act (no list kept) */
  clerks: string[];
  /** each department's group robot (`config notify.<department> <url>`), by department */
  departmentWebhooks: Record<string, string>;
}

/** `notify.<department>`: a department's group robot, chased with the promises made in its name. */
export type DepartmentWebhookKey = `notify.${string}`;

/**
 * A department webhook key as typed: `notify.` and a department of the `departments` setting;
 * undefined when the key is not of that shape (then it is an ordinary setting, or unknown).
 */
export function parseDepartmentWebhookKey(
  key: string,
  departments: readonly string[],
): DepartmentWebhookKey | undefined {
  if (!key.startsWith('notify.')) return undefined;
  const department = key.slice('notify.'.length).trim();
  if (!departments.includes(department))
    throw new ValidationError('invalid.notifyDepartment', { value: department, key, accepted: departments.join(', ') });
  return `notify.${department}`;
}

/** A department's webhook: an http(s) URL, or "" to stop posting there. */
export function normalizeWebhook(value: string): string {
  const text = value.trim();
  if (text !== '' && !/^https?:\/\/\S+$/i.test(text))
    throw new ValidationError('invalid.webhookSetting', { value: text.replace(/\?.*$/s, '?…') });
  return text;
}

export const SETTING_KEYS = [
  'timezone',
  'closing-time',
  ...CHANNELS.map((channel) => `reply-days.${channel}` as const),
  'urgent-reply-hours',
  'revisit-days',
  'office-name',
  'departments',
  'clerks',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export const DEFAULT_REPLY_DAYS: Record<Channel, number> = { phone: 1, visit: 1, letter: 3, online: 3 };
const MAX_REPLY_DAYS = 60;
/** 突发事件: on site within minutes, the owner answered within hours. */
export const DEFAULT_URGENT_REPLY_HOURS = 2;
const MAX_URGENT_REPLY_HOURS = 72;
export const DEFAULT_REVISIT_DAYS = 3;

/**
 * The zone a new office starts in: China's, whatever the zone of the machine that creates the
 * database — the calendar is China's, and servers (where cron runs) are usually set to UTC.
 */
export const INITIAL_TIME_ZONE = 'Asia/Shanghai';

/** The stored text of every setting a database has before anyone changes it. */
export function defaultSettingValues(timezone: string): Record<SettingKey, string> {
  return {
    timezone,
    'closing-time': '',
    'reply-days.phone': String(DEFAULT_REPLY_DAYS.phone),
    'reply-days.visit': String(DEFAULT_REPLY_DAYS.visit),
    'reply-days.letter': String(DEFAULT_REPLY_DAYS.letter),
    'reply-days.online': String(DEFAULT_REPLY_DAYS.online),
    'urgent-reply-hours': String(DEFAULT_URGENT_REPLY_HOURS),
    'revisit-days': String(DEFAULT_REVISIT_DAYS),
    'office-name': '',
    departments: '工程部,客服部,秩序维护部,环境部,财务部',
    clerks: '',
  };
}

/**
 * A clerk's name as the clerks list knows it: with no list, any name; with one, a name on it
 * (else exit 2, naming the list, with the nearest name when it looks like a typo).
 */
export function checkClerk(name: string, clerks: readonly string[]): string {
  if (clerks.length === 0 || clerks.includes(name)) return name;
  throw new ValidationError('invalid.clerkNotListed', { value: name, accepted: clerks.join(', ') });
}

export function parseSettingKey(key: string): SettingKey {
  if (!(SETTING_KEYS as readonly string[]).includes(key))
    throw new ValidationError('invalid.settingKey', { value: key, accepted: SETTING_KEYS.join(', ') });
  return key as SettingKey;
}

/** Checks a value typed for `key` and returns the text to store. */
export function normalizeSettingValue(key: SettingKey, value: string): string {
  const text = value.trim();
  if (key === 'timezone') {
    if (!isValidTimeZone(text)) throw new ValidationError('invalid.timezone', { value });
    return canonicalTimeZone(text);
  }
  if (key === 'closing-time') {
    if (text === '' || text === '24:00') return '';
    // date-fns reads "7:3" as 07:03 too; a closing time is written with two minute digits.
    const time = /^\d{1,2}:\d{2}$/.test(text) ? parse(text, 'H:mm', PARSE_REFERENCE, { in: utc }) : null;
    if (time === null || !isValid(time)) throw new ValidationError('invalid.closingTime', { value });
    return lightFormat(time, 'HH:mm');
  }
  if (key.startsWith('reply-days.')) {
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_REPLY_DAYS)
      throw new ValidationError('invalid.replyDays', { value, max: MAX_REPLY_DAYS });
    return String(Number(text));
  }
  if (key === 'urgent-reply-hours') {
    // Hours with up to two decimals (0.5 is half an hour): a clock, not a calendar.
    const hours = /^\d{1,3}(\.\d{1,2})?$/.test(text) ? Number(text) : NaN;
    if (!(hours > 0 && hours <= MAX_URGENT_REPLY_HOURS))
      throw new ValidationError('invalid.urgentReplyHours', { value, max: MAX_URGENT_REPLY_HOURS });
    return String(hours);
  }
  if (key === 'revisit-days') {
    if (!/^\d+$/.test(text) || Number(text) > MAX_REPLY_DAYS)
      throw new ValidationError('invalid.revisitDays', { value, max: MAX_REPLY_DAYS });
    return String(Number(text));
  }
  // The office's name and departments are printed on every report: plain text only.
  if (text !== '') requiredNamedText(key, text, 'line');
  if (key === 'departments') {
    const names = splitDepartments(text);
    if (names.length === 0) throw new ValidationError('invalid.departments', { value });
    return names.join(',');
  }
  // "" keeps no list: anyone may act, as before a list was set.
  if (key === 'clerks') return [...new Set(splitDepartments(text))].join(',');
  return text;
}

export function settingsFromValues(
  values: Record<SettingKey, string> & Partial<Record<DepartmentWebhookKey, string>>,
): OfficeSettings {
  const departmentWebhooks = Object.fromEntries(
    Object.entries(values)
      .filter(([key, url]) => key.startsWith('notify.') && url !== undefined && url !== '')
      .map(([key, url]) => [key.slice('notify.'.length), url as string]),
  );
  const replyDays = Object.fromEntries(
    CHANNELS.map((channel) => [channel, Number(values[`reply-days.${channel}`])]),
  ) as Record<Channel, number>;
  return {
    timezone: values.timezone,
    closingTime: values['closing-time'] === '' ? null : values['closing-time'],
    replyDays,
    urgentReplyHours: Number(values['urgent-reply-hours']),
    revisitDays: Number(values['revisit-days']),
    officeName: values['office-name'],
    departments: splitDepartments(values.departments),
    clerks: splitDepartments(values.clerks ?? ''),
    departmentWebhooks,
  };
}

function splitDepartments(text: string): string[] {
  return text
    .split(/[,，、]/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
