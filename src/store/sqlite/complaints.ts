// A complaint and its events as SQLite rows: the columns, the mapping both ways, and the query
// that `list`, `export` and the history at intake share (filters, order, the search index).
import type BetterSqlite3 from 'better-sqlite3';
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
import { PHONE_KEY, searchCondition } from './search.js';

type Database = BetterSqlite3.Database;

export interface ComplaintRow {
  id: number;
  status: string;
  category: string;
  subcategory: string | null;
  channel: string;
  received_at: string;
  received_month: string;
  reply_clock_from: string;
  reply_days: number;
  closing_time: string | null;
  reply_zone: string;
  reply_due_at: string;
  urgent_hours: number | null;
  replied_at: string | null;
  reply_on_time: number | null;
  reply_hours: number | null;
  promised_at: string | null;
  escalated_to: string | null;
  escalated_at: string | null;
  satisfaction: string | null;
  closed_at: string | null;
  revisit_due_at: string | null;
  revisited_at: string | null;
  revisit_on_time: number | null;
  revisit_satisfaction: string | null;
  result: string | null;
  cause: string | null;
  status_changed_at: string;
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
  at: string;
  recorded_at: string;
  actor: string;
  data: string;
}

export function toComplaint(row: ComplaintRow): Complaint {
  return {
    id: row.id,
    status: row.status as Status,
    category: row.category as Category,
    subcategory: row.subcategory,
    channel: row.channel as Channel,
    receivedAt: new Date(row.received_at),
    receivedMonth: row.received_month,
    replyClockFrom: new Date(row.reply_clock_from),
    replyDays: row.reply_days,
    closingTime: row.closing_time,
    replyZone: row.reply_zone,
    replyDueAt: new Date(row.reply_due_at),
    urgentHours: row.urgent_hours,
    repliedAt: dateOrNull(row.replied_at),
    replyOnTime: row.reply_on_time === null ? null : row.reply_on_time === 1,
    replyHours: row.reply_hours,
    promisedAt: dateOrNull(row.promised_at),
    escalatedTo: row.escalated_to,
    escalatedAt: dateOrNull(row.escalated_at),
    satisfaction: row.satisfaction as Satisfaction | null,
    closedAt: dateOrNull(row.closed_at),
    revisitDueAt: dateOrNull(row.revisit_due_at),
    revisitedAt: dateOrNull(row.revisited_at),
    revisitOnTime: row.revisit_on_time === null ? null : row.revisit_on_time === 1,
    revisitSatisfaction: row.revisit_satisfaction as Satisfaction | null,
    result: row.result,
    cause: row.cause as Cause | null,
    statusChangedAt: new Date(row.status_changed_at),
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
    at: new Date(row.at),
    recordedAt: new Date(row.recorded_at),
    actor: row.actor,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

export const iso = (instant: Date): string => instant.toISOString();

export const dateOrNull = (text: string | null): Date | null => (text === null ? null : new Date(text));

/** The columns a complaint's fields are written to (all but id and created_at). */
export const COMPLAINT_COLUMNS = [
  'status',
  'category',
  'subcategory',
  'channel',
  'received_at',
  'received_month',
  'reply_clock_from',
  'reply_days',
  'closing_time',
  'reply_zone',
  'reply_due_at',
  'urgent_hours',
  'replied_at',
  'reply_on_time',
  'reply_hours',
  'promised_at',
  'escalated_to',
  'escalated_at',
  'satisfaction',
  'closed_at',
  'revisit_due_at',
  'revisited_at',
  'revisit_on_time',
  'revisit_satisfaction',
  'result',
  'cause',
  'status_changed_at',
  'owner',
  'received_by',
  'complainant_name',
  'unit',
  'phone',
  'description',
  'location',
  'repeat_count',
] as const;

export function complaintRow(
  complaint: NewComplaint,
): Record<(typeof COMPLAINT_COLUMNS)[number], string | number | null> {
  const when = (instant: Date | null): string | null => (instant === null ? null : iso(instant));
  return {
    status: complaint.status,
    category: complaint.category,
    subcategory: complaint.subcategory,
    channel: complaint.channel,
    received_at: iso(complaint.receivedAt),
    received_month: complaint.receivedMonth,
    reply_clock_from: iso(complaint.replyClockFrom),
    reply_days: complaint.replyDays,
    closing_time: complaint.closingTime,
    reply_zone: complaint.replyZone,
    reply_due_at: iso(complaint.replyDueAt),
    urgent_hours: complaint.urgentHours,
    replied_at: when(complaint.repliedAt),
    reply_on_time: complaint.replyOnTime === null ? null : complaint.replyOnTime ? 1 : 0,
    reply_hours: complaint.replyHours,
    promised_at: when(complaint.promisedAt),
    escalated_to: complaint.escalatedTo,
    escalated_at: when(complaint.escalatedAt),
    satisfaction: complaint.satisfaction,
    closed_at: when(complaint.closedAt),
    revisit_due_at: when(complaint.revisitDueAt),
    revisited_at: when(complaint.revisitedAt),
    revisit_on_time: complaint.revisitOnTime === null ? null : complaint.revisitOnTime ? 1 : 0,
    revisit_satisfaction: complaint.revisitSatisfaction,
    result: complaint.result,
    cause: complaint.cause,
    status_changed_at: iso(complaint.statusChangedAt),
    owner: complaint.owner,
    received_by: complaint.receivedBy,
    complainant_name: complaint.complainant.name,
    unit: complaint.complainant.unit,
    phone: complaint.complainant.phone,
    description: complaint.description,
    location: complaint.location,
    repeat_count: complaint.repeatCount,
  };
}

/** The SQL of a filtered list: newest first, or oldest first (a ledger's order); at most `limit` rows. */
export function complaintQuery(
  db: Database,
  office: number,
  filter: ComplaintFilter,
  order: ListOrder,
): { sql: string; params: Record<string, string | number> } {
  const where: string[] = [];
  const params: Record<string, string> = {};
  if (filter.statuses !== undefined) {
    const names = filter.statuses.map((status, index) => {
      params[`status${index}`] = status;
      return `@status${index}`;
    });
    where.push(names.length === 0 ? '0' : `status IN (${names.join(', ')})`);
  }
  if (filter.category) {
    where.push('category = @category');
    params.category = filter.category;
  }
  if (filter.channel) {
    where.push('channel = @channel');
    params.channel = filter.channel;
  }
  if (filter.owner) {
    where.push('owner = @owner');
    params.owner = filter.owner;
  }
  if (filter.month) {
    where.push('received_month = @month');
    params.month = filter.month;
  }
  if (filter.overdueAt) {
    where.push(`((replied_at IS NULL AND status IN ('received', 'escalated') AND reply_due_at < @asOf)
                 OR (status = 'escalated' AND promised_at < @asOf))`);
    params.asOf = iso(filter.overdueAt);
  }
  if (filter.unit !== undefined) {
    where.push('unit = @unit');
    params.unit = filter.unit;
  }
  if (filter.phoneKey !== undefined) {
    where.push(`(${PHONE_KEY}) = @phoneKey`);
    params.phoneKey = filter.phoneKey;
  }
  if (filter.name !== undefined) {
    where.push('instr(complainant_name, @name) > 0');
    params.name = filter.name;
  }
  if (filter.search !== undefined && filter.search.length > 0) {
    const narrowed = where.some((condition) => !/^(status IN|category =|channel =) /.test(condition));
    where.push(searchCondition(db, filter.search, params, { limit: order.limit, narrowed }));
  }
  // Every other office's complaints left out, last, so that the conditions above choose the index.
  where.push('office_id = @office');
  const sorted = order.oldestFirst ? 'ORDER BY id' : 'ORDER BY received_at DESC, id DESC';
  const limit = order.limit === undefined ? '' : ` LIMIT ${Math.trunc(order.limit)}`;
  return {
    sql: `SELECT * FROM complaints ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${sorted}${limit}`,
    params: { ...params, office },
  };
}
