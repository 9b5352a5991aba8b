// The words of overdue alerts: lines for cron's mail, and the bodies posted to chat webhooks
// (a plain JSON document, or the WeCom / DingTalk group-robot markdown messages).
import { maskPhone } from '../domain/complaint.js';
import type { DeadlineItem } from '../domain/overdue.js';
import type { Formatter } from './format.js';
import { isoInZone } from '../domain/zone.js';

export const NOTIFY_FORMATS = ['json', 'wecom', 'dingtalk'] as const;
export type NotifyFormat = (typeof NOTIFY_FORMATS)[number];

/** "#12  reply late by 5 h (due Tue 24 Nov, 24:00) · owner 李客服 · Facilities · 王先生 3-2-1201" */
export function alertLine(item: DeadlineItem, format: Formatter): string {
  const { t } = format;
  const c = item.complaint;
  const span = lateSpan(item.hoursLate, format);
  const state = t(item.hoursLate > 0 ? `alert.${item.deadline}Late` : `alert.${item.deadline}Due`, { span, due: format.deadline(item.dueAt) });
  // Alert lines go to cron mail and chat groups: a phone number is shown masked.
  const who = [c.complainant.name, c.complainant.unit ?? (c.complainant.phone === null ? '' : maskPhone(c.complainant.phone))].filter(Boolean).join(' ');
  return `#${c.id}  ${state} · ${t('alert.owner', { owner: c.owner })} · ${format.label('category', c.category)} · ${who}`;
}

/** Hours under two days, whole days beyond: "9 h", "16 days". */
export function lateSpan(hoursLate: number, format: Formatter): string {
  const hours = Math.abs(hoursLate);
  return hours < 48 ? format.t('word.hours', { n: Math.round(hours * 10) / 10 }) : format.t('word.days', { n: Math.floor(hours / 24) });
}

export function itemJson(item: DeadlineItem, zone: string): Record<string, unknown> {
  const c = item.complaint;
  return { id: c.id, deadline: item.deadline, dueAt: isoInZone(item.dueAt, zone), hoursLate: item.hoursLate, owner: c.owner, category: c.category, complainant: { ...c.complainant } };
}

/**
 * An alert's identity in every webhook body: the complaint, which deadline, and when it fell due
 * ("12:reply:2026-11-24T16:00:00.000Z"). The same alert posted again (a retry after a failure or
 * a timeout) carries the same alertId, so a receiver that took the first one can drop the second;
 * a new deadline of the same complaint (reopened, or a new promised date) is a new alert.
 */
export function alertId(item: DeadlineItem): string {
  return `${item.complaint.id}:${item.deadline}:${item.dueAt.toISOString()}`;
}

/** An alert in the plain JSON body: as `overdue --json` has it, with its alertId and the phone masked. */
function alertJson(item: DeadlineItem, zone: string): Record<string, unknown> {
  const { phone } = item.complaint.complainant;
  const complainant = { ...item.complaint.complainant, phone: phone === null ? null : maskPhone(phone) };
  return { alertId: alertId(item), ...itemJson(item, zone), complainant };
}

export function webhookBody(items: readonly DeadlineItem[], kind: NotifyFormat, format: Formatter, officeName: string, asOf: Date): string {
  const title = format.t('alert.title', { office: officeName === '' ? '' : `${officeName} · `, count: items.length });
  if (kind === 'json') {
    const alerts = items.map((item) => alertJson(item, format.zone));
    return JSON.stringify({ title, asOf: isoInZone(asOf, format.zone), alerts });
  }
  const text = chatText(title, items.map((item) => alertLine(item, format)), CHAT_LIMIT_BYTES[kind], (count) => format.t('alert.more', { count }));
  if (kind === 'wecom') return JSON.stringify({ msgtype: 'markdown', markdown: { content: text } });
  return JSON.stringify({ msgtype: 'markdown', markdown: { title, text } });
}

/**
 * What a chat robot takes in one message, in UTF-8 bytes, with room to spare: WeCom refuses
 * markdown content past 4,096 bytes (errcode 40058), DingTalk a request past 20,000. The first run
 * after a big ledger import may find thousands of complaints late.
 */
const CHAT_LIMIT_BYTES: Record<'wecom' | 'dingtalk', number> = { wecom: 4_000, dingtalk: 18_000 };

/** The title and as many lines as fit in `limit` bytes; the rest counted in a last line. */
function chatText(title: string, lines: readonly string[], limit: number, more: (count: number) => string): string {
  const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
  const roomForMore = bytes(`\n${more(lines.length)}`);
  let text = `### ${title}`;
  let size = bytes(text);
  for (const [index, line] of lines.entries()) {
    const added = bytes(`\n- ${line}`);
    const last = index === lines.length - 1;
    if (size + added + (last ? 0 : roomForMore) > limit) return `${text}\n${more(lines.length - index)}`;
    text += `\n- ${line}`;
    size += added;
  }
  return text;
}

/**
 * Whether the webhook took the message. WeCom and DingTalk robots answer HTTP 200 even when
 * they refuse one, with a non-zero errcode in the body; a plain endpoint's 2xx is enough.
 */
export function delivered(kind: NotifyFormat, status: number, body: string): boolean {
  if (status < 200 || status > 299) return false;
  if (kind === 'json') return true;
  try {
    const answer = JSON.parse(body) as { errcode?: unknown };
    return answer.errcode === undefined || answer.errcode === 0;
  } catch {
    return false;
  }
}

