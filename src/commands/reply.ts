// `complaint reply <id> --method phone|letter --message <text> [--satisfaction …]`: the reply to
// the owner. A late reply is accepted and recorded as late.
import type { ReplyMethod } from '../domain/complaint.js';
import { REPLY_METHODS } from '../domain/complaint.js';
import { codeOf } from '../ui/code-words.js';
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import type { UnknownYearWarning } from '../domain/calendar.js';
import { unknownYearWarnings } from '../domain/calendar.js';
import { parseSatisfaction } from '../domain/complaint.js';
import { ValidationError } from '../domain/errors.js';
import { replyWorkingHours } from '../domain/lifecycle.js';
import type { ActOptions } from './act.js';
import { act, requiredText, withCommonOptions } from './act.js';

export interface ReplyOptions extends ActOptions {
  method: string;
  message?: string;
  satisfaction?: string;
}

export async function runReply(options: ReplyOptions, context: Context): Promise<void> {
  const method = parseReplyMethod(options.method);
  const message = requiredText('message', options.message);
  const opinion = options.satisfaction;
  const satisfaction = opinion === undefined ? null : parseSatisfaction(codeOf('satisfaction', opinion));
  let warnings: UnknownYearWarning[] = [];
  await act(
    options,
    context,
    (complaint, at) => {
      // How long the owner waited, in working hours: the report's median reply time.
      const waited = replyWorkingHours(context.calendar(), complaint.replyClockFrom, at, context.settings().timezone);
      warnings = unknownYearWarnings(waited.unknownYears);
      return { type: 'reply', method, message, satisfaction, workingHours: waited.value };
    },
    (before, after) => {
      if (after.status === 'escalated')
        return context.t('done.replyProgress', { id: after.id, promise: context.format().deadline(after.promisedAt!) });
      if (before.repliedAt !== null) return context.t('done.replyAgain', { id: after.id });
      return after.replyOnTime
        ? context.t('done.replyOnTime', { id: after.id })
        : context.t('done.replyLate', { id: after.id, due: context.format().deadline(after.replyDueAt) });
    },
  );
  context.warn(warnings);
}

/** How the owner was answered: phone, letter, in person, WeChat, SMS or email. */
export function parseReplyMethod(text: string): ReplyMethod {
  const method = codeOf('method', text).trim().toLowerCase();
  const known = REPLY_METHODS.find((code) => code === method);
  if (known === undefined) {
    throw new ValidationError('invalid.method', { value: text, accepted: REPLY_METHODS.join(', ') });
  }
  return known;
}

export function registerReply(program: Command, { t, context }: Registration): void {
  withCommonOptions(
    program
      .command('reply')
      .description(t('help.reply'))
      .argument('<id>', t('help.id'))
      .requiredOption('--method <method>', REPLY_METHODS.join('|'))
      .requiredOption('--message <text>', t('help.reply.message'))
      .option('--satisfaction <opinion>', 'satisfied|basic|dissatisfied'),
    t,
  ).action(
    (id: string, flags: { method: string; message: string; satisfaction?: string; at?: string; json?: boolean }) =>
      runReply({ id, ...flags, json: flags.json === true }, context()),
  );
}
