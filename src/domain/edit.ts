// Correcting a complaint's details (`complaint edit`): a mistyped phone, the wrong category, a
// receipt time taken from the paper ledger. Each change is kept, old and new value, in the history.
import type { WorkingCalendar } from './calendar.js';
import type { Channel, Complaint } from './complaint.js';
import { parseCategory, parseChannel, parsePhone, parseSubcategory, SUBCATEGORIES } from './complaint.js';
import type { UnknownYearWarning } from './calendar.js';
import { deadlineAfter, urgentDeadline } from './deadline.js';
import { OperationError, ValidationError } from './errors.js';
import { replyWorkingHours } from './lifecycle.js';
import { optionalText, requiredText } from './text.js';
import { lightFormat } from 'date-fns';
import { dateInZone, wallClock } from './zone.js';

/** The fields `edit` may change, as its events name them. */
export const EDIT_FIELDS = [
  'name',
  'unit',
  'phone',
  'description',
  'location',
  'category',
  'subcategory',
  'channel',
  'receivedAt',
] as const;
export type EditField = (typeof EDIT_FIELDS)[number];

/** The flags as typed; undefined: not given. "" clears a unit, a phone, a location or a sub-category. */
export type EditFlags = Partial<Record<Exclude<EditField, 'receivedAt'>, string>>;

/** What was asked, checked: null clears the field. */
export interface ValidEdit {
  name?: string;
  unit?: string | null;
  phone?: string | null;
  description?: string;
  location?: string | null;
  category?: Complaint['category'];
  /** checked against the category once the complaint is known */
  subcategory?: string | null;
  channel?: Channel;
  receivedAt?: Date;
}

export interface FieldChange {
  field: EditField;
  /** codes, text, or an ISO time for the receipt; null: none */
  from: string | null;
  to: string | null;
}

export interface Edited {
  complaint: Complaint;
  changes: FieldChange[];
  /** the reply deadline, when it was counted again and moved */
  deadline: { from: Date; to: Date } | null;
  warnings: UnknownYearWarning[];
}

const blank = (value: string | undefined): boolean => value !== undefined && value.trim() === '';

/** Checks each given flag as `new` checks it (exit 2); nothing given is refused too. */
export function validateEdit(flags: EditFlags, receivedAt: Date | undefined): ValidEdit {
  const edit: ValidEdit = {};
  if (flags.name !== undefined) edit.name = requiredText('name', flags.name);
  // A unit is a number, not words: ３－２－１２０１ from a Chinese input method is 3-2-1201.
  if (flags.unit !== undefined) edit.unit = optionalText('unit', flags.unit.normalize('NFKC'));
  if (flags.phone !== undefined) edit.phone = blank(flags.phone) ? null : parsePhone(flags.phone);
  if (flags.description !== undefined) edit.description = requiredText('description', flags.description, 'text');
  if (flags.location !== undefined) edit.location = optionalText('location', flags.location);
  if (flags.category !== undefined) edit.category = parseCategory(requiredText('category', flags.category));
  if (flags.subcategory !== undefined) edit.subcategory = blank(flags.subcategory) ? null : flags.subcategory;
  if (flags.channel !== undefined) edit.channel = parseChannel(requiredText('channel', flags.channel));
  if (receivedAt !== undefined) edit.receivedAt = receivedAt;
  if (Object.keys(edit).length === 0) throw new ValidationError('edit.nothing', { flags: EDIT_FLAGS });
  return edit;
}

export const EDIT_FLAGS = EDIT_FIELDS.map((field) => `--${field === 'receivedAt' ? 'received-at' : field}`).join(', ');

export interface EditRules {
  calendar: WorkingCalendar;
  /** reply days per channel as set now: a changed channel's deadline is counted with them */
  replyDays: Record<Channel, number>;
  /** the earliest thing done to the complaint after its receipt (a note, a reply…), or null */
  firstFollowUp: Date | null;
}

/**
 * Applies a checked edit. A voided complaint is refused (exit 1); a receipt moved after the first
 * follow-up is refused (exit 2). The month of receipt follows the receipt, on the office clock the
 * complaint's reply clock was started on. Until it is replied to, a changed channel or receipt time
 * counts the reply deadline again from the clock's start, with the closing time and office zone of
 * that clock and, for a changed channel, that channel's reply days as set now — the rules a clerk
 * would have applied had the complaint been logged right (a receipt moved without a change of
 * channel keeps the reply days it had). Once replied to, the deadline stands (the reply was judged
 * against it); only the reply's working hours are counted again from the moved receipt.
 */
