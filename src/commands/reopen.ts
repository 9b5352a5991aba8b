// `complaint reopen <id> --reason <text>`: the same problem is back (二次投诉). It counts as a repeat
// complaint and a new reply deadline runs from the reopening.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { deadlineAfter } from '../domain/deadline.js';
import type { ActOptions } from './act.js';
import { act, requiredText, withCommonOptions } from './act.js';

export async function runReopen(options: ActOptions & { reason?: string }, context: Context): Promise<void> {
  const reason = requiredText('reason', options.reason);
  const settings = context.settings();
  let warnings: ReturnType<typeof deadlineAfter>['warnings'] = [];
  await act(
    options,
    context,
    (complaint, at) => {
      const replyDays = settings.replyDays[complaint.channel];
      const deadline = deadlineAfter(at, { workingDays: replyDays, closingTime: settings.closingTime, zone: settings.timezone }, context.calendar());
      warnings = deadline.warnings;
      return { type: 'reopen', reason, replyDueAt: deadline.dueAt, replyDays, closingTime: settings.closingTime, zone: settings.timezone };
    },
    (_, after) => context.t('done.reopen', { id: after.id, repeat: after.repeatCount, due: context.format().deadline(after.replyDueAt) }),
  );
  context.warn(warnings);
}

export function registerReopen(program: Command, { t, context }: Registration): void {
  withCommonOptions(program.command('reopen').description(t('help.reopen')).argument('<id>', t('help.id')).requiredOption('--reason <text>', t('help.reopen.reason')), t).action(
    (id: string, flags: { reason: string; at?: string; json?: boolean }) => runReopen({ id, ...flags, json: flags.json === true }, context()),
  );
}
