// The words of overdue alerts: lines for cron's mail, and the bodies posted to chat webhooks
// (a plain JSON document, or the WeCom / DingTalk group-robot markdown messages).
import { maskPhone } from '../domain/complaint.js';
import type { DeadlineItem, OverdueDigest } from '../domain/overdue.js';
import type { Formatter } from './format.js';
import { isoInZone } from '../domain/zone.js';

export const NOTIFY_FORMATS = ['json', 'wecom', 'dingtalk'] as const;
export type NotifyFormat = (typeof NOTIFY_FORMATS)[number];

/** "#12  reply late by 5 h (due Tue 24 Nov, 24:00) · owner 李客服 · Facilities · 王先生 3-2-1201" */
export function alertLine(item: DeadlineItem, format: Formatter): string {
  const { t } = format;
  const c = item.complaint;
  const span = format.amount(item.state);
  const due = format.deadline(item.dueAt);
  const state =
    item.deadline === 'urgent'
      ? t('alert.urgentNew', { span, due })
      : t(item.hoursLate > 0 ? `alert.${item.deadline}Late` : `alert.${item.deadline}Due`, { span, due });
  // An urgent complaint is marked in every line about it: someone acts within minutes.
  const urgent = c.urgentHours !== null && item.deadline !== 'urgent' ? `${t('word.urgentMark')} ` : '';
  const mark = urgent + (item.round ? `${t('alert.reminderMark', { n: item.round })} ` : '');
  // Alert lines go to cron mail and chat groups: a phone number is shown masked.
  const who = [
    c.complainant.name,
    c.complainant.unit ?? (c.complainant.phone === null ? '' : maskPhone(c.complainant.phone)),
  ]
    .filter(Boolean)
    .join(' ');
  return `#${c.id}  ${mark}${state} · ${t('alert.owner', { owner: c.owner })} · ${format.label('category', c.category)} · ${who}`;
}

export function itemJson(item: DeadlineItem, zone: string): Record<string, unknown> {
  const c = item.complaint;
  return {
    id: c.id,
    deadline: item.deadline,
    dueAt: isoInZone(item.dueAt, zone),
    hoursLate: item.hoursLate,
    workingDaysLate: item.workingDaysLate,
    urgent: c.urgentHours !== null,
    owner: c.owner,
    category: c.category,
    complainant: { ...c.complainant },
  };
}

/**
 * An alert's identity in every webhook body: the complaint, which deadline, and when it fell due
 * ("12:reply:2026-11-24T16:00:00.000Z"). The same alert posted again (a retry after a failure or
 * a timeout) carries the same alertId, so a receiver that took the first one can drop the second;
 * a new deadline of the same complaint (reopened, or a new promised date) is a new alert.
 */
export function alertId(item: DeadlineItem): string {
  // A reminder is an alert of its own: ":r2" for the second.
  return `${item.complaint.id}:${item.deadline}:${item.dueAt.toISOString()}${item.round ? `:r${item.round}` : ''}`;
}

/**
 * An alert in the plain JSON body: as `overdue --json` has it, with its alertId and the phone
 * masked — a chat group is no place for personal data. (`masked: false`: printed on stdout, which
 * is the user's own data, whole as in every --json.)
 */
function alertJson(item: DeadlineItem, zone: string, masked = true): Record<string, unknown> {
  const { phone } = item.complaint.complainant;
  const complainant = { ...item.complaint.complainant, phone: phone === null || !masked ? phone : maskPhone(phone) };
  return { alertId: alertId(item), ...itemJson(item, zone), complainant, ...(item.round ? { round: item.round } : {}) };
}

export function webhookBody(
  items: readonly DeadlineItem[],
  kind: NotifyFormat,
  format: Formatter,
  officeName: string,
  asOf: Date,
): string {
  const office = officeName === '' ? '' : `${officeName} · `;
  const urgent = items.filter((item) => item.deadline === 'urgent').length;
  const late = items.length - urgent;
  // A department's promise falling due soon is not yet late: its message says so.
  const allSoon = items.length > 0 && items.every((item) => item.deadline !== 'urgent' && item.hoursLate <= 0);
  const title = allSoon
    ? format.t('alert.titleSoon', { office, count: items.length })
    : urgent === 0
      ? format.t('alert.title', { office, count: late })
      : late === 0
        ? format.t('alert.titleUrgent', { office, count: urgent })
        : format.t('alert.titleMixed', { office, urgent, count: late });
  if (kind === 'json') {
    const alerts = items.map((item) => alertJson(item, format.zone));
    return JSON.stringify({ title, asOf: isoInZone(asOf, format.zone), alerts });
  }
  const text = chatText(
    title,
    items.map((item) => alertLine(item, format)),
    CHAT_LIMIT_BYTES[kind],
    (count) => format.t('alert.more', { count }),
  );
  if (kind === 'wecom') return JSON.stringify({ msgtype: 'markdown', markdown: { content: text } });
  return JSON.stringify({ msgtype: 'markdown', markdown: { title, text } });
}

