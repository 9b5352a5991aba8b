// `complaint escalate <id> --to <department> --promise <date>`: a problem that cannot be solved at
// once goes to a department, and the date promised to the owner becomes a second clock.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { parseComplaintId } from '../domain/complaint.js';
import { isCalendarDate } from '../domain/dates.js';
import { endOfDay } from '../domain/deadline.js';
import type { UnknownYearWarning } from '../domain/calendar.js';
import { unknownYearWarnings } from '../domain/calendar.js';
import { ValidationError } from '../domain/errors.js';
import { replyWorkingHours } from '../domain/lifecycle.js';
import { parseReplyMethod } from './reply.js';
import { optionalText } from '../domain/text.js';
import { parseTimeInput } from '../domain/time-input.js';
import type { ActOptions } from './act.js';
import { act, checkTime, withCommonOptions } from './act.js';

export interface EscalateOptions extends ActOptions {
  to: string;
  promise: string;
  message?: string;
  /** how the owner was told (default phone) */
  method?: string;
}

export async function runEscalate(options: EscalateOptions, context: Context): Promise<void> {
  // Everything but the department (the office's list, kept in the database) is checked before the
  // database is opened; the promise is read in the office's zone after.
  parseComplaintId(options.id);
  checkTime(options.at, '--at', context.now);
  const promise = options.promise.trim();
  if (!isCalendarDate(promise)) checkTime(promise, '--promise');
  const message = optionalText('message', options.message, 'text');
  const method = parseReplyMethod(options.method ?? 'phone');
  await context.store();
  const settings = context.settings();
  const department = settings.departments.find((name) => name === options.to.trim());
  if (department === undefined)
    throw new ValidationError('invalid.department', { value: options.to, accepted: settings.departments.join(', ') });
  // A promised date alone means the end of that day, as a reply deadline does.
  const promisedAt = isCalendarDate(promise)
    ? endOfDay(promise, settings.closingTime, settings.timezone)
    : parseTimeInput(promise, settings.timezone, '--promise');
  let warnings: UnknownYearWarning[] = [];
  await act(
    options,
    context,
    (complaint, at) => {
      if (promisedAt.getTime() <= at.getTime()) {
        const format = context.format();
        throw new ValidationError('invalid.promiseNotAfter', {
          value: options.promise,
          promise: format.deadline(promisedAt),
          id: complaint.id,
          at: format.time(at),
        });
      }
      // The explanation to the owner is the reply when none was given yet: timed as a reply is.
      const waited = replyWorkingHours(context.calendar(), complaint.replyClockFrom, at, settings.timezone);
      warnings = unknownYearWarnings(waited.unknownYears);
      return { type: 'escalate', department, promisedAt, message, method, workingHours: waited.value };
    },
    (before, after) => {
      const promise = context.format().deadline(promisedAt);
      if (before.repliedAt !== null) return context.t('done.escalate', { id: after.id, department, promise });
      return context.t(after.replyOnTime ? 'done.escalateReplied' : 'done.escalateRepliedLate', {
        id: after.id,
        department,
        promise,
      });
    },
  );
  context.warn(warnings);
}

export function registerEscalate(program: Command, { t, context }: Registration): void {
  withCommonOptions(
    program
      .command('escalate')
      .description(t('help.escalate'))
      .argument('<id>', t('help.id'))
      .requiredOption('--to <department>', t('help.escalate.to'))
      .requiredOption('--promise <date>', t('help.escalate.promise'))
      .option('--message <text>', t('help.reply.message'))
      .option('--method <method>', t('help.escalate.method')),
    t,
  ).action(
    (
      id: string,
      flags: { to: string; promise: string; message?: string; method?: string; at?: string; json?: boolean },
    ) => runEscalate({ id, ...flags, json: flags.json === true }, context()),
  );
}
