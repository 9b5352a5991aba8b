// `complaint assign <id> <clerk>`: ownership moves only by an explicit, recorded hand-over.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import { parseComplaintId } from '../domain/complaint.js';
import { ValidationError } from '../domain/errors.js';
import { checkClerk } from '../domain/settings.js';
import { requiredNamedText } from '../domain/text.js';
import type { ActOptions } from './act.js';
import { act, checkTime, withCommonOptions } from './act.js';

export async function runAssign(options: ActOptions & { clerk: string }, context: Context): Promise<void> {
  if (options.clerk.trim() === '') throw new ValidationError('invalid.clerk');
  const clerk = requiredNamedText('<clerk>', options.clerk, 'line');
  parseComplaintId(options.id);
  checkTime(options.at, '--at', context.now);
  // The clerks list is the office's, kept in the database.
  await context.store();
  const to = checkClerk(clerk, context.settings().clerks);
  await act(
    options,
    context,
    () => ({ type: 'assign', to }),
    (before, after) => context.t('done.assign', { id: after.id, to, from: before.owner }),
  );
}

export function registerAssign(program: Command, { t, context }: Registration): void {
  withCommonOptions(
    program
      .command('assign')
      .description(t('help.assign'))
      .argument('<id>', t('help.id'))
      .argument('<clerk>', t('help.assign.clerk')),
    t,
  ).action((id: string, clerk: string, flags: { at?: string; json?: boolean }) =>
    runAssign({ id, clerk, at: flags.at, json: flags.json === true }, context()),
  );
}
