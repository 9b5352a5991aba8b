// `complaint reopen <id> --reason <text>`: the same problem is back (二次投诉). It counts as a repeat
// complaint and a new reply deadline runs from the reopening.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import type { UnknownYearWarning } from '../domain/calendar.js';
import { replyClockAt } from '../domain/deadline.js';
import type { ActOptions } from './act.js';
import { act, requiredText, withCommonOptions } from './act.js';

export async function runReopen(options: ActOptions & { reason?: string }, context: Context): Promise<void> {
  const reason = requiredText('reason', options.reason);
  let warnings: UnknownYearWarning[] = [];
  await act(
    options,
    context,
    (complaint, at) => {
      // An urgent complaint back again is urgent again: a new clock of the hours in force.
      const next = replyClockAt(
        at,
        complaint.channel,
        complaint.urgentHours !== null,
        context.calendar(),
        context.settings(),
      );
      warnings = next.warnings;
      return { type: 'reopen', reason, ...next.clock };
    },
    (_, after) =>
      context.t('done.reopen', {
        id: after.id,
        repeat: after.repeatCount,
        due: context.format().deadline(after.replyDueAt),
      }),
  );
  context.warn(warnings);
}

export function registerReopen(program: Command, { t, context }: Registration): void {
  withCommonOptions(
    program
      .command('reopen')
      .description(t('help.reopen'))
      .argument('<id>', t('help.id'))
      .requiredOption('--reason <text>', t('help.reopen.reason')),
    t,
  ).action((id: string, flags: { reason: string; at?: string; json?: boolean }) =>
    runReopen({ id, ...flags, json: flags.json === true }, context()),
  );
}
