// What every follow-up command (note, visit, reply, escalate, assign, close, reopen, void) shares:
// read the complaint, apply one lifecycle action at `--at`, and write the new state and its event
// in one transaction.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Complaint } from '../domain/complaint.js';
import { parseComplaintId } from '../domain/complaint.js';
import { OperationError, ValidationError } from '../domain/errors.js';
import type { Action } from '../domain/lifecycle.js';
import { transition } from '../domain/lifecycle.js';
import { requiredText as domainRequiredText } from '../domain/text.js';
import { earliestInstant, parseTimeInput, readTimeInput } from '../domain/time-input.js';
import { complaintJson, printJson } from '../ui/json.js';
import type { Translate } from '../ui/messages.js';

export interface ActOptions {
  id: string;
  at?: string;
  /** the flag `at` was typed with, for error lines: `--at`, or a command's own time (`visit --arrived`) */
  atFlag?: string;
  json: boolean;
}

/** A clock a little ahead of ours (another clerk's PC) is not "the future". */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** When something happened (`--at`, default now), in office time; later than now is refused. */
export function parseAt(text: string | undefined, context: Context, flag = '--at'): Date {
  if (text === undefined) return context.now;
  const instant = parseTimeInput(text, context.settings().timezone, flag);
  if (instant.getTime() > context.now.getTime() + CLOCK_SKEW_MS)
    throw new ValidationError('invalid.future', { flag, value: text });
  return instant;
}

/**
 * A time flag checked before the database is opened, so that a refusal leaves even a new --db
 * unmade: its form, and — for when something happened — a time in the future in any office zone.
 * parseAt (or parseTimeInput) reads it again once the office's zone is known.
 */
export function checkTime(text: string | undefined, flag = '--at', now?: Date): void {
  if (text === undefined) return;
  const read = readTimeInput(text, flag);
  if (now !== undefined && earliestInstant(read).getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw new ValidationError('invalid.future', { flag, value: text });
}

/**
 * `build` turns the complaint as it stands into the action (it may ask questions, so it runs
 * before the write lock is taken); `done` words the outcome for stderr.
 */
export async function act(
  options: ActOptions,
  context: Context,
  build: (complaint: Complaint, at: Date) => Action | Promise<Action>,
  done: (before: Complaint, after: Complaint) => string,
): Promise<Complaint> {
  const id = parseComplaintId(options.id);
  const atFlag = options.atFlag ?? '--at';
  checkTime(options.at, atFlag, context.now);
  const store = await context.store();
  const at = parseAt(options.at, context, atFlag);
  const found = await store.getComplaint(id);
  if (found === null) throw new OperationError('notFound.complaint', { id });
  const action = await build(found, at);
  const [before, after] = await store.transaction(async () => {
    // Read again under the write lock: another clerk may have acted meanwhile.
    const current = (await store.getComplaint(id))!;
    const result = namingFlag(atFlag, () => transition(current, action, at));
    await store.saveComplaint(result.complaint);
    await store.appendEvent(
      id,
      { type: result.event.type, at, actor: context.actor, data: result.event.data },
      context.now,
    );
    return [current, result.complaint] as const;
  });
  if (options.json) printJson(context.io.out, complaintJson(after, context.settings().timezone, context.now));
  else context.io.err(`${context.style.green('✓')} ${done(before, after)}\n`);
  return after;
}

/** The lifecycle says "--at is before …"; the user may have typed the time with another flag. */
function namingFlag<T>(flag: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ValidationError && error.params.flag === '--at' && flag !== '--at')
      throw new ValidationError(error.key, { ...error.params, flag });
    throw error;
  }
}

/** A follow-up's text flag (a note, a reply, a reason): blank is refused like a missing value. */
export function requiredText(flag: string, value: string | undefined): string {
  return domainRequiredText(flag, value, 'text');
}

/** The flags every follow-up command has. */
export function withCommonOptions(command: Command, t: Translate): Command {
  return command.option('--at <time>', t('help.at')).option('--json', t('help.json'));
}
