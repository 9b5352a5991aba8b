// `complaint new`: log a complaint while the owner is on the phone, and fix its reply deadline.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { ComplaintDraft, ValidDraft } from '../domain/complaint.js';
import { CATEGORIES, CHANNELS, SUBCATEGORIES, missingFields, parseCategory, parseChannel, parsePhone, parseSubcategory, validateDraft } from '../domain/complaint.js';
import { replyDeadline } from '../domain/deadline.js';
import { received } from '../domain/lifecycle.js';
import { ValidationError } from '../domain/errors.js';
import { dateInZone, isoInZone } from '../domain/zone.js';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { complaintJson, printJson, warningsJson } from '../ui/json.js';
import { parseAt } from './act.js';
import type { MessageKey } from '../ui/messages.js';
import { translateLoose, translator } from '../ui/messages.js';
import type { Prompter } from '../ui/prompts.js';

export interface NewOptions {
  draft: ComplaintDraft;
  at?: string;
  json: boolean;
}

export async function runNew(options: NewOptions, context: Context): Promise<void> {
  const settings = context.settings();
  const receivedAt = parseAt(options.at, context);

  const draft = { ...options.draft };
  checkGivenFields(draft);
  const missing = missingFields(draft);
  if (missing.length > 0) {
    if (!context.io.canPrompt) {
      const flags = missing.map((field) => (field === 'unit' ? '--unit or --phone' : `--${field}`));
      throw new ValidationError('usage.missing', { flags: flags.join(', ') });
    }
    await askMissing(draft, await context.prompter(), context);
  }
  const valid = validateDraft(draft);

  const deadline = replyDeadline(receivedAt, valid.channel, context.calendar(), settings);
  const store = context.store();
  let complaint;
  try {
    complaint = store.transaction(() => {
      const saved = store.insertComplaint(received(valid, receivedAt, dateInZone(receivedAt, settings.timezone).slice(0, 7), { replyDays: settings.replyDays[valid.channel], closingTime: settings.closingTime, zone: settings.timezone, replyDueAt: deadline.dueAt }, context.actor), context.now);
      store.appendEvent(saved.id, { type: 'received', at: receivedAt, actor: context.actor, data: { channel: valid.channel, replyDays: saved.replyDays, replyDueAt: deadline.dueAt.toISOString() } }, context.now);
      return saved;
    });
  } catch (error) {
    // What the clerk typed while the owner was on the phone is not lost with the write: the
    // command that logs it later, at the time it was received, is printed before the error.
    if (missing.length > 0) context.io.err(context.t('new.notSaved', { command: commandLine(valid, isoInZone(receivedAt, settings.timezone)) }) + '\n');
    throw error;
  }

  context.warn(deadline.warnings);
  if (options.json) {
    printJson(context.io.out, { ...complaintJson(complaint, settings.timezone, context.now), warnings: warningsJson(deadline.warnings, context.t) });
    return;
  }
  const format = context.format();
  context.io.out(context.t('new.accepted', { id: complaint.id, due: format.deadline(complaint.replyDueAt) }) + '\n');
}

