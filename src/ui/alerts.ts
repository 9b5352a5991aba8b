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

export function webhookBody(items: readonly DeadlineItem[], kind: NotifyFormat, format: Formatter, officeName: string, asOf: Date): string {
  const title = format.t('alert.title', { office: officeName === '' ? '' : `${officeName} · `, count: items.length });
  if (kind === 'json') return JSON.stringify({ title, asOf: isoInZone(asOf, format.zone), alerts: items.map((item) => itemJson(item, format.zone)) });
  const text = [`### ${title}`, ...items.map((item) => `- ${alertLine(item, format)}`)].join('\n');
  if (kind === 'wecom') return JSON.stringify({ msgtype: 'markdown', markdown: { content: text } });
  return JSON.stringify({ msgtype: 'markdown', markdown: { title, text } });
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
