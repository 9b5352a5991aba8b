// `complaint show <id>`: every field, how the deadline stands, and the history oldest first.
import type { FieldChange } from '../domain/edit.js';
import { editedValue, fieldLabel } from './edit.js';
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import type { ComplaintEvent } from '../domain/complaint.js';
import { parseComplaintId } from '../domain/complaint.js';
import { OperationError } from '../domain/errors.js';
import { VISIT_TARGET_MINUTES } from '../domain/lifecycle.js';
import { parseTimeInput, readTimeInput } from '../domain/time-input.js';
import { deadlineWords } from '../ui/deadline-words.js';
import type { Formatter } from '../ui/format.js';
import { complaintJson, eventJson, printJson } from '../ui/json.js';
import type { MessageKey } from '../ui/messages.js';
import { cut, hang, padEnd, stringWidth } from '../ui/table.js';

export interface ShowOptions {
  id: string;
  at?: string;
  json: boolean;
}

/** On a terminal, the history's actor column: a clerk's name fits; a longer one is cut. */
const ACTOR_COLUMNS = 12;

export async function runShow(options: ShowOptions, context: Context): Promise<void> {
  const id = parseComplaintId(options.id);
  if (options.at !== undefined) readTimeInput(options.at);
  const store = await context.store();
  const zone = context.settings().timezone;
  const asOf = options.at === undefined ? context.now : parseTimeInput(options.at, zone);
  const complaint = await store.getComplaint(id);
  if (complaint === null) throw new OperationError('notFound.complaint', { id });
  const events = await store.events(id);
  const flagged = (await store.flaggedComplaintIds()).has(id);
  if (options.json) {
    printJson(context.io.out, {
      ...complaintJson(complaint, zone, asOf, flagged),
      events: events.map((event) => eventJson(event, zone)),
    });
    return;
  }
  const format = context.format();
  const { t, style } = context;
  const state = deadlineWords(complaint, asOf, context.calendar(), format);
  const c = complaint;
  const fields: Array<[MessageKey, string]> = [
    ['field.status', format.label('status', c.status)],
    [
      'field.category',
      format.label('category', c.category) + (c.subcategory ? ` / ${format.label('subcategory', c.subcategory)}` : ''),
    ],
    ['field.channel', format.label('channel', c.channel)],
    ['field.receivedAt', format.time(c.receivedAt)],
    ['field.replyDueAt', format.deadline(c.replyDueAt)],
    [
      'field.deadlineState',
      (state.overdue ? style.red(state.text) : state.text) + (flagged ? ` · ${t('word.flagged')}` : ''),
    ],
  ];
  if (c.repliedAt)
    fields.push([
      'field.repliedAt',
      format.time(c.repliedAt) + (c.replyOnTime === false ? ` (${t('word.repliedLate')})` : ''),
    ]);
  if (c.escalatedTo) fields.push(['field.escalatedTo', c.escalatedTo]);
  if (c.promisedAt) fields.push(['field.promisedAt', format.deadline(c.promisedAt)]);
  // A reopened complaint keeps its last result and cause until it is closed again: said so. (Its
  // owner's opinion is cleared by the reopening: it is history, in the events.)
  const earlier = (open: boolean): string => (c.repeatCount > 0 && open ? ` ${style.dim(t('word.beforeReopen'))}` : '');
  if (c.satisfaction) fields.push(['field.satisfaction', t(`satisfaction.${c.satisfaction}`)]);
  if (c.closedAt) fields.push(['field.closedAt', format.time(c.closedAt)]);
  if (c.revisitDueAt) fields.push(['field.revisitDueAt', format.deadline(c.revisitDueAt)]);
  if (c.revisitedAt)
    fields.push([
      'field.revisitedAt',
      format.time(c.revisitedAt) + (c.revisitOnTime === false ? ` (${t('word.revisitLate')})` : ''),
    ]);
  if (c.result) fields.push(['field.result', c.result + earlier(c.closedAt === null)]);
  if (c.cause) fields.push(['field.cause', t(`cause.${c.cause}`) + earlier(c.closedAt === null)]);
  fields.push(
    ['field.owner', c.owner],
    ['field.receivedBy', c.receivedBy],
    ['field.complainant', c.complainant.name],
    ['field.unit', c.complainant.unit ?? t('word.none')],
    ['field.phone', c.complainant.phone ?? t('word.none')],
    ['field.location', c.location ?? t('word.none')],
    ['field.description', c.description],
  );
  if (c.repeatCount > 0) fields.push(['field.repeatCount', String(c.repeatCount)]);
  // On a terminal every line fits its width: long values wrap under their label, a long name in
  // the history is cut. Piped, each field and event stays one line for grep.
  const columns = context.io.columns;
  const labelWidth = Math.max(...fields.map(([key]) => stringWidth(t(key))));
  const valueIndent = 2 + labelWidth + 2;
  let text = style.bold(`#${c.id}`) + (c.urgentHours !== null ? `  ${style.red(t('word.urgentMark'))}` : '') + '\n';
  for (const [key, value] of fields) {
    text += `  ${style.dim(padEnd(t(key), labelWidth))}  ${hang(value, columns === undefined ? undefined : columns - valueIndent, ' '.repeat(valueIndent))}\n`;
  }
  text += `\n${style.bold(t('field.history'))}\n`;
  const actorWidth = Math.min(ACTOR_COLUMNS, Math.max(8, ...events.map((event) => stringWidth(event.actor))));
  for (const event of events) {
    const time = format.time(event.at);
    const actor = columns === undefined ? padEnd(event.actor, 8) : padEnd(cut(event.actor, actorWidth), actorWidth);
    const eventIndent = 2 + stringWidth(time) + 2 + stringWidth(actor) + 2;
    text += `  ${time}  ${actor}  ${hang(describeEvent(event, format), columns === undefined ? undefined : columns - eventIndent, ' '.repeat(eventIndent))}\n`;
  }
  context.io.out(text);
}

