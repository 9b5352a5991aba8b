// A complaint and its events as PostgreSQL rows: the columns and their types, the mapping both
// ways, and the query that `list`, `export` and the history at intake share (filters, order, search).
import type {
  Category,
  Cause,
  Channel,
  Complaint,
  ComplaintEvent,
  Satisfaction,
  Status,
} from '../../domain/complaint.js';
import type { ComplaintFilter, ListOrder, NewComplaint } from '../store.js';

/** The columns a complaint's fields are written to (all but id, office_id, created_at and the import's), with their types. */
export const COMPLAINT_COLUMNS = {
  status: 'text',
  category: 'text',
  subcategory: 'text',
  channel: 'text',
  received_at: 'timestamptz',
  received_month: 'text',
  reply_clock_from: 'timestamptz',
  reply_days: 'integer',
  closing_time: 'text',
  reply_zone: 'text',
  reply_due_at: 'timestamptz',
  urgent_hours: 'double precision',
  replied_at: 'timestamptz',
  reply_on_time: 'boolean',
  reply_hours: 'double precision',
  promised_at: 'timestamptz',
  escalated_to: 'text',
  escalated_at: 'timestamptz',
  satisfaction: 'text',
  closed_at: 'timestamptz',
  revisit_due_at: 'timestamptz',
  revisited_at: 'timestamptz',
  revisit_on_time: 'boolean',
  revisit_satisfaction: 'text',
  result: 'text',
  cause: 'text',
  status_changed_at: 'timestamptz',
  owner: 'text',
  received_by: 'text',
  complainant_name: 'text',
  unit: 'text',
  phone: 'text',
  description: 'text',
  location: 'text',
  repeat_count: 'integer',
} as const;

export type ComplaintColumn = keyof typeof COMPLAINT_COLUMNS;
export const COLUMN_NAMES = Object.keys(COMPLAINT_COLUMNS) as ComplaintColumn[];

/** What a complaint's row holds, as pg gives it back (instants as Dates, flags as booleans). */
export interface ComplaintRow {
  id: number;
  status: string;
  category: string;
  subcategory: string | null;
  channel: string;
  received_at: Date;
  received_month: string;
  reply_clock_from: Date;
  reply_days: number;
  closing_time: string | null;
  reply_zone: string;
  reply_due_at: Date;
  urgent_hours: number | null;
  replied_at: Date | null;
  reply_on_time: boolean | null;
  reply_hours: number | null;
  promised_at: Date | null;
  escalated_to: string | null;
  escalated_at: Date | null;
  satisfaction: string | null;
  closed_at: Date | null;
  revisit_due_at: Date | null;
  revisited_at: Date | null;
  revisit_on_time: boolean | null;
  revisit_satisfaction: string | null;
  result: string | null;
  cause: string | null;
  status_changed_at: Date;
  owner: string;
  received_by: string;
  complainant_name: string;
  unit: string | null;
  phone: string | null;
  description: string;
  location: string | null;
  repeat_count: number;
}

export interface EventRow {
  id: number;
  complaint_id: number;
  type: string;
  at: Date;
  recorded_at: Date;
  actor: string;
  data: Record<string, unknown>;
}

/** The columns read back for a complaint (not the office's, the import's or the copy's). */
export const COMPLAINT_SELECT = ['id', ...COLUMN_NAMES].join(', ');

export function toComplaint(row: ComplaintRow): Complaint {
  return {
    id: row.id,
    status: row.status as Status,
    category: row.category as Category,
    subcategory: row.subcategory,
    channel: row.channel as Channel,
    receivedAt: row.received_at,
    receivedMonth: row.received_month,
    replyClockFrom: row.reply_clock_from,
    replyDays: row.reply_days,
    closingTime: row.closing_time,
    replyZone: row.reply_zone,
    replyDueAt: row.reply_due_at,
    urgentHours: row.urgent_hours,
    repliedAt: row.replied_at,
    replyOnTime: row.reply_on_time,
    replyHours: row.reply_hours,
    promisedAt: row.promised_at,
    escalatedTo: row.escalated_to,
    escalatedAt: row.escalated_at,
    satisfaction: row.satisfaction as Satisfaction | null,
    closedAt: row.closed_at,
    revisitDueAt: row.revisit_due_at,
    revisitedAt: row.revisited_at,
    revisitOnTime: row.revisit_on_time,
    revisitSatisfaction: row.revisit_satisfaction as Satisfaction | null,
    result: row.result,
    cause: row.cause as Cause | null,
    statusChangedAt: row.status_changed_at,
    owner: row.owner,
    receivedBy: row.received_by,
    complainant: { name: row.complainant_name, unit: row.unit, phone: row.phone },
    description: row.description,
    location: row.location,
    repeatCount: row.repeat_count,
  };
}

export function toEvent(row: EventRow): ComplaintEvent {
  return {
    id: row.id,
    complaintId: row.complaint_id,
    type: row.type,
    at: row.at,
    recordedAt: row.recorded_at,
    actor: row.actor,
    data: row.data,
  };
}