/** The digest's lines: a title, then one line per owner — counts by deadline and the worst cases. */
function digestLines(
  digest: OverdueDigest,
  format: Formatter,
  officeName: string,
  asOf: Date,
): { title: string; lines: string[] } {
  const { t } = format;
  const title = t('digest.title', {
    office: officeName === '' ? '' : `${officeName} · `,
    date: format.time(asOf),
    count: digest.total,
  });
  const lines = digest.owners.map((entry) => {
    const kinds = (['reply', 'promise', 'revisit'] as const)
      .filter((kind) => entry.byDeadline[kind] > 0)
      .map((kind) => `${t(`deadline.${kind}`)} ${entry.byDeadline[kind]}`)
      .join(' · ');
    const worst = entry.worst.map(
      (item) =>
        `#${item.complaint.id} ${t(`alert.${item.deadline as 'reply' | 'promise' | 'revisit'}Late`, { span: format.amount(item.state), due: format.deadline(item.dueAt) })}`,
    );
    return t('digest.owner', {
      owner: entry.owner,
      count: entry.count,
      kinds,
      worst: worst.join(t('digest.separator')),
    });
  });
  return { title, lines };
}

/** `overdue --digest` for cron's mail: the title, then a line per owner. */
export function digestText(digest: OverdueDigest, format: Formatter, officeName: string, asOf: Date): string {
  const { title, lines } = digestLines(digest, format, officeName, asOf);
  return [title, ...lines.map((line) => `  ${line}`)].join('\n');
}

/** The digest as JSON: for a webhook's body (`masked`, the phones hidden) or for stdout (whole). */
export function digestJson(digest: OverdueDigest, zone: string, masked: boolean): Record<string, unknown> {
  return {
    total: digest.total,
    owners: digest.owners.map((entry) => ({
      owner: entry.owner,
      count: entry.count,
      ...entry.byDeadline,
      worst: entry.worst.map((item) => alertJson(item, zone, masked)),
    })),
  };
}

/** The digest posted to a webhook: plain JSON, or a robot's markdown within its size limit. */
export function digestBody(
  digest: OverdueDigest,
  kind: NotifyFormat,
  format: Formatter,
  officeName: string,
  asOf: Date,
): string {
  const { title, lines } = digestLines(digest, format, officeName, asOf);
  if (kind === 'json')
    return JSON.stringify({ title, asOf: isoInZone(asOf, format.zone), digest: digestJson(digest, format.zone, true) });
  const text = chatText(title, lines, CHAT_LIMIT_BYTES[kind], (count) => format.t('digest.more', { count }));
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

/**
 * A webhook as warnings show it, without what gives access to it: no user or password, and no
 * query string or fragment (a WeCom robot's key is its query: `…/webhook/send?…`). A warning goes
 * to cron's mail, which is read and forwarded by people who must not be able to post to the group.
 */
export function webhookForDisplay(url: string): string {
  try {
    const parsed = new URL(url);
    const hidden = parsed.search !== '' ? '?…' : parsed.hash !== '' ? '#…' : '';
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${hidden}`;
  } catch {
    // Not a URL (a mistyped --notify is echoed in its error): cut the same parts by their look.
    return url
      .replace(/^([a-z][a-z\d+.-]*:\/\/)?[^/?#\s]*@/i, '$1')
      .replace(/\?.*$/s, '?…')
      .replace(/#.*$/s, '#…');
  }
}

/**
 * `text` (an error's message, or a webhook's answer) with the webhook's secrets replaced: the
 * address as webhookForDisplay shows it, and its password and query values wherever they appear
 * (an HTTP library may quote the address it refused, a gateway echo the request).
 */
export function withoutSecrets(text: string, url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const shown = webhookForDisplay(url);
  let result = text.split(url).join(shown);
  if (parsed === undefined) return result;
  result = result.split(parsed.href).join(shown);
  const secrets = [parsed.search.slice(1), parsed.password, parsed.username, ...parsed.searchParams.values()];
  for (const secret of secrets) {
    // Short values ("key=1") would cut up ordinary words; long ones are what gives access.
    for (const form of new Set([secret, decoded(secret), encodeURIComponent(secret)])) {
      if (form.length >= 4) result = result.split(form).join('…');
    }
  }
  return result;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** How much of a webhook's answer a warning quotes, in characters as printed. */
export const ANSWER_SHOWN = 200;

/**
 * A webhook's answer (or an error's message) as a warning quotes it: on one line and cut to
 * ANSWER_SHOWN characters. Plain printable text is shown as it is; anything else — line breaks,
 * terminal escape sequences, bidirectional overrides — is put in quotes with every such character
 * escaped (\n, \u001b), so that a reply can neither repaint the terminal nor add lines to cron's mail.
 */
export function quotedAnswer(text: string): string {
  const trimmed = text.trim();
  // Read no further than could be shown: an error page may be megabytes.
  const chars = Array.from(trimmed.slice(0, ANSWER_SHOWN * 2));
  const plain = !chars.some((char) => UNSAFE.test(char));
  let shown = '';
  let width = 0;
  let cut = trimmed.length > ANSWER_SHOWN * 2;
  for (const char of chars) {
    const escaped = plain ? char : escapeChar(char);
    // (an escape is ASCII: its length is its width)
    const added = escaped === char ? 1 : escaped.length;
    if (width + added > ANSWER_SHOWN) {
      cut = true;
      break;
    }
    shown += escaped;
    width += added;
  }
  const ending = cut ? '…' : '';
  return plain ? `${shown}${ending}` : `"${shown}${ending}"`;
}

/** Controls (C0, DEL, C1), line and paragraph separators, bidirectional marks and the byte-order mark. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };

function escapeChar(char: string): string {
  if (SHORT_ESCAPES[char] !== undefined) return SHORT_ESCAPES[char];
  return UNSAFE.test(char) ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : char;
}
