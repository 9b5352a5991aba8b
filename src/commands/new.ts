// `complaint new`: log a complaint while the owner is on the phone, and fix its reply deadline.
import type { Command } from 'commander';
import { Option } from 'commander';
import { resolve } from 'node:path';
import type { Complaint, ComplaintDraft, ValidDraft } from '../domain/complaint.js';
import {
  CATEGORIES,
  CHANNELS,
  SUBCATEGORIES,
  maskPhone,
  missingFields,
  parseCategory,
  parseChannel,
  parseComplaintId,
  parsePhone,
  parseSubcategory,
  urgentByDefault,
  validateDraft,
} from '../domain/complaint.js';
import { replyClockAt } from '../domain/deadline.js';
import type { UnknownYearWarning } from '../domain/calendar.js';
import type { Action } from '../domain/lifecycle.js';
import { received, transition } from '../domain/lifecycle.js';
import { OperationError, ValidationError } from '../domain/errors.js';
import { firstWords, historySince, sameProblemCandidates } from '../domain/history.js';
import { phoneKey } from '../domain/search.js';
import { checkClerk } from '../domain/settings.js';
import { requiredText } from '../domain/text.js';
import { codeOf } from '../ui/code-words.js';
import { dateInZone, isoInZone } from '../domain/zone.js';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { complaintJson, printJson, warningsJson } from '../ui/json.js';
import { checkTime, parseAt } from './act.js';
import type { MessageKey } from '../ui/messages.js';
import { translateLoose, translator } from '../ui/messages.js';
import type { Prompter } from '../ui/prompts.js';

export interface NewOptions {
  draft: ComplaintDraft;
  at?: string;
  json: boolean;
  /** the owner calls about this complaint again: it is reopened (or chased) instead of a new one logged */
  repeatOf?: string;
  /** --urgent / --no-urgent; undefined: urgent when the category is (incidents) */
  urgent?: boolean;
}

/** The fields of a new complaint that --repeat-of does not take (it keeps those of the complaint called about). */
const REPEAT_UNUSED = ['channel', 'category', 'subcategory', 'name', 'unit', 'phone', 'location'] as const;

/** At most this many complaints of the history are shown at intake. */
const HISTORY_SHOWN = 10;

export async function runNew(options: NewOptions, context: Context): Promise<void> {
  if (options.repeatOf !== undefined) {
    // The complaint called about again keeps its own fields: one given here would be silently lost.
    const given = REPEAT_UNUSED.filter((field) => options.draft[field] !== undefined).map((field) => `--${field}`);
    if (options.urgent !== undefined) given.push(options.urgent ? '--urgent' : '--no-urgent');
    if (given.length > 0) throw new ValidationError('usage.repeatOfAlone', { flags: given.join(', ') });
  }
  const draft = {
    ...options.draft,
    channel: codeOf('channel', options.draft.channel),
    category: codeOf('category', options.draft.category),
    subcategory: codeOf('subcategory', options.draft.subcategory),
  };
  // What was typed is checked before the database is opened, so that a refused complaint leaves
  // even a new --db unmade; the time is read in the office's zone once it is open.
  checkTime(options.at, '--at', context.now);
  const repeatOf = options.repeatOf === undefined ? undefined : parseComplaintId(options.repeatOf);
  const missing = repeatOf === undefined ? missingFields(draft) : [];
  if (repeatOf !== undefined) checkRepeatDescription(draft, context);
  else {
    checkGivenFields(draft);
    if (missing.length > 0 && !context.io.canPrompt) {
      const flags = missing.map((field) =>
        field === 'unit' ? context.t('usage.eitherFlag', { first: '--unit', second: '--phone' }) : `--${field}`,
      );
      throw new ValidationError('usage.missing', { flags: flags.join(', ') });
    }
    if (missing.length === 0) validateDraft(draft);
  }
  const store = await context.store();
  const settings = context.settings();
  const receivedAt = parseAt(options.at, context);

  if (repeatOf !== undefined) {
    await againAs(repeatOf, draft, receivedAt, options.json, context);
    return;
  }
  // Shown once, as soon as the unit or phone is known: while asking, or before saving.
  let historyShown = false;
  // Without a terminal the history is said after the complaint is saved: a save that fails says only why.
  let historyLine: string | null = null;
  const history = async (): Promise<Complaint | null> => {
    historyShown = true;
    const shown = await showHistory(draft, receivedAt, context);
    historyLine = shown.line;
    return shown.again;
  };
  let again: Complaint | null = null;
  if (missing.length > 0) {
    // With a clerks list, the clerk at the terminal says who receives it (unless --as said so).
    const clerks = settings.clerks;
    if (clerks.length > 0 && !context.actorNamed) {
      const choices = clerks.map((name) => ({ value: name, name }));
      context.actAs(await (await context.prompter()).select(context.t('prompt.receiver'), choices));
    }
    // A clerk named by --as or COMPLAINT_USER is checked before the first question, not after the
    // owner has answered them all.
    else if (clerks.length > 0) checkClerk(context.actor, clerks);
    again = await askMissing(draft, await context.prompter(), context, history);
  }
  if (again !== null) {
    await againAs(again.id, draft, receivedAt, options.json, context);
    return;
  }
  const valid = validateDraft(draft);

  const urgent = options.urgent ?? urgentByDefault(valid.category);
  const { clock, warnings } = replyClockAt(receivedAt, valid.channel, urgent, context.calendar(), settings);
  if (!historyShown) {
    again = await history();
    if (again !== null) {
      await againAs(again.id, draft, receivedAt, options.json, context);
      return;
    }
  }
  let complaint;
  try {
    complaint = await store.transaction(async () => {
      const saved = await store.insertComplaint(
        received(valid, receivedAt, dateInZone(receivedAt, settings.timezone).slice(0, 7), clock, context.actor),
        context.now,
      );
      const urgentData = clock.urgentHours == null ? {} : { urgentHours: clock.urgentHours };
      await store.appendEvent(
        saved.id,
        {
          type: 'received',
          at: receivedAt,
          actor: context.actor,
          data: {
            channel: valid.channel,
            replyDays: saved.replyDays,
            ...urgentData,
            replyDueAt: clock.replyDueAt.toISOString(),
          },
        },
        context.now,
      );
      return saved;
    });
  } catch (error) {
    // What the clerk typed while the owner was on the phone is not lost with the write: the
    // command that logs it later, at the time it was received, is printed before the error.
    if (missing.length > 0)
      context.io.err(
        context.t('new.notSaved', {
          command: commandLine(valid, isoInZone(receivedAt, settings.timezone), options.urgent, {
            // Pasted in another shell (without its COMPLAINT_DB and COMPLAINT_USER), the line still
            // logs into this ledger, as this clerk.
            db: context.databaseNamed() ? resolve(context.databasePath()) : undefined,
            as: context.actor,
          }),
        }) + '\n',
      );
    throw error;
  }

  if (historyLine !== null) context.io.err(historyLine);
  context.warn(warnings);
  if (options.json) {
    printJson(context.io.out, {
      ...complaintJson(complaint, settings.timezone, context.now),
      warnings: warningsJson(warnings, context.t),
    });
    return;
  }
  const format = context.format();
  const accepted = urgent ? 'new.acceptedUrgent' : 'new.accepted';
  context.io.out(
    context.t(accepted, {
      id: complaint.id,
      due: format.deadline(complaint.replyDueAt),
      hours: settings.urgentReplyHours,
    }) + '\n',
  );
}