/** A complaint's fields as the values of its columns, in COLUMN_NAMES order. */
export function complaintValues(complaint: NewComplaint): unknown[] {
  const row: Record<ComplaintColumn, unknown> = {
    status: complaint.status,
    category: complaint.category,
    subcategory: complaint.subcategory,
    channel: complaint.channel,
    received_at: complaint.receivedAt,
    received_month: complaint.receivedMonth,
    reply_clock_from: complaint.replyClockFrom,
    reply_days: complaint.replyDays,
    closing_time: complaint.closingTime,
    reply_zone: complaint.replyZone,
    reply_due_at: complaint.replyDueAt,
    urgent_hours: complaint.urgentHours,
    replied_at: complaint.repliedAt,
    reply_on_time: complaint.replyOnTime,
    reply_hours: complaint.replyHours,
    promised_at: complaint.promisedAt,
    escalated_to: complaint.escalatedTo,
    escalated_at: complaint.escalatedAt,
    satisfaction: complaint.satisfaction,
    closed_at: complaint.closedAt,
    revisit_due_at: complaint.revisitDueAt,
    revisited_at: complaint.revisitedAt,
    revisit_on_time: complaint.revisitOnTime,
    revisit_satisfaction: complaint.revisitSatisfaction,
    result: complaint.result,
    cause: complaint.cause,
    status_changed_at: complaint.statusChangedAt,
    owner: complaint.owner,
    received_by: complaint.receivedBy,
    complainant_name: complaint.complainant.name,
    unit: complaint.complainant.unit,
    phone: complaint.complainant.phone,
    description: complaint.description,
    location: complaint.location,
    repeat_count: complaint.repeatCount,
  };
  return COLUMN_NAMES.map((column) => row[column]);
}

/** The events whose text `list --search` looks in (as the events_search index holds them). */
export const SEARCHED_EVENTS = "('note', 'replied', 'escalated', 'closed')";

/** A word of `--search` as an ILIKE pattern that finds it anywhere, its wildcards taken literally. */
export const containing = (word: string): string => `%${word.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;

/** Where a page of a list starts: after this complaint (of the order asked for). */
export interface PageStart {
  id: number;
  receivedAt: Date;
}

/**
 * The SQL of a filtered list of the office's complaints: newest first, or oldest first (a ledger's
 * order); at most `limit` rows; `after` a complaint, for the next page.
 */
export function complaintQuery(
  officeId: number,
  filter: ComplaintFilter,
  order: ListOrder,
  after?: PageStart,
): { sql: string; values: unknown[] } {
  const values: unknown[] = [officeId];
  const value = (given: unknown): string => `$${values.push(given)}`;
  const where = ['office_id = $1'];
  if (filter.statuses !== undefined)
    where.push(filter.statuses.length === 0 ? 'false' : `status = ANY(${value([...filter.statuses])}::text[])`);
  if (filter.category) where.push(`category = ${value(filter.category)}`);
  if (filter.channel) where.push(`channel = ${value(filter.channel)}`);
  if (filter.owner) where.push(`owner = ${value(filter.owner)}`);
  if (filter.month) where.push(`received_month = ${value(filter.month)}`);
  if (filter.overdueAt) {
    const asOf = value(filter.overdueAt);
    where.push(`((replied_at IS NULL AND status IN ('received', 'escalated') AND reply_due_at < ${asOf})
                 OR (status = 'escalated' AND promised_at < ${asOf}))`);
  }
  if (filter.unit !== undefined) where.push(`unit = ${value(filter.unit)}`);
  if (filter.phoneKey !== undefined) where.push(`complaint_phone_key(phone) = ${value(filter.phoneKey)}`);
  if (filter.name !== undefined) where.push(`strpos(complainant_name, ${value(filter.name)}) > 0`);
  // Each word in the complaint's own text or in one of its notes, replies, escalations or
  // results: two lookups of the trigram indexes (complaints_search, events_search), not a scan.
  for (const word of filter.search ?? []) {
    const pattern = value(containing(word));
    where.push(`id IN (
      SELECT id FROM complaints WHERE office_id = $1 AND complaint_search_text(description, location) ILIKE ${pattern}
      UNION SELECT complaint_id FROM events
       WHERE office_id = $1 AND type IN ${SEARCHED_EVENTS} AND event_search_text(data) ILIKE ${pattern})`);
  }
  if (after !== undefined)
    where.push(
      order.oldestFirst
        ? `id > ${value(after.id)}`
        : `(received_at, id) < (${value(after.receivedAt)}::timestamptz, ${value(after.id)}::bigint)`,
    );
  const sorted = order.oldestFirst ? 'ORDER BY id' : 'ORDER BY received_at DESC, id DESC';
  // (a negative limit is none, as SQLite takes it)
  const limit = order.limit === undefined || order.limit < 0 ? '' : ` LIMIT ${Math.trunc(order.limit)}`;
  return { sql: `SELECT ${COMPLAINT_SELECT} FROM complaints WHERE ${where.join(' AND ')} ${sorted}${limit}`, values };
}
