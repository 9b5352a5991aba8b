// `complaint void <id> --reason <text>`: a complaint logged by mistake. Nothing is deleted: it stays,
// voided, out of every figure.
import type { Command } from 'commander';
import type { Context } from '../cli/context.js';
import type { Registration } from '../cli/registration.js';
import type { ActOptions } from './act.js';
import { act, requiredText, withCommonOptions } from './act.js';

export async function runVoid(options: ActOptions & { reason?: string }, context: Context): Promise<void> {
  const reason = requiredText('reason', options.reason);
  await act(
    options,
    context,
    () => ({ type: 'void', reason }),
    (_, after) => context.t('done.void', { id: after.id }),
  );
}

export function registerVoid(program: Command, { t, context }: Registration): void {
  withCommonOptions(
    program
      .command('void')
      .description(t('help.void'))
      .argument('<id>', t('help.id'))
      .requiredOption('--reason <text>', t('help.void.reason')),
    t,
  ).action((id: string, flags: { reason: string; at?: string; json?: boolean }) =>
    runVoid({ id, ...flags, json: flags.json === true }, context()),
  );
}