/** `complaint new` with every field given as a flag, quoted for a POSIX shell. */
export function commandLine(
  draft: ValidDraft,
  at: string,
  urgent: boolean | undefined,
  run: { db?: string; as: string },
): string {
  const quote = (value: string): string =>
    /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
  const flags: Array<[string, string | null]> = [
    ['db', run.db ?? null],
    ['as', run.as],
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
  const given = flags.filter(([, value]) => value !== null).map(([flag, value]) => `--${flag} ${quote(value!)}`);
  const urgency = urgent === undefined ? [] : [urgent ? '--urgent' : '--no-urgent'];
  return ['complaint new', ...given, ...urgency].join(' ');
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

/** `--repeat-of` without a terminal needs what the owner says now; given, it must be text. */
function checkRepeatDescription(draft: ComplaintDraft, context: Context): void {
  if (draft.description?.trim()) requiredText('description', draft.description, 'text');
  else if (!context.io.canPrompt) throw new ValidationError('usage.missing', { flags: '--description' });
}

/**
 * The unit's and the phone's complaints of the last 12 months. On a terminal they are shown on
 * stderr and, when the owner may be calling about one of them again, the clerk is asked: `again`
 * is the one chosen. Without a terminal nothing is asked: `line` is the history in one line, for
 * the caller to print.
 */
async function showHistory(
  draft: ComplaintDraft,
  now: Date,
  context: Context,
): Promise<{ again: Complaint | null; line: string | null }> {
  const none = { again: null, line: null };
  // As it will be stored: ３－２－１２０１ typed by an input method is the unit 3-2-1201.
  const unit = draft.unit?.trim() ? draft.unit.normalize('NFKC').trim() : null;
  const phone = draft.phone?.trim() ? parsePhone(draft.phone) : null;
  if (unit === null && phone === null) return none;
  const who = { unit, phoneKey: phone === null ? null : phoneKey(phone) };
  const history = await (await context.store()).complaintsOf(who, historySince(now), HISTORY_SHOWN);
  if (history.length === 0) return none;
  const { t } = context;
  const format = context.format();
  const names = [
    unit === null ? null : t('history.unit', { unit }),
    phone === null ? null : t('history.phone', { phone: maskPhone(phone) }),
  ];
  const items = history.map((c) =>
    [
      `#${c.id}`,
      format.time(c.receivedAt).slice(0, 10),
      format.label('category', c.category),
      format.label('status', c.status),
      firstWords(c.description),
    ].join(' '),
  );
  const heading = { who: names.filter((part) => part !== null).join(' / '), count: history.length };
  if (!context.io.canPrompt) {
    return { again: null, line: t('history.line', { ...heading, items: items.join(t('history.separator')) }) + '\n' };
  }
  const lines = items.map((item) => `  ${item}\n`).join('');
  context.io.err(`${context.style.bold(t('history.heading', heading))}\n${lines}`);
  const category = draft.category?.trim() ? parseCategory(draft.category) : null;
  const candidates = sameProblemCandidates(history, category, now);
  if (candidates.length === 0) return none;
  const prompter = await context.prompter();
  const choices = [
    ...candidates.map((c) => ({
      value: String(c.id),
      name: t(c.status === 'received' ? 'prompt.sameProblem.chase' : 'prompt.sameProblem.reopen', { id: c.id }),
    })),
    { value: '', name: t('prompt.sameProblem.new') },
  ];
  const chosen = await prompter.select(t('prompt.sameProblem'), choices);
  return { again: candidates.find((c) => String(c.id) === chosen) ?? null, line: null };
}

/**
 * The owner calls about complaint `id` again: it is reopened as a repeat complaint (二次投诉), with
 * what the owner says now as the reason and a new reply deadline from the call — or, not answered
 * yet, the call is added to it as a note. Nothing new is logged.
 */
async function againAs(id: number, draft: ComplaintDraft, at: Date, json: boolean, context: Context): Promise<void> {
  const store = await context.store();
  if ((await store.getComplaint(id)) === null) throw new OperationError('notFound.complaint', { id });
  if (!draft.description?.trim()) {
    if (!context.io.canPrompt) throw new ValidationError('usage.missing', { flags: '--description' });
    const prompter = await context.prompter();
    const required = (value: string): true | string => (value.trim() === '' ? context.t('prompt.required') : true);
    draft.description = await prompter.input(context.t('prompt.description'), required);
  }
  const said = requiredText('description', draft.description, 'text');
  const settings = context.settings();
  let warnings: UnknownYearWarning[] = [];
  let reopened = false;
  const after = await store.transaction(async () => {
    // Read under the write lock: another clerk may have acted meanwhile.
    const current = (await store.getComplaint(id))!;
    let action: Action;
    if (current.status === 'received') action = { type: 'note', text: context.t('new.chaseNote', { text: said }) };
    else {
      // An urgent complaint back again is urgent again: a new clock of the hours in force.
      const next = replyClockAt(at, current.channel, current.urgentHours !== null, context.calendar(), settings);
      warnings = next.warnings;
      reopened = true;
      action = { type: 'reopen', reason: said, ...next.clock };
    }
    const result = transition(current, action, at);
    await store.saveComplaint(result.complaint);
    await store.appendEvent(
      id,
      { type: result.event.type, at, actor: context.actor, data: result.event.data },
      context.now,
    );
    return result.complaint;
  });
  context.warn(warnings);
  if (json) {
    const complaint = complaintJson(after, settings.timezone, context.now);
    printJson(context.io.out, { ...complaint, warnings: warningsJson(warnings, context.t) });
    return;
  }
  const due = context.format().deadline(after.replyDueAt);
  context.io.out(context.t(reopened ? 'new.reopened' : 'new.chased', { id, repeat: after.repeatCount, due }) + '\n');
}

async function askMissing(
  draft: ComplaintDraft,
  prompter: Prompter,
  context: Context,
  history: () => Promise<Complaint | null>,
): Promise<Complaint | null> {
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

  if (!draft.channel?.trim())
    draft.channel = await prompter.select(
      t('prompt.channel'),
      CHANNELS.map((code) => ({ value: code, name: bilingual('channel', code) })),
    );
  let askedCategory = false;
  if (!draft.category?.trim()) {
    draft.category = await prompter.select(
      t('prompt.category'),
      CATEGORIES.map((code) => ({ value: code, name: bilingual('category', code) })),
    );
    askedCategory = true;
  }
  if (askedCategory || !draft.subcategory?.trim()) {
    const category = parseCategory(draft.category);
    const none = { value: '', name: t('prompt.subcategoryNone') };
    const choices = [
      ...SUBCATEGORIES[category].map((code) => ({ value: code, name: bilingual('subcategory', code) })),
      none,
    ];
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
  const again = await history();
  if (again !== null) return again;
  if (!draft.description?.trim()) draft.description = await prompter.input(t('prompt.description'), required);
  if (draft.location === undefined) draft.location = await prompter.input(t('prompt.location'), () => true);
  return null;
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
    .option('--repeat-of <id>', t('help.new.repeatOf'))
    .option('--urgent', t('help.new.urgent'))
    .option('--no-urgent', t('help.new.noUrgent'))
    .option('--json', t('help.json'))
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      const text = (name: string): string | undefined => (typeof flags[name] === 'string' ? flags[name] : undefined);
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
          repeatOf: text('repeatOf'),
          urgent: typeof flags.urgent === 'boolean' ? flags.urgent : undefined,
        },
        context(),
      );
    });
}
