// `complaint edit <id>`: correct what was logged — a mistyped phone, the wrong category, the receipt
// time from the paper ledger. Every change is an `edited` event (old and new value) in the same
// transaction as the change and the report's month tables.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { parseComplaintId } from '../domain/complaint.js';
import type { EditFlags, FieldChange } from '../domain/edit.js';
import { editComplaint, validateEdit } from '../domain/edit.js';
import { OperationError } from '../domain/errors.js';
import { codeOf } from '../ui/code-words.js';
import type { Formatter } from '../ui/format.js';
import { complaintJson, printJson, warningsJson } from '../ui/json.js';
import type { MessageKey } from '../ui/messages.js';
import { checkTime, parseAt } from './act.js';

export interface EditOptions {
  id: string;
  flags: EditFlags;
  receivedAt?: string;
  json: boolean;
}

/** Events that record the receipt or the clock, not something done after the receipt. */
const NOT_FOLLOW_UPS = new Set(['received', 'edited', 'deadline-recomputed', 'flagged-overdue']);

export async function runEdit(options: EditOptions, context: Context): Promise<void> {
  const id = parseComplaintId(options.id);
  const flags = {
    ...options.flags,
    channel: codeOf('channel', options.flags.channel),
    category: codeOf('category', options.flags.category),
    subcategory: codeOf('subcategory', options.flags.subcategory),
  };
  // The fields, and the receipt time's form, are checked before the database is opened (a refused
  // edit leaves even a new --db unmade); the time is read in the office's zone, once it is open.
  // (Here any instant stands for a receipt time given: only whether one is counts.)
  checkTime(options.receivedAt, '--received-at', context.now);
  validateEdit(flags, options.receivedAt === undefined ? undefined : context.now);
  const store = await context.store();
  const receivedAt =
    options.receivedAt === undefined ? undefined : parseAt(options.receivedAt, context, '--received-at');
  const edit = validateEdit(flags, receivedAt);
  if ((await store.getComplaint(id)) === null) throw new OperationError('notFound.complaint', { id });
  const settings = context.settings();
  const outcome = await store.transaction(async () => {
    // Read under the write lock: another clerk may have acted meanwhile.
    const current = (await store.getComplaint(id))!;
    const followUps = (await store.events(id)).filter((event) => !NOT_FOLLOW_UPS.has(event.type));
    const firstFollowUp =
      followUps.length === 0 ? null : new Date(Math.min(...followUps.map((event) => event.at.getTime())));
    const edited = editComplaint(current, edit, {
      calendar: context.calendar(),
      replyDays: settings.replyDays,
      firstFollowUp,
    });
    if (edited.changes.length === 0) return edited;
    await store.saveComplaint(edited.complaint);
    const event = async (type: string, data: Record<string, unknown>): Promise<void> => {
      await store.appendEvent(id, { type, at: context.now, actor: context.actor, data }, context.now);
    };
    for (const change of edited.changes)
      await event('edited', { field: change.field, from: change.from, to: change.to });
    if (edited.deadline !== null) {
      const { from, to } = edited.deadline;
      await event('deadline-recomputed', { fromAt: from.toISOString(), toAt: to.toISOString(), reason: 'edited' });
    }
    return edited;
  });
  context.warn(outcome.warnings);
  if (options.json) {
    const complaint = complaintJson(outcome.complaint, settings.timezone, context.now);
    printJson(context.io.out, { ...complaint, warnings: warningsJson(outcome.warnings, context.t) });
    return;
  }
  const { t, style } = context;
  if (outcome.changes.length === 0) {
    context.io.err(t('done.editNothing', { id }) + '\n');
    return;
  }
  const format = context.format();
  const fields = outcome.changes.map((change) => t(fieldLabel(change.field))).join(t('history.separator'));
  const moved = outcome.deadline === null ? '' : t('done.editDeadline', { due: format.deadline(outcome.deadline.to) });
  context.io.err(`${style.green('✓')} ${t('done.edit', { id, fields })}${moved}\n`);
}

/** The label of an edited field, as `show` names it. */
export function fieldLabel(field: FieldChange['field']): MessageKey {
  return field === 'name' ? 'field.complainant' : (`field.${field}` as MessageKey);
}

/** An edited value in words: labels for codes, office time for the receipt, "—" for none. */
export function editedValue(field: FieldChange['field'], value: string | null, format: Formatter): string {
  if (value === null || value === '') return format.t('word.none');
  if (field === 'category' || field === 'channel') return format.label(field, value);
  if (field === 'subcategory') return format.label('subcategory', value);
  if (field === 'receivedAt') return format.time(new Date(value));
  return value.replace(/\s+/g, ' ');
}

export function registerEdit(program: Command, { t, context }: Registration, run = runEdit): void {
  program
    .command('edit')
    .description(t('help.edit'))
    .argument('<id>', t('help.id'))
    .option('--name <name>', t('help.new.name'))
    .option('--unit <unit>', t('help.edit.clearable', { what: t('help.new.unit') }))
    .option('--phone <phone>', t('help.edit.clearable', { what: t('help.new.phone') }))
    .option('--description <text>', t('help.new.description'))
    .option('--location <text>', t('help.edit.clearable', { what: t('help.new.location') }))
    .option('--category <category>', 'facility|service|fee|incident')
    .option('--subcategory <code>', t('help.new.subcategory'))
    .option('--channel <channel>', 'phone|visit|letter|online')
    .option('--received-at <time>', t('help.edit.receivedAt'))
    .option('--json', t('help.json'))
    .action((id: string, flags: EditFlags & { receivedAt?: string; json?: boolean }) => {
      const { receivedAt, json, ...fields } = flags;
      return run({ id, flags: fields, receivedAt, json: json === true }, context());
    });
}