/** `complaint new` with every field given as a flag, quoted for a POSIX shell. */
export function commandLine(draft: ValidDraft, at: string): string {
  const quote = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`);
  const flags: Array<[string, string | null]> = [
    ['channel', draft.channel],
    ['category', draft.category],
    ['subcategory', draft.subcategory],
    ['name', draft.complainant.name],
    ['unit', draft.complainant.unit],
    ['phone', draft.complainant.phone],
    ['description', draft.description],
    ['location', draft.location],
    ['at', at],
  ];
  return ['complaint new', ...flags.filter(([, value]) => value !== null).map(([flag, value]) => `--${flag} ${quote(value!)}`)].join(' ');
}

/** Flags given on the command line are checked before anything is asked, so a typo is caught at once. */
function checkGivenFields(draft: ComplaintDraft): void {
  if (draft.channel?.trim()) parseChannel(draft.channel);
  if (draft.category?.trim()) {
    const category = parseCategory(draft.category);
    if (draft.subcategory?.trim()) parseSubcategory(category, draft.subcategory);
  }
  if (draft.phone?.trim()) parsePhone(draft.phone);
}

async function askMissing(draft: ComplaintDraft, prompter: Prompter, context: Context): Promise<void> {
  const { t } = context;
  // Lists show both languages: a clerk may think of a category in either.
  const zh = translator('zh');
  const en = translator('en');
  const bilingual = (kind: 'channel' | 'category' | 'subcategory', code: string): string => {
    const key = `${kind}.${code}` as MessageKey;
    return context.lang === 'zh' ? `${zh(key)}  ${en(key)}` : `${en(key)}  ${zh(key)}`;
  };
  const required = (value: string): true | string => (value.trim() === '' ? t('prompt.required') : true);
  const validOrMessage = (check: () => unknown): true | string => {
    try {
      check();
      return true;
    } catch (error) {
      return error instanceof ValidationError ? translateLoose(context.lang, error.key, error.params) : String(error);
    }
  };

  if (!draft.channel?.trim()) draft.channel = await prompter.select(t('prompt.channel'), CHANNELS.map((code) => ({ value: code, name: bilingual('channel', code) })));
  let askedCategory = false;
  if (!draft.category?.trim()) {
    draft.category = await prompter.select(t('prompt.category'), CATEGORIES.map((code) => ({ value: code, name: bilingual('category', code) })));
    askedCategory = true;
  }
  if (askedCategory || !draft.subcategory?.trim()) {
    const category = parseCategory(draft.category);
    const none = { value: '', name: t('prompt.subcategoryNone') };
    const choices = [...SUBCATEGORIES[category].map((code) => ({ value: code, name: bilingual('subcategory', code) })), none];
    if (!draft.subcategory?.trim()) draft.subcategory = await prompter.select(t('prompt.subcategory'), choices);
  }
  if (!draft.name?.trim()) draft.name = await prompter.input(t('prompt.name'), required);
  if (!draft.unit?.trim() && !draft.phone?.trim()) {
    draft.unit = await prompter.input(t('prompt.unit'), () => true);
    const phoneRequired = draft.unit.trim() === '';
    draft.phone = await prompter.input(t(phoneRequired ? 'prompt.phoneRequired' : 'prompt.phone'), (value) =>
      value.trim() === '' ? (phoneRequired ? t('prompt.required') : true) : validOrMessage(() => parsePhone(value)),
    );
  }
  if (!draft.description?.trim()) draft.description = await prompter.input(t('prompt.description'), required);
  if (draft.location === undefined) draft.location = await prompter.input(t('prompt.location'), () => true);
}

export function registerNew(program: Command, { t, context }: Registration, run = runNew): void {
  program
    .command('new')
    .description(t('help.new'))
    .addOption(new Option('--channel <channel>', CHANNELS.join('|')))
    .addOption(new Option('--category <category>', CATEGORIES.join('|')))
    .option('--subcategory <code>', t('help.new.subcategory'))
    .option('--name <name>', t('help.new.name'))
    .option('--unit <unit>', t('help.new.unit'))
    .option('--phone <phone>', t('help.new.phone'))
    .option('--description <text>', t('help.new.description'))
    .option('--location <text>', t('help.new.location'))
    .option('--at <time>', t('help.new.at'))
    .option('--json', t('help.json'))
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const text = (name: string): string | undefined => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
      await run(
        {
          draft: {
            channel: text('channel'),
            category: text('category'),
            subcategory: text('subcategory'),
            name: text('name'),
            unit: text('unit'),
            phone: text('phone'),
            description: text('description'),
            location: text('location'),
          },
          at: text('at'),
          json: flags.json === true,
        },
        context(),
      );
    });
}