/** One line of history in words. Event types the catalogue does not know print their type and details. */
export function describeEvent(event: ComplaintEvent, format: Formatter): string {
  const { t } = format;
  const data = event.data;
  const text = (key: string): string => (typeof data[key] === 'string' ? data[key] : '');
  const deadline = (key: string): string => (typeof data[key] === 'string' ? format.deadline(new Date(data[key])) : '');
  const satisfaction =
    typeof data.satisfaction === 'string'
      ? t('event.satisfactionSuffix', { satisfaction: t(`satisfaction.${data.satisfaction}` as MessageKey) })
      : '';
  switch (event.type) {
    case 'received': {
      const channel = format.label('channel', text('channel'));
      const line =
        typeof data.urgentHours === 'number'
          ? t('event.receivedUrgent', { channel, hours: data.urgentHours, due: deadline('replyDueAt') })
          : t('event.received', { channel, days: Number(data.replyDays), due: deadline('replyDueAt') });
      const from = data.importedFrom as { file?: unknown; row?: unknown } | undefined;
      return from === undefined
        ? line
        : line + t('event.importedSuffix', { file: String(from.file), row: Number(from.row) });
    }
    case 'deadline-recomputed':
      return t('event.deadline-recomputed', {
        from: deadline('fromAt'),
        to: deadline('toAt'),
        reason: describeReason(data, format),
      });
    case 'note':
      return t('event.note', { text: text('text') });
    case 'edited': {
      const field = text('field') as FieldChange['field'];
      const value = (key: string): string =>
        editedValue(field, typeof data[key] === 'string' ? data[key] : null, format);
      return t('event.edited', { field: t(fieldLabel(field)), from: value('from'), to: value('to') });
    }
    case 'visit':
      return t('event.visit', {
        minutes: Number(data.arrivalMinutes),
        slow: data.withinTarget === false ? t('event.visitSlow', { target: VISIT_TARGET_MINUTES }) : '',
      });
    case 'replied':
      return t('event.replied', {
        method: t(`method.${text('method')}` as MessageKey),
        late: data.onTime === false ? t('event.repliedLate') : '',
        message: text('message'),
        satisfaction,
      });
    case 'escalated': {
      const line = t('event.escalated', {
        department: text('department'),
        promise: deadline('promisedAt'),
        message: data.message ? t('event.messageSuffix', { message: text('message') }) : '',
      });
      // An escalation before any reply was the owner's reply: said so, as a reply line says how and when.
      if (data.firstReply !== true || typeof data.method !== 'string') return line;
      return (
        line +
        t(data.onTime === false ? 'event.escalationRepliedLate' : 'event.escalationReplied', {
          method: t(`method.${data.method}` as MessageKey),
        })
      );
    }
    case 'assigned':
      return t('event.assigned', { from: text('from'), to: text('to') });
    case 'closed': {
      const revisit =
        typeof data.revisitDueAt === 'string' ? t('event.closedRevisitSuffix', { due: deadline('revisitDueAt') }) : '';
      return (
        t('event.closed', {
          result: text('result'),
          cause: data.cause ? t('event.causeSuffix', { cause: t(`cause.${text('cause')}` as MessageKey) }) : '',
          satisfaction,
        }) + revisit
      );
    }
    case 'revisited':
      return t('event.revisited', {
        method: t(`method.${text('method')}` as MessageKey),
        satisfaction: t(`satisfaction.${text('satisfaction')}` as MessageKey),
        late: data.onTime === false ? t('event.revisitedLate') : '',
        note: data.note ? t('event.messageSuffix', { message: text('note') }) : '',
      });
    case 'reopened':
      return t('event.reopened', { repeat: Number(data.repeat), reason: text('reason'), due: deadline('replyDueAt') });
    case 'voided':
      return t('event.voided', { reason: text('reason') });
    case 'reminded':
      return t('event.reminded', {
        round: Number(data.round),
        deadline: t(`deadline.${text('deadline')}` as MessageKey),
        due: deadline('dueAt'),
      });
    case 'overdue-escalated':
      return t('event.overdue-escalated', {
        deadline: t(`deadline.${text('deadline')}` as MessageKey),
        due: deadline('dueAt'),
        days: Number(data.workingDaysLate),
      });
    case 'flagged-overdue':
      return t('event.flagged-overdue', {
        deadline: t(`deadline.${text('deadline')}` as MessageKey),
        due: deadline('dueAt'),
      });
    default:
      return `${event.type} ${JSON.stringify(data)}`;
  }
}

function describeReason(data: Record<string, unknown>, format: Formatter): string {
  if (data.reason === 'schedule-imported') return format.t('reason.schedule-imported', { year: Number(data.year) });
  if (data.reason === 'office-day') return format.t('reason.office-day', { date: String(data.date) });
  if (data.reason === 'edited') return format.t('reason.edited');
  return String(data.reason);
}

export function registerShow(program: Command, { t, context }: Registration, run = runShow): void {
  program
    .command('show')
    .description(t('help.show'))
    .argument('<id>', t('help.id'))
    .option('--at <time>', t('help.asOf'))
    .option('--json', t('help.json'))
    .action((id: string, flags: { at?: string; json?: boolean }) => {
      return run({ id, at: flags.at, json: flags.json === true }, context());
    });
}
