// What a complaint is: the codes of SPEC §1 and the rules for a new complaint's fields.
import { optionalText, requiredText } from './text.js';
import { ValidationError } from './errors.js';

export const CATEGORIES = ['facility', 'service', 'fee', 'incident'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SUBCATEGORIES: Record<Category, readonly string[]> = {
  facility: ['design', 'operation', 'other'],
  service: ['safety', 'consistency', 'attitude', 'completeness', 'environment', 'convenience', 'timeliness', 'other'],
  fee: ['shared', 'special-repair', 'other'],
  incident: ['power-outage', 'water-outage', 'lift-entrapment', 'flooding', 'burglary', 'vehicle-loss', 'other'],
};

export const CHANNELS = ['phone', 'visit', 'letter', 'online'] as const;
export type Channel = (typeof CHANNELS)[number];

export const STATUSES = ['received', 'replied', 'escalated', 'closed', 'voided'] as const;
export type Status = (typeof STATUSES)[number];

export const SATISFACTIONS = ['satisfied', 'basic', 'dissatisfied'] as const;
/** How the owner was answered (a reply, an escalation's explanation). */
export const REPLY_METHODS = ['phone', 'letter', 'in-person', 'wechat', 'sms', 'email'] as const;
export type ReplyMethod = (typeof REPLY_METHODS)[number];
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** The nine elements of high-standard service (SPEC §1.5), or `none` when the office was not at fault. */
export const CAUSES = [
  'attitude',
  'equipment',
  'skill',
  'scope',
  'flexibility',
  'procedure',
  'pricing',
  'rules',
  'efficiency',
  'none',
] as const;
export type Cause = (typeof CAUSES)[number];

export interface Complainant {
  name: string;
  unit: string | null;
  phone: string | null;
}

export interface Complaint {
  id: number;
  status: Status;
  category: Category;
  subcategory: string | null;
  channel: Channel;
  receivedAt: Date;
  /** the month of receipt on the office's clock ("2026-11"), fixed at intake */
  receivedMonth: string;
  /** when the running reply clock started: the receipt, or the latest reopening */
  replyClockFrom: Date;
  /** working days allowed, fixed at intake from the settings then in force */
  replyDays: number;
  /** the closing time in force at intake ("HH:mm"), or null for 24:00 */
  closingTime: string | null;
  /** the office's time zone at intake, in which the reply clock is counted (a later zone change does not move it) */
  replyZone: string;
  replyDueAt: Date;
  /**
   * 突发事件: the running reply clock in clock hours (nights and holidays count), fixed when it
   * started; null: not urgent, the clock counts working days
   */
  urgentHours: number | null;
  /** the reply that met the running reply clock (null until then, and again after a reopening) */
  repliedAt: Date | null;
  /** whether that reply was within the deadline in force */
  replyOnTime: boolean | null;
  /** working hours from the start of the reply clock to that reply */
  replyHours: number | null;
  /** the date promised to the owner when escalated */
  promisedAt: Date | null;
  escalatedTo: string | null;
  /** the first escalation: a complaint once escalated counts as escalated in the report */
  escalatedAt: Date | null;
  satisfaction: Satisfaction | null;
  closedAt: Date | null;
  /** 回访: when the return visit after the latest closing is due (null: no such clock) */
  revisitDueAt: Date | null;
  /** the first return visit after that closing, whether it was in time, and the owner's opinion then */
  revisitedAt: Date | null;
  revisitOnTime: boolean | null;
  revisitSatisfaction: Satisfaction | null;
  result: string | null;
  cause: Cause | null;
  /** when the status last changed: a later event may not be dated before it */
  statusChangedAt: Date;
  owner: string;
  receivedBy: string;
  complainant: Complainant;
  description: string;
  location: string | null;
  repeatCount: number;
}

export interface ComplaintEvent {
  id: number;
  complaintId: number;
  type: string;
  /** when it happened */
  at: Date;
  /** when it was written down */
  recordedAt: Date;
  actor: string;
  data: Record<string, unknown>;
}

/** The fields of a new complaint as typed; every one may still be missing. */
export interface ComplaintDraft {
  channel?: string;
  category?: string;
  subcategory?: string;
  name?: string;
  unit?: string;
  phone?: string;
  description?: string;
  location?: string;
}

export interface ValidDraft {
  channel: Channel;
  category: Category;
  subcategory: string | null;
  complainant: Complainant;
  description: string;
  location: string | null;
}

/** Flags (by name) of the required fields a draft still lacks. `unit` stands for "unit or phone". */
export function missingFields(draft: ComplaintDraft): Array<'channel' | 'category' | 'name' | 'unit' | 'description'> {
  const missing: Array<'channel' | 'category' | 'name' | 'unit' | 'description'> = [];
  if (isBlank(draft.channel)) missing.push('channel');
  if (isBlank(draft.category)) missing.push('category');
  if (isBlank(draft.name)) missing.push('name');
  if (isBlank(draft.unit) && isBlank(draft.phone)) missing.push('unit');
  if (isBlank(draft.description)) missing.push('description');
  return missing;
}

export function parseChannel(value: string): Channel {
  const code = value.trim().toLowerCase();
  if (!(CHANNELS as readonly string[]).includes(code))
    throw new ValidationError('invalid.channel', { value, accepted: CHANNELS.join(', ') });
  return code as Channel;
}

export function parseCategory(value: string): Category {
  const code = value.trim().toLowerCase();
  if (!(CATEGORIES as readonly string[]).includes(code))
    throw new ValidationError('invalid.category', { value, accepted: CATEGORIES.join(', ') });
  return code as Category;
}

export function parseSubcategory(category: Category, value: string): string {
  const code = value.trim().toLowerCase();
  const accepted = SUBCATEGORIES[category];
  if (!accepted.includes(code))
    throw new ValidationError('invalid.subcategory', { value, category, accepted: accepted.join(', ') });
  return code;
}

export function parseStatus(value: string): Status {
  const code = value.trim().toLowerCase();
  if (!(STATUSES as readonly string[]).includes(code))
    throw new ValidationError('invalid.status', { value, accepted: STATUSES.join(', ') });
  return code as Status;
}

/**
 * A phone number as owners give it: a mobile (13812345678), a landline with area code
 * (021-12345678, 0755 1234 5678) or a local number (12345678), optionally with +86 and an
 * extension (转123 / ext 123). Stored as typed, minus surrounding spaces.
 */
/** China's country code as dialled from abroad or from a mobile: +86 or 0086. */
const COUNTRY_PREFIX = /^(?:\+|00)86[\s-]?/;

export function parsePhone(value: string): string {
  // A Chinese input method may type full-width digits (１３８…) and brackets: read as half-width.
  const typed = value.normalize('NFKC').trim();
  const withoutExtension = typed.replace(/\s*(?:转|ext\.?|x|#)\s*\d{1,6}$/i, '');
  const digits = withoutExtension.replace(COUNTRY_PREFIX, '').replace(/[\s()-]/g, '');
  const valid =
    /^1[3-9]\d{9}$/.test(digits) ||
    /^0\d{9,11}$/.test(digits) ||
    /^[1-9]\d{6,7}$/.test(digits) ||
    /^400\d{7}$/.test(digits);
  // Numbers are grouped by threes and fours (138 1234 5678, 021-1234-5678); 2026-02-30 is a date.
  const grouped = withoutExtension
    .replace(COUNTRY_PREFIX, '')
    .split(/[\s()-]+/)
    .every((group) => group === '' || group.length >= 3);
  if (!valid || !grouped || !/^[+\d\s()-]+$/.test(withoutExtension))
    throw new ValidationError('invalid.phone', { value });
  return typed;
}

/**
 * A phone number as lists and alerts show it: the digits between the first three and the last
 * four hidden (13812345678 → 138****5678, 021-12345678 → 021-****5678); a short local number keeps
 * only its last four. The +86 prefix, separators and an extension stay as typed.
 */
export function maskPhone(phone: string): string {
  const prefix = COUNTRY_PREFIX.exec(phone)?.[0] ?? '';
  const extension = /\s*(?:转|ext\.?|x|#)\s*\d{1,6}$/i.exec(phone.slice(prefix.length))?.[0] ?? '';
  const number = phone.slice(prefix.length, phone.length - extension.length);
  const digits = number.replace(/\D/g, '').length;
  const keepHead = digits >= 11 ? 3 : 0;
  let seen = 0;
  const masked = number.replace(/\d/g, (digit) => {
    seen += 1;
    return seen <= keepHead || seen > digits - 4 ? digit : '*';
  });
  return prefix + masked + extension;
}

/** Checks a complete draft; the first broken rule throws, naming the value and what is accepted. */
export function validateDraft(draft: ComplaintDraft): ValidDraft {
  const channel = parseChannel(requiredText('channel', draft.channel));
  const category = parseCategory(requiredText('category', draft.category));
  const subcategory = isBlank(draft.subcategory) ? null : parseSubcategory(category, draft.subcategory as string);
  const name = requiredText('name', draft.name);
  // A unit is a number, not words: ３－２－１２０１ from a Chinese input method is 3-2-1201, as an import reads it.
  const unit = optionalText('unit', draft.unit?.normalize('NFKC'));
  const phone = isBlank(draft.phone) ? null : parsePhone(draft.phone as string);
  if (unit === null && phone === null) throw new ValidationError('invalid.unitOrPhone');
  const description = requiredText('description', draft.description, 'text');
  const location = optionalText('location', draft.location);
  return { channel, category, subcategory, complainant: { name, unit, phone }, description, location };
}

/** Incidents (a lift entrapment, a flood, a power cut) are urgent by nature; `new --no-urgent` says otherwise. */
export function urgentByDefault(category: Category): boolean {
  return category === 'incident';
}

function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

/** Past the reply deadline without a reply, or escalated and past the promised date (SPEC §4). */
export function isOverdue(complaint: Complaint, now: Date): boolean {
  if (complaint.status === 'closed' || complaint.status === 'voided') return false;
  const replyLate = complaint.repliedAt === null && complaint.replyDueAt.getTime() < now.getTime();
  const promiseLate =
    complaint.status === 'escalated' && complaint.promisedAt !== null && complaint.promisedAt.getTime() < now.getTime();
  return replyLate || promiseLate;
}

/** Parses a complaint number as typed: "12" or "#12". */
export function parseComplaintId(value: string): number {
  // Full-width digits (１２, ＃１２) are what a Chinese input method types.
  const match = /^#?(\d{1,15})$/.exec(value.normalize('NFKC').trim());
  if (!match || Number(match[1]) < 1) throw new ValidationError('invalid.id', { value });
  return Number(match[1]);
}

export function parseSatisfaction(value: string): Satisfaction {
  const code = value.trim().toLowerCase();
  if (!(SATISFACTIONS as readonly string[]).includes(code))
    throw new ValidationError('invalid.satisfaction', { value, accepted: SATISFACTIONS.join(', ') });
  return code as Satisfaction;
}

export function parseCause(value: string): Cause {
  const code = value.trim().toLowerCase();
  if (!(CAUSES as readonly string[]).includes(code))
    throw new ValidationError('invalid.cause', { value, accepted: CAUSES.join(', ') });
  return code as Cause;
}
