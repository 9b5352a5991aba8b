// `complaint escalate <id> --to <department> --promise <date>`: a problem that cannot be solved at
// once goes to a department, and the date promised to the owner becomes a second clock.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { isCalendarDate } from '../domain/dates.js';
import { endOfDay } from '../domain/deadline.js';
import { ValidationError } from '../domain/errors.js';
import { optionalText } from '../domain/text.js';
import { parseTimeInput } from '../domain/time-input.js';
import type { ActOptions } from './act.js';
import { act, withCommonOptions } from './act.js';

export interface EscalateOptions extends ActOptions {
  to: string;
  promise: string;
  message?: string;
}

export async function runEscalate(options: EscalateOptions, context: Context): Promise<void> {
  const settings = context.settings();
  const department = settings.departments.find((name) => name === options.to.trim());
  if (department === undefined) throw new ValidationError('invalid.department', { value: options.to, accepted: settings.departments.join(', ') });
  // A promised date alone means the end of that day, as a reply deadline does.
  const promise = options.promise.trim();
  const promisedAt = isCalendarDate(promise) ? endOfDay(promise, settings.closingTime, settings.timezone) : parseTimeInput(promise, settings.timezone, '--promise');
  const message = optionalText('message', options.message, 'text');
  await act(
    options,
    context,
    () => ({ type: 'escalate', department, promisedAt, message }),
    (_, after) => context.t('done.escalate', { id: after.id, department, promise: context.format().deadline(promisedAt) }),
  );
}

export function registerEscalate(program: Command, { t, context }: Registration): void {
  withCommonOptions(
    program
      .command('escalate')
      .description(t('help.escalate'))
      .argument('<id>', t('help.id'))
      .requiredOption('--to <department>', t('help.escalate.to'))
      .requiredOption('--promise <date>', t('help.escalate.promise'))
      .option('--message <text>', t('help.reply.message')),
    t,
  ).action((id: string, flags: { to: string; promise: string; message?: string; at?: string; json?: boolean }) => runEscalate({ id, ...flags, json: flags.json === true }, context()));
}