export function editComplaint(complaint: Complaint, edit: ValidEdit, rules: EditRules): Edited {
  if (complaint.status === 'voided') throw new OperationError('edit.voided', { id: complaint.id });
  const next: Complaint = { ...complaint, complainant: { ...complaint.complainant } };
  const changes: FieldChange[] = [];
  const change = (field: EditField, from: string | null, to: string | null): void => {
    if (from !== to) changes.push({ field, from, to });
  };
  if (edit.name !== undefined) {
    change('name', next.complainant.name, edit.name);
    next.complainant.name = edit.name;
  }
  if (edit.unit !== undefined) {
    change('unit', next.complainant.unit, edit.unit);
    next.complainant.unit = edit.unit;
  }
  if (edit.phone !== undefined) {
    change('phone', next.complainant.phone, edit.phone);
    next.complainant.phone = edit.phone;
  }
  if (next.complainant.unit === null && next.complainant.phone === null)
    throw new ValidationError('invalid.unitOrPhone');
  if (edit.description !== undefined) {
    change('description', next.description, edit.description);
    next.description = edit.description;
  }
  if (edit.location !== undefined) {
    change('location', next.location, edit.location);
    next.location = edit.location;
  }
  if (edit.category !== undefined) {
    change('category', next.category, edit.category);
    next.category = edit.category;
  }
  if (edit.subcategory !== undefined) {
    const subcategory = edit.subcategory === null ? null : parseSubcategory(next.category, edit.subcategory);
    change('subcategory', next.subcategory, subcategory);
    next.subcategory = subcategory;
  } else if (next.subcategory !== null && !SUBCATEGORIES[next.category].includes(next.subcategory)) {
    // A sub-category belongs to its category: one the new category does not have is cleared.
    change('subcategory', next.subcategory, null);
    next.subcategory = null;
  }
  if (edit.channel !== undefined) {
    change('channel', next.channel, edit.channel);
    next.channel = edit.channel;
  }
  if (edit.receivedAt !== undefined) {
    if (rules.firstFollowUp !== null && edit.receivedAt.getTime() > rules.firstFollowUp.getTime()) {
      const at = lightFormat(wallClock(rules.firstFollowUp, complaint.replyZone), 'yyyy-MM-dd HH:mm');
      throw new ValidationError('edit.receivedAfter', { id: complaint.id, at });
    }
    change('receivedAt', next.receivedAt.toISOString(), edit.receivedAt.toISOString());
    next.receivedAt = edit.receivedAt;
    next.receivedMonth = dateInZone(edit.receivedAt, complaint.replyZone).slice(0, 7);
    // A reopened complaint's clock runs from its reopening, which the receipt does not move.
    if (complaint.repeatCount === 0) next.replyClockFrom = edit.receivedAt;
    if (complaint.statusChangedAt.getTime() === complaint.receivedAt.getTime()) next.statusChangedAt = edit.receivedAt;
  }
  const clockMoved = next.replyClockFrom.getTime() !== complaint.replyClockFrom.getTime();
  const channelChanged = next.channel !== complaint.channel;
  let deadline: Edited['deadline'] = null;
  let warnings: UnknownYearWarning[] = [];
  if (complaint.repliedAt === null && complaint.urgentHours !== null && clockMoved) {
    // An urgent clock runs in clock hours from its start, whatever the channel.
    next.replyDueAt = urgentDeadline(next.replyClockFrom, complaint.urgentHours);
    if (next.replyDueAt.getTime() !== complaint.replyDueAt.getTime())
      deadline = { from: complaint.replyDueAt, to: next.replyDueAt };
  } else if (complaint.repliedAt === null && complaint.urgentHours === null && (clockMoved || channelChanged)) {
    next.replyDays = channelChanged ? rules.replyDays[next.channel] : complaint.replyDays;
    const rule = { workingDays: next.replyDays, closingTime: complaint.closingTime, zone: complaint.replyZone };
    const counted = deadlineAfter(next.replyClockFrom, rule, rules.calendar);
    warnings = counted.warnings;
    next.replyDueAt = counted.dueAt;
    if (counted.dueAt.getTime() !== complaint.replyDueAt.getTime())
      deadline = { from: complaint.replyDueAt, to: counted.dueAt };
  } else if (complaint.repliedAt !== null && clockMoved) {
    next.replyHours = replyWorkingHours(
      rules.calendar,
      next.replyClockFrom,
      complaint.repliedAt,
      complaint.replyZone,
    ).value;
  }
  return { complaint: next, changes, deadline, warnings };
}
